import { defineBoot } from '#q-app/wrappers'
import { Dark } from 'quasar'

export const DARK_KEY = 'vet.dark'

export function setDark(value) {
  Dark.set(Boolean(value))
  try {
    localStorage.setItem(DARK_KEY, value ? '1' : '0')
  } catch {
    // storage disabled
  }
}

export default defineBoot(() => {
  let saved = null
  try {
    saved = localStorage.getItem(DARK_KEY)
  } catch {
    saved = null
  }
  if (saved === '1' || saved === '0') Dark.set(saved === '1')
})
