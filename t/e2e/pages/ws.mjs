// The websocket pages through nginx and wsd: ping-pong between two browser
// contexts on /examples/websockets, and the state /ws/notifications/ pushes
// to /banking (a statement's import) and /examples/celery (the sleep task),
// with no polling while that socket is live.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BASE_URL, SAMPLE_CSV, SCREENSHOT_DIR, T, TASK_T, UPLOAD_T, expect, fail, go, login, newContext, note, page,
  registerByApi, sel, step, textOf, until, visible,
} from '../lib/harness.mjs';

const shot = (p, name) => p.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
const pongCount = (p) => p.locator('.pong').count();
const PING_RE = /Vue Ping:\s*0\s*\((\d+)\)/;

// The Vue Ping (the ping's ts) of every .pong card of page p, newest first.
const cardPings = (p) => p.evaluate((re) => [...document.querySelectorAll('.pong')].map((c) => {
  const m = c.textContent.match(new RegExp(re));
  return m ? Number(m[1]) : null;
}), PING_RE.source);

// After a ping: waits until page p has a card on top that is not one of
// `before` (its cards' pings before the ping, newest first), then checks
// that its cards are exactly that one on top of `before`. The new pong is
// the marker that proves absence without a fixed wait: a pong delivered
// twice, or late, shows up before it as an extra card. Returns the cards.
async function newPong(p, before, who) {
  try {
    await p.waitForFunction(([known, re]) => {
      const m = document.querySelector('.pong')?.textContent.match(new RegExp(re));
      return m && !known.includes(Number(m[1]));
    }, [before, PING_RE.source], { timeout: 10000, polling: 50 });
  } catch {
    fail(`${who}: no new .pong card on top of ${JSON.stringify(before)} (the cards: ${JSON.stringify(await cardPings(p))})`);
  }
  const now = await cardPings(p);
  expect(JSON.stringify(now.slice(1)) === JSON.stringify(before),
    `${who}: the cards' pings are ${JSON.stringify(now)}, want one new card on top of ${JSON.stringify(before)} (a pong delivered twice?)`);
  return now;
}

// The top card's fields, from its text.
const topCard = (p) => p.evaluate(() => {
  const card = document.querySelector('.pong');
  const t = card ? card.textContent : '';
  const num = (re) => { const m = t.match(re); return m ? Number(m[1]) : null; };
  return {
    text: t.replace(/\s+/g, ' ').trim(),
    cached: num(/Cached Value:\s*(-?\d+)/),
    ping: num(/Vue Ping:\s*0\s*\((\d+)\)/),
    recv: num(/Server Recv:\s*\+(-?\d+) ms/),
    send: num(/Server Send Pong:\s*\+(-?\d+) ms/),
    back: num(/Vue Recv Pong:\s*\+(-?\d+) ms/),
  };
});

// #ws-state reaches data-state="open" on page p.
async function socketOpen(p, who) {
  try {
    await p.waitForSelector('#ws-state[data-state="open"]', { timeout: 10000 });
  } catch {
    const st = await p.evaluate(() => document.querySelector('#ws-state')?.dataset.state);
    fail(`${who}: #ws-state is ${JSON.stringify(st)}, not "open"`);
  }
}

