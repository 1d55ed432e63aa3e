import { api } from './http.js'

// Backends the API knows (POST /api/social/<backend>/).
export const SOCIAL_BACKENDS = ['github', 'google-oauth2', 'facebook']

export const OAUTH_STATE_KEY = 'vet.oauth.state'

// GET /api/social/providers/ -> [{backend, authorize_url, client_id, scope}]
// for the configured providers. Any failure (404 on an older API, network)
// means "none configured".
export async function fetchProviders() {
  try {
    const { data } = await api.get('/api/social/providers/')
    return Array.isArray(data) ? data.filter((p) => p && p.backend && p.authorize_url) : []
  } catch {
    return []
  }
}

export function callbackUrl(origin, backend) {
  return `${origin}/auth/${backend}/callback`
}

export function randomState() {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function buildAuthorizeUrl(provider, origin, state) {
  const url = new URL(provider.authorize_url)
  url.searchParams.set('client_id', provider.client_id || '')
  url.searchParams.set('redirect_uri', callbackUrl(origin, provider.backend))
  url.searchParams.set('response_type', 'code')
  if (provider.scope) url.searchParams.set('scope', provider.scope)
  url.searchParams.set('state', state)
  return url.toString()
}

// Saves a fresh state in sessionStorage and returns the provider URL.
export function prepareRedirect(provider, origin) {
  const state = randomState()
  sessionStorage.setItem(OAUTH_STATE_KEY, JSON.stringify({ state, backend: provider.backend }))
  return buildAuthorizeUrl(provider, origin, state)
}

// True when `state` is the one saved for this backend; the saved state is
// consumed either way (one use only).
export function consumeState(backend, state) {
  let saved = null
  try {
    saved = JSON.parse(sessionStorage.getItem(OAUTH_STATE_KEY) || 'null')
  } catch {
    saved = null
  }
  sessionStorage.removeItem(OAUTH_STATE_KEY)
  return Boolean(saved && state && saved.state === state && saved.backend === backend)
}

// POST /api/social/<backend>/ {code, redirect_uri} -> {refresh, access}
export async function exchangeCode(backend, code, origin) {
  const { data } = await api.post(`/api/social/${backend}/`, {
    code,
    redirect_uri: callbackUrl(origin, backend),
  })
  return data
}
