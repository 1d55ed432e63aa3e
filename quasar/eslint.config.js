import js from '@eslint/js'
import globals from 'globals'
import pluginVue from 'eslint-plugin-vue'
import prettierSkipFormatting from 'eslint-config-prettier'

export default [
  {
    ignores: [
      '.quasar/**',
      'node_modules/**',
      'dist/**',
      'coverage/**',
      '../static/**',
      'graphiql/node_modules/**',
    ],
  },
  js.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: {
        ...globals.browser,
        ...globals.node,
      },
    },
    rules: {
      'vue/multi-word-component-names': 'off',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src-pwa/custom-service-worker.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  // Formatting is prettier's job (`prettier --check` in `npm run lint`).
  prettierSkipFormatting,
]
