import enUS from './en-US.js'
import zhCN from './zh-CN.js'
import es from './es.js'

export const LANGUAGES = ['en-US', 'zh-CN', 'es']
export const DEFAULT_LANGUAGE = 'en-US'
export const LANG_KEY = 'vet.lang'

export default {
  'en-US': enUS,
  'zh-CN': zhCN,
  es,
}

// Picks the remembered language, else the browser's, else English.
export function initialLanguage() {
  let saved = null
  try {
    saved = localStorage.getItem(LANG_KEY)
  } catch {
    saved = null
  }
  if (LANGUAGES.includes(saved)) return saved
  const nav = typeof navigator !== 'undefined' ? navigator.language || '' : ''
  if (nav.toLowerCase().startsWith('zh')) return 'zh-CN'
  if (nav.toLowerCase().startsWith('es')) return 'es'
  return DEFAULT_LANGUAGE
}
