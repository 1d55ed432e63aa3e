import { defineBoot } from '#q-app/wrappers'
import { DefaultApolloClient } from '@vue/apollo-composable'
import { createApolloClient } from 'src/api/apollo'
import { useAuthStore } from 'src/stores/auth'

// Apollo Client for the GraphQL pages (/hn-clone, /login-gql), sending the
// store's token (src/api/apollo.js).
export default defineBoot(({ app, store }) => {
  app.provide(DefaultApolloClient, createApolloClient(useAuthStore(store)))
})
