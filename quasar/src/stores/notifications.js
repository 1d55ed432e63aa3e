import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { WsClient, wsUrl } from '../api/ws.js'
import { tokenPayload, useAuthStore } from './auth.js'

// The one /ws/notifications/ socket of the app, open while someone is
// logged in (boot/notifications.js): wsd pushes the user's own task states
// and statement imports on it, and the pages that show them stop polling
// while it is live.
export const NOTIFICATIONS_PATH = '/ws/notifications/'
// wsd's close code for a missing, wrong or expired credential.
export const CLOSE_AUTH_REQUIRED = 4401
// An access token that expires within this many ms is refreshed before it
// is sent: wsd checks it when it arrives.
const TOKEN_MARGIN_MS = 10000

function expiresSoon(token, now) {
  const exp = tokenPayload(token)?.exp
  return typeof exp === 'number' && exp * 1000 < now + TOKEN_MARGIN_MS
}

export const useNotificationsStore = defineStore('notifications', () => {
  const auth = useAuthStore()
  // The socket's state (api/ws.js WS_STATES).
  const state = ref('closed')
  // True once wsd has confirmed the subscription ({"type":"auth","ok":true}):
  // from then on every event of the user reaches this tab. Only then may a
  // page rely on pushed state instead of polling.
  const live = ref(false)
  // Counts wsd's acknowledgements. wsd acknowledges again when it had to
  // subscribe again (Redis restarted): events of the gap are lost, so a
  // page that watches liveEpoch reads the state once more.
  const liveEpoch = ref(0)
  const userId = ref(null)
  const listeners = new Map()
  let client = null
  // A 4401 gets one token refresh and one more try, until the next success.
  let refreshedAfter4401 = false

  // on('task', fn): fn(message) for each message of that type; returns the
  // function that stops it.
  function on(type, fn) {
    if (!listeners.has(type)) listeners.set(type, new Set())
    listeners.get(type).add(fn)
    return () => listeners.get(type).delete(fn)
  }

  function dispatch(message) {
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return
    if (message.type === 'auth') {
      if (message.ok === true) {
        live.value = true
        liveEpoch.value++
        userId.value = message.user_id ?? null
        refreshedAfter4401 = false
      }
      return
    }
    for (const fn of listeners.get(message.type) || []) {
      try {
        fn(message)
      } catch (e) {
        // One page's bug must not keep the event from the others.
        console.error(e)
      }
    }
  }

  // JWT mode: the access token goes in the first message (never in the
  // URL). The session cookie needs nothing: nginx vouches for it.
  async function authenticate() {
    if (auth.mode !== 'jwt') return
    const current = client
    let token = auth.access
    try {
      if (!token || expiresSoon(token, Date.now())) token = await auth.refreshAccess()
    } catch {
      token = null
    }
    if (client !== current) return
    if (!token) stop()
    else client.send({ type: 'auth', token })
  }

  function closed(event) {
    live.value = false
    if (event && event.code === CLOSE_AUTH_REQUIRED) {
      if (auth.mode !== 'jwt' || !auth.refresh || refreshedAfter4401) return false
      refreshedAfter4401 = true
      return auth.refreshAccess().then(
        () => true,
        () => false,
      )
    }
    return true
  }

  // Opens the socket (once; a second call changes nothing). options go to
  // WsClient (the tests give a fake WebSocket and timers).
  function start(options = {}) {
    if (client) return
    refreshedAfter4401 = false
    client = new WsClient(options.url || wsUrl(NOTIFICATIONS_PATH), {
      ...options,
      onState: (s) => {
        state.value = s
        if (s !== 'open') live.value = false
      },
      onOpen: authenticate,
      onMessage: dispatch,
      onClose: closed,
    })
    client.connect()
  }

  function stop() {
    const current = client
    client = null
    if (current) current.disconnect()
    state.value = 'closed'
    live.value = false
    userId.value = null
  }

  return { state, live, liveEpoch, userId, on, dispatch, start, stop }
})

// Who the socket must speak for, or null when nobody is logged in. JWT mode:
// the access token's user_id claim (the token the socket sends; a refreshed
// token of the same user keeps it), else the profile's id; session mode: the
// profile's id (the cookie nginx vouches for).
export function loginIdentity(auth) {
  if (!auth.isLoggedIn) return null
  const fromToken = auth.mode === 'jwt' ? tokenPayload(auth.access)?.user_id : undefined
  return String(fromToken ?? auth.user?.id ?? auth.user?.email ?? '?')
}

// One socket while someone is logged in: opened at login (or when a reload
// restores the login), closed at logout, and opened anew when another user
// logs in over the current one (login() or the social callback without a
// logout): the old socket is authenticated as the previous user and would
// hand that user's events to the new one. Returns the function that stops
// following (boot/notifications.js never does).
export function followLogin(auth, notifications) {
  return watch(
    () => loginIdentity(auth),
    (identity, previous) => {
      if (previous != null && identity !== previous) notifications.stop()
      if (identity !== null) notifications.start()
    },
    { immediate: true },
  )
}
