// The websocket pages through nginx and wsd: ping-pong between two browser
// contexts on /examples/websockets, and the state /ws/notifications/ pushes
// to /banking (a statement's import) and /examples/celery (the sleep task),
// with no polling while that socket is live.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BASE_URL, SAMPLE_CSV, SCREENSHOT_DIR, TASK_T, UPLOAD_T, expect, fail, go, login, newContext, note, page,
  registerByApi, sel, step, textOf, until, visible,
} from '../lib/harness.mjs';

const shot = (p, name) => p.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
const pongCount = (p) => p.locator('.pong').count();

// Waits until page p has exactly `want` .pong cards, then checks a moment
// later that no extra card came (a pong delivered twice).
async function exactlyPongs(p, want, who) {
  try {
    await p.waitForFunction((k) => document.querySelectorAll('.pong').length >= k, want, { timeout: 10000, polling: 50 });
  } catch {
    fail(`${who} has ${await pongCount(p)} .pong cards, want ${want}`);
  }
  await p.waitForTimeout(400);
  const got = await pongCount(p);
  expect(got === want, `${who} has ${got} .pong cards, want exactly ${want}`);
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
      await exactlyPongs(page, 1, 'A, after A pinged');
      await exactlyPongs(b, 1, 'B, after A pinged');
      const [a1, b1] = [await topCard(page), await topCard(b)];
      expect(a1.cached !== null && a1.cached === b1.cached, `the two cards differ: A "${a1.text}" / B "${b1.text}"`);
      expect(a1.ping === b1.ping, `Vue Ping differs: ${a1.ping} / ${b1.ping}`);
      for (const [k, v] of Object.entries({ recv: a1.recv, send: a1.send, back: a1.back })) {
        expect(v !== null && v >= -5 && v < 10000, `A's card: ${k} is ${v} ("${a1.text}")`);
      }

      await b.locator('#ping').click();
      await exactlyPongs(page, 2, 'A, after B pinged');
      await exactlyPongs(b, 2, 'B, after B pinged');
      const [a2, b2] = [await topCard(page), await topCard(b)];
      expect(a2.cached === a1.cached + 3 && b2.cached === a2.cached,
        `the counter went ${a1.cached} -> A ${a2.cached} / B ${b2.cached}, want +3 on both`);
      expect(a2.ping === b2.ping && a2.ping !== a1.ping, 'the newest card is not on top');
      await shot(page, 'ws-ping-pong-a.png');
      await shot(b, 'ws-ping-pong-b.png');
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

export const WS_LOGGED_IN = 'notifications: a new user logs in and /ws/notifications/ goes live (token in the first message, not the URL)';

// A new user (registered through the API) and the sample statement.
export async function notifications(sample) {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const user = { email: `ws-${stamp}@example.com`, password: `pw-${stamp}-Xy` };
  note(`user ${user.email}; sample ${SAMPLE_CSV}: ${sample.count} rows`);
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
      await page.waitForTimeout(1500);
      expect(await page.locator('#notifications-state[data-live="true"]').count(), 'the socket is no longer live');
      expect(polls.seen.length === 0, `polled while the socket was live: ${polls.seen.join(', ')}`);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'ws-celery-pushed.png'), fullPage: true });
      say(`task ${await textOf('#task-id')} SUCCESS ${ms} ms after the click, pushed`);
    } finally {
      polls.stop();
    }
  });

  await step(`banking: a ${sample.count}-row upload's status and rows appear without reload and with no GET of the statements list`, [WS_LOGGED_IN], async (say) => {
    const { got, seen, ms } = await uploadWatched(SAMPLE_CSV, '2019-11');
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
      const { got, seen, ms } = await uploadWatched(big.file, '2019-10', UPLOAD_T, 'ws-banking-progress.png');
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
// fetched after the upload.
async function uploadWatched(file, month, timeout = UPLOAD_T, progressShot = null) {
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
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => window.__noReload === true), 'the page was reloaded');
    expect(await page.locator('#notifications-state[data-live="true"]').count(), 'the socket is no longer live');
    expect(lists.seen.length === 0, `GET of the statements list after the upload: ${lists.seen.join(', ')}`);
    return { got, seen: await page.evaluate(() => window.__seen), ms };
  } finally {
    lists.stop();
  }
}
