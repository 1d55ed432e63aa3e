import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import {
  authHeaders,
  createApolloClient,
  freshAccessToken,
  freshGqlToken,
} from '../src/api/apollo.js'
import { LINKS } from '../src/api/hn.js'
import { GQL_TOKEN_KEY, useAuthStore } from '../src/stores/auth.js'
import { clearCookies } from './helpers.js'
import { fakeToken } from './mount.js'

const NOW = 1_700_000_000_000
const fresh = fakeToken({ email: 'a@b.c', exp: NOW / 1000 + 300, origIat: NOW / 1000 })
const stale = fakeToken({ email: 'a@b.c', exp: NOW / 1000 + 30, origIat: NOW / 1000 - 270 })
const renewed = fakeToken({ email: 'a@b.c', exp: NOW / 1000 + 330, origIat: NOW / 1000 - 270 })

function jsonResponse(body) {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  })
}

let store
beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  store = useAuthStore()
})
afterEach(() => {
  delete process.env.AUTH_MODE
  clearCookies()
})

describe('authHeaders', () => {
  it('sends nothing when logged out', () => {
    expect(authHeaders(store)).toEqual({})
  })
  it('sends the GraphQL token as JWT, before the access token', () => {
    store.setTokens({ access: 'A1' })
    expect(authHeaders(store)).toEqual({ Authorization: 'Bearer A1' })
    store.setGqlToken(fresh)
    expect(authHeaders(store)).toEqual({ Authorization: `JWT ${fresh}` })
  })
  it('sends X-CSRFToken from the cookie in session mode', () => {
    process.env.AUTH_MODE = 'session'
    setActivePinia(createPinia())
    document.cookie = 'csrftoken=C1; path=/'
    expect(authHeaders(useAuthStore())).toEqual({ 'X-CSRFToken': 'C1' })
  })
})

describe('freshGqlToken', () => {
  it('keeps a token with more than a minute left', async () => {
    store.setGqlToken(fresh)
    const fetchFn = vi.fn()
    expect(await freshGqlToken(store, { fetchFn, now: () => NOW })).toBe(fresh)
    expect(fetchFn).not.toHaveBeenCalled()
  })

  it('refreshes one about to expire, once for concurrent callers', async () => {
    store.setGqlToken(stale)
    const fetchFn = vi.fn(async (_url, init) => {
      const body = JSON.parse(init.body)
      expect(body.variables).toEqual({ token: stale })
      expect(body.query).toMatch(/refreshToken\(token: \$token\)/)
      return jsonResponse({ data: { refreshToken: { token: renewed } } })
    })
    const both = await Promise.all([
      freshGqlToken(store, { fetchFn, now: () => NOW }),
      freshGqlToken(store, { fetchFn, now: () => NOW }),
    ])
    expect(both).toEqual([renewed, renewed])
    expect(fetchFn).toHaveBeenCalledTimes(1)
    expect(localStorage.getItem(GQL_TOKEN_KEY)).toBe(renewed)
  })

  it('forgets a token the server will not refresh', async () => {
    store.setGqlToken(stale)
    const fetchFn = async () =>
      jsonResponse({ data: { refreshToken: null }, errors: [{ message: 'Refresh has expired' }] })
    expect(await freshGqlToken(store, { fetchFn, now: () => NOW })).toBeNull()
    expect(store.gqlToken).toBeNull()
    expect(localStorage.getItem(GQL_TOKEN_KEY)).toBeNull()
  })
})

describe('freshAccessToken (logged in through /login)', () => {
  it('renews an access token about to expire through the refresh token', async () => {
    store.setTokens({ access: stale, refresh: 'R1' })
    store.refreshAccess = vi.fn(async () => {
      store.setTokens({ access: renewed })
      return renewed
    })
    expect(await freshAccessToken(store, { now: () => NOW })).toBe(renewed)
    expect(store.refreshAccess).toHaveBeenCalledTimes(1)
    expect(authHeaders(store)).toEqual({ Authorization: `Bearer ${renewed}` })
  })

  it('leaves a fresh one, and does nothing when a GraphQL token is used', async () => {
    store.setTokens({ access: fresh, refresh: 'R1' })
    store.refreshAccess = vi.fn()
    expect(await freshAccessToken(store, { now: () => NOW })).toBe(fresh)
    store.setTokens({ access: stale })
    store.setGqlToken(fresh)
    await freshAccessToken(store, { now: () => NOW })
    expect(store.refreshAccess).not.toHaveBeenCalled()
  })
})

describe('the Apollo client', () => {
  it('POSTs to /graphql/ with the store token', async () => {
    store.setGqlToken(fakeToken({ email: 'a@b.c', exp: 4e9, origIat: 1 }))
    const seen = []
    const fetchFn = vi.fn(async (url, init) => {
      seen.push({ url, init })
      return jsonResponse({ data: { links: [] } })
    })
    const client = createApolloClient(store, { fetchFn })
    const { data } = await client.query({ query: LINKS, variables: { first: 5 } })
    expect(data.links).toEqual([])
    expect(seen).toHaveLength(1)
    expect(seen[0].url).toBe('/graphql/')
    expect(seen[0].init.method).toBe('POST')
    const headers = seen[0].init.headers
    expect(headers.Authorization || headers.authorization).toBe(`JWT ${store.gqlToken}`)
    expect(JSON.parse(seen[0].init.body).variables).toEqual({ first: 5 })
  })
})
