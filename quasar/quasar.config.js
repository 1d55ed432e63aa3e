// Quasar CLI (@quasar/app-vite 2.x) configuration.
// https://v2.quasar.dev/quasar-cli-vite/quasar-config-file
import { defineConfig } from '#q-app/wrappers'
import { readFileSync } from 'node:fs'
import { extendGenerateSWOptions } from './src-pwa/workbox-rules.js'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

export default defineConfig((ctx) => {
  const devPort = Number(process.env.VITE_DEV_PORT || 9000)
  const hmrClientPort = process.env.VITE_HMR_CLIENT_PORT
    ? Number(process.env.VITE_HMR_CLIENT_PORT)
    : undefined
  const allowedHosts = process.env.VITE_ALLOWED_HOSTS
    ? process.env.VITE_ALLOWED_HOSTS.split(',').map((h) => h.trim())
    : undefined

  return {
    boot: ['i18n', 'dark', 'auth', 'notifications', 'apollo'],

    css: ['app.scss'],

    // SVG icons (tree-shaken imports from @quasar/extras/material-icons): no
    // icon font to download and no ligature text inside buttons and links.
    extras: [],

    build: {
      target: {
        browser: ['es2022', 'firefox115', 'chrome115', 'safari14'],
        node: 'node20',
      },
      vueRouterMode: 'history',
      // The SPA is served by nginx from static/spa (static/pwa for the PWA build).
      distDir: ctx.mode.pwa ? '../static/pwa' : '../static/spa',
      env: {
        // Build setting: "jwt" (default) or "session" (cookie + CSRF).
        AUTH_MODE: process.env.VITE_AUTH_MODE === 'session' ? 'session' : 'jwt',
        // Shown on /debug/environment-variables (public values only).
        APP_VERSION: version,
      },
    },

    devServer: {
      host: '127.0.0.1',
      port: devPort,
      strictPort: true,
      open: false,
      ...(allowedHosts ? { allowedHosts } : {}),
      // Behind an nginx reverse proxy on another port the browser must open
      // the HMR websocket on the proxy's port.
      ...(hmrClientPort ? { hmr: { clientPort: hmrClientPort } } : {}),
    },

    framework: {
      config: {
        dark: false,
        notify: { position: 'top', timeout: 4000 },
      },
      lang: 'en-US',
      iconSet: 'svg-material-icons',
      plugins: ['Notify', 'Dark', 'LocalStorage'],
    },

    animations: [],

    pwa: {
      workboxMode: 'GenerateSW',
      // Only tags for the icons we ship (public/icons/icon.svg).
      injectPwaMetaTags: ({ publicPath, pwaManifest }) =>
        `<meta name="theme-color" content="${pwaManifest.theme_color}">` +
        '<meta name="mobile-web-app-capable" content="yes">' +
        `<link rel="apple-touch-icon" href="${publicPath}icons/icon.svg">`,
      swFilename: 'sw.js',
      manifestFilename: 'manifest.json',
      extendGenerateSWOptions,
      extendManifestJson(json) {
        json.name = 'Verbose Equals True'
        json.short_name = 'VET'
        json.description = 'Verbose Equals True'
        json.display = 'standalone'
        json.start_url = '/'
      },
    },
  }
})
