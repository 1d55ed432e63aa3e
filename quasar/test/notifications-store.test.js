import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  CLOSE_AUTH_REQUIRED,
  followLogin,
  useNotificationsStore,
} from '../src/stores/notifications.js'
import { FakeWebSocket, manualTimers } from './fake-websocket.js'
import { body, setup } from './helpers.js'
import { fakeToken } from './mount.js'

let ctx

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600
const ACCESS = fakeToken({ token_type: 'access', user_id: 7, exp: inAnHour() })
const FRESH = fakeToken({ token_type: 'access', user_id: 7, exp: inAnHour(), jti: 'fresh' })
const OTHER = fakeToken({ token_type: 'access', user_id: 8, exp: inAnHour() })
const EXPIRED = fakeToken({ token_type: 'access', user_id: 7, exp: 1000 })

// The store on a fake socket, with the auth store in `mode`.
function start(mode, tokens = {}) {
  FakeWebSocket.reset()
  ctx = setup({ mode })
  ctx.store.setTokens(tokens)
  const timers = manualTimers()
  const n = useNotificationsStore()
  n.start({ WebSocket: FakeWebSocket, ...timers, random: () => 1, url: 'ws://t/ws/notifications/' })
  return { n, timers }
}

// Lets the promises (the token refresh, the reconnect) run.
const settle = () => new Promise((r) => setTimeout(r, 0))

afterEach(() => {
  useNotificationsStore().stop()
  ctx.teardown()
  localStorage.clear()
})

