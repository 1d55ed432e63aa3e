// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest'
import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  STABLE_MS,
  WsClient,
  backoffDelay,
  wsUrl,
} from '../src/api/ws.js'
import { FakeWebSocket, manualTimers } from './fake-websocket.js'

// A client on a fake socket with hand-fired timers and a clock the test sets.
function client(extra = {}) {
  const timers = manualTimers()
  const clock = { now: 0 }
  const states = []
  const messages = []
  const c = new WsClient('ws://example.test/ws/x/', {
    WebSocket: FakeWebSocket,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    now: () => clock.now,
    random: () => 1,
    onState: (s) => states.push(s),
    onMessage: (m) => messages.push(m),
    ...extra,
  })
  return { c, timers, clock, states, messages }
}

beforeEach(() => FakeWebSocket.reset())

describe('wsUrl', () => {
  it('uses ws:// on an http page and wss:// on an https page, same host and port', () => {
    expect(wsUrl('/ws/ping-pong/', { protocol: 'http:', host: '127.0.0.1:8080' })).toBe(
      'ws://127.0.0.1:8080/ws/ping-pong/',
    )
    expect(wsUrl('/ws/notifications/', { protocol: 'https:', host: 'example.com' })).toBe(
      'wss://example.com/ws/notifications/',
    )
  })
})

describe('backoffDelay', () => {
  it('doubles from 0.5 s up to 10 s (the top of the jitter)', () => {
    const seq = [0, 1, 2, 3, 4, 5, 6, 12, 100].map((a) => backoffDelay(a, () => 1))
    expect(seq).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000])
    expect(BACKOFF_BASE_MS).toBe(500)
    expect(BACKOFF_MAX_MS).toBe(10000)
  })

  it('never waits less than half the ceiling (the bottom of the jitter)', () => {
    const seq = [0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, () => 0))
    expect(seq).toEqual([250, 500, 1000, 2000, 4000, 5000])
  })

  it('spreads the retries of many clients over the upper half', () => {
    const seen = new Set()
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3)
      expect(d).toBeGreaterThanOrEqual(2000)
      expect(d).toBeLessThanOrEqual(4000)
      seen.add(d)
    }
    expect(seen.size).toBeGreaterThan(20)
  })
})

