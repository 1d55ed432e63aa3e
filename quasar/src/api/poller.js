// Polling as the fallback of pushed state: a page that shows something the
// server changes (a task's state, a statement's import) polls for it only
// while the notifications socket is not live. When the socket comes back,
// polling stops and one catch-up poll reads what was missed while it was
// down (events are not replayed).
//
// createPoller({ poll, intervalMs, isLive, isActive }):
//   poll()      reads the state (async); one that throws ends the polling;
//   isLive()    the notifications socket is live (store.live);
//   isActive()  there is still something to wait for (a task not finished,
//               a statement pending or processing).
// Returns:
//   kick(delay)       polls after delay (intervalMs by default) if the
//                     socket is not live and something is active;
//   liveChanged(live) call it when the socket's liveness changes;
//   stop()            no more polls (the page is left);
//   polling()         a poll is scheduled or running.
export function createPoller({
  poll,
  intervalMs,
  isLive,
  isActive,
  setTimeout: setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimeout: clearTimer = (id) => clearTimeout(id),
}) {
  let timer = null
  let running = false
  let stopped = false

  function cancel() {
    if (timer !== null) clearTimer(timer)
    timer = null
  }

  async function tick() {
    timer = null
    if (stopped) return
    running = true
    try {
      await poll()
    } catch {
      // A poll that throws ends the polling (poll catches what it retries).
      return
    } finally {
      running = false
    }
    kick()
  }

  function kick(delay = intervalMs) {
    if (stopped || timer !== null || running || isLive() || !isActive()) return
    timer = setTimer(tick, delay)
  }

  function liveChanged(live) {
    if (stopped) return
    if (!live) {
      kick()
      return
    }
    cancel()
    if (isActive() && !running) {
      running = true
      Promise.resolve()
        .then(poll)
        .catch(() => {})
        .finally(() => {
          running = false
        })
    }
  }

  function stop() {
    stopped = true
    cancel()
  }

  return { kick, liveChanged, stop, polling: () => timer !== null || running }
}
