// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  NEVER_CACHE_PREFIXES,
  NEVER_CACHE_RE,
  extendGenerateSWOptions,
  neverCacheMatcher,
} from '../src-pwa/workbox-rules.js'

const SERVER_PATHS = [
  '/api/',
  '/api/transactions/?limit=25',
  '/api/auth/obtain_token/',
  '/graphql/',
  '/graphql',
  '/admin/',
  '/admin/login/?next=/admin/',
  '/flower/',
  '/flower/tasks',
  '/media/private/statements/1/x.csv',
  '/ws/',
  '/ws/notifications/',
]
const APP_PATHS = ['/', '/banking', '/transactions', '/apiary', '/administration', '/wsx', '/about']

// Quasar's own defaults, as @quasar/app-vite passes them in production.
function quasarDefaults() {
  return {
    globDirectory: '../static/pwa',
    globPatterns: ['**/*'],
    globIgnores: ['**/sw.js', '**/workbox-*'],
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/sw\.js$/, /workbox-(.)*\.js$/],
  }
}

describe('PWA workbox rules', () => {
  const opts = extendGenerateSWOptions(quasarDefaults())

  it('covers every server-side prefix', () => {
    expect(NEVER_CACHE_PREFIXES.sort()).toEqual([
      'admin',
      'api',
      'flower',
      'graphql',
      'media',
      'ws',
    ])
  })

  it('adds a NetworkOnly runtime route first, matching all server paths and no app path', () => {
    const route = opts.runtimeCaching[0]
    expect(route.handler).toBe('NetworkOnly')
    for (const p of SERVER_PATHS) {
      expect(route.urlPattern({ url: new URL(p, 'https://example.com') }), p).toBe(true)
    }
    for (const p of APP_PATHS) {
      expect(route.urlPattern({ url: new URL(p, 'https://example.com') }), p).toBe(false)
    }
  })

  it('no runtime route caches a server path', () => {
    for (const route of opts.runtimeCaching) {
      const matchesServer = SERVER_PATHS.some((p) =>
        typeof route.urlPattern === 'function'
          ? route.urlPattern({ url: new URL(p, 'https://example.com') })
          : new RegExp(route.urlPattern).test(p),
      )
      if (matchesServer) expect(route.handler).toBe('NetworkOnly')
    }
  })

  it('the urlPattern function survives serialisation into sw.js (no outside references)', () => {
    const revived = new Function(`return (${neverCacheMatcher.toString()})`)()
    expect(revived({ url: new URL('https://x/api/users/profile/') })).toBe(true)
    expect(revived({ url: new URL('https://x/banking') })).toBe(false)
  })

  it('denies the navigation fallback (index.html) for server paths, keeps Quasar defaults', () => {
    expect(opts.navigateFallback).toBe('index.html')
    expect(opts.navigateFallbackDenylist).toContain(NEVER_CACHE_RE)
    expect(opts.navigateFallbackDenylist.length).toBe(3)
    for (const p of SERVER_PATHS) {
      // Workbox tests the denylist against pathname + search.
      const u = new URL(p, 'https://example.com')
      expect(
        opts.navigateFallbackDenylist.some((re) => re.test(u.pathname + u.search)),
        p,
      ).toBe(true)
    }
    for (const p of APP_PATHS) {
      expect(
        opts.navigateFallbackDenylist.some((re) => re.test(p)),
        p,
      ).toBe(false)
    }
  })

  it('never precaches files under the server prefixes', () => {
    for (const prefix of NEVER_CACHE_PREFIXES) expect(opts.globIgnores).toContain(`${prefix}/**`)
    expect(opts.globIgnores).toContain('**/sw.js')
  })

  it('is the function quasar.config.js hands to Quasar', () => {
    const config = readFileSync(new URL('../quasar.config.js', import.meta.url), 'utf8')
    expect(config).toMatch(
      /import \{ extendGenerateSWOptions \} from '\.\/src-pwa\/workbox-rules\.js'/,
    )
    expect(config).toMatch(/^\s*extendGenerateSWOptions,\s*$/m)
  })
})
