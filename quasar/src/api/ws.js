// The app's websocket client: one socket to one path of this origin (nginx
// proxies /ws/ to wsd), JSON messages, and reconnection with exponential
// backoff and jitter, so a restart of wsd or nginx does not leave the page
// dead and a thousand tabs do not all come back in the same millisecond.
// Framework-free (the notifications store and the ping-pong page wrap it);
// the WebSocket class, the timers, the clock and the random source can be
// replaced, for the unit tests.

// The first retry waits about BACKOFF_BASE_MS, each next one twice as long,
// up to BACKOFF_MAX_MS.
export const BACKOFF_BASE_MS = 500
export const BACKOFF_MAX_MS = 10000
// A socket that stayed open this long was a good connection: the next retry
// starts from the first delay again. A server that accepts and at once
// closes (a refused token, an overloaded process) keeps backing off.
export const STABLE_MS = 5000
// Close codes that blame the client (1008: it sent messages faster than
// wsd's rate limit, 1009: one too big): the connection was not a good one
// however long it lasted, so the backoff goes on growing instead of starting
// again. 1001 (wsd shutting down), 1013 (too slow to read: wsd dropped the
// queue) and the rest are the server's or the network's: a connection that
// lasted starts again from the first delay.
const CLIENT_FAULT = new Set([1008, 1009])

// What the client is doing: connecting (the first try), open, reconnecting
// (waiting to try again, or trying again), closed (not wanted, or given up).
export const WS_STATES = ['connecting', 'open', 'reconnecting', 'closed']

const OPEN = 1

// ws://host/path on a page served over http, wss:// over https: the socket
// goes to the origin the page came from, through the same nginx.
export function wsUrl(path, loc = globalThis.location) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${loc.host}${path}`
}

// The wait before retry number `attempt` (0 first): a ceiling of
// base * 2^attempt capped at max, and a delay drawn evenly from the upper
// half of it ("equal jitter": never less than half, so backoff still grows).
export function backoffDelay(
  attempt,
  random = Math.random,
  base = BACKOFF_BASE_MS,
  max = BACKOFF_MAX_MS,
) {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}

export class WsClient {
  /**
   * url: the ws:// or wss:// URL (wsUrl).
   * options:
   *  onState(state)    every change of state (WS_STATES);
   *  onOpen()          the socket is open (send the first message here);
   *  onMessage(data)   each JSON message, parsed (other text is dropped);
   *  onClose(event)    the socket closed while wanted: return true (or
   *                    nothing) to reconnect with backoff, false to stay
   *                    closed, or a promise of either: meanwhile the state is
   *                    "reconnecting", and true reconnects at once;
   *  WebSocket, setTimeout, clearTimeout, now, random: replacements for tests.
   */
  constructor(url, options = {}) {
    this.url = url
    this.options = options
    this.WebSocket = options.WebSocket || globalThis.WebSocket
    this.setTimer = options.setTimeout || ((fn, ms) => setTimeout(fn, ms))
    this.clearTimer = options.clearTimeout || ((id) => clearTimeout(id))
    this.now = options.now || (() => Date.now())
    this.random = options.random || Math.random
    this.state = 'closed'
    this.socket = null
    this.timer = null
    this.attempt = 0
    this.openedAt = null
    this.wanted = false
    // Bumped by each disconnect, so a promise from onClose that settles
    // afterwards does not bring the socket back.
    this.generation = 0
  }

  setState(state) {
    if (state === this.state) return
    this.state = state
    if (this.options.onState) this.options.onState(state)
  }

  // Opens the socket, unless it is open or a try is already under way.
  connect() {
    this.wanted = true
    if (this.socket || this.timer !== null || this.state === 'reconnecting') return
    this.attempt = 0
    this.open('connecting')
  }

  // Closes the socket (1000) and stops every retry.
  disconnect() {
    this.wanted = false
    this.generation += 1
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = null
    const socket = this.socket
    this.socket = null
    if (socket) {
      try {
        socket.close(1000)
      } catch {
        // Closing a socket that never opened may throw: it is gone either way.
      }
    }
    this.setState('closed')
  }

  // Sends obj as JSON; false when the socket is not open.
  send(obj) {
    if (!this.socket || this.socket.readyState !== OPEN) return false
    this.socket.send(JSON.stringify(obj))
    return true
  }

  open(state) {
    this.timer = null
    this.setState(state)
    let socket
    try {
      socket = new this.WebSocket(this.url)
    } catch {
      this.retry()
      return
    }
    this.socket = socket
    this.openedAt = null
    socket.onopen = () => this.opened(socket)
    socket.onmessage = (event) => this.received(socket, event)
    socket.onclose = (event) => this.closed(socket, event)
    // An error is always followed by a close event: nothing to do here.
    socket.onerror = () => {}
  }

  opened(socket) {
    if (socket !== this.socket) return
    this.openedAt = this.now()
    this.setState('open')
    if (this.options.onOpen) this.options.onOpen()
  }

  received(socket, event) {
    if (socket !== this.socket) return
    let data
    try {
      data = JSON.parse(event.data)
    } catch {
      return
    }
    if (this.options.onMessage) this.options.onMessage(data)
  }

  closed(socket, event) {
    if (socket !== this.socket) return
    this.socket = null
    const lasted = this.openedAt !== null && this.now() - this.openedAt >= STABLE_MS
    if (lasted && !CLIENT_FAULT.has(event && event.code)) this.attempt = 0
    if (!this.wanted) {
      this.setState('closed')
      return
    }
    const verdict = this.options.onClose ? this.options.onClose(event) : true
    if (verdict && typeof verdict.then === 'function') this.await(verdict)
    else if (verdict === false) this.giveUp()
    else this.retry()
  }

  // onClose answered with a promise: reconnect at once when it says so.
  await(promise) {
    const generation = this.generation
    this.setState('reconnecting')
    promise
      .then(
        (again) => again,
        () => false,
      )
      .then((again) => {
        if (generation !== this.generation || !this.wanted || this.socket) return
        if (again) this.open('reconnecting')
        else this.giveUp()
      })
  }

  giveUp() {
    this.wanted = false
    this.setState('closed')
  }

  retry() {
    const delay = backoffDelay(this.attempt, this.random)
    this.attempt += 1
    this.setState('reconnecting')
    this.timer = this.setTimer(() => this.open('reconnecting'), delay)
  }
}
