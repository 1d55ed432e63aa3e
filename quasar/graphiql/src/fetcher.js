// The fetcher GraphiQL calls: POST /graphql/ on this origin. Cookies go
// with it (same origin), and the csrftoken cookie goes back in X-CSRFToken
// (a mutation authenticated by the sessionid cookie alone needs it). The
// headers the user types in GraphiQL's editor (Authorization: JWT ...) win.
export const GRAPHQL_URL = '/graphql/'

export function readCookie(name, cookies = document.cookie) {
  for (const part of (cookies || '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}

export async function fetcher(params, options = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' }
  const csrf = readCookie('csrftoken')
  if (csrf) headers['X-CSRFToken'] = csrf
  Object.assign(headers, options.headers || {})
  const res = await fetch(GRAPHQL_URL, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify(params),
  })
  const text = await res.text()
  try {
    return JSON.parse(text)
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] }
  }
}

// The SPA's GraphQL token (/login-gql keeps it in localStorage, same
// origin) as the initial Authorization header, so GraphiQL acts as the user
// who logged in there. Empty when there is none.
export function initialHeaders(storage = globalThis.localStorage) {
  let token = null
  try {
    token = storage ? storage.getItem('vet.gqlToken') : null
  } catch {
    token = null
  }
  return token ? JSON.stringify({ Authorization: `JWT ${token}` }, null, 2) : ''
}
