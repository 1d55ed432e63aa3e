import { defineBoot } from '#q-app/wrappers'
import { api, installAuthInterceptors } from 'src/api/http'
import { useAuthStore } from 'src/stores/auth'

export default defineBoot(async ({ router, store }) => {
  const auth = useAuthStore(store)
  installAuthInterceptors(api, auth, {
    onAuthFailure: () => {
      const current = router.currentRoute.value
      if (current.path !== '/login') {
        router.push({ path: '/login', query: { next: current.fullPath } })
      }
    },
  })
  // A reload keeps the user logged in (refresh token or session cookie).
  await auth.restore()

  router.beforeEach((to) => {
    if (to.meta.requiresAuth && !auth.isLoggedIn) {
      return { path: '/login', query: { next: to.fullPath } }
    }
    return true
  })
})
