import MockAdapter from 'axios-mock-adapter'
import { createPinia, setActivePinia } from 'pinia'
import { api, installAuthInterceptors } from '../src/api/http.js'
import { useAuthStore } from '../src/stores/auth.js'

export const PROFILE = {
  id: 1,
  email: 'admin@company.com',
  first_name: '',
  last_name: '',
  is_staff: true,
  is_superuser: true,
}

// A fresh Pinia, store, mock adapter and interceptors for each test.
export function setup({ mode = 'jwt', onAuthFailure } = {}) {
  process.env.AUTH_MODE = mode
  setActivePinia(createPinia())
  const store = useAuthStore()
  const mock = new MockAdapter(api)
  const uninstall = installAuthInterceptors(api, store, { onAuthFailure })
  return {
    store,
    mock,
    teardown() {
      uninstall()
      mock.restore()
      delete process.env.AUTH_MODE
    },
  }
}

export function bearer(config) {
  const h = config.headers || {}
  return typeof h.get === 'function' ? h.get('Authorization') : h.Authorization
}

export function header(config, name) {
  const h = config.headers || {}
  return typeof h.get === 'function' ? h.get(name) : h[name]
}

export function body(config) {
  return typeof config.data === 'string' ? JSON.parse(config.data) : config.data
}

export function clearCookies() {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0].trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}
