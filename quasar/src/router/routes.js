import MainLayout from 'layouts/MainLayout.vue'
import HomePage from 'pages/HomePage.vue'

// Home is in the entry chunk; every other page is lazy-loaded.
const routes = [
  {
    path: '/',
    component: MainLayout,
    children: [
      { path: '', name: 'home', component: HomePage },
      { path: 'about', name: 'about', component: () => import('pages/AboutPage.vue') },
      { path: 'login', name: 'login', component: () => import('pages/LoginPage.vue') },
      {
        path: 'auth/:provider/callback',
        name: 'oauth-callback',
        component: () => import('pages/OAuthCallbackPage.vue'),
      },
      { path: 'signup', name: 'signup', component: () => import('pages/SignupPage.vue') },
      { path: 'logout', name: 'logout', component: () => import('pages/LogoutPage.vue') },
      {
        path: 'profile',
        name: 'profile',
        component: () => import('pages/ProfilePage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'banking',
        name: 'banking',
        component: () => import('pages/BankingPage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'transactions',
        name: 'transactions',
        component: () => import('pages/TransactionsPage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'examples/redis',
        name: 'redis',
        component: () => import('pages/examples/RedisPage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'examples/celery',
        name: 'celery',
        component: () => import('pages/examples/CeleryPage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'examples/websockets',
        name: 'websockets',
        component: () => import('pages/examples/WebsocketsPage.vue'),
      },
      {
        path: 'login-gql',
        name: 'login-gql',
        component: () => import('pages/LoginGqlPage.vue'),
      },
      { path: 'hn-clone', name: 'hn-clone', component: () => import('pages/HnClonePage.vue') },
      {
        path: 'debug/environment-variables',
        name: 'environment-variables',
        component: () => import('pages/EnvironmentVariablesPage.vue'),
      },
      {
        path: 'services',
        name: 'services',
        component: () => import('pages/ServicesPage.vue'),
        meta: { requiresAuth: true },
      },
      // Always leave this as last one.
      {
        path: ':catchAll(.*)*',
        name: 'not-found',
        component: () => import('pages/ErrorNotFound.vue'),
      },
    ],
  },
]

export default routes
