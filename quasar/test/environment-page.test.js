import { afterEach, describe, expect, it } from 'vitest'
import EnvironmentVariablesPage from '../src/pages/EnvironmentVariablesPage.vue'
import { buildSettings } from '../src/config.js'
import { mountPage } from './mount.js'

afterEach(() => {
  delete process.env.AUTH_MODE
  delete process.env.APP_VERSION
  delete import.meta.env.VITE_SECRET_KEY
  document.body.innerHTML = ''
})

describe('/debug/environment-variables', () => {
  it('shows the build settings in a table', () => {
    process.env.AUTH_MODE = 'session'
    process.env.APP_VERSION = '9.9.9'
    const wrapper = mountPage(EnvironmentVariablesPage)
    const rows = Object.fromEntries(
      wrapper.findAll('#env-table tbody tr').map((tr) => [tr.attributes('data-name'), tr]),
    )
    expect(rows.VITE_AUTH_MODE.find('.env-value').text()).toBe('session')
    expect(rows.APP_VERSION.find('.env-value').text()).toBe('9.9.9')
    expect(rows.GRAPHQL_URL.find('.env-value').text()).toBe('/graphql/')
    expect(rows['import.meta.env.MODE'].find('.env-value').text()).toBe('test')
    wrapper.unmount()
  })

  it('lists named settings only, never a VITE_ variable it was not told about', () => {
    import.meta.env.VITE_SECRET_KEY = 'hunter2-hunter2-hunter2'
    const text = JSON.stringify(buildSettings())
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('SECRET')
  })

  it('is in Spanish and Chinese too', () => {
    const es = mountPage(EnvironmentVariablesPage, { locale: 'es' })
    expect(es.find('h1').text()).toBe('Variables de entorno')
    es.unmount()
    const zh = mountPage(EnvironmentVariablesPage, { locale: 'zh-CN' })
    expect(zh.find('h1').text()).toBe('环境变量')
    zh.unmount()
  })
})
