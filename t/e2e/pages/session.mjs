// The SPA built with SPA_AUTH_MODE=session (cookie login with CSRF) gets
// its own short flow: no token may reach JavaScript.
import {
  BASE_URL, broken, context, emailPattern, expect, go, login, logout, page, registerByApi, sel, step, visible, waitText,
} from '../lib/harness.mjs';

export async function sessionMode(user) {
  try {
    await registerByApi(user);
    await step('session mode: log in with the form; only the csrftoken cookie is visible to scripts', [], async () => {
      await login(user.email, user.password);
      await waitText('#user-email', emailPattern(user.email), '#user-email');
      const seen = await page.evaluate(() => ({ cookie: document.cookie, storage: JSON.stringify({ ...localStorage, ...sessionStorage }) }));
      expect(/(^|; )csrftoken=/.test(seen.cookie), `no csrftoken cookie: ${seen.cookie}`);
      expect(!/sessionid/.test(seen.cookie), 'sessionid is readable by scripts (it must be httpOnly)');
      expect(!/eyJ[A-Za-z0-9_-]+\./.test(seen.storage), `a JWT is stored: ${seen.storage.slice(0, 200)}`);
      const cookies = await context.cookies(BASE_URL);
      expect(cookies.some((c) => c.name === 'sessionid' && c.httpOnly), 'no httpOnly sessionid cookie');
    });
    const IN = 'session mode: log in with the form; only the csrftoken cookie is visible to scripts';
    await step('session mode: a reload keeps the session', [IN], async () => {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await visible('#logout', '#logout after the reload');
    });
    await step('session mode: an unsafe request carries X-CSRFToken (Redis counter set to 7, then cleared)', [IN], async () => {
      await go('/examples/redis');
      await visible('.redis-debug');
      const posted = page.waitForRequest((r) => r.url().includes('/api/debug/redis/') && r.method() === 'POST');
      await sel('#input').fill('7');
      await sel('#set').click();
      const req = await posted;
      expect(!!req.headers()['x-csrftoken'], 'the POST has no X-CSRFToken header');
      await waitText('#val', '7', '#val after set');
      await sel('#clear').click();
      await waitText('#val', '', '#val after clear');
    });
    await step('session mode: /ws/notifications/ goes live on the cookie alone (no auth message sent)', [IN], async () => {
      const sent = [];
      const track = (ws) => {
        if (ws.url().includes('/ws/notifications/')) ws.on('framesent', (f) => sent.push(String(f.payload)));
      };
      page.on('websocket', track);
      try {
        await page.reload({ waitUntil: 'domcontentloaded' });
        await go('/examples/celery');
        await page.waitForSelector('#notifications-state[data-live="true"]', { timeout: 10000 })
          .catch(() => { throw new Error('#notifications-state is not live in session mode'); });
        expect(sent.length === 0, `the page sent ${JSON.stringify(sent)} on the notifications socket`);
      } finally {
        page.off('websocket', track);
      }
    });
    await step('session mode: log out ends the session, also after a reload', [IN], async () => {
      await logout();
      await page.reload({ waitUntil: 'domcontentloaded' });
      await visible('#login', '#login after a reload');
      const res = await page.request.get(BASE_URL + '/api/users/profile/');
      expect(res.status() === 401 || res.status() === 403, `the profile still answers ${res.status()} with the old cookies`);
    });
  } catch (e) {
    broken('the session-mode script runs to its end', e);
  }
}
