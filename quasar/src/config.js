// Build-time settings. Quasar replaces `process.env.AUTH_MODE` with a string
// literal at build time (quasar.config.js build.env, from env VITE_AUTH_MODE);
// the unit tests set it on the real process.env. Do not guard with
// `typeof process`: there is no `process` in the browser, only the replacement.
export function authMode() {
  let mode
  try {
    mode = process.env.AUTH_MODE
  } catch {
    mode = undefined
  }
  return mode === 'session' ? 'session' : 'jwt'
}

// One build setting, read the way authMode does (a literal after the build).
function setting(read) {
  try {
    const v = read()
    return v === undefined || v === null ? '' : String(v)
  } catch {
    return ''
  }
}

// The front end's build settings for /debug/environment-variables: public
// values only, each named here on purpose. Never list import.meta.env or
// process.env whole: a VITE_ variable holding a secret would then be shown
// (and t/e2e/bundle checks the built files for SECRET).
export function buildSettings() {
  return [
    { name: 'APP_VERSION', value: setting(() => process.env.APP_VERSION) },
    { name: 'VITE_AUTH_MODE', value: authMode() },
    { name: 'import.meta.env.MODE', value: setting(() => import.meta.env.MODE) },
    { name: 'import.meta.env.BASE_URL', value: setting(() => import.meta.env.BASE_URL) },
    { name: 'import.meta.env.DEV', value: setting(() => import.meta.env.DEV) },
    { name: 'import.meta.env.PROD', value: setting(() => import.meta.env.PROD) },
    { name: 'QUASAR_MODE', value: setting(() => process.env.MODE) },
    { name: 'VUE_ROUTER_MODE', value: setting(() => process.env.VUE_ROUTER_MODE) },
    { name: 'API_BASE', value: '/api/' },
    { name: 'GRAPHQL_URL', value: '/graphql/' },
  ]
}