export async function pingPong() {
  await step('ping-pong: two browser contexts on /examples/websockets each get exactly one .pong per ping', [], async (say) => {
    const other = await newContext();
    const cleanup = [];
    try {
      const b = await other.newPage();
      const sockets = [];
      const track = (ws) => sockets.push(ws);
      page.on('websocket', track);
      cleanup.push(() => page.off('websocket', track));
      await go('/examples/websockets');
      await b.goto(BASE_URL + '/examples/websockets', { waitUntil: 'domcontentloaded' });
      await visible('#ping');
      const header = await textOf('#ws-url');
      const want = `${BASE_URL.replace(/^http/, 'ws')}/ws/ping-pong/`;
      expect(header === `Ping Pong: ${want}`, `the sub-header is ${JSON.stringify(header)}, want "Ping Pong: ${want}"`);
      await socketOpen(page, 'context A');
      await socketOpen(b, 'context B');
      const urls = sockets.map((w) => w.url());
      expect(urls.includes(want), `context A opened ${JSON.stringify(urls)}, not ${want}`);
      expect((await pongCount(page)) === 0 && (await pongCount(b)) === 0, 'a .pong card before any ping');

      await sel('#ping').click();
      const aCards = await newPong(page, [], 'A, after A pinged');
      const bCards = await newPong(b, [], 'B, after A pinged');
      const [a1, b1] = [await topCard(page), await topCard(b)];
      expect(a1.cached !== null && a1.cached === b1.cached, `the two cards differ: A "${a1.text}" / B "${b1.text}"`);
      expect(a1.ping === b1.ping, `Vue Ping differs: ${a1.ping} / ${b1.ping}`);
      for (const [k, v] of Object.entries({ recv: a1.recv, send: a1.send, back: a1.back })) {
        expect(v !== null && v >= -5 && v < 10000, `A's card: ${k} is ${v} ("${a1.text}")`);
      }

      // Pong 2 is the marker for pong 1: no second copy came before it.
      await b.locator('#ping').click();
      const aCards2 = await newPong(page, aCards, 'A, after B pinged');
      const bCards2 = await newPong(b, bCards, 'B, after B pinged');
      const [a2, b2] = [await topCard(page), await topCard(b)];
      expect(a2.cached === a1.cached + 3 && b2.cached === a2.cached,
        `the counter went ${a1.cached} -> A ${a2.cached} / B ${b2.cached}, want +3 on both`);
      expect(a2.ping === b2.ping && a2.ping !== a1.ping, 'the newest card is not on top');
      await shot(page, 'ws-ping-pong-a.png');
      await shot(b, 'ws-ping-pong-b.png');
      // And pong 3 the marker for pong 2.
      await sel('#ping').click();
      await newPong(page, aCards2, 'A, after A pinged again');
      await newPong(b, bCards2, 'B, after A pinged again');
      say(`pong 1: server recv +${a1.recv} ms, send +${a1.send} ms, back +${a1.back} ms; cached_value ${a1.cached} then ${a2.cached}`);

      // Leaving the page (a route change, no reload) closes its socket.
      const pp = sockets.find((w) => w.url() === want);
      const closed = pp.isClosed() ? Promise.resolve(true) : new Promise((r) => pp.once('close', () => r(true)));
      await sel('#nav-about').click();
      const gone = await Promise.race([closed, page.waitForTimeout(5000).then(() => false)]);
      expect(gone, 'the ping-pong socket is still open after leaving the page for /about');
    } finally {
      cleanup.forEach((f) => f());
      await other.close();
    }
  });
}

// Waits until the notifications socket is live (wsd confirmed it) on /path.
async function live(where) {
  try {
    await page.waitForSelector('#notifications-state[data-live="true"]', { timeout: 10000 });
  } catch {
    const st = await page.evaluate(() => document.querySelector('#notifications-state')?.dataset.state);
    fail(`${where}: #notifications-state is not live (state ${JSON.stringify(st)})`);
  }
}

// Counts the requests that match `match` from now on.
function countRequests(match) {
  const seen = [];
  const on = (r) => { if (match(r)) seen.push(`${r.method()} ${r.url()}`); };
  page.on('request', on);
  return { seen, stop: () => page.off('request', on) };
}

// The page's newest /ws/notifications/ socket (each page load opens one).
let notificationSocket = null;
function followNotificationSocket() {
  const on = (ws) => { if (ws.url().includes('/ws/notifications/')) notificationSocket = ws; };
  page.on('websocket', on);
  return () => page.off('websocket', on);
}

// Longer than any poll interval of the pages (the celery page: 0.5 s, then
// every 1 s; the statements table: every 1.5 s).
const LATER_TASK_SECONDS = 2;

// Proof of "no poll" without a fixed sleep, for a request counter that is
// still counting: a sleep task of `user` started through the API (not by
// the page) lasts longer than any poll interval, so its SUCCESS pushed on
// the page's socket comes after any poll that was still due; then a marker
// request made by the page comes after every request the page made before
// it, so once Playwright reports the marker, the counter has seen them all.
async function laterPushThenMarker(user) {
  const ws = notificationSocket;
  expect(ws && !ws.isClosed(), 'the page has no open /ws/notifications/ socket');
  const frames = [];
  const onFrame = (f) => { try { frames.push(JSON.parse(String(f.payload))); } catch { /* not JSON */ } };
  ws.on('framereceived', onFrame);
  try {
    const tok = await page.request.post(BASE_URL + '/api/auth/obtain_token/', { data: user });
    expect(tok.ok(), `POST /api/auth/obtain_token/: ${tok.status()}`);
    const { access } = await tok.json();
    const res = await page.request.post(BASE_URL + '/api/celery/sleep-task/', {
      data: { seconds: LATER_TASK_SECONDS }, headers: { Authorization: `Bearer ${access}` },
    });
    expect(res.ok(), `POST /api/celery/sleep-task/: ${res.status()} ${await res.text()}`);
    const { task_id: id } = await res.json();
    const t0 = Date.now();
    while (!frames.some((m) => m && m.type === 'task' && m.id === id && m.state === 'SUCCESS')) {
      expect(!ws.isClosed(), `the page's /ws/notifications/ socket closed before task ${id}'s SUCCESS`);
      expect(Date.now() - t0 < TASK_T, `task ${id}'s SUCCESS did not reach the page's socket in ${TASK_T / 1000} s`);
      await ws.waitForEvent('framereceived', { timeout: TASK_T }).catch(() => null);
    }
  } finally {
    ws.off('framereceived', onFrame);
  }
  const tag = `e2e-marker-${Date.now()}`;
  const marked = page.waitForEvent('request', { predicate: (r) => r.url().includes(tag), timeout: T });
  await page.evaluate((u) => { fetch(u).catch(() => {}); }, `/${tag}`);
  await marked;
}

