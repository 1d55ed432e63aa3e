import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const r = (p) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  resolve: {
    alias: {
      src: r('./src'),
      stores: r('./src/stores'),
      components: r('./src/components'),
      pages: r('./src/pages'),
      boot: r('./src/boot'),
    },
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
