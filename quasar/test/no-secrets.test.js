// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { envValues, findSecrets, secretValues } from '../scripts/no-secrets.mjs'

let dir
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-secrets-'))
  fs.mkdirSync(path.join(dir, 'assets'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const write = (name, text) => fs.writeFileSync(path.join(dir, name), text)

describe('scripts/no-secrets.mjs', () => {
  it('passes a clean build, React internals included', () => {
    write('index.html', '<script src="/assets/a.js"></script>')
    write(
      'assets/a.js',
      'x.__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED; autocomplete="password"',
    )
    expect(findSecrets([dir], ['ci-only-secret-key-0123'])).toEqual([])
  })

  it('finds the word SECRET in any file under the directory', () => {
    write('assets/b.js', 'const e={VITE_SECRET_KEY:"x"}')
    const found = findSecrets([dir], [])
    expect(found).toHaveLength(1)
    expect(found[0].file).toBe(path.join(dir, 'assets/b.js'))
  })

  it('finds the value of a secret setting', () => {
    write('assets/c.js', 'const k="development-only-secret-key-0123456789abcdef"')
    expect(findSecrets([dir], ['development-only-secret-key-0123456789abcdef'])).toHaveLength(1)
  })

  it('takes long values of secret-named settings from .env text and the environment', () => {
    const vars = envValues('# c\nSECRET_KEY=abcdefghijklmnop\nPOSTGRES_PASSWORD=\nDEBUG=true\n')
    expect(vars.SECRET_KEY).toBe('abcdefghijklmnop')
    expect(
      secretValues(vars, {
        GITHUB_TOKEN: 'ghp_0123456789abc',
        HOME: '/root/long/path/x',
        PW_KEY: 'short',
      }),
    ).toEqual(['abcdefghijklmnop', 'ghp_0123456789abc'])
  })
})
