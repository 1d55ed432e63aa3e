import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { useMutation } from '@vue/apollo-composable'
import LoginGqlPage from '../src/pages/LoginGqlPage.vue'
import { TOKEN_AUTH } from '../src/api/hn.js'
import { GQL_TOKEN_KEY, useAuthStore } from '../src/stores/auth.js'
import { fakeToken, mountPage } from './mount.js'

vi.mock('@vue/apollo-composable', () => ({ useMutation: vi.fn() }))
const replace = vi.fn()
let query = {}
vi.mock('vue-router', () => ({
  useRoute: () => ({ query }),
  useRouter: () => ({ replace }),
}))

const TOKEN = fakeToken({ email: 'admin@company.com', exp: 4e9, origIat: 1 })
let mutate
let wrapper

function fill(email, password) {
  return Promise.all([
    wrapper.find('#email').setValue(email),
    wrapper.find('#password').setValue(password),
  ])
}

beforeEach(() => {
  localStorage.clear()
  replace.mockReset()
  query = {}
  mutate = vi.fn()
  useMutation.mockImplementation((doc) => {
    expect(doc).toBe(TOKEN_AUTH)
    return { mutate }
  })
  wrapper = mountPage(LoginGqlPage)
})
afterEach(() => {
  wrapper.unmount()
  document.body.innerHTML = ''
})

describe('/login-gql', () => {
  it('has the old form ids', () => {
    for (const id of ['#email', '#password', '#login-btn']) {
      expect(wrapper.find(id).exists(), id).toBe(true)
    }
  })

  it('logs in with tokenAuth, keeps the token in the store and goes to /hn-clone', async () => {
    mutate.mockResolvedValue({ data: { tokenAuth: { token: TOKEN, payload: {} } } })
    await fill('admin@company.com', 'password')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(mutate).toHaveBeenCalledWith({ email: 'admin@company.com', password: 'password' })
    const auth = useAuthStore()
    expect(auth.gqlToken).toBe(TOKEN)
    expect(localStorage.getItem(GQL_TOKEN_KEY)).toBe(TOKEN)
    expect(auth.anyLoggedIn).toBe(true)
    expect(auth.email).toBe('admin@company.com')
    expect(replace).toHaveBeenCalledWith('/hn-clone')
  })

  it('goes to a same-app ?next= path, never to another site', async () => {
    mutate.mockResolvedValue({ data: { tokenAuth: { token: TOKEN } } })
    query = { next: '//evil.example.com/' }
    await fill('a@b.c', 'pw')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(replace).toHaveBeenCalledWith('/hn-clone')
  })

  it('shows the server message on bad credentials and stays logged out', async () => {
    mutate.mockRejectedValue({ graphQLErrors: [{ message: 'Please enter valid credentials' }] })
    await fill('admin@company.com', 'wrong')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('.login-error').text()).toBe('Please enter valid credentials')
    expect(useAuthStore().gqlToken).toBeNull()
    expect(replace).not.toHaveBeenCalled()
  })

  it('asks for both fields before any request', async () => {
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('.login-error').text()).toBe('Enter your email and password.')
    expect(mutate).not.toHaveBeenCalled()
  })
})
