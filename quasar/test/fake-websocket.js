// A stand-in for the browser's WebSocket in the unit tests: it records what
// the code sends and lets the test play the server (open, message, close).
// Every instance is kept in FakeWebSocket.instances, newest last.
export class FakeWebSocket {
  static CONNECTING = 0
  static OPEN = 1
  static CLOSING = 2
  static CLOSED = 3
  static instances = []

  static reset() {
    FakeWebSocket.instances = []
  }

  static last() {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1]
  }

  constructor(url) {
    this.url = url
    this.readyState = FakeWebSocket.CONNECTING
    this.sent = []
    this.closedWith = null
    this.onopen = null
    this.onmessage = null
    this.onclose = null
    this.onerror = null
    FakeWebSocket.instances.push(this)
  }

  send(text) {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error('send on a socket that is not open')
    this.sent.push(text)
  }

  // The parsed JSON of everything sent.
  sentJson() {
    return this.sent.map((s) => JSON.parse(s))
  }

  close(code = 1000) {
    this.closedWith = code
    this.readyState = FakeWebSocket.CLOSED
  }

  // ---- the server's side
  serverOpen() {
    this.readyState = FakeWebSocket.OPEN
    if (this.onopen) this.onopen({})
  }

  serverSend(data) {
    if (this.onmessage)
      this.onmessage({ data: typeof data === 'string' ? data : JSON.stringify(data) })
  }

  serverClose(code = 1006, reason = '') {
    this.readyState = FakeWebSocket.CLOSED
    if (this.onerror && code === 1006) this.onerror({})
    if (this.onclose) this.onclose({ code, reason, wasClean: code !== 1006 })
  }
}

// Timers the test fires by hand: setTimeout records (fn, ms) and the delay;
// fire() runs the oldest pending one and returns its delay.
export function manualTimers() {
  const pending = []
  const delays = []
  let next = 1
  return {
    pending,
    delays,
    setTimeout: (fn, ms) => {
      const id = next++
      pending.push({ id, fn, ms })
      delays.push(ms)
      return id
    },
    clearTimeout: (id) => {
      const i = pending.findIndex((t) => t.id === id)
      if (i >= 0) pending.splice(i, 1)
    },
    fire: () => {
      const t = pending.shift()
      if (!t) throw new Error('no timer pending')
      t.fn()
      return t.ms
    },
  }
}