describe('WsClient', () => {
  it('goes connecting -> open, and closed on disconnect, closing the socket with 1000', () => {
    const { c, states, timers } = client()
    c.connect()
    expect(c.state).toBe('connecting')
    expect(FakeWebSocket.instances).toHaveLength(1)
    expect(FakeWebSocket.last().url).toBe('ws://example.test/ws/x/')
    FakeWebSocket.last().serverOpen()
    expect(c.state).toBe('open')
    c.disconnect()
    expect(c.state).toBe('closed')
    expect(FakeWebSocket.last().closedWith).toBe(1000)
    expect(states).toEqual(['connecting', 'open', 'closed'])
    expect(timers.pending).toHaveLength(0)
  })

  it('a second connect while connecting or open opens no second socket', () => {
    const { c } = client()
    c.connect()
    c.connect()
    FakeWebSocket.last().serverOpen()
    c.connect()
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('reconnects after 0.5, 1, 2, 4, 8, 10, 10 s while the server keeps failing', () => {
    const { c, timers, states } = client()
    c.connect()
    for (let i = 0; i < 7; i++) {
      FakeWebSocket.last().serverClose(1006)
      expect(c.state).toBe('reconnecting')
      timers.fire()
    }
    expect(timers.delays).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000])
    expect(FakeWebSocket.instances).toHaveLength(8)
    expect(states).toEqual(['connecting', 'reconnecting'])
    FakeWebSocket.last().serverOpen()
    expect(states).toEqual(['connecting', 'reconnecting', 'open'])
  })

  it('starts the backoff again after a connection that lasted, not after a short one', () => {
    const { c, timers, clock } = client()
    c.connect()
    FakeWebSocket.last().serverClose(1006)
    timers.fire() // 500
    FakeWebSocket.last().serverOpen()
    clock.now += 100
    FakeWebSocket.last().serverClose(1013) // accepted, then dropped at once
    timers.fire() // 1000: still backing off
    FakeWebSocket.last().serverOpen()
    clock.now += STABLE_MS
    FakeWebSocket.last().serverClose(1001) // a good connection, then a restart
    timers.fire()
    expect(timers.delays).toEqual([500, 1000, 500])
  })

  it('close 1001 (wsd shutting down: a deploy) reconnects, backing off while wsd is away', () => {
    const { c, timers, clock, states } = client()
    c.connect()
    FakeWebSocket.last().serverOpen()
    clock.now += STABLE_MS
    FakeWebSocket.last().serverClose(1001, 'server shutting down')
    expect(c.state).toBe('reconnecting')
    timers.fire()
    FakeWebSocket.last().serverClose(1006) // nginx: 502, wsd not up yet
    timers.fire()
    FakeWebSocket.last().serverClose(1006)
    timers.fire()
    FakeWebSocket.last().serverOpen()
    expect(timers.delays).toEqual([500, 1000, 2000])
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open'])
  })

  it('close 1008 or 1009 (the client sent too fast or too much) keeps backing off; 1013 starts again', () => {
    const { c, timers, clock } = client()
    c.connect()
    for (const code of [1008, 1009, 1008, 1013]) {
      FakeWebSocket.last().serverOpen()
      clock.now += STABLE_MS // long enough to count as a good connection
      FakeWebSocket.last().serverClose(code)
      expect(c.state).toBe('reconnecting')
      timers.fire()
    }
    FakeWebSocket.last().serverOpen()
    clock.now += STABLE_MS
    FakeWebSocket.last().serverClose(1008)
    expect(timers.delays).toEqual([500, 1000, 2000, 500, 1000])
  })

  it('disconnect while waiting to reconnect cancels the retry', () => {
    const { c, timers } = client()
    c.connect()
    FakeWebSocket.last().serverClose(1006)
    expect(timers.pending).toHaveLength(1)
    c.disconnect()
    expect(timers.pending).toHaveLength(0)
    expect(c.state).toBe('closed')
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('a socket closed by disconnect does not come back', () => {
    const { c, timers } = client()
    c.connect()
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    c.disconnect()
    ws.serverClose(1000) // the late close event of the old socket
    expect(timers.pending).toHaveLength(0)
    expect(c.state).toBe('closed')
  })

  it('passes each JSON message on, parsed, and drops text that is not JSON', () => {
    const { c, messages } = client()
    c.connect()
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverSend({ type: 'task', id: 'a' })
    FakeWebSocket.last().serverSend('not json {')
    FakeWebSocket.last().serverSend('[1,2]')
    expect(messages).toEqual([{ type: 'task', id: 'a' }, [1, 2]])
  })

  it('sends JSON when open, and answers false (sending nothing) when not', () => {
    const { c } = client()
    expect(c.send({ a: 1 })).toBe(false)
    c.connect()
    expect(c.send({ a: 1 })).toBe(false)
    FakeWebSocket.last().serverOpen()
    expect(c.send({ message: 'ping', ts: 5 })).toBe(true)
    expect(FakeWebSocket.last().sent).toEqual(['{"message":"ping","ts":5}'])
  })

  it('onOpen runs when the socket opens (each time)', () => {
    let opened = 0
    const { c, timers } = client({ onOpen: () => opened++ })
    c.connect()
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverClose(1006)
    timers.fire()
    FakeWebSocket.last().serverOpen()
    expect(opened).toBe(2)
  })

  it('onClose false: stays closed; it gets the close event', () => {
    const events = []
    const { c, timers } = client({
      onClose: (e) => {
        events.push(e.code)
        return false
      },
    })
    c.connect()
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverClose(4401, 'authentication required')
    expect(events).toEqual([4401])
    expect(c.state).toBe('closed')
    expect(timers.pending).toHaveLength(0)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('onClose promise: reconnecting meanwhile, then at once when it says true', async () => {
    let resolve
    const { c, timers } = client({ onClose: () => new Promise((r) => (resolve = r)) })
    c.connect()
    FakeWebSocket.last().serverClose(4401)
    expect(c.state).toBe('reconnecting')
    expect(FakeWebSocket.instances).toHaveLength(1)
    resolve(true)
    await Promise.resolve()
    await Promise.resolve()
    expect(FakeWebSocket.instances).toHaveLength(2)
    expect(timers.pending).toHaveLength(0)
  })

  it('onClose promise that says false, or a disconnect before it settles: closed', async () => {
    let resolve
    const a = client({ onClose: () => new Promise((r) => (resolve = r)) })
    a.c.connect()
    FakeWebSocket.last().serverClose(4401)
    resolve(false)
    await new Promise((r) => setTimeout(r, 0))
    expect(a.c.state).toBe('closed')
    expect(FakeWebSocket.instances).toHaveLength(1)

    const b = client({ onClose: () => new Promise((r) => (resolve = r)) })
    b.c.connect()
    FakeWebSocket.last().serverClose(4401)
    b.c.disconnect()
    resolve(true)
    await new Promise((r) => setTimeout(r, 0))
    expect(b.c.state).toBe('closed')
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('a constructor that throws (a refused URL) is retried with backoff', () => {
    let tries = 0
    class Throwing {
      constructor() {
        tries++
        throw new Error('SecurityError')
      }
    }
    const { c, timers } = client({ WebSocket: Throwing })
    c.connect()
    expect(c.state).toBe('reconnecting')
    timers.fire()
    expect(tries).toBe(2)
    expect(timers.delays).toEqual([500, 1000])
  })
})
