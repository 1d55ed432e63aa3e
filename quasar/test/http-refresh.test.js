import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api } from '../src/api/http.js'
import { REFRESH_KEY } from '../src/stores/auth.js'
import { bearer, setup } from './helpers.js'

let ctx
let onAuthFailure

beforeEach(() => {
  localStorage.clear()
  onAuthFailure = vi.fn()
  ctx = setup({ mode: 'jwt', onAuthFailure })
  ctx.store.setTokens({ access: 'old-access', refresh: 'R1' })
})

afterEach(() => {
  ctx.teardown()
  localStorage.clear()
})

const refreshCalls = () => ctx.mock.history.post.filter((c) => c.url === '/api/auth/refresh_token/')

describe('axios auth interceptors', () => {
  it('adds the Bearer header to /api/ requests', async () => {
    ctx.mock.onGet('/api/debug/redis/').reply((config) => [200, { auth: bearer(config) }])
    const { data } = await api.get('/api/debug/redis/')
    expect(data.auth).toBe('Bearer old-access')
  })

  it('401 -> one refresh -> one retry with the new token', async () => {
    ctx.mock
      .onGet('/api/transactions/')
      .reply((config) =>
        bearer(config) === 'Bearer new-access' ? [200, { count: 3 }] : [401, { detail: 'expired' }],
      )
    ctx.mock.onPost('/api/auth/refresh_token/').reply(200, { access: 'new-access' })

    const { data } = await api.get('/api/transactions/')

    expect(data).toEqual({ count: 3 })
    expect(refreshCalls()).toHaveLength(1)
    expect(ctx.mock.history.get).toHaveLength(2)
    expect(ctx.store.access).toBe('new-access')
    expect(onAuthFailure).not.toHaveBeenCalled()
  })

  it('stores a rotated refresh token', async () => {
    ctx.mock.onGet('/api/statements/').replyOnce(401).onGet('/api/statements/').reply(200, {})
    ctx.mock.onPost('/api/auth/refresh_token/').reply(200, { access: 'A2', refresh: 'R2' })
    await api.get('/api/statements/')
    expect(ctx.store.refresh).toBe('R2')
    expect(localStorage.getItem(REFRESH_KEY)).toBe('R2')
  })

  it('concurrent 401s share one refresh, and each request is retried once', async () => {
    ctx.mock
      .onGet(/\/api\/(a|b|c)\//)
      .reply((config) =>
        bearer(config) === 'Bearer new-access' ? [200, { url: config.url }] : [401, {}],
      )
    ctx.mock
      .onPost('/api/auth/refresh_token/')
      .reply(
        () =>
          new Promise((resolve) => setTimeout(() => resolve([200, { access: 'new-access' }]), 20)),
      )

    const results = await Promise.all([api.get('/api/a/'), api.get('/api/b/'), api.get('/api/c/')])

    expect(results.map((r) => r.data.url)).toEqual(['/api/a/', '/api/b/', '/api/c/'])
    expect(refreshCalls()).toHaveLength(1)
    expect(ctx.mock.history.get).toHaveLength(6)
  })

  it('a failed refresh logs out and sends the user to /login', async () => {
    ctx.mock.onGet('/api/users/profile/').reply(401, { detail: 'expired' })
    ctx.mock.onPost('/api/auth/refresh_token/').reply(401, { detail: 'Token is blacklisted' })

    await expect(api.get('/api/users/profile/')).rejects.toMatchObject({
      response: { status: 401 },
    })

    expect(refreshCalls()).toHaveLength(1)
    expect(ctx.mock.history.get).toHaveLength(1)
    expect(ctx.store.access).toBeNull()
    expect(ctx.store.refresh).toBeNull()
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull()
    expect(onAuthFailure).toHaveBeenCalledTimes(1)
  })

  it('concurrent 401s with a failing refresh: still one refresh, all rejected', async () => {
    ctx.mock.onGet(/\/api\/(a|b)\//).reply(401)
    ctx.mock.onPost('/api/auth/refresh_token/').reply(401)
    const results = await Promise.allSettled([api.get('/api/a/'), api.get('/api/b/')])
    expect(results.every((r) => r.status === 'rejected')).toBe(true)
    expect(refreshCalls()).toHaveLength(1)
    expect(ctx.store.isLoggedIn).toBe(false)
  })

  it('no infinite loop: a request that keeps answering 401 is retried only once', async () => {
    ctx.mock.onGet('/api/always-401/').reply(401)
    ctx.mock.onPost('/api/auth/refresh_token/').reply(200, { access: 'new-access' })

    await expect(api.get('/api/always-401/')).rejects.toMatchObject({ response: { status: 401 } })

    expect(refreshCalls()).toHaveLength(1)
    expect(ctx.mock.history.get).toHaveLength(2)
  })

  it('a 401 from the auth endpoints is never refreshed or retried', async () => {
    ctx.mock.onPost('/api/auth/obtain_token/').reply(401, { detail: 'No active account' })
    ctx.mock.onPost('/api/auth/refresh_token/').reply(200, { access: 'x' })
    await expect(
      api.post('/api/auth/obtain_token/', { email: 'a', password: 'b' }),
    ).rejects.toMatchObject({ response: { status: 401 } })
    expect(refreshCalls()).toHaveLength(0)
  })

  it('a 401 from the refresh endpoint itself does not recurse', async () => {
    ctx.mock.onPost('/api/auth/refresh_token/').reply(401)
    await expect(ctx.store.refreshAccess()).rejects.toBeTruthy()
    expect(refreshCalls()).toHaveLength(1)
  })

  it('other errors pass through untouched', async () => {
    ctx.mock.onGet('/api/transactions/').reply(500)
    ctx.mock.onGet('/api/users/profile/').reply(403)
    await expect(api.get('/api/transactions/')).rejects.toMatchObject({ response: { status: 500 } })
    await expect(api.get('/api/users/profile/')).rejects.toMatchObject({
      response: { status: 403 },
    })
    expect(refreshCalls()).toHaveLength(0)
    expect(ctx.store.access).toBe('old-access')
  })

  it('without a refresh token a 401 just logs out', async () => {
    ctx.store.clear()
    ctx.store.access = 'A'
    ctx.mock.onGet('/api/transactions/').reply(401)
    await expect(api.get('/api/transactions/')).rejects.toBeTruthy()
    expect(refreshCalls()).toHaveLength(0)
    expect(ctx.store.isLoggedIn).toBe(false)
    expect(onAuthFailure).toHaveBeenCalledTimes(1)
  })
})
