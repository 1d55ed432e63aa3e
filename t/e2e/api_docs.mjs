// Browser end-to-end test of the API docs page (t/e2e/api_docs.t): Swagger
// UI at /api/docs/ through nginx, in the harness of t/e2e/spa.mjs. Every
// step clicks and types as a person would. Prints TAP; exit 1 on any
// failure.
import path from 'node:path';
import {
  BASE_URL, SCREENSHOT_DIR, bail, broken, expect, finish, go, note, openBrowser, page, preflight, sel, step,
  until, visible,
} from './lib/harness.mjs';

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const USER = { email: `api-docs-${stamp}@example.com`, password: `Docs-pw-${stamp}` };
const shot = (name) => page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });

// Any console error or uncaught page error on the page fails a step (the
// harness fails the run on a CSP report).
const consoleErrors = [];
function watchConsole() {
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text().split('\n')[0]} (${m.location().url})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught ${e.message.split('\n')[0]}`));
}
const noConsoleErrors = () => expect(consoleErrors.length === 0, `console errors:\n${consoleErrors.slice(0, 5).join('\n')}`);

// One operation's block: METHOD and PATH as the document has them.
const opblock = (method, p) =>
  page.locator(`.opblock.opblock-${method}`).filter({ has: page.locator(`.opblock-summary-path[data-path="${p}"]`) }).first();

// Opens an operation, presses "Try it out", optionally fills the request
// body, presses Execute; returns the live response's status and body text.
async function tryIt(method, p, body) {
  const op = opblock(method, p);
  await op.locator('.opblock-summary').first().click();
  await op.locator('.try-out__btn').first().click();
  if (body !== undefined) {
    const area = op.locator('textarea.body-param__text').first();
    await area.fill(JSON.stringify(body));
  }
  await op.locator('.btn.execute').first().click();
  const live = op.locator('.live-responses-table tr.response .response-col_status').first();
  await live.waitFor({ state: 'visible' });
  const status = (await live.textContent()).trim();
  const text = (await op.locator('.live-responses-table tr.response .response-col_description .microlight, '
    + '.live-responses-table tr.response .response-col_description pre').first().textContent()).trim();
  return { op, status, text };
}

const LISTED = 'the page lists the operations of /api/schema/ with no console error';
const TOKEN = 'Try it out on POST /api/auth/obtain_token/ gives the new user an access token';
const AUTHORIZED = 'the Authorize dialog takes the access token (bearerAuth)';
const PROFILE = 'Try it out on GET /api/users/profile/ answers 200 with the user\'s email';

preflight();
await openBrowser();
watchConsole();
try {
  note(`base ${BASE_URL}; user ${USER.email}`);
  const reg = await page.request.post(BASE_URL + '/api/auth/register/', { data: USER });
  if (reg.status() !== 201) bail('the test user registers (POST /api/auth/register/)', `${reg.status()} ${await reg.text()}`);
  const doc = await (await page.request.get(BASE_URL + '/api/schema/')).json();
  const ops = Object.values(doc.paths).reduce((n, item) =>
    n + Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k)).length, 0);
  let token;

  await step(LISTED, [], async () => {
    for (const [m, p] of [['post', '/api/auth/obtain_token/'], ['get', '/api/users/profile/']]) {
      expect(doc.paths[p]?.[m], `the document has no ${m.toUpperCase()} ${p} (does its route have a doc?)`);
    }
    const res = await go('/api/docs/');
    expect(res.status() === 200, `GET /api/docs/: ${res.status()}`);
    await visible('.opblock', 'an operation');
    await until(`all ${ops} operations are listed`, (want) => document.querySelectorAll('.opblock').length === want, ops);
    await visible('.btn.authorize', 'the Authorize button');
    await opblock('get', '/api/users/profile/').waitFor({ state: 'visible' });
    await page.waitForTimeout(300); // any late console report
    noConsoleErrors();
    await shot('api-docs-list.png');
  });

  await step(TOKEN, [LISTED], async () => {
    const { op, status, text } = await tryIt('post', '/api/auth/obtain_token/', USER);
    expect(status === '200', `status ${status}: ${text.slice(0, 300)}`);
    token = JSON.parse(text).access;
    expect(typeof token === 'string' && token.split('.').length === 3, `no access token in ${text.slice(0, 300)}`);
    await op.scrollIntoViewIfNeeded();
    await shot('api-docs-obtain-token.png');
  });

  await step(AUTHORIZED, [TOKEN], async () => {
    await sel('.auth-wrapper .btn.authorize').click();
    await visible('.modal-ux', 'the Authorize dialog');
    // The document's other schemes (the session and CSRF cookies) are in
    // the dialog too: the bearer one is the one a token goes in.
    const bearer = page.locator('.modal-ux .auth-container').filter({ hasText: 'bearerAuth' }).first();
    await bearer.waitFor({ state: 'visible' });
    await bearer.locator('input').first().fill(token);
    await bearer.locator('.btn.modal-btn.auth.authorize').click();
    await bearer.locator('.btn.modal-btn.auth.logout, button:has-text("Logout")').first().waitFor({ state: 'visible' });
    await shot('api-docs-authorized.png');
    await sel('.modal-ux .btn-done').click();
    await until('the padlock shows locked', () => !!document.querySelector('.auth-wrapper .btn.authorize.locked'));
  });

  await step(PROFILE, [AUTHORIZED], async () => {
    const { op, status, text } = await tryIt('get', '/api/users/profile/');
    expect(status === '200', `status ${status}: ${text.slice(0, 300)}`);
    expect(text.includes(USER.email), `the response panel has no ${USER.email}: ${text.slice(0, 300)}`);
    const curl = await op.locator('.curl-command, .request-url').first().textContent().catch(() => '');
    note(`request: ${curl.replace(/\s+/g, ' ').replace(token, '<token>').slice(0, 200)}`);
    await op.scrollIntoViewIfNeeded();
    await shot('api-docs-profile.png');
    noConsoleErrors();
  });

  await step('the token outlives a reload (persistAuthorization)', [PROFILE], async () => {
    // The page itself, not the deep link the URL now has: Swagger UI 5
    // logs a console error for a deep link with `_` in it (our
    // operationIds have), a deprecation notice of its own.
    await go('/api/docs/');
    await visible('.opblock', 'an operation after the reload');
    await until('the padlock is still locked', () => !!document.querySelector('.auth-wrapper .btn.authorize.locked'));
    noConsoleErrors();
  });
} catch (e) {
  broken('the test script runs to its end', e);
}
await finish();
