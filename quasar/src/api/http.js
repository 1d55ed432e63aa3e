import axios from 'axios'

// One axios instance for the whole app. Relative URLs: nginx serves the SPA
// and routes /api/ to the C API on the same origin.
export const api = axios.create({
  baseURL: '/',
  // Session mode: send the sessionid cookie. Harmless in JWT mode (same
  // origin). The CSRF header is set by installAuthInterceptors, only there.
  withCredentials: true,
})

// Endpoints that must never trigger the refresh-and-retry dance: they either
// are the refresh itself or answer 401 for wrong credentials.
const AUTH_ENDPOINTS = [
  '/api/auth/',
  '/api/login/',
  '/api/login-set-cookie/',
  '/api/logout/',
  '/api/social/',
]

function pathOf(url) {
  if (!url) return ''
  try {
    return new URL(url, 'http://x').pathname
  } catch {
    return url
  }
}

export function isApiUrl(url) {
  return pathOf(url).startsWith('/api/')
}

export function isAuthEndpoint(url) {
  const path = pathOf(url)
  return AUTH_ENDPOINTS.some((p) => path.startsWith(p))
}

export function readCookie(name) {
  if (typeof document === 'undefined' || !document.cookie) return null
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}

/**
 * Installs the auth interceptors on an axios instance.
 *  - adds `Authorization: Bearer <access>` to /api/ requests when logged in;
 *  - in session mode, echoes the csrftoken cookie in X-CSRFToken on every
 *    unsafe request (Django's convention): the one place that sets it;
 *  - on a 401 from an /api/ call (auth endpoints excepted) refreshes the access
 *    token once (concurrent 401s share the one in-flight refresh, see
 *    store.refreshAccess) and retries the request once;
 *  - if the refresh fails, clears the session and calls onAuthFailure().
 * Returns a function that removes the interceptors.
 */
export function installAuthInterceptors(instance, store, { onAuthFailure } = {}) {
  const req = instance.interceptors.request.use((config) => {
    config.headers = config.headers || {}
    if (store.access && isApiUrl(config.url)) {
      if (typeof config.headers.set === 'function') {
        config.headers.set('Authorization', `Bearer ${store.access}`)
      } else {
        config.headers.Authorization = `Bearer ${store.access}`
      }
    }
    if (store.mode === 'session' && config.method && config.method !== 'get') {
      const csrf = readCookie('csrftoken')
      if (csrf) {
        if (typeof config.headers.set === 'function') config.headers.set('X-CSRFToken', csrf)
        else config.headers['X-CSRFToken'] = csrf
      }
    }
    return config
  })

  const res = instance.interceptors.response.use(undefined, async (error) => {
    const config = error.config
    const status = error.response && error.response.status
    if (
      status !== 401 ||
      !config ||
      config._authRetried ||
      !isApiUrl(config.url) ||
      isAuthEndpoint(config.url)
    ) {
      throw error
    }

    if (store.mode !== 'jwt' || !store.refresh) {
      // Session expired (or no way to refresh): forget who we were.
      if (store.isLoggedIn) {
        store.clear()
        if (onAuthFailure) onAuthFailure()
      }
      throw error
    }

    try {
      await store.refreshAccess()
    } catch {
      store.clear()
      if (onAuthFailure) onAuthFailure()
      throw error
    }
    config._authRetried = true
    if (config.headers && typeof config.headers.delete === 'function') {
      config.headers.delete('Authorization')
    } else if (config.headers) {
      delete config.headers.Authorization
    }
    return instance(config)
  })

  return () => {
    instance.interceptors.request.eject(req)
    instance.interceptors.response.eject(res)
  }
}

// Text for a failed request: DRF's {"detail": "..."} or a fallback.
export function errorDetail(error, fallback) {
  const data = error && error.response && error.response.data
  if (data && typeof data === 'object' && typeof data.detail === 'string') return data.detail
  return fallback
}

// DRF field errors {"field": ["msg", ...]} flattened to ["msg", ...].
export function fieldErrors(error) {
  const data = error && error.response && error.response.data
  if (!data || typeof data !== 'object') return []
  const out = []
  for (const [field, msgs] of Object.entries(data)) {
    if (Array.isArray(msgs)) {
      for (const m of msgs) out.push({ field, message: String(m) })
    } else if (typeof msgs === 'string') {
      out.push({ field, message: msgs })
    }
  }
  return out
}
