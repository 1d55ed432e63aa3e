// @vitest-environment node
import { describe, expect, it } from 'vitest'
import messages, { LANGUAGES } from '../src/i18n/index.js'

function flatten(obj, prefix = '') {
  const out = {}
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') Object.assign(out, flatten(v, key))
    else out[key] = v
  }
  return out
}

function placeholders(s) {
  return [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
}

const reference = flatten(messages['en-US'])

describe('i18n completeness', () => {
  it('has en-US, zh-CN and es', () => {
    expect(LANGUAGES).toEqual(['en-US', 'zh-CN', 'es'])
    for (const lang of LANGUAGES) expect(messages[lang]).toBeTruthy()
  })

  for (const lang of ['zh-CN', 'es']) {
    const flat = flatten(messages[lang])

    it(`${lang} has every en-US key`, () => {
      const missing = Object.keys(reference).filter((k) => !(k in flat))
      expect(missing).toEqual([])
    })

    it(`${lang} has no key that en-US lacks`, () => {
      const extra = Object.keys(flat).filter((k) => !(k in reference))
      expect(extra).toEqual([])
    })

    it(`${lang} uses the same placeholders as en-US`, () => {
      for (const [k, v] of Object.entries(reference)) {
        expect(placeholders(flat[k]), `${lang}: ${k}`).toEqual(placeholders(v))
      }
    })
  }

  for (const lang of LANGUAGES) {
    it(`${lang} has no empty strings`, () => {
      for (const [k, v] of Object.entries(flatten(messages[lang]))) {
        expect(typeof v, `${lang}: ${k}`).toBe('string')
        expect(v.trim(), `${lang}: ${k}`).not.toBe('')
      }
    })
  }

  it('the Chinese drawer label for Home is 首页', () => {
    expect(messages['zh-CN'].nav.home).toBe('首页')
  })

  it('the app title is the same everywhere', () => {
    for (const lang of LANGUAGES) expect(messages[lang].app.title).toBe('Verbose Equals True')
  })
})
