// node scripts/no-secrets.mjs DIR...: fails (exit 1) when a built front end
// holds the word SECRET (a VITE_SECRET_... variable, a SECRET_KEY name, a
// settings dump) or the value of a secret setting: those of
// ../conf/settings/*.env and of this process's environment whose names say
// SECRET, PASSWORD, TOKEN or KEY (values of 12 characters or more, so that
// "password" in a login form is not taken for one). Run by ops/test on
// static/spa, static/pwa, static/graphiql and static/api-docs after their builds.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// React's own internal property name, and prop-types' marker string
// (Swagger UI's bundle, static/api-docs): warnings to developers, not secrets.
const ALLOWED = [
  '__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED',
  'SECRET_DO_NOT_PASS_THIS_OR_YOU_WILL_BE_FIRED',
]
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|KEY/
const MIN_VALUE = 12

// NAME=value lines of .env files.
export function envValues(text) {
  const out = {}
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line)
    if (m) out[m[1]] = m[2].trim().replace(/^(['"])(.*)\1$/, '$2')
  }
  return out
}

// The values to look for: secret-named settings long enough to be specific.
export function secretValues(...sources) {
  const values = new Set()
  for (const vars of sources) {
    for (const [name, value] of Object.entries(vars)) {
      if (SECRET_NAME.test(name) && typeof value === 'string' && value.length >= MIN_VALUE) {
        values.add(value)
      }
    }
  }
  return [...values]
}

function filesUnder(dir) {
  const out = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesUnder(p))
    else if (entry.isFile()) out.push(p)
  }
  return out
}

// [{file, what}] for every file under dirs that holds SECRET or a value.
export function findSecrets(dirs, values) {
  const found = []
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      let text = fs.readFileSync(file, 'latin1')
      for (const a of ALLOWED) text = text.split(a).join('')
      if (text.includes('SECRET')) found.push({ file, what: 'the word SECRET' })
      for (const v of values) {
        if (text.includes(v))
          found.push({ file, what: `the value of a secret setting (${v.slice(0, 4)}…)` })
      }
    }
  }
  return found
}

function main(dirs) {
  const settingsDir = fileURLToPath(new URL('../../conf/settings/', import.meta.url))
  const files = fs.existsSync(settingsDir) ? fs.readdirSync(settingsDir) : []
  const fromFiles = files
    .filter((f) => f.endsWith('.env'))
    .map((f) => envValues(fs.readFileSync(path.join(settingsDir, f), 'utf8')))
  const values = secretValues(process.env, ...fromFiles)
  const missing = dirs.filter((d) => !fs.existsSync(d))
  if (!dirs.length || missing.length) {
    console.error(
      `no-secrets: nothing to check${missing.length ? `: missing ${missing.join(', ')}` : ''}`,
    )
    return 1
  }
  const found = findSecrets(dirs, values)
  for (const f of found) console.error(`no-secrets: ${f.file}: ${f.what}`)
  console.log(
    `no-secrets: ${dirs.join(', ')}: ${found.length} finding(s), ${values.length} secret values looked for`,
  )
  return found.length ? 1 : 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2))
}
