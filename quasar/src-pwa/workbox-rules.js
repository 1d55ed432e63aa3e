// Workbox rules for the PWA build, kept in a small module so they can be
// unit-tested (test/workbox-rules.test.js) and imported by quasar.config.js.
//
// The service worker must NEVER cache server-side routes: the API, GraphQL,
// the admin, Flower, private media and websockets always go to the network.

export const NEVER_CACHE_PREFIXES = ['api', 'graphql', 'admin', 'flower', 'media', 'ws']

// Matches a pathname (plus optional query) under one of the prefixes above.
export const NEVER_CACHE_RE = /^\/(?:api|graphql|admin|flower|media|ws)(?:\/|$|\?)/

// Workbox serialises urlPattern functions into sw.js with toString(), so the
// function must not reference anything outside its own body.
export function neverCacheMatcher({ url }) {
  return /^\/(?:api|graphql|admin|flower|media|ws)(?:\/|$)/.test(url.pathname)
}

// Only GET responses can be cached by Workbox; other methods are never
// routed to a cache, so one NetworkOnly route for GET covers them.
export function neverCacheRuntimeRoutes() {
  return [
    {
      urlPattern: neverCacheMatcher,
      handler: 'NetworkOnly',
      method: 'GET',
    },
  ]
}

// Called by Quasar with the GenerateSW options it computed; we add our rules.
export function extendGenerateSWOptions(opts) {
  opts.runtimeCaching = [...neverCacheRuntimeRoutes(), ...(opts.runtimeCaching || [])]
  opts.navigateFallbackDenylist = [...(opts.navigateFallbackDenylist || []), NEVER_CACHE_RE]
  // Never precache anything that could live under those paths either.
  opts.globIgnores = [...(opts.globIgnores || []), ...NEVER_CACHE_PREFIXES.map((p) => `${p}/**`)]
  return opts
}
