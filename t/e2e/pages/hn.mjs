// The Hacker News clone over GraphQL: /login-gql, then /hn-clone (links,
// search, paging, the New Link dialog, votes, the three languages),
// /debug/environment-variables and GraphiQL on GET /graphql/.
import path from 'node:path';
import {
  BASE_URL, SCREENSHOT_DIR, expect, fail, go, page, registerByApi, sel, step, until, visible, waitText,
} from '../lib/harness.mjs';

const LOGGED_IN_GQL = 'log in on /login-gql: #logout shows and the page goes to /hn-clone';
const POSTED = 'the New Link dialog adds a link at the top of the list without a reload';
const shot = (name) => page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });

// Posts links straight to /graphql/ with the token the page keeps.
async function createLinksByApi(stamp, count) {
  const token = await page.evaluate(() => localStorage.getItem('vet.gqlToken'));
  expect(token, 'no GraphQL token in localStorage (vet.gqlToken)');
  for (let i = 0; i < count; i++) {
    const res = await page.request.post(BASE_URL + '/graphql/', {
      headers: { Authorization: `JWT ${token}` },
      data: {
        query: 'mutation($u: String!, $d: String!) { createLink(url: $u, description: $d) { id } }',
        variables: { u: `https://example.com/${stamp}/${i}`, d: `paging ${stamp} ${i}` },
      },
    });
    const body = await res.json().catch(() => null);
    if (res.status() !== 200 || !body?.data?.createLink?.id) fail(`createLink: ${res.status()} ${JSON.stringify(body)}`);
  }
}

