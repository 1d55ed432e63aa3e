// Build-time settings. Quasar replaces `process.env.AUTH_MODE` with a string
// literal at build time (quasar.config.js build.env, from env VITE_AUTH_MODE);
// the unit tests set it on the real process.env. Do not guard with
// `typeof process`: there is no `process` in the browser, only the replacement.
export function authMode() {
  let mode
  try {
    mode = process.env.AUTH_MODE
  } catch {
    mode = undefined
  }
  return mode === 'session' ? 'session' : 'jwt'
}
