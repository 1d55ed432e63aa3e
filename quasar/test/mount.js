// Mounts a page component with what the app gives it (Quasar with its
// components, vue-i18n, a fresh Pinia), for the page tests. Apollo and
// vue-router are mocked by each test file (vi.mock), as the store tests mock
// axios.
import { h } from 'vue'
import { mount, RouterLinkStub } from '@vue/test-utils'
import * as quasar from 'quasar'
import { createI18n } from 'vue-i18n'
import { createPinia, setActivePinia } from 'pinia'
import messages from '../src/i18n/index.js'

const components = Object.fromEntries(
  Object.entries(quasar).filter(([name]) => /^Q[A-Z]/.test(name) && name !== 'QPage'),
)

// QPage insists on a QLayout around it: a plain block stands in.
const QPage = {
  name: 'QPage',
  render() {
    return h('main', this.$slots.default?.())
  },
}

export function mountPage(Page, { locale = 'en-US' } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en-US', messages })
  const wrapper = mount(Page, {
    attachTo: document.body,
    global: {
      plugins: [
        [
          quasar.Quasar,
          {
            plugins: { Notify: quasar.Notify },
            components,
            directives: { ClosePopup: quasar.ClosePopup },
          },
        ],
        i18n,
        pinia,
      ],
      components: { QPage },
      stubs: { RouterLink: RouterLinkStub },
    },
  })
  return wrapper
}

// A JWT-shaped token with this payload (the signature is not checked here).
export function fakeToken(payload) {
  // base64url of the UTF-8 JSON, as PyJWT and libjwt write it.
  const b64 = (o) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o))))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`
}
