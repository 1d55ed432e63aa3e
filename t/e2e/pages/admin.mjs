// The admin at /admin/ (issue 14) in the browser, through nginx: the demo
// user logs in, searches transactions, filters them by statement in the side
// panel, orders them by a column, edits a link, deletes votes in bulk
// through the confirmation page, reads the link's history and the admin log,
// and logs out. Every step clicks and types as a person would; the rows it
// looks at are made with psql first, each run with its own stamp. The
// page's own script (static/admin/admin.js) runs under the admin's
// Content-Security-Policy: any console error or uncaught page error fails.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  BASE_URL, SCREENSHOT_DIR, expect, fail, go, newContext, note, page, sel, step, until, visible,
} from '../lib/harness.mjs';

const DEMO = { email: 'admin@company.com', password: 'password' };
const shot = (name) => page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });

// ---------------------------------------------------------------- data
// One statement against the stack's database (the harness exports its
// port); the rows of the answer, tab-separated fields.
function psql(sql) {
  const out = execFileSync('psql', ['-h', '127.0.0.1', '-p', process.env.POSTGRES_SERVICE_PORT, '-U', 'postgres',
    '-d', process.env.POSTGRES_NAME || 'postgres', '-tAq', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
  { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}
const one = (sql) => psql(sql)[0][0];

// An owner and two statements of theirs (months that sort first among the
// side panel's statements), with rows that match the search word and one
// that does not; a link to edit, two links to delete together, and votes.
export function makeRows(stamp) {
  const word = `zqx${stamp}`;
  const owner = one(`INSERT INTO users (email, password) VALUES ('adm-e2e-${stamp}@example.com', '!') RETURNING id`);
  const voters = psql(`INSERT INTO users (email, password) SELECT 'adm-e2e-${stamp}-' || g || '@example.com', '!'
    FROM generate_series(1, 3) g RETURNING id`).map((r) => r[0]);
  const statement = (month) => one(`INSERT INTO statement_files (owner_id, statement_file, month, status, rows)
    VALUES (${owner}, 'statements/adm-e2e-${stamp}-${month}.csv', '${month}-01', 'done', 3) RETURNING id`);
  const a = { id: statement('1990-01'), month: '1990-01' };
  const b = { id: statement('1990-02'), month: '1990-02' };
  const tx = [
    [a, '1990-01-05', `${word} Coffee`, '12.50'],
    [a, '1990-01-10', `${word} Books`, '7.25'],
    [a, '1990-01-20', `${word} Train`, '30.00'],
    [a, '1990-01-21', `Unrelated ${stamp} Rent`, '900.00'],
    [b, '1990-02-03', `${word} Lunch`, '18.40'],
    [b, '1990-02-14', `${word} Flowers`, '3.99'],
  ];
  psql(`INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount) VALUES ${
    tx.map(([s, d, desc, amt]) => `(${s.id}, ${owner}, '${d}', '${desc}', 'Main St ${stamp}', ${amt})`).join(', ')}`);
  const link = (url, desc) => one(`INSERT INTO links (url, description, posted_by_id)
    VALUES ('${url}', '${desc}', ${owner}) RETURNING id`);
  const edited = link(`https://example.com/adm-e2e-${stamp}/edit`, `Before ${stamp}`);
  const bulk = [link(`https://example.com/adm-e2e-${stamp}-bulk/1`, ''), link(`https://example.com/adm-e2e-${stamp}-bulk/2`, '')];
  const vote = (user, l) => one(`INSERT INTO votes (user_id, link_id) VALUES (${user}, ${l}) RETURNING id`);
  const votes = voters.map((u) => vote(u, edited));
  const bulkVotes = bulk.map((l) => vote(voters[0], l));
  const matching = tx.filter((t) => t[2].startsWith(word));
  return { stamp, word, owner, a, b, tx, matching, edited, bulk, votes, bulkVotes };
}

// ---------------------------------------------------------------- page helpers
// Runs act (a click) and waits for the main frame's next document: a link,
// a form's POST and its redirect all end in one.
async function navigate(act) {
  const nav = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await act();
  await nav;
  await page.waitForLoadState('domcontentloaded');
}
const click = (s) => navigate(() => sel(s).click());

// The change list's rows: each one's cells after the checkbox, as text.
const rows = () => page.$$eval('#result_list tbody tr', (trs) => trs.map((tr) =>
  [...tr.querySelectorAll('th, td')].slice(1).map((c) => c.textContent.trim())));
const checkboxValues = () => page.$$eval('#result_list input.action-select', (els) => els.map((e) => e.value));
const query = (name) => new URL(page.url()).searchParams.get(name);
const same = (got, want) => JSON.stringify(got) === JSON.stringify(want);

// The change list of app/model, reached from the index as a person would.
async function openChangelist(app, model) {
  await go('/admin/');
  await visible(`a[href="${app}/${model}/"]`, `the index's link to ${app}/${model}`);
  await click(`a[href="${app}/${model}/"]`);
  expect(new URL(page.url()).pathname === `/admin/${app}/${model}/`, `the index's link led to ${page.url()}`);
  await visible('#result_list', `the ${model} change list`);
}

async function search(term) {
  await sel('#searchbar').fill('');
  await sel('#searchbar').pressSequentially(term);
  await click('#changelist-search input[type="submit"]');
  expect(query('q') === term, `the URL's q is ${JSON.stringify(query('q'))}, want ${JSON.stringify(term)}`);
}

// Picks the action by the words on the menu ("Delete selected votes") and clicks Go.
async function chooseAction(label) {
  await sel('select[name="action"]').selectOption({ label });
  await click('#changelist-form button[name="index"]');
}

const messages = () => page.$$eval('ul.messagelist li', (els) => els.map((e) => e.textContent.trim()));

// ---------------------------------------------------------------- console
// Every console error (a CSP refusal is one) and uncaught page error.
const consoleErrors = [];
export function watchConsole() {
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text().split('\n')[0]} (${m.location().url})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: uncaught ${e.message.split('\n')[0]}`));
}

// ---------------------------------------------------------------- steps
const LOGGED_IN = 'login: the demo user logs in at /admin/login/ and lands on the index';
const SEARCHED = 'transactions: a search shows the matching rows of both statements and their total';
const EDITED = 'links: the change form saves a new description ("Save and continue editing", then "Save")';

export async function admin(d) {
  note(`base ${BASE_URL}; stamp ${d.stamp}; statements ${d.a.id}, ${d.b.id}; link ${d.edited}; votes ${d.votes.join(', ')}`);
  await step(LOGGED_IN, [], async () => {
    await go('/admin/');
    await page.waitForURL((u) => u.pathname === '/admin/login/', { timeout: 15000 });
    expect(query('next') === '/admin/', `the login page's next is ${JSON.stringify(query('next'))}`);
    await visible('#id_username');
    await sel('#id_username').pressSequentially(DEMO.email);
    await sel('#id_password').pressSequentially(DEMO.password);
    await click('#login-form input[type="submit"]');
    expect(new URL(page.url()).pathname === '/admin/', `after the login the browser is at ${page.url()}`);
    await visible('#user-tools', 'the user tools');
    const who = await sel('#user-tools strong').textContent();
    expect(who.trim() === DEMO.email, `the user tools greet ${JSON.stringify(who)}`);
    expect(await page.locator('a[href="banking/transaction/"]').count() === 1, 'the index does not list transactions');
  });

  await step(SEARCHED, [LOGGED_IN], async () => {
    await openChangelist('banking', 'transaction');
    await search(d.word);
    const got = await rows();
    // Default ordering: -date.
    const want = [...d.matching].sort((x, y) => y[1].localeCompare(x[1]));
    expect(same(got.map((r) => r[1]), want.map((t) => t[2])),
      `the rows' descriptions are ${JSON.stringify(got.map((r) => r[1]))}, want ${JSON.stringify(want.map((t) => t[2]))}`);
    expect(same(got.map((r) => [r[0], r[3], r[4]]), want.map((t) => [t[1], t[3], `${t[0].month} statement (${t[0].id})`])),
      `the rows' date, amount and source file are ${JSON.stringify(got.map((r) => [r[0], r[3], r[4]]))}`);
    const total = (await sel('#changelist-form .paginator').textContent()).trim();
    expect(total === `${want.length} transactions`, `the total reads ${JSON.stringify(total)}, want "${want.length} transactions"`);
    await shot('admin-changelist.png');
  });

  const FILTERED = 'transactions: "By source file" in the side panel narrows the search to one statement, in the URL';
  await step(FILTERED, [SEARCHED], async () => {
    const label = `${d.a.month} statement (${d.a.id})`;
    const choice = page.locator('#changelist-filter li a', { hasText: label });
    expect(await choice.count() === 1, `the side panel has ${await choice.count()} choices "${label}"`);
    await navigate(() => choice.click());
    expect(query('source_file_id__id__exact') === d.a.id, `the URL has no source_file_id__id__exact=${d.a.id}: ${page.url()}`);
    expect(query('q') === d.word, `the search was lost: ${page.url()}`);
    const want = d.matching.filter((t) => t[0] === d.a).sort((x, y) => y[1].localeCompare(x[1]));
    const got = await rows();
    expect(same(got.map((r) => r[1]), want.map((t) => t[2])), `the filtered rows are ${JSON.stringify(got.map((r) => r[1]))}`);
    const selected = (await sel('#changelist-filter h3:text-is("By source file") + ul li.selected').textContent()).trim();
    expect(selected === label, `the selected choice is ${JSON.stringify(selected)}`);
    const total = (await sel('#changelist-form .paginator').textContent()).trim();
    expect(total === `${want.length} transactions`, `the total reads ${JSON.stringify(total)}`);
    await shot('admin-changelist-filtered.png');
  });

  await step('transactions: a click on the Amount header orders by it, a second click reverses it', [FILTERED], async () => {
    const amounts = async () => (await rows()).map((r) => Number(r[3]));
    const header = () => page.locator('#result_list thead th a', { hasText: /^Amount$/ });
    await navigate(() => header().click());
    expect(/^4(\.|$)/.test(query('o') || ''), `the URL's o is ${JSON.stringify(query('o'))}, want 4 first`);
    expect(query('source_file_id__id__exact') === d.a.id && query('q') === d.word, `the filter or search was lost: ${page.url()}`);
    const up = await amounts();
    expect(up.length === 3 && same(up, [...up].sort((x, y) => x - y)), `ascending amounts: ${up.join(', ')}`);
    expect(await page.locator('#result_list thead th.sorted.ascending', { hasText: 'Amount' }).count() === 1, 'Amount is not marked ascending');
    await navigate(() => header().click());
    expect(/^-4(\.|$)/.test(query('o') || ''), `the URL's o is ${JSON.stringify(query('o'))}, want -4 first`);
    const down = await amounts();
    expect(same(down, [...up].reverse()), `descending amounts: ${down.join(', ')}`);
  });

  const description = `After ${d.stamp}: edited in the browser`;
  await step(EDITED, [LOGGED_IN], async () => {
    await openChangelist('hn', 'link');
    await search(`adm-e2e-${d.stamp}/edit`);
    expect(same(await checkboxValues(), [d.edited]), `the search shows links ${JSON.stringify(await checkboxValues())}, want [${d.edited}]`);
    await click('#result_list tbody th a');
    expect(new URL(page.url()).pathname === `/admin/hn/link/${d.edited}/change/`, `the row led to ${page.url()}`);
    const box = sel('#admin-form textarea[name="description"]');
    expect((await box.inputValue()) === `Before ${d.stamp}`, `the form shows ${JSON.stringify(await box.inputValue())}`);
    await box.fill('');
    await box.pressSequentially(description);
    await click('#admin-form input[name="_continue"]');
    expect(new URL(page.url()).pathname === `/admin/hn/link/${d.edited}/change/`, `"Save and continue editing" led to ${page.url()}`);
    const want = `The link “Link object (${d.edited})” was changed successfully. You may edit it again below.`;
    const said = await messages();
    expect(same(said, [want]), `the messages are ${JSON.stringify(said)}, want ${JSON.stringify([want])}`);
    expect((await box.inputValue()) === description, `the form shows ${JSON.stringify(await box.inputValue())} after the save`);
    await shot('admin-change-form.png');
    await click('#admin-form input[name="_save"]');
    expect(new URL(page.url()).pathname === '/admin/hn/link/', `"Save" led to ${page.url()}`);
    const saved = await messages();
    expect(same(saved, [`The link “Link object (${d.edited})” was changed successfully.`]), `the messages after "Save" are ${JSON.stringify(saved)}`);
    const stored = one(`SELECT description FROM links WHERE id = ${d.edited}`);
    expect(stored === description, `the database holds ${JSON.stringify(stored)}`);
  });

  await step('votes: two ticked boxes, "Delete selected votes", Go: the confirmation lists them; "Yes" deletes them', [LOGGED_IN], async () => {
    await openChangelist('hn', 'vote');
    const [gone1, gone2] = d.votes;
    for (const id of [gone1, gone2]) await sel(`#result_list input.action-select[value="${id}"]`).check();
    await chooseAction('Delete selected votes');
    await visible('ul.deleted-objects', 'the confirmation');
    const h1 = (await sel('#content h1').textContent()).trim();
    expect(h1 === 'Are you sure?', `the confirmation's title is ${JSON.stringify(h1)}`);
    const listed = await page.$$eval('ul.deleted-objects > li', (els) => els.map((e) => e.textContent.trim()));
    expect(same(listed, [`vote: Vote object (${gone1})`, `vote: Vote object (${gone2})`].sort()),
      `the confirmation lists ${JSON.stringify(listed)}`);
    await shot('admin-delete-confirmation.png');
    await click('input[type="submit"][value="Yes, I’m sure"]');
    expect(new URL(page.url()).pathname === '/admin/hn/vote/', `the confirmation led to ${page.url()}`);
    const left = await checkboxValues();
    expect(!left.includes(gone1) && !left.includes(gone2), `the change list still shows vote ${gone1} or ${gone2}`);
    expect(left.includes(d.votes[2]), `the change list lost vote ${d.votes[2]}, which was not ticked`);
    const count = one(`SELECT count(*) FROM votes WHERE id IN (${d.votes.join(', ')})`);
    expect(count === '1', `${count} of the three votes are left, want 1`);
    const said = await messages();
    expect(same(said, ['Successfully deleted 2 votes.']), `the messages are ${JSON.stringify(said)}`);
  });

  await step('votes: the select-all box ticks every row (admin.js), one untick clears it; the confirmation lists the page; "No" keeps them', [LOGGED_IN], async () => {
    await openChangelist('hn', 'vote');
    const ids = await checkboxValues();
    expect(ids.length > 0, 'no votes on the page');
    await sel('#action-toggle').check();
    await until('every row is ticked after the select-all box', () =>
      [...document.querySelectorAll('input.action-select')].every((b) => b.checked));
    await sel('input.action-select').uncheck();
    await until('the select-all box clears when a row is unticked', () => !document.getElementById('action-toggle').checked);
    await sel('input.action-select').check();
    await until('the select-all box is ticked again when every row is', () => document.getElementById('action-toggle').checked);
    await chooseAction('Delete selected votes');
    await visible('ul.deleted-objects', 'the confirmation');
    const listed = await page.$$eval('ul.deleted-objects > li', (els) => els.map((e) => e.textContent.trim()));
    const want = ids.map((id) => `vote: Vote object (${id})`).sort();
    expect(same([...listed].sort(), want), `the confirmation lists ${listed.length} votes, want the page's ${ids.length}`);
    await click('a.cancel-link');
    expect(new URL(page.url()).pathname === '/admin/hn/vote/', `"No, take me back" led to ${page.url()}`);
    expect(same(await checkboxValues(), ids), 'the votes changed after "No, take me back"');
  });

  await step('links: select-all over a search deletes both links, the confirmation naming their votes', [LOGGED_IN], async () => {
    await openChangelist('hn', 'link');
    await search(`adm-e2e-${d.stamp}-bulk`);
    expect(same([...(await checkboxValues())].sort(), [...d.bulk].sort()), `the search shows links ${JSON.stringify(await checkboxValues())}`);
    await sel('#action-toggle').check();
    await until('both rows are ticked after the select-all box', () =>
      [...document.querySelectorAll('input.action-select')].every((b) => b.checked));
    await chooseAction('Delete selected links');
    await visible('ul.deleted-objects', 'the confirmation');
    const text = (await sel('ul.deleted-objects').textContent()).replace(/\s+/g, ' ');
    for (const id of d.bulk) expect(text.includes(`link: Link object (${id})`), `the confirmation does not name link ${id}: ${text}`);
    expect(/votes: 2/.test(text), `the confirmation does not count their 2 votes: ${text}`);
    await click('input[type="submit"][value="Yes, I’m sure"]');
    const left = one(`SELECT (SELECT count(*) FROM links WHERE id IN (${d.bulk.join(', ')})) + (SELECT count(*) FROM votes WHERE id IN (${d.bulkVotes.join(', ')}))`);
    expect(left === '0', `${left} of the links and their votes are left`);
  });

  await step('history: the edited link\'s History page shows "Changed Description." by the demo user', [EDITED], async () => {
    await go(`/admin/hn/link/${d.edited}/change/`);
    await visible('a.historylink');
    await click('a.historylink');
    expect(new URL(page.url()).pathname === `/admin/hn/link/${d.edited}/history/`, `History led to ${page.url()}`);
    const entries = await page.$$eval('#change-history tbody tr', (trs) => trs.map((tr) =>
      [...tr.children].map((c) => c.textContent.trim())));
    expect(entries.some((e) => e[1] === DEMO.email && e[2] === 'Changed Description.'),
      `the history is ${JSON.stringify(entries)}`);
    await shot('admin-history.png');
  });

  await step('admin log: /admin/log/ lists the link\'s change and the votes\' deletion by the demo user, newest first', [EDITED], async () => {
    await go('/admin/');
    await visible('#recent-actions-module a[href="/admin/log/"]', 'the index\'s link to the whole admin log');
    await click('#recent-actions-module a[href="/admin/log/"]');
    await visible('#admin-log', 'the admin log\'s table');
    // Date/time, then user, action, model, object, change message.
    const entries = await page.$$eval('#admin-log tbody tr', (trs) => trs.map((tr) =>
      [...tr.children].slice(1).map((c) => c.textContent.trim())));
    const at = (want) => entries.findIndex((e) => same(e.slice(0, want.length), want));
    const changed = at([DEMO.email, 'Change', 'link', `Link object (${d.edited})`, 'Changed Description.']);
    const deleted = at([DEMO.email, 'Deletion', 'vote', `Vote object (${d.votes[0]})`]);
    expect(changed >= 0 && deleted >= 0, `the admin log's first rows: ${JSON.stringify(entries.slice(0, 8))}`);
    expect(deleted < changed, 'the deletion, made after the change, is listed below it');
    await shot('admin-log.png');
  });

  await step('logout: the "Log out" button (a POST) ends the session; /admin/ then sends to the login page', [LOGGED_IN], async () => {
    await go('/admin/');
    await visible('#logout-form button');
    const posted = page.waitForRequest((q) => new URL(q.url()).pathname === '/admin/logout/');
    await click('#logout-form button');
    const method = (await posted).method();
    expect(method === 'POST', `the logout button sent a ${method}`);
    await go('/admin/');
    await page.waitForURL((u) => u.pathname === '/admin/login/', { timeout: 15000 });
    await visible('#id_username', 'the login form');
  });

  await step('no console error, CSP report or uncaught page error on any admin page', [], async () => {
    if (consoleErrors.length) fail(consoleErrors.slice(0, 8).join('\n'));
  });

  // The watch above can fail: an inline script on an admin page (in a
  // browser of its own, so the run's page stays clean) is refused by the
  // CSP and the refusal reaches the console.
  await step('and an inline script on an admin page is refused by its CSP, on the console', [], async () => {
    const other = await newContext();
    try {
      const p = await other.newPage();
      const said = [];
      p.on('console', (m) => said.push(m.text()));
      await p.goto(BASE_URL + '/admin/login/', { waitUntil: 'domcontentloaded' });
      const refused = p.waitForEvent('console', { predicate: (m) => /Content Security Policy/i.test(m.text()) });
      const ran = await p.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = true';
        document.head.appendChild(s);
        return window.__inline === true;
      });
      await refused;
      expect(!ran, 'the inline script ran');
    } finally {
      await other.close();
    }
  });
}
