import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { REFRESH_KEY } from '../src/stores/auth.js'
import { PROFILE, bearer, body, clearCookies, header, setup } from './helpers.js'

let ctx

afterEach(() => {
  ctx.teardown()
  localStorage.clear()
  clearCookies()
})

describe('auth store, JWT mode (default)', () => {
  beforeEach(() => {
    localStorage.clear()
    ctx = setup({ mode: 'jwt' })
  })

  it('defaults to jwt mode', () => {
    expect(ctx.store.mode).toBe('jwt')
  })

  it('login stores access in memory only and refresh in localStorage, then loads the profile', async () => {
    const { store, mock } = ctx
    mock.onPost('/api/auth/obtain_token/').reply((config) => {
      expect(body(config)).toEqual({ email: 'admin@company.com', password: 'password' })
      return [200, { refresh: 'R1', access: 'A1' }]
    })
    mock.onGet('/api/users/profile/').reply((config) => {
      expect(bearer(config)).toBe('Bearer A1')
      return [200, PROFILE]
    })

    await store.login('admin@company.com', 'password')

    expect(store.access).toBe('A1')
    expect(store.refresh).toBe('R1')
    expect(store.user).toEqual(PROFILE)
    expect(store.isLoggedIn).toBe(true)
    expect(store.isStaff).toBe(true)
    expect(localStorage.getItem(REFRESH_KEY)).toBe('R1')
    // The access token is never persisted.
    for (let i = 0; i < localStorage.length; i++) {
      expect(localStorage.getItem(localStorage.key(i))).not.toContain('A1')
    }
    for (let i = 0; i < sessionStorage.length; i++) {
      expect(sessionStorage.getItem(sessionStorage.key(i))).not.toContain('A1')
    }
  })

  it('login failure rejects with the API detail and stays logged out', async () => {
    const { store, mock } = ctx
    mock
      .onPost('/api/auth/obtain_token/')
      .reply(401, { detail: 'No active account found with the given credentials' })

    await expect(store.login('x@example.com', 'nope')).rejects.toMatchObject({
      response: {
        status: 401,
        data: { detail: 'No active account found with the given credentials' },
      },
    })
    expect(store.isLoggedIn).toBe(false)
    expect(store.access).toBeNull()
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull()
    // No refresh attempt for a failed login.
    expect(mock.history.post.filter((c) => c.url === '/api/auth/refresh_token/')).toHaveLength(0)
  })

  it('logout posts the refresh token to /api/logout/ and clears memory and localStorage', async () => {
    const { store, mock } = ctx
    store.setTokens({ access: 'A1', refresh: 'R1' })
    store.user = PROFILE
    mock.onPost('/api/logout/').reply((config) => {
      expect(body(config)).toEqual({ refresh: 'R1' })
      expect(bearer(config)).toBe('Bearer A1')
      return [200, { detail: 'Logout Successful' }]
    })

    await store.logout()

    expect(mock.history.post).toHaveLength(1)
    expect(store.access).toBeNull()
    expect(store.refresh).toBeNull()
    expect(store.user).toBeNull()
    expect(store.isLoggedIn).toBe(false)
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull()
  })

  it('logout clears local state even when the server call fails', async () => {
    const { store, mock } = ctx
    store.setTokens({ access: 'A1', refresh: 'R1' })
    mock.onPost('/api/logout/').networkError()
    await store.logout()
    expect(store.isLoggedIn).toBe(false)
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull()
  })

  it('restore on reload: refresh token -> new access (rotation stored) -> profile', async () => {
    ctx.teardown()
    localStorage.setItem(REFRESH_KEY, 'R-old')
    ctx = setup({ mode: 'jwt' })
    const { store, mock } = ctx
    expect(store.refresh).toBe('R-old')
    expect(store.access).toBeNull()
    mock.onPost('/api/auth/refresh_token/').reply((config) => {
      expect(body(config)).toEqual({ refresh: 'R-old' })
      return [200, { access: 'A2', refresh: 'R-new' }]
    })
    mock.onGet('/api/users/profile/').reply((config) => {
      expect(bearer(config)).toBe('Bearer A2')
      return [200, PROFILE]
    })

    await store.restore()

    expect(store.restored).toBe(true)
    expect(store.isLoggedIn).toBe(true)
    expect(store.access).toBe('A2')
    expect(store.refresh).toBe('R-new')
    expect(localStorage.getItem(REFRESH_KEY)).toBe('R-new')
    expect(store.email).toBe(PROFILE.email)
  })

  it('restore keeps the refresh token when the API does not rotate it', async () => {
    ctx.teardown()
    localStorage.setItem(REFRESH_KEY, 'R1')
    ctx = setup({ mode: 'jwt' })
    ctx.mock.onPost('/api/auth/refresh_token/').reply(200, { access: 'A2' })
    ctx.mock.onGet('/api/users/profile/').reply(200, PROFILE)
    await ctx.store.restore()
    expect(localStorage.getItem(REFRESH_KEY)).toBe('R1')
    expect(ctx.store.isLoggedIn).toBe(true)
  })

  it('restore with a refused refresh token clears everything', async () => {
    ctx.teardown()
    localStorage.setItem(REFRESH_KEY, 'R-bad')
    ctx = setup({ mode: 'jwt' })
    ctx.mock.onPost('/api/auth/refresh_token/').reply(401, { detail: 'Token is blacklisted' })
    await ctx.store.restore()
    expect(ctx.store.isLoggedIn).toBe(false)
    expect(ctx.store.refresh).toBeNull()
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull()
    expect(ctx.mock.history.get).toHaveLength(0)
  })

  it('restore without a refresh token makes no request', async () => {
    await ctx.store.restore()
    expect(ctx.store.isLoggedIn).toBe(false)
    expect(ctx.store.restored).toBe(true)
    expect(ctx.mock.history.post).toHaveLength(0)
    expect(ctx.mock.history.get).toHaveLength(0)
  })

  it('social login stores the tokens like a password login', async () => {
    ctx.mock.onGet('/api/users/profile/').reply(200, PROFILE)
    await ctx.store.loginWithTokens({ access: 'A9', refresh: 'R9' })
    expect(ctx.store.access).toBe('A9')
    expect(localStorage.getItem(REFRESH_KEY)).toBe('R9')
    expect(ctx.store.isLoggedIn).toBe(true)
  })
})

