import { defineBoot } from '#q-app/wrappers'
import { createI18n } from 'vue-i18n'
import { Lang } from 'quasar'
import messages, { LANGUAGES, LANG_KEY, DEFAULT_LANGUAGE, initialLanguage } from 'src/i18n'

// Quasar's own language packs (dialogs, tables...), loaded on demand.
const quasarLangs = {
  'en-US': () => import('quasar/lang/en-US.js'),
  'zh-CN': () => import('quasar/lang/zh-CN.js'),
  es: () => import('quasar/lang/es.js'),
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: DEFAULT_LANGUAGE,
  fallbackLocale: DEFAULT_LANGUAGE,
  messages,
})

// Switches vue-i18n, Quasar's language pack and <html lang>; remembers it.
export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) lang = DEFAULT_LANGUAGE
  i18n.global.locale.value = lang
  try {
    localStorage.setItem(LANG_KEY, lang)
  } catch {
    // storage disabled: the choice lasts for this visit only
  }
  document.documentElement.setAttribute('lang', lang)
  try {
    const pack = await quasarLangs[lang]()
    Lang.set(pack.default)
  } catch {
    // keep the current Quasar pack
  }
  document.documentElement.setAttribute('lang', lang)
}

export default defineBoot(async ({ app }) => {
  app.use(i18n)
  await setLanguage(initialLanguage())
})