export const WS_LOGGED_IN = 'notifications: a new user logs in and /ws/notifications/ goes live (token in the first message, not the URL)';

// A new user (registered through the API) and the sample statement.
export async function notifications(sample) {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const user = { email: `ws-${stamp}@example.com`, password: `pw-${stamp}-Xy` };
  note(`user ${user.email}; sample ${SAMPLE_CSV}: ${sample.count} rows`);
  const unfollow = followNotificationSocket();
  try {
    await notificationSteps(user, sample);
  } finally {
    unfollow();
  }
}

async function notificationSteps(user, sample) {
  await step(WS_LOGGED_IN, [], async () => {
    const sockets = [];
    const track = (ws) => sockets.push(ws);
    page.on('websocket', track);
    await registerByApi(user);
    await login(user.email, user.password);
    await go('/examples/celery');
    await live('/examples/celery');
    page.off('websocket', track);
    const ws = sockets.find((w) => w.url().includes('/ws/notifications/'));
    expect(ws, `no /ws/notifications/ socket among ${sockets.map((w) => w.url()).join(', ')}`);
    expect(!new URL(ws.url()).search, `the socket URL has a query string: ${ws.url()}`);
  });

  await step('celery: the sleep task reaches SUCCESS on screen, pushed: no GET /api/tasks/<id>/', [WS_LOGGED_IN], async (say) => {
    await go('/examples/celery');
    await visible('#sleep-seconds');
    await live('/examples/celery');
    const polls = countRequests((r) => r.method() === 'GET' && /\/api\/tasks\//.test(r.url()));
    try {
      await sel('#sleep-seconds').fill('1');
      const t0 = Date.now();
      await sel('#sleep-submit').click();
      const st = await until('#task-state reaches SUCCESS', () => {
        const el = document.querySelector('#task-state');
        const s = el && (el.dataset.state || el.textContent).trim();
        return s === 'SUCCESS' || s === 'FAILURE' ? s : null;
      }, null, TASK_T);
      expect(st === 'SUCCESS', `#task-state is ${st}`);
      const ms = Date.now() - t0;
      await laterPushThenMarker(user);
      expect(await page.locator('#notifications-state[data-live="true"]').count(), 'the socket is no longer live');
      expect(polls.seen.length === 0, `polled while the socket was live: ${polls.seen.join(', ')}`);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'ws-celery-pushed.png'), fullPage: true });
      say(`task ${await textOf('#task-id')} SUCCESS ${ms} ms after the click, pushed`);
    } finally {
      polls.stop();
    }
  });

  await step(`banking: a ${sample.count}-row upload's status and rows appear without reload and with no GET of the statements list`, [WS_LOGGED_IN], async (say) => {
    const { got, seen, ms } = await uploadWatched(user, SAMPLE_CSV, '2019-11');
    expect(got.rows === String(sample.count), `its rows show ${JSON.stringify(got.rows)}, want ${sample.count}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'ws-banking-pushed.png'), fullPage: true });
    say(`statement ${got.id} done with ${got.rows} rows ${ms} ms after the click; the row showed: ${show(seen)}`);
  });

  // A file large enough for the import to take a while: its progress (the
  // percent of the file read and the rows so far) must show as it goes.
  const copies = 100;
  await step(`banking: a ${copies * sample.count}-row upload shows its import progress (percent, rows so far) as it is pushed`, [WS_LOGGED_IN], async (say) => {
    const big = bigStatement(copies);
    try {
      const { got, seen, ms } = await uploadWatched(user, big.file, '2019-10', UPLOAD_T, 'ws-banking-progress.png');
      expect(got.rows === String(big.rows), `its rows show ${JSON.stringify(got.rows)}, want ${big.rows}`);
      const middle = seen.filter((v) => v.status === 'processing' && v.progress > 0 && v.progress < 100 && v.rows > 0);
      expect(middle.length > 0, `no progress between 0 and 100 % with rows shown; the row showed: ${show(seen)}`);
      const pcts = middle.map((v) => v.progress);
      expect(pcts.every((p, k) => k === 0 || p >= pcts[k - 1]), `the progress went backwards: ${pcts.join(', ')}`);
      say(`statement ${got.id}: ${got.rows} rows in ${ms} ms; the row showed: ${show(seen)}`);
    } finally {
      fs.rmSync(big.dir, { recursive: true, force: true });
    }
  });
}

const show = (seen) => seen.map((v) => `${v.status}${v.progress !== null ? ` ${v.progress}% ${v.rows} rows` : ''}`).join(' -> ');

// SAMPLE_CSV's rows `copies` times over (reference numbers made unique), in
// a temporary file.
function bigStatement(copies) {
  const lines = fs.readFileSync(SAMPLE_CSV, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  const header = lines.shift();
  const out = [header];
  for (let c = 0; c < copies; c++) {
    for (const l of lines) out.push(l.replace(/^([^,]*),(\d+)/, (m, d, ref) => `${d},${ref.slice(0, -6)}${String(c).padStart(6, '0')}`));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-e2e-'));
  const file = path.join(dir, `statement-${copies}x.csv`);
  fs.writeFileSync(file, out.join('\n') + '\n');
  return { dir, file, rows: out.length - 1 };
}

// On /banking with the socket live: uploads `file` for `month`, follows the
// new row (every state it shows) until it is done, and checks that the page
// was not reloaded, the socket stayed live and the statements list was not
// fetched after the upload (up to a later push and a marker: `user`'s).
async function uploadWatched(user, file, month, timeout = UPLOAD_T, progressShot = null) {
  await go('/banking');
  await page.locator('#statement-file').first().waitFor({ state: 'attached' }).catch(() => fail('#statement-file is missing'));
  await live('/banking');
  await page.evaluate(() => { window.__noReload = true; }); // a reload would lose it
  const before = await page.$$eval('#statements-table [data-statement-id]', (els) => els.map((e) => e.dataset.statementId));
  await page.evaluate((before) => {
    window.__seen = [];
    const look = () => {
      for (const tr of document.querySelectorAll('#statements-table [data-statement-id]')) {
        if (before.includes(tr.dataset.statementId)) continue;
        const bar = tr.querySelector('.statement-progress');
        const v = {
          status: tr.querySelector('.statement-status')?.dataset.status,
          progress: bar ? Number(bar.dataset.progress) : null,
          rows: bar ? Number(bar.dataset.rows) : null,
        };
        const last = window.__seen[window.__seen.length - 1];
        if (!last || JSON.stringify(last) !== JSON.stringify(v)) window.__seen.push(v);
      }
    };
    new MutationObserver(look).observe(document.querySelector('#statements-table'), { subtree: true, childList: true, attributes: true, characterData: true });
  }, before);
  await sel('#statement-month').fill(month);
  await sel('#statement-file').setInputFiles(file);
  const lists = countRequests((r) => r.method() === 'GET' && new URL(r.url()).pathname === '/api/statements/');
  try {
    const t0 = Date.now();
    await sel('#statement-upload').click();
    // A picture of the progress bar, when it is caught moving (best effort).
    const shotTaken = progressShot
      ? page.waitForSelector('.statement-progress:not([data-progress="0"])', { timeout })
        .then(() => page.screenshot({ path: path.join(SCREENSHOT_DIR, progressShot) })).catch(() => null)
      : null;
    const got = await until('the new row of #statements-table reaches done or failed', (before) => {
      for (const tr of document.querySelectorAll('#statements-table [data-statement-id]')) {
        if (before.includes(tr.dataset.statementId)) continue;
        const s = tr.querySelector('.statement-status')?.dataset.status;
        if (s === 'done' || s === 'failed') {
          return { id: tr.dataset.statementId, status: s, rows: tr.querySelector('.statement-rows')?.textContent.trim(),
            errors: tr.querySelector('.statement-errors')?.textContent.trim() };
        }
      }
      return null;
    }, before, timeout);
    const ms = Date.now() - t0;
    await shotTaken;
    expect(got.status === 'done', `statement ${got.id} ended ${got.status}: ${got.errors}`);
    await laterPushThenMarker(user);
    expect(await page.evaluate(() => window.__noReload === true), 'the page was reloaded');
    expect(await page.locator('#notifications-state[data-live="true"]').count(), 'the socket is no longer live');
    expect(lists.seen.length === 0, `GET of the statements list after the upload: ${lists.seen.join(', ')}`);
    return { got, seen: await page.evaluate(() => window.__seen), ms };
  } finally {
    lists.stop();
  }
}
