import { ApolloClient, HttpLink, InMemoryCache, from } from '@apollo/client/core'
import { setContext } from '@apollo/client/link/context'
import { readCookie } from './http.js'
import { REFRESH_TOKEN } from './hn.js'
import { tokenPayload } from '../stores/auth.js'

// Same origin: nginx routes /graphql/ to cgi-bin/graphql.
export const GRAPHQL_URL = '/graphql/'

// A GraphQL token lives 5 minutes (GRAPHQL_JWT_EXPIRATION): it is refreshed
// when less than this is left, before the request that would carry it.
export const REFRESH_MARGIN_S = 60

// The headers every GraphQL request carries: the GraphQL token as
// `JWT <token>`, else the access token of /login as `Bearer`; in session
// mode the csrftoken cookie in X-CSRFToken (cookie-authenticated mutations
// need it).
export function authHeaders(store) {
  const headers = {}
  if (store.gqlToken) headers.Authorization = `JWT ${store.gqlToken}`
  else if (store.access) headers.Authorization = `Bearer ${store.access}`
  if (store.mode === 'session') {
    const csrf = readCookie('csrftoken')
    if (csrf) headers['X-CSRFToken'] = csrf
  }
  return headers
}

// One refresh in flight at a time, shared by concurrent requests.
let refreshing = null

async function refreshGqlToken(store, token, fetchFn) {
  let res
  try {
    res = await fetchFn(GRAPHQL_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query: REFRESH_TOKEN, variables: { token } }),
    })
  } catch {
    return token // network trouble: keep it, the request will tell
  }
  const body = await res.json().catch(() => null)
  const fresh = body && body.data && body.data.refreshToken && body.data.refreshToken.token
  // Refused (past the refresh window, user gone): log out of GraphQL, unless
  // another login replaced the token meanwhile.
  if (store.gqlToken === token) store.setGqlToken(fresh || null)
  return store.gqlToken
}

// The store's GraphQL token, refreshed first when it is about to expire.
export function freshGqlToken(store, { fetchFn = globalThis.fetch, now = Date.now } = {}) {
  const token = store.gqlToken
  if (!token) return Promise.resolve(null)
  const payload = tokenPayload(token)
  if (!payload || typeof payload.exp !== 'number') return Promise.resolve(token)
  if (payload.exp - REFRESH_MARGIN_S > now() / 1000) return Promise.resolve(token)
  if (!refreshing) {
    refreshing = refreshGqlToken(store, token, fetchFn).finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

// The access token of /login (5 minutes too), renewed through the store's
// refresh token when about to expire: the axios interceptor only renews
// after an /api/ 401, and an expired token makes a GraphQL request an error.
export async function freshAccessToken(store, { now = Date.now } = {}) {
  if (store.gqlToken || !store.access || !store.refresh) return store.access
  const payload = tokenPayload(store.access)
  if (!payload || typeof payload.exp !== 'number') return store.access
  if (payload.exp - REFRESH_MARGIN_S > now() / 1000) return store.access
  try {
    return await store.refreshAccess()
  } catch {
    return store.access // the request will tell; the axios side logs out
  }
}

// The app's Apollo client (provided by src/boot/apollo.js).
export function createApolloClient(store, { fetchFn } = {}) {
  const auth = setContext(async (_operation, { headers }) => {
    await freshGqlToken(store, fetchFn ? { fetchFn } : {})
    await freshAccessToken(store)
    return { headers: { ...headers, ...authHeaders(store) } }
  })
  const http = new HttpLink({ uri: GRAPHQL_URL, credentials: 'same-origin', fetch: fetchFn })
  return new ApolloClient({
    link: from([auth, http]),
    cache: new InMemoryCache(),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network', errorPolicy: 'none' },
    },
  })
}
