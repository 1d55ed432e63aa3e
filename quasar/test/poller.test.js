// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createPoller } from '../src/api/poller.js'
import { manualTimers } from './fake-websocket.js'

// A poller whose liveness and activity the test sets; polls are counted.
function poller({ live = false, active = true } = {}) {
  const world = { live, active, polls: 0 }
  const timers = manualTimers()
  const p = createPoller({
    poll: async () => {
      world.polls++
    },
    intervalMs: 1000,
    isLive: () => world.live,
    isActive: () => world.active,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
  })
  return { p, world, timers }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('push or poll: the decision', () => {
  it('socket live: no poll is scheduled, whatever is active', () => {
    const { p, timers } = poller({ live: true })
    p.kick()
    p.kick(500)
    expect(timers.pending).toHaveLength(0)
    expect(p.polling()).toBe(false)
  })

  it('socket not live and something active: polls every interval until nothing is active', async () => {
    const { p, world, timers } = poller()
    p.kick(500)
    expect(timers.delays).toEqual([500])
    timers.fire()
    await settle()
    expect(world.polls).toBe(1)
    expect(timers.delays).toEqual([500, 1000])
    timers.fire()
    await settle()
    world.active = false
    timers.fire()
    await settle()
    expect(world.polls).toBe(3)
    expect(timers.pending).toHaveLength(0)
    expect(p.polling()).toBe(false)
  })

  it('nothing active: no poll', () => {
    const { p, timers } = poller({ active: false })
    p.kick()
    expect(timers.pending).toHaveLength(0)
  })

  it('one poll at a time: kicks while one is scheduled add nothing', () => {
    const { p, timers } = poller()
    p.kick()
    p.kick()
    p.kick(10)
    expect(timers.pending).toHaveLength(1)
  })

  it('the socket goes live: the scheduled poll is cancelled, one catch-up poll reads what was missed', async () => {
    const { p, world, timers } = poller()
    p.kick()
    world.live = true
    p.liveChanged(true)
    expect(timers.pending).toHaveLength(0)
    await settle()
    expect(world.polls).toBe(1)
    expect(timers.pending).toHaveLength(0)
  })

  it('the socket goes live with nothing active: no poll at all', async () => {
    const { p, world } = poller({ active: false })
    world.live = true
    p.liveChanged(true)
    await settle()
    expect(world.polls).toBe(0)
  })

  it('the socket goes down: polling starts', () => {
    const { p, world, timers } = poller({ live: true })
    p.kick()
    expect(timers.pending).toHaveLength(0)
    world.live = false
    p.liveChanged(false)
    expect(timers.delays).toEqual([1000])
  })

  it('the socket comes up between two polls: the next one is not scheduled', async () => {
    const { p, world, timers } = poller()
    p.kick()
    world.live = true
    timers.fire() // a poll that was due anyway
    await settle()
    expect(timers.pending).toHaveLength(0)
  })

  it('a poll that throws ends the polling; stop cancels it', async () => {
    const timers = manualTimers()
    let polls = 0
    const p = createPoller({
      poll: async () => {
        polls++
        throw new Error('503')
      },
      intervalMs: 1000,
      isLive: () => false,
      isActive: () => true,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
    })
    p.kick()
    timers.fire()
    await settle()
    expect(polls).toBe(1)
    expect(timers.pending).toHaveLength(0)
    p.kick()
    p.stop()
    expect(timers.pending).toHaveLength(0)
    p.kick()
    p.liveChanged(false)
    expect(timers.pending).toHaveLength(0)
  })
})
