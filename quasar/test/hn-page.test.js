import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { useMutation, useQuery } from '@vue/apollo-composable'
import HnClonePage from '../src/pages/HnClonePage.vue'
import { CREATE_LINK, CREATE_VOTE, LINKS } from '../src/api/hn.js'
import { useAuthStore } from '../src/stores/auth.js'
import { fakeToken, mountPage } from './mount.js'

vi.mock('@vue/apollo-composable', () => ({ useQuery: vi.fn(), useMutation: vi.fn() }))

const link = (id, votes = 0) => ({
  id: String(id),
  url: `https://example.com/${id}`,
  description: `Link number ${id}`,
  postedBy: { id: '1', email: 'poster@example.com' },
  votes: Array.from({ length: votes }, (_, i) => ({ id: `${id}-${i}`, user: { id: String(i) } })),
})

let query // what useQuery was given and what it returns
let mutations // document -> mutate mock

function mockApollo({ links = [], error = null } = {}) {
  query = {
    result: ref({ links }),
    loading: ref(false),
    error: ref(error),
    refetch: vi.fn(async () => {}),
  }
  useQuery.mockImplementation((doc, variables) => {
    query.doc = doc
    query.variables = variables
    return query
  })
  mutations = new Map([
    [CREATE_VOTE, vi.fn(async () => ({ data: { createVote: {} } }))],
    [CREATE_LINK, vi.fn(async () => ({ data: { createLink: { id: 99 } } }))],
  ])
  useMutation.mockImplementation((doc) => ({ mutate: mutations.get(doc) }))
}

function logIn() {
  useAuthStore().setGqlToken(fakeToken({ email: 'me@example.com', exp: 4e9, origIat: 1 }))
}

let wrapper
beforeEach(() => {
  localStorage.clear()
})
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

describe('/hn-clone', () => {
  it('lists the links with description, url, poster and vote count', async () => {
    mockApollo({ links: [link(2, 3), link(1, 1)] })
    wrapper = mountPage(HnClonePage)
    await flushPromises()
    expect(query.doc).toBe(LINKS)
    expect(query.variables.value).toEqual({ search: null, first: 11, skip: 0 })
    const rows = wrapper.findAll('.hn-link')
    expect(rows.map((r) => r.find('.hn-description').text())).toEqual([
      'Link number 2',
      'Link number 1',
    ])
    expect(rows[0].find('.hn-url').attributes('href')).toBe('https://example.com/2')
    expect(rows[0].find('.hn-posted-by').text()).toBe('posted by poster@example.com')
    expect(rows[0].find('.hn-votes').text()).toBe('3 votes')
    expect(rows[1].find('.hn-votes').text()).toBe('1 vote')
    expect(wrapper.find('#hn-next').attributes('disabled')).toBeDefined()
  })

  it('shows no vote button and no New Link button when logged out', async () => {
    mockApollo({ links: [link(1)] })
    wrapper = mountPage(HnClonePage)
    await flushPromises()
    expect(wrapper.find('.hn-vote').exists()).toBe(false)
    expect(wrapper.find('#hn-new-link').exists()).toBe(false)
    expect(wrapper.find('#hn-login-hint').exists()).toBe(true)
  })

  it('votes with the link id as an Int when logged in', async () => {
    mockApollo({ links: [link(7)] })
    wrapper = mountPage(HnClonePage)
    logIn()
    await flushPromises()
    await wrapper.find('.hn-vote').trigger('click')
    await flushPromises()
    expect(mutations.get(CREATE_VOTE)).toHaveBeenCalledWith({ linkId: 7 })
  })

  it('shows the empty state, and a search that matches nothing', async () => {
    mockApollo({ links: [] })
    wrapper = mountPage(HnClonePage)
    await flushPromises()
    expect(wrapper.find('.hn-empty').text()).toBe('No links yet.')
    await wrapper.find('#hn-search').setValue('zzz')
    await new Promise((r) => setTimeout(r, 350)) // the input's debounce
    await flushPromises()
    expect(query.variables.value.search).toBe('zzz')
    expect(wrapper.find('.hn-empty').text()).toBe('No link matches “zzz”.')
  })

  it('shows the error state with the server message and a retry', async () => {
    mockApollo({ error: { graphQLErrors: [{ message: 'Query too deep' }] } })
    query.result.value = undefined
    wrapper = mountPage(HnClonePage)
    await flushPromises()
    expect(wrapper.find('.hn-error').text()).toContain('Query too deep')
    await wrapper.find('#hn-retry').trigger('click')
    expect(query.refetch).toHaveBeenCalled()
  })

  it('pages with skip, asking for one link more than it shows', async () => {
    mockApollo({ links: Array.from({ length: 11 }, (_, i) => link(20 - i)) })
    wrapper = mountPage(HnClonePage)
    await flushPromises()
    expect(wrapper.findAll('.hn-link')).toHaveLength(10)
    expect(wrapper.find('#hn-prev').attributes('disabled')).toBeDefined()
    await wrapper.find('#hn-next').trigger('click')
    await nextTick()
    expect(query.variables.value).toEqual({ search: null, first: 11, skip: 10 })
    expect(wrapper.find('#hn-page').text()).toBe('Page 2')
  })

  it('adds a link through the dialog and fetches the list again, without a reload', async () => {
    mockApollo({ links: [link(1)] })
    wrapper = mountPage(HnClonePage)
    logIn()
    await flushPromises()
    await wrapper.find('#hn-new-link').trigger('click')
    await flushPromises()
    const url = document.querySelector('#hn-link-url')
    const description = document.querySelector('#hn-link-description')
    expect(url).not.toBeNull()
    // A URL that is not http(s) is refused before any request.
    url.value = 'javascript:alert(1)'
    url.dispatchEvent(new Event('input'))
    description.value = 'A new link'
    description.dispatchEvent(new Event('input'))
    document.querySelector('#hn-link-submit').click()
    await flushPromises()
    expect(document.querySelector('.hn-dialog-error').textContent).toContain('http://')
    expect(mutations.get(CREATE_LINK)).not.toHaveBeenCalled()

    url.value = 'https://example.org/new'
    url.dispatchEvent(new Event('input'))
    document.querySelector('#hn-link-submit').click()
    await flushPromises()
    expect(mutations.get(CREATE_LINK)).toHaveBeenCalledWith({
      url: 'https://example.org/new',
      description: 'A new link',
    })
    expect(query.refetch).toHaveBeenCalled()
  })

  it('speaks Chinese and Spanish', async () => {
    mockApollo({ links: [link(1, 2)] })
    wrapper = mountPage(HnClonePage, { locale: 'zh-CN' })
    await flushPromises()
    expect(wrapper.find('.hn-votes').text()).toBe('2 票')
    wrapper.unmount()
    wrapper = mountPage(HnClonePage, { locale: 'es' })
    await flushPromises()
    expect(wrapper.find('.hn-votes').text()).toBe('2 votos')
    expect(wrapper.find('h1').text()).toBe('Hacker News')
  })
})
