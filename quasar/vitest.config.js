import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const r = (p) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  // Single-file components, for the page tests (test/*-page.test.js).
  plugins: [vue()],
  resolve: {
    alias: [
      { find: 'src', replacement: r('./src') },
      { find: 'stores', replacement: r('./src/stores') },
      { find: 'components', replacement: r('./src/components') },
      { find: 'pages', replacement: r('./src/pages') },
      { find: 'boot', replacement: r('./src/boot') },
      // Quasar's browser build (the "node" condition would pick its SSR build).
      { find: /^quasar$/, replacement: r('./node_modules/quasar/dist/quasar.client.js') },
    ],
  },
  test: {
    environment: 'happy-dom',
    environmentOptions: {
      happyDOM: { url: 'http://localhost:9000/' },
    },
    include: ['test/**/*.test.js'],
    restoreMocks: true,
  },
})
