import { defineStore } from 'pinia'
import { api } from '../api/http.js'
import { authMode } from '../config.js'

// localStorage key of the refresh token (JWT mode). See README.md for why the
// refresh token lives here and the access token only in memory.
export const REFRESH_KEY = 'vet.refresh'
// localStorage key of the GraphQL token (the /login-gql page): it lives 5
// minutes and is refreshed through the refreshToken mutation, so a reload
// keeps the user logged in for the HN page.
export const GQL_TOKEN_KEY = 'vet.gqlToken'

// The payload of a django-graphql-jwt token ({email, exp, origIat}), or null.
// Read only to show the email and to know when to refresh: the server checks it.
export function tokenPayload(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')
    const json = decodeURIComponent(
      Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
    )
    const payload = JSON.parse(json)
    return payload && typeof payload === 'object' ? payload : null
  } catch {
    return null
  }
}

// One refresh in flight at a time, shared by every caller (concurrent 401s,
// the restore on start-up).
let refreshInFlight = null

function storage() {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null
  } catch {
    return null
  }
}

export const useAuthStore = defineStore('auth', {
  state: () => ({
    mode: authMode(),
    // JWT mode: the access token is kept in memory only (never persisted).
    access: null,
    refresh: storage()?.getItem(REFRESH_KEY) || null,
    user: null,
    restored: false,
    // The GraphQL token (tokenAuth on /login-gql), sent as `JWT <token>`.
    gqlToken: storage()?.getItem(GQL_TOKEN_KEY) || null,
  }),

  getters: {
    isLoggedIn: (s) => s.user !== null || (s.mode === 'jwt' && s.access !== null),
    isStaff: (s) => Boolean(s.user && s.user.is_staff),
    email: (s) => (s.user ? s.user.email : tokenPayload(s.gqlToken)?.email || ''),
    isGqlLoggedIn: (s) => s.gqlToken !== null,
    // Logged in one way or the other: the header shows #logout.
    anyLoggedIn() {
      return this.isLoggedIn || this.isGqlLoggedIn
    },
    // What the HN page may do: vote and post (either token, or the session cookie).
    canUseGraphql() {
      return this.isGqlLoggedIn || this.isLoggedIn
    },
  },

  actions: {
    setTokens({ access, refresh }) {
      if (access) this.access = access
      if (refresh) {
        this.refresh = refresh
        storage()?.setItem(REFRESH_KEY, refresh)
      }
    },

    setGqlToken(token) {
      this.gqlToken = token || null
      if (token) storage()?.setItem(GQL_TOKEN_KEY, token)
      else storage()?.removeItem(GQL_TOKEN_KEY)
    },

    // Forgets the REST login (access, refresh, profile).
    clearApi() {
      this.access = null
      this.refresh = null
      this.user = null
      storage()?.removeItem(REFRESH_KEY)
    },

    // Logs out of everything, the GraphQL token included.
    clear() {
      this.clearApi()
      this.setGqlToken(null)
    },

    async fetchProfile() {
      const { data } = await api.get('/api/users/profile/')
      this.user = data
      return data
    },

    async updateProfile(fields) {
      const { data } = await api.patch('/api/users/profile/', fields)
      this.user = data
      return data
    },

    // POST /api/auth/refresh_token/ {refresh} -> {access, refresh?}.
    // Concurrent callers share one request.
    refreshAccess() {
      if (refreshInFlight) return refreshInFlight
      const refresh = this.refresh
      if (!refresh) return Promise.reject(new Error('no refresh token'))
      refreshInFlight = api
        .post('/api/auth/refresh_token/', { refresh })
        .then(({ data }) => {
          if (!data || !data.access) throw new Error('no access token in refresh response')
          // Rotation: a new refresh token replaces the old (now blacklisted) one.
          this.setTokens({ access: data.access, refresh: data.refresh })
          return data.access
        })
        .finally(() => {
          refreshInFlight = null
        })
      return refreshInFlight
    },

    async login(email, password) {
      if (this.mode === 'session') {
        // The cookie it sets goes back in X-CSRFToken (the axios interceptor).
        await api.get('/api/login-set-cookie/')
        await api.post('/api/login/', { email, password })
        await this.fetchProfile()
        return
      }
      const { data } = await api.post('/api/auth/obtain_token/', { email, password })
      this.setTokens(data)
      await this.fetchProfile()
    },

    // Social login: the backend answers {refresh, access} like obtain_token.
    async loginWithTokens(tokens) {
      this.setTokens(tokens)
      await this.fetchProfile()
    },

    async register(email, password) {
      const { data } = await api.post('/api/auth/register/', { email, password })
      return data
    },

    async logout() {
      try {
        if (this.mode === 'session') {
          await api.post('/api/logout/', {})
        } else if (this.refresh || this.access) {
          // Blacklists the refresh token server-side. /api/logout/ needs an
          // access token: get one first if it is missing or has expired.
          const body = this.refresh ? { refresh: this.refresh } : {}
          if (!this.access && this.refresh) await this.refreshAccess()
          try {
            await api.post('/api/logout/', body)
          } catch (e) {
            if (e.response && e.response.status === 401 && this.refresh) {
              await this.refreshAccess()
              await api.post('/api/logout/', { refresh: this.refresh })
            } else {
              throw e
            }
          }
        }
      } catch {
        // Logging out locally must work even if the server call fails.
      } finally {
        this.clear()
      }
    },

    // On start-up: JWT mode turns a stored refresh token into an access token
    // and loads the profile; session mode asks for the profile.
    async restore() {
      try {
        if (this.mode === 'session') {
          await this.fetchProfile()
        } else if (this.refresh) {
          await this.refreshAccess()
          await this.fetchProfile()
        }
      } catch (e) {
        const status = e && e.response && e.response.status
        if (this.mode === 'jwt' && status >= 400 && status < 500) {
          // The refresh token was refused (expired, blacklisted): forget it.
          this.clearApi()
        } else {
          // Network trouble: stay logged out for now but keep the token.
          this.access = null
          this.user = null
        }
      } finally {
        this.restored = true
      }
    },
  },
})