export async function hn(user, stamp) {
  await step('/login-gql refuses a wrong password with the server message', [], async () => {
    await registerByApi(user);
    await go('/login-gql');
    await visible('#email');
    await sel('#email').fill(user.email);
    await sel('#password').fill('wrong-password');
    await sel('#login-btn').click();
    await waitText('.login-error', /valid credentials/i, '.login-error after a wrong password');
  });

  await step(LOGGED_IN_GQL, [], async () => {
    await go('/login-gql');
    await visible('#email');
    await shot('hn-login-gql.png');
    await sel('#email').fill(user.email);
    await sel('#password').fill(user.password);
    await sel('#login-btn').click();
    await visible('#logout', '#logout after the GraphQL login');
    await until('the page goes to /hn-clone', () => location.pathname === '/hn-clone');
    await waitText('#user-email', user.email, 'the header shows the email of the token');
    await visible('#hn-new-link', '#hn-new-link (the New Link button of a logged-in user)');
  });

  await step(POSTED, [LOGGED_IN_GQL], async () => {
    await page.evaluate(() => { window.__noReload = 'still here'; });
    const description = `e2e link ${stamp}`;
    await sel('#hn-new-link').click();
    await visible('#hn-link-url');
    await sel('#hn-link-url').fill(`https://example.com/e2e/${stamp}`);
    await sel('#hn-link-description').fill(description);
    await shot('hn-new-link-dialog.png');
    await sel('#hn-link-submit').click();
    await until('the new link is first in the list', (d) =>
      document.querySelector('.hn-link .hn-description')?.textContent.trim() === d, description);
    expect(await page.evaluate(() => window.__noReload) === 'still here', 'the page was reloaded');
    await waitText('.hn-link .hn-posted-by', new RegExp(user.email.replace(/[.+]/g, '\\$&')), 'posted by the user');
    await waitText('.hn-link .hn-votes', /^0 votes$/, 'a new link has no votes');
  });

  await step('vote: the first link goes from 0 to 1 vote', [POSTED], async () => {
    await sel('.hn-link .hn-vote').click();
    await until('.hn-votes of the first link is 1', () =>
      document.querySelector('.hn-link .hn-votes')?.dataset.votes === '1');
    await shot('hn-clone.png');
  });

  await step('search: only the links that match, and an empty state', [POSTED], async () => {
    await go('/hn-clone');
    await visible('#hn-search');
    await sel('#hn-search').fill(`e2e link ${stamp}`);
    await until('one link matches the search', (d) => {
      const rows = [...document.querySelectorAll('.hn-link .hn-description')];
      return rows.length === 1 && rows[0].textContent.trim() === d;
    }, `e2e link ${stamp}`);
    await sel('#hn-search').fill(`no such link ${stamp}`);
    await visible('.hn-empty', 'the empty state of a search that matches nothing');
  });

  // Newest first: the 11 links just posted fill page 1 (10..1) and open page 2 (0).
  await step('paging: 10 links a page, #hn-next and #hn-prev', [LOGGED_IN_GQL], async () => {
    await createLinksByApi(stamp, 11);
    await go('/hn-clone');
    await until('page 1 starts with the newest link', (d) =>
      document.querySelector('.hn-link .hn-description')?.textContent.trim() === d, `paging ${stamp} 10`);
    expect((await page.locator('.hn-link').count()) === 10, 'page 1 does not show 10 links');
    await sel('#hn-next').click();
    await until('page 2 starts with the 11th link', (d) =>
      document.querySelector('.hn-link .hn-description')?.textContent.trim() === d, `paging ${stamp} 0`);
    await waitText('#hn-page', 'Page 2');
    await sel('#hn-prev').click();
    await until('back on page 1', (d) =>
      document.querySelector('.hn-link .hn-description')?.textContent.trim() === d, `paging ${stamp} 10`);
  });

  await step('Spanish and Chinese on /hn-clone', [LOGGED_IN_GQL], async () => {
    for (const [lang, label] of [['es', 'Nuevo enlace'], ['zh-CN', '新链接'], ['en-US', 'New Link']]) {
      await sel('#lang-switch').click();
      await visible(`[data-lang="${lang}"]`);
      await sel(`[data-lang="${lang}"]`).click();
      await waitText('#hn-new-link', label, `#hn-new-link in ${lang}`);
      if (lang === 'es') await shot('hn-clone-es.png');
    }
  });

  await step('/debug/environment-variables lists the build settings, no secret', [], async () => {
    await go('/debug/environment-variables');
    await visible('#env-table');
    await waitText('#env-table tr[data-name="VITE_AUTH_MODE"] .env-value', /^(jwt|session)$/);
    await waitText('#env-table tr[data-name="GRAPHQL_URL"] .env-value', '/graphql/');
    const html = await page.content();
    expect(!/SECRET/.test(html), 'the page shows SECRET');
    await shot('environment-variables.png');
  });

  await step('logging out forgets the GraphQL token: no vote button', [LOGGED_IN_GQL], async () => {
    await go('/logout');
    await visible('#login', '#login after logging out');
    await go('/hn-clone');
    await visible('#hn-login-hint');
    expect(!(await page.locator('.hn-vote').count()), 'a vote button shows after logout');
  });

  await step('GraphiQL on GET /graphql/ runs a query', [], async () => {
    await go('/graphql/');
    await visible('.graphiql-container', 'GraphiQL');
    // The container shows before the editors are made (CodeMirror loads
    // lazily); a click on "run" before then is lost. Wait for the editor to
    // hold the default query, then run it.
    await until('the query editor holds the default query', () =>
      /links\(first/.test(document.querySelector('.graphiql-query-editor')?.textContent || ''));
    await sel('.graphiql-execute-button').click();
    await until('the result pane shows data.links', () =>
      /"links"/.test(document.querySelector('.graphiql-response')?.textContent || ''));
    // The schema came through introspection: the docs show the root types.
    await sel('button[aria-label="Show Documentation Explorer"]').click();
    await until('the documentation explorer names the Query and Mutation types', () =>
      /Query[\s\S]*Mutation/.test(document.querySelector('.graphiql-doc-explorer')?.textContent || ''));
    // The settings dialog adds <style> elements at run time (the page's CSP).
    const settings = page.locator('button[aria-label="Open settings dialog"]');
    if (await settings.count()) {
      await settings.first().click();
      await visible('.graphiql-dialog');
      await page.keyboard.press('Escape');
    }
    await shot('graphiql.png');
  });
}
