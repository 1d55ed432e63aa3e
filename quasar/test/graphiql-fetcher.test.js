import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetcher, initialHeaders, readCookie } from '../graphiql/src/fetcher.js'
import { clearCookies } from './helpers.js'

afterEach(() => {
  clearCookies()
  localStorage.clear()
  vi.unstubAllGlobals()
})

describe('GraphiQL fetcher (graphiql/src/fetcher.js)', () => {
  it('POSTs to /graphql/ with X-CSRFToken from the cookie; typed headers win', async () => {
    document.cookie = 'csrftoken=C1; path=/'
    const fetchMock = vi.fn(async () => new Response('{"data":{"links":[]}}'))
    vi.stubGlobal('fetch', fetchMock)
    const out = await fetcher(
      { query: '{ links { id } }' },
      { headers: { Authorization: 'JWT t' } },
    )
    expect(out).toEqual({ data: { links: [] } })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/graphql/')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('same-origin')
    expect(init.headers['X-CSRFToken']).toBe('C1')
    expect(init.headers.Authorization).toBe('JWT t')
    expect(JSON.parse(init.body)).toEqual({ query: '{ links { id } }' })
  })

  it('turns a body that is not JSON into a GraphQL error', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>502</html>', { status: 502 }))
    const out = await fetcher({ query: '{ x }' })
    expect(out.errors[0].message).toMatch(/^HTTP 502: <html>502/)
  })

  it("starts with the SPA's GraphQL token as the Authorization header", () => {
    expect(initialHeaders()).toBe('')
    localStorage.setItem('vet.gqlToken', 'abc')
    expect(JSON.parse(initialHeaders())).toEqual({ Authorization: 'JWT abc' })
    expect(readCookie('x', 'a=1; x=y%20z')).toBe('y z')
  })
})
