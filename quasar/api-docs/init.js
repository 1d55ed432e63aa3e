// GET /api/docs/: Swagger UI (swagger-ui-dist from npm, copied next to this
// file by build_api_docs in ops/lib/build.sh) on the document the api
// program generates from its route tables (GET /api/schema/). A script file
// of its own, not inline: the page's Content-Security-Policy allows only
// this origin's scripts. "Authorize" takes an access token (the document's
// bearerAuth scheme: POST /api/auth/obtain_token/ gives one), kept in this
// browser's localStorage across reloads (persistAuthorization); "Try it
// out" calls this same origin (the document's servers is [{"url": "/"}]).
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({
  url: '/api/schema/',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  displayRequestDuration: true,
  tryItOutEnabled: false,
  // No badge from an outside validator: the page loads nothing from
  // another origin (and its policy would refuse it).
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
})
