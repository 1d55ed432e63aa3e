import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import WebsocketsPage from '../src/pages/examples/WebsocketsPage.vue'
import { FakeWebSocket } from './fake-websocket.js'
import { mountPage } from './mount.js'

beforeEach(() => {
  FakeWebSocket.reset()
  vi.stubGlobal('WebSocket', FakeWebSocket)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

// What wsd sends to every member of the group for one ping.
function pong(ping, extra = {}) {
  return {
    message: ping.message,
    sender: ping.sender,
    user: null,
    cached_value: 3,
    server_recv_ping: ping.ts + 4.6,
    server_send_pong: ping.ts + 7.2,
    vue_ping: ping.ts,
    ...extra,
  }
}

describe('/examples/websockets', () => {
  it('has the old page: header, the URL, #ping, and connects on enter', async () => {
    const wrapper = mountPage(WebsocketsPage)
    expect(wrapper.find('h1').text()).toBe('Websockets example')
    expect(wrapper.find('#ws-url').text()).toBe('Ping Pong: ws://localhost:9000/ws/ping-pong/')
    expect(wrapper.find('#ping').text()).toBe('Send Ping')
    expect(FakeWebSocket.instances).toHaveLength(1)
    expect(FakeWebSocket.last().url).toBe('ws://localhost:9000/ws/ping-pong/')
    await nextTick()
    expect(wrapper.find('#ws-state').attributes('data-state')).toBe('connecting')
    FakeWebSocket.last().serverOpen()
    await nextTick()
    expect(wrapper.find('#ws-state').attributes('data-state')).toBe('open')
    expect(wrapper.find('#ws-state').text()).toBe('Connected')
    wrapper.unmount()
  })

  it('#ping sends {message, sender, ts}; each reply is one .pong card, newest first', async () => {
    const wrapper = mountPage(WebsocketsPage)
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    const before = Date.now()
    await wrapper.find('#ping').trigger('click')
    const [ping] = ws.sentJson()
    expect(Object.keys(ping).sort()).toEqual(['message', 'sender', 'ts'])
    expect(ping.message).toBe('ping')
    expect(typeof ping.sender).toBe('string')
    expect(ping.ts).toBeGreaterThanOrEqual(before)
    expect(wrapper.findAll('.pong')).toHaveLength(0)

    ws.serverSend(pong(ping))
    await nextTick()
    const cards = wrapper.findAll('.pong')
    expect(cards).toHaveLength(1)
    const text = cards[0].text()
    expect(text).toContain('Cached Value: 3')
    expect(text).toContain(`Vue Ping: 0 (${ping.ts})`)
    expect(text).toContain('Server Recv: +5 ms')
    expect(text).toContain('Server Send Pong: +7 ms')
    expect(text).toMatch(/Vue Recv Pong: \+\d+ ms/)
    expect(cards[0].classes()).toContain('pong-own')

    // Another tab's ping: a second card, on top, not ours.
    ws.serverSend(
      pong({ message: 'ping', sender: 'tab-other', ts: ping.ts + 1 }, { cached_value: 6 }),
    )
    await nextTick()
    const two = wrapper.findAll('.pong')
    expect(two).toHaveLength(2)
    expect(two[0].text()).toContain('Cached Value: 6')
    expect(two[0].classes()).not.toContain('pong-own')
    expect(two[1].text()).toContain('Cached Value: 3')
    wrapper.unmount()
  })

  it('a ping clicked before the socket opens is sent when it does', async () => {
    const wrapper = mountPage(WebsocketsPage)
    await wrapper.find('#ping').trigger('click')
    const ws = FakeWebSocket.last()
    expect(ws.sent).toHaveLength(0)
    ws.serverOpen()
    expect(ws.sentJson().map((m) => m.message)).toEqual(['ping'])
    wrapper.unmount()
  })

  it('an error frame shows its detail; the next pong clears it', async () => {
    const wrapper = mountPage(WebsocketsPage)
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    ws.serverSend({ type: 'error', detail: 'the channel layer is unavailable' })
    await nextTick()
    expect(wrapper.find('.ws-error').text()).toContain('the channel layer is unavailable')
    expect(wrapper.findAll('.pong')).toHaveLength(0)
    ws.serverSend(pong({ message: 'ping', sender: 'x', ts: Date.now() }))
    await nextTick()
    expect(wrapper.find('.ws-error').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows reconnecting when the socket drops, and disconnects on leave', async () => {
    vi.useFakeTimers()
    try {
      const wrapper = mountPage(WebsocketsPage)
      FakeWebSocket.last().serverOpen()
      FakeWebSocket.last().serverClose(1006)
      await nextTick()
      expect(wrapper.find('#ws-state').attributes('data-state')).toBe('reconnecting')
      vi.advanceTimersByTime(600)
      expect(FakeWebSocket.instances).toHaveLength(2)
      const ws = FakeWebSocket.last()
      ws.serverOpen()
      wrapper.unmount()
      expect(ws.closedWith).toBe(1000)
      vi.advanceTimersByTime(20000)
      expect(FakeWebSocket.instances).toHaveLength(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('is in Chinese too', () => {
    const zh = mountPage(WebsocketsPage, { locale: 'zh-CN' })
    expect(zh.find('h1').text()).toBe('WebSocket 示例')
    expect(zh.find('#ping').text()).toBe('发送 Ping')
    zh.unmount()
  })
})

describe('/examples/websockets: accessibility', () => {
  it('the state chip names the state, not only what it is', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket)
    const wrapper = mountPage(WebsocketsPage)
    FakeWebSocket.last().serverOpen()
    await nextTick()
    expect(wrapper.find('#ws-state').attributes('aria-label')).toBe('Connection state: Connected')
    wrapper.unmount()
  })
})
