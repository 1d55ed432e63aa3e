// The sleep-task example and the statements table (Banking) show state
// pushed over /ws/notifications/, and poll only while that socket is not
// live.
import MockAdapter from 'axios-mock-adapter'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { api } from '../src/api/http.js'
import CeleryPage from '../src/pages/examples/CeleryPage.vue'
import StatementsTable from '../src/components/StatementsTable.vue'
import { useNotificationsStore } from '../src/stores/notifications.js'
import { mountPage } from './mount.js'

let mock
let gets

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  mock = new MockAdapter(api)
  gets = []
  mock.onGet().reply((config) => {
    gets.push(config.url)
    return handlers.get(config)
  })
})

afterEach(() => {
  mock.restore()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

const handlers = { get: () => [404, {}] }

// The socket is live (wsd confirmed the subscription) or not.
function setLive(live) {
  const n = useNotificationsStore()
  if (live) n.dispatch({ type: 'auth', ok: true, user_id: 1 })
  else n.live = false
  return n
}

async function settle(ms = 0) {
  await flushPromises()
  if (ms) await vi.advanceTimersByTimeAsync(ms)
  await flushPromises()
  await nextTick()
}

describe('sleep task (/examples/celery)', () => {
  async function submit(wrapper, taskId = 'T1') {
    mock.onPost('/api/celery/sleep-task/').reply(200, { message: 'ok', task_id: taskId })
    await wrapper.find('form').trigger('submit')
    await settle()
  }

  it('socket live: the state is pushed, with no GET /api/tasks/<id>/', async () => {
    const wrapper = mountPage(CeleryPage)
    const n = setLive(true)
    await submit(wrapper)
    expect(wrapper.find('#task-id').text()).toBe('T1')
    expect(wrapper.find('#task-state').attributes('data-state')).toBe('PENDING')
    n.dispatch({ type: 'task', id: 'T1', name: 'sleep_task', state: 'STARTED' })
    await nextTick()
    expect(wrapper.find('#task-state').attributes('data-state')).toBe('STARTED')
    await settle(5000)
    n.dispatch({ type: 'task', id: 'T1', name: 'sleep_task', state: 'SUCCESS', result: 7 })
    await nextTick()
    expect(wrapper.find('#task-state').text()).toBe('SUCCESS')
    expect(wrapper.text()).toContain('Result: 7')
    await settle(5000)
    expect(gets).toEqual([])
    expect(wrapper.find('#notifications-state').attributes('data-live')).toBe('true')
    wrapper.unmount()
  })

  it("another task's event changes nothing", async () => {
    const wrapper = mountPage(CeleryPage)
    const n = setLive(true)
    await submit(wrapper)
    n.dispatch({ type: 'task', id: 'OTHER', state: 'FAILURE', error: 'boom' })
    await nextTick()
    expect(wrapper.find('#task-state').text()).toBe('PENDING')
    wrapper.unmount()
  })

  it('an event that comes before the POST answers is not lost', async () => {
    const wrapper = mountPage(CeleryPage)
    const n = setLive(true)
    let answer
    mock
      .onPost('/api/celery/sleep-task/')
      .reply(() => new Promise((r) => (answer = () => r([200, { task_id: 'T2' }]))))
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    n.dispatch({ type: 'task', id: 'T2', name: 'sleep_task', state: 'SUCCESS', result: 1 })
    answer()
    await settle()
    expect(wrapper.find('#task-state').text()).toBe('SUCCESS')
    expect(gets).toEqual([])
    wrapper.unmount()
  })

  it('socket not live: polls GET /api/tasks/<id>/ until a final state', async () => {
    let state = 'STARTED'
    handlers.get = () => [200, { state, result: state === 'SUCCESS' ? 2 : undefined }]
    const wrapper = mountPage(CeleryPage)
    setLive(false)
    await submit(wrapper)
    await settle(600)
    expect(gets).toEqual(['/api/tasks/T1/'])
    expect(wrapper.find('#task-state').text()).toBe('STARTED')
    state = 'SUCCESS'
    await settle(1000)
    expect(wrapper.find('#task-state').text()).toBe('SUCCESS')
    await settle(5000)
    expect(gets).toHaveLength(2)
    wrapper.unmount()
  })

  it('the socket drops mid-task: polling starts; it comes back: one catch-up GET, then none', async () => {
    handlers.get = () => [200, { state: 'STARTED' }]
    const wrapper = mountPage(CeleryPage)
    const n = setLive(true)
    await submit(wrapper)
    await settle(3000)
    expect(gets).toHaveLength(0)
    setLive(false)
    await settle(1000)
    expect(gets).toHaveLength(1)
    await settle(1000)
    expect(gets).toHaveLength(2)
    setLive(true)
    await settle()
    expect(gets).toHaveLength(3)
    await settle(5000)
    expect(gets).toHaveLength(3)
    n.dispatch({ type: 'task', id: 'T1', state: 'SUCCESS', result: 1 })
    await nextTick()
    expect(wrapper.find('#task-state').text()).toBe('SUCCESS')
    wrapper.unmount()
  })

  it('wsd acknowledges again (it subscribed again after a Redis restart): one catch-up GET', async () => {
    handlers.get = () => [200, { state: 'SUCCESS', result: 2 }]
    const wrapper = mountPage(CeleryPage)
    const n = setLive(true)
    await submit(wrapper)
    await settle(3000)
    expect(gets).toHaveLength(0)
    n.dispatch({ type: 'auth', ok: true, user_id: 1 })
    await settle()
    expect(gets).toEqual(['/api/tasks/T1/'])
    expect(wrapper.find('#task-state').text()).toBe('SUCCESS')
    await settle(5000)
    expect(gets).toHaveLength(1)
    wrapper.unmount()
  })
})

describe('statements table (/banking)', () => {
  const uploaded = { id: 42, month: '2019-12-01', statement_file: 'x.csv', status: 'pending' }
  let rowsListed

  beforeEach(() => {
    rowsListed = []
    handlers.get = (config) =>
      config.url === '/api/statements/'
        ? [200, { count: rowsListed.length, results: rowsListed }]
        : [404, {}]
  })

  const row = (w) => w.find('[data-statement-id="42"]')

  it('socket live: the upload shows its row, the import is pushed, no GET after the upload', async () => {
    const wrapper = mountPage(StatementsTable)
    const n = setLive(true)
    await settle()
    expect(gets).toEqual(['/api/statements/'])
    wrapper.vm.added(uploaded)
    await nextTick()
    expect(row(wrapper).find('.statement-status').attributes('data-status')).toBe('pending')

    n.dispatch({
      type: 'statement',
      id: 42,
      status: 'processing',
      rows: 400,
      errors: [],
      progress: 40,
    })
    await nextTick()
    const progress = row(wrapper).find('.statement-progress')
    expect(progress.attributes('data-progress')).toBe('40')
    expect(progress.text()).toBe('40% · 400 rows')
    expect(progress.find('[role="progressbar"]').exists()).toBe(true)
    expect(row(wrapper).find('.statement-rows').text()).toBe('400')

    n.dispatch({ type: 'statement', id: 42, status: 'done', rows: 1000, errors: [], progress: 100 })
    await nextTick()
    expect(row(wrapper).find('.statement-status').attributes('data-status')).toBe('done')
    expect(row(wrapper).find('.statement-rows').text()).toBe('1000')
    expect(row(wrapper).find('.statement-progress').exists()).toBe(false)
    expect(wrapper.emitted('processed')).toHaveLength(1)
    await settle(10000)
    expect(gets).toEqual(['/api/statements/'])
    wrapper.unmount()
  })

  it('a failed import shows its errors', async () => {
    const wrapper = mountPage(StatementsTable)
    const n = setLive(true)
    await settle()
    wrapper.vm.added(uploaded)
    n.dispatch({
      type: 'statement',
      id: 42,
      status: 'failed',
      rows: 0,
      errors: ['line 3: bad date "13/45/2019"'],
      progress: 100,
    })
    await nextTick()
    expect(row(wrapper).find('.statement-status').attributes('data-status')).toBe('failed')
    expect(row(wrapper).find('.statement-errors').text()).toBe('line 3: bad date "13/45/2019"')
    wrapper.unmount()
  })

  it('events that come before the upload answers are applied to its row', async () => {
    const wrapper = mountPage(StatementsTable)
    const n = setLive(true)
    await settle()
    n.dispatch({ type: 'statement', id: 42, status: 'done', rows: 5, errors: [], progress: 100 })
    wrapper.vm.added(uploaded)
    await nextTick()
    expect(row(wrapper).find('.statement-status').attributes('data-status')).toBe('done')
    expect(row(wrapper).find('.statement-rows').text()).toBe('5')
    expect(gets).toEqual(['/api/statements/'])
    wrapper.unmount()
  })

  it('socket not live: the upload reloads the list and polls while it is active', async () => {
    const wrapper = mountPage(StatementsTable)
    setLive(false)
    await settle()
    rowsListed = [{ ...uploaded, status: 'processing', rows: 10 }]
    wrapper.vm.added(uploaded)
    await settle()
    expect(gets).toHaveLength(2)
    await settle(1500)
    expect(gets).toHaveLength(3)
    rowsListed = [{ ...uploaded, status: 'done', rows: 1000 }]
    await settle(1500)
    expect(gets).toHaveLength(4)
    expect(row(wrapper).find('.statement-status').attributes('data-status')).toBe('done')
    expect(wrapper.emitted('processed')).toHaveLength(1)
    await settle(5000)
    expect(gets).toHaveLength(4)
    wrapper.unmount()
  })
})