describe('notifications store: JWT mode', () => {
  it('sends {"type":"auth","token"} first, and is live only after {"type":"auth","ok":true}', async () => {
    const { n } = start('jwt', { access: ACCESS, refresh: 'R1' })
    const ws = FakeWebSocket.last()
    expect(ws.url).toBe('ws://t/ws/notifications/')
    expect(n.state).toBe('connecting')
    ws.serverOpen()
    await settle()
    expect(ws.sentJson()).toEqual([{ type: 'auth', token: ACCESS }])
    expect(n.state).toBe('open')
    expect(n.live).toBe(false)
    ws.serverSend({ type: 'auth', ok: true, user_id: 7 })
    expect(n.live).toBe(true)
    expect(n.userId).toBe(7)
  })

  it('refreshes an expired access token before sending it', async () => {
    const { n } = start('jwt', { access: EXPIRED, refresh: 'R1' })
    ctx.mock.onPost('/api/auth/refresh_token/').reply((config) => {
      expect(body(config)).toEqual({ refresh: 'R1' })
      return [200, { access: FRESH, refresh: 'R2' }]
    })
    FakeWebSocket.last().serverOpen()
    await settle()
    expect(FakeWebSocket.last().sentJson()).toEqual([{ type: 'auth', token: FRESH }])
    expect(n.state).toBe('open')
  })

  it('gets a token when there is none in memory yet (a reload)', async () => {
    start('jwt', { refresh: 'R1' })
    ctx.mock.onPost('/api/auth/refresh_token/').reply(200, { access: FRESH })
    FakeWebSocket.last().serverOpen()
    await settle()
    expect(FakeWebSocket.last().sentJson()).toEqual([{ type: 'auth', token: FRESH }])
  })

  it('closes the socket when no token can be had', async () => {
    const { n } = start('jwt', { access: EXPIRED, refresh: 'R1' })
    ctx.mock.onPost('/api/auth/refresh_token/').reply(401, { detail: 'Token is blacklisted' })
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    await settle()
    expect(ws.sent).toEqual([])
    expect(ws.closedWith).toBe(1000)
    expect(n.state).toBe('closed')
  })

  it('close 4401: refreshes the token once and reconnects at once; a second 4401 stays closed', async () => {
    const { n, timers } = start('jwt', { access: ACCESS, refresh: 'R1' })
    let refreshes = 0
    ctx.mock.onPost('/api/auth/refresh_token/').reply(() => {
      refreshes++
      return [200, { access: FRESH }]
    })
    FakeWebSocket.last().serverOpen()
    await settle()
    FakeWebSocket.last().serverClose(CLOSE_AUTH_REQUIRED, 'invalid or expired token')
    expect(n.state).toBe('reconnecting')
    await settle()
    expect(refreshes).toBe(1)
    expect(FakeWebSocket.instances).toHaveLength(2)
    expect(timers.pending).toHaveLength(0)
    FakeWebSocket.last().serverOpen()
    await settle()
    expect(FakeWebSocket.last().sentJson()).toEqual([{ type: 'auth', token: FRESH }])
    FakeWebSocket.last().serverClose(CLOSE_AUTH_REQUIRED, 'invalid or expired token')
    await settle()
    expect(refreshes).toBe(1)
    expect(FakeWebSocket.instances).toHaveLength(2)
    expect(n.state).toBe('closed')
    expect(n.live).toBe(false)
  })

  it('after a success a later 4401 gets its one refresh again', async () => {
    const { n } = start('jwt', { access: ACCESS, refresh: 'R1' })
    ctx.mock.onPost('/api/auth/refresh_token/').reply(200, { access: FRESH })
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverClose(CLOSE_AUTH_REQUIRED)
    await settle()
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverSend({ type: 'auth', ok: true, user_id: 7 })
    expect(n.live).toBe(true)
    FakeWebSocket.last().serverClose(CLOSE_AUTH_REQUIRED)
    await settle()
    expect(FakeWebSocket.instances).toHaveLength(3)
  })

  it('any other close: not live, reconnecting with backoff', () => {
    const { n, timers } = start('jwt', { access: ACCESS, refresh: 'R1' })
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverSend({ type: 'auth', ok: true, user_id: 7 })
    FakeWebSocket.last().serverClose(1001, 'server shutting down')
    expect(n.live).toBe(false)
    expect(n.state).toBe('reconnecting')
    expect(timers.delays).toEqual([500])
    timers.fire()
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('stop (logout) closes the socket and it stays closed', () => {
    const { n, timers } = start('jwt', { access: ACCESS, refresh: 'R1' })
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    ws.serverSend({ type: 'auth', ok: true, user_id: 7 })
    n.stop()
    expect(ws.closedWith).toBe(1000)
    expect(n.state).toBe('closed')
    expect(n.live).toBe(false)
    expect(n.userId).toBe(null)
    expect(timers.pending).toHaveLength(0)
  })

  it('start twice opens one socket', () => {
    const { n } = start('jwt', { access: ACCESS, refresh: 'R1' })
    n.start({ WebSocket: FakeWebSocket, url: 'ws://t/ws/notifications/' })
    expect(FakeWebSocket.instances).toHaveLength(1)
  })
})

describe('notifications store: session mode', () => {
  it('sends nothing (nginx vouches for the cookie) and is live on the auth frame', async () => {
    const { n } = start('session')
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    await settle()
    expect(ws.sent).toEqual([])
    expect(n.live).toBe(false)
    ws.serverSend({ type: 'auth', ok: true, user_id: 3 })
    expect(n.live).toBe(true)
  })

  it('close 4401 (the session ended): stays closed, no refresh', async () => {
    const { n } = start('session')
    const post = vi.fn(() => [200, {}])
    ctx.mock.onPost().reply(post)
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverClose(CLOSE_AUTH_REQUIRED)
    await settle()
    expect(n.state).toBe('closed')
    expect(post).not.toHaveBeenCalled()
    expect(FakeWebSocket.instances).toHaveLength(1)
  })
})

describe('notifications store: dispatch', () => {
  it('hands each message to the listeners of its type only, until they stop', () => {
    const { n } = start('session')
    const tasks = []
    const statements = []
    const offTask = n.on('task', (m) => tasks.push(m))
    n.on('statement', (m) => statements.push(m.id))
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    ws.serverSend({ type: 'auth', ok: true, user_id: 3 })
    ws.serverSend({ type: 'task', id: 't1', name: 'sleep_task', state: 'STARTED' })
    ws.serverSend({ type: 'statement', id: 9, status: 'processing', rows: 10, progress: 5 })
    ws.serverSend({ type: 'error', detail: 'this socket only sends' })
    ws.serverSend({ no: 'type' })
    offTask()
    ws.serverSend({ type: 'task', id: 't1', name: 'sleep_task', state: 'SUCCESS' })
    expect(tasks).toEqual([{ type: 'task', id: 't1', name: 'sleep_task', state: 'STARTED' }])
    expect(statements).toEqual([9])
  })

  it('a listener that throws does not keep the message from the next one', () => {
    const { n } = start('session')
    const got = []
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    n.on('task', () => {
      throw new Error('page bug')
    })
    n.on('task', (m) => got.push(m.state))
    n.dispatch({ type: 'task', id: 'x', state: 'SUCCESS' })
    expect(got).toEqual(['SUCCESS'])
    expect(error).toHaveBeenCalled()
  })

  it('an auth frame without ok:true does not make it live', () => {
    const { n } = start('session')
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverSend({ type: 'auth', ok: false })
    expect(n.live).toBe(false)
  })
})

describe('followLogin (boot/notifications.js): one socket while logged in', () => {
  it('opens at login, closes at logout, opens again at the next login', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket)
    try {
      FakeWebSocket.reset()
      ctx = setup({ mode: 'jwt' })
      const stop = followLogin(ctx.store, useNotificationsStore())
      expect(FakeWebSocket.instances).toHaveLength(0)
      ctx.store.setTokens({ access: ACCESS, refresh: 'R1' })
      await settle()
      expect(FakeWebSocket.instances).toHaveLength(1)
      expect(FakeWebSocket.last().url).toBe('ws://localhost:9000/ws/notifications/')
      FakeWebSocket.last().serverOpen()
      ctx.store.clear()
      await settle()
      expect(FakeWebSocket.instances[0].closedWith).toBe(1000)
      expect(useNotificationsStore().state).toBe('closed')
      ctx.store.setTokens({ access: ACCESS, refresh: 'R1' })
      await settle()
      expect(FakeWebSocket.instances).toHaveLength(2)
      stop()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  // Follows the store on a fake socket; returns the function that stops it.
  function follow(mode) {
    vi.stubGlobal('WebSocket', FakeWebSocket)
    FakeWebSocket.reset()
    ctx = setup({ mode })
    const stop = followLogin(ctx.store, useNotificationsStore())
    return () => {
      stop()
      vi.unstubAllGlobals()
    }
  }

  it('JWT: a login as another user while logged in opens a new socket with the new token', async () => {
    const unfollow = follow('jwt')
    try {
      ctx.store.setTokens({ access: ACCESS, refresh: 'R1' })
      await settle()
      const first = FakeWebSocket.last()
      first.serverOpen()
      first.serverSend({ type: 'auth', ok: true, user_id: 7 })
      // login() or loginWithTokens() (the social callback) as user 8.
      ctx.store.setTokens({ access: OTHER, refresh: 'R8' })
      await settle()
      expect(first.closedWith).toBe(1000)
      expect(FakeWebSocket.instances).toHaveLength(2)
      expect(useNotificationsStore().live).toBe(false)
      FakeWebSocket.last().serverOpen()
      await settle()
      expect(FakeWebSocket.last().sentJson()).toEqual([{ type: 'auth', token: OTHER }])
      // Its profile arriving afterwards changes nothing more.
      ctx.store.user = { id: 8, email: 'eight@example.com' }
      await settle()
      expect(FakeWebSocket.instances).toHaveLength(2)
    } finally {
      unfollow()
    }
  })

  it('JWT: a new access token of the same user (a refresh) keeps the socket', async () => {
    const unfollow = follow('jwt')
    try {
      ctx.store.setTokens({ access: ACCESS, refresh: 'R1' })
      ctx.store.user = { id: 7, email: 'seven@example.com' }
      await settle()
      FakeWebSocket.last().serverOpen()
      ctx.store.setTokens({ access: FRESH })
      await settle()
      expect(FakeWebSocket.instances).toHaveLength(1)
      expect(FakeWebSocket.last().closedWith).toBe(null)
    } finally {
      unfollow()
    }
  })

  it('session: a login as another user while logged in opens a new socket', async () => {
    const unfollow = follow('session')
    try {
      ctx.store.user = { id: 3, email: 'three@example.com' }
      await settle()
      const first = FakeWebSocket.last()
      first.serverOpen()
      first.serverSend({ type: 'auth', ok: true, user_id: 3 })
      ctx.store.user = { id: 3, email: 'three@example.com', first_name: 'T' } // a profile edit
      await settle()
      expect(FakeWebSocket.instances).toHaveLength(1)
      ctx.store.user = { id: 4, email: 'four@example.com' }
      await settle()
      expect(first.closedWith).toBe(1000)
      expect(FakeWebSocket.instances).toHaveLength(2)
      expect(useNotificationsStore().userId).toBe(null)
    } finally {
      unfollow()
    }
  })
})
