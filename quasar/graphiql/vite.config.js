// GraphiQL built into static files: ../../static/graphiql/index.html and
// assets/ (hashed). nginx serves /static/ from the repository's static/, so
// the page's URLs start with /static/graphiql/. No inline script: Vite emits
// <script type="module" src=...> and <link rel="stylesheet">.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  base: '/static/graphiql/',
  build: {
    outDir: fileURLToPath(new URL('../../static/graphiql', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One GraphiQL page: its chunk is large by nature.
    chunkSizeWarningLimit: 4000,
    // No inline data: URLs for assets (img-src/font-src 'self' is enough).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
})