describe('auth store, session-cookie mode', () => {
  beforeEach(() => {
    localStorage.clear()
    clearCookies()
    ctx = setup({ mode: 'session' })
  })

  it('is in session mode', () => {
    expect(ctx.store.mode).toBe('session')
  })

  it('login: csrf cookie, POST /api/login/ with X-CSRFToken, then profile; no tokens stored', async () => {
    const { store, mock } = ctx
    mock.onGet('/api/login-set-cookie/').reply(() => {
      document.cookie = 'csrftoken=csrf123; path=/'
      return [200, { details: 'CSRF cookie set' }]
    })
    mock.onPost('/api/login/').reply((config) => {
      expect(header(config, 'X-CSRFToken')).toBe('csrf123')
      expect(body(config)).toEqual({ email: 'admin@company.com', password: 'password' })
      expect(bearer(config)).toBeUndefined()
      return [200, { detail: 'Success' }]
    })
    mock.onGet('/api/users/profile/').reply(200, PROFILE)

    await store.login('admin@company.com', 'password')

    expect(mock.history.get[0].url).toBe('/api/login-set-cookie/')
    expect(store.isLoggedIn).toBe(true)
    expect(store.access).toBeNull()
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull()
  })

  it('login failure (400 Invalid credentials) rejects and stays logged out', async () => {
    const { store, mock } = ctx
    mock.onGet('/api/login-set-cookie/').reply(200, {})
    mock.onPost('/api/login/').reply(400, { detail: 'Invalid credentials' })
    await expect(store.login('a@b.c', 'x')).rejects.toMatchObject({
      response: { data: { detail: 'Invalid credentials' } },
    })
    expect(store.isLoggedIn).toBe(false)
  })

  it('logout posts /api/logout/ with the CSRF header and clears the user', async () => {
    const { store, mock } = ctx
    document.cookie = 'csrftoken=csrf456; path=/'
    store.user = PROFILE
    mock.onPost('/api/logout/').reply((config) => {
      expect(header(config, 'X-CSRFToken')).toBe('csrf456')
      return [200, { detail: 'Logout Successful' }]
    })
    await store.logout()
    expect(mock.history.post).toHaveLength(1)
    expect(store.isLoggedIn).toBe(false)
  })

  it('restore: logged in when the profile loads', async () => {
    ctx.mock.onGet('/api/users/profile/').reply(200, PROFILE)
    await ctx.store.restore()
    expect(ctx.store.isLoggedIn).toBe(true)
    expect(ctx.mock.history.post).toHaveLength(0)
  })

  it('restore: logged out when the profile is refused, without any refresh attempt', async () => {
    localStorage.setItem(REFRESH_KEY, 'stale')
    ctx.mock
      .onGet('/api/users/profile/')
      .reply(403, { detail: 'Authentication credentials were not provided.' })
    await ctx.store.restore()
    expect(ctx.store.isLoggedIn).toBe(false)
    expect(ctx.mock.history.post).toHaveLength(0)
  })
})
