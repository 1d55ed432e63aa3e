import { defineBoot } from '#q-app/wrappers'
import { useAuthStore } from 'src/stores/auth'
import { followLogin, useNotificationsStore } from 'src/stores/notifications'

// The app's one /ws/notifications/ socket, open while someone is logged in.
export default defineBoot(({ store }) => {
  followLogin(useAuthStore(store), useNotificationsStore(store))
})
