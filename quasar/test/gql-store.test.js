import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GQL_TOKEN_KEY, REFRESH_KEY, tokenPayload } from '../src/stores/auth.js'
import { fakeToken } from './mount.js'
import { setup } from './helpers.js'

const TOKEN = fakeToken({ email: 'josé@example.com', exp: 4e9, origIat: 1 })
let ctx

beforeEach(() => {
  localStorage.clear()
  ctx = setup({ mode: 'jwt' })
})
afterEach(() => {
  ctx.teardown()
  localStorage.clear()
})

describe('the GraphQL token in the auth store', () => {
  it('reads the payload of a token, and null for garbage', () => {
    expect(tokenPayload(TOKEN)).toEqual({ email: 'josé@example.com', exp: 4e9, origIat: 1 })
    expect(tokenPayload('not a token')).toBeNull()
    expect(tokenPayload(null)).toBeNull()
  })

  it('keeps the token in localStorage and shows its email', () => {
    const { store } = ctx
    store.setGqlToken(TOKEN)
    expect(localStorage.getItem(GQL_TOKEN_KEY)).toBe(TOKEN)
    expect(store.isGqlLoggedIn).toBe(true)
    expect(store.isLoggedIn).toBe(false) // the REST pages still need /login
    expect(store.anyLoggedIn).toBe(true)
    expect(store.canUseGraphql).toBe(true)
    expect(store.email).toBe('josé@example.com')
  })

  it('logout forgets it', async () => {
    const { store } = ctx
    store.setGqlToken(TOKEN)
    await store.logout()
    expect(store.gqlToken).toBeNull()
    expect(localStorage.getItem(GQL_TOKEN_KEY)).toBeNull()
    expect(store.anyLoggedIn).toBe(false)
  })

  it('a refused REST refresh token on start-up leaves the GraphQL login alone', async () => {
    const { store, mock } = ctx
    store.setTokens({ refresh: 'R-old' })
    store.setGqlToken(TOKEN)
    mock.onPost('/api/auth/refresh_token/').reply(401, { detail: 'Token is blacklisted' })
    await store.restore()
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull()
    expect(store.gqlToken).toBe(TOKEN)
  })
})
