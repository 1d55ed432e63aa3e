// The harness of the browser tests (t/e2e/spa.mjs and t/e2e/pages/*.mjs):
// settings from the environment, TAP, Debian's chromium driven by
// playwright-core, steps that are skipped when a step they need failed, and
// the page helpers every page's steps use.
//
//   BASE_URL        the stack (required), e.g. http://127.0.0.1:18080
//   SCREENSHOT_DIR  where page and failure screenshots go
//                   (default ./build/test-artifacts/screenshots)
//   SAMPLE_CSV      the statement to upload
//                   (default: t/data/statements/sample-1000.csv in the repository)
//   CHROMIUM        the browser (default /usr/bin/chromium)
//   ROOT            the repo root (default: three levels above this file)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = process.env.ROOT || path.resolve(HERE, '../../..');
export const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
export const SCREENSHOT_DIR = path.resolve(process.env.SCREENSHOT_DIR || './build/test-artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SAMPLE_CSV = path.resolve(process.env.SAMPLE_CSV || path.join(ROOT, 't/data/statements/sample-1000.csv'));

export const T = 15000; // one expectation
export const UPLOAD_T = 60000; // a statement's import
export const TASK_T = 20000; // the celery sleep task
const RUN_LIMIT = 240000; // the whole run, whatever happens
const started = Date.now();

// ---------------------------------------------------------------- TAP
let n = 0;
let failures = 0;
export const out = (s) => process.stdout.write(s + '\n');
export const diag = (s) => String(s).replace(/\x1b\[[0-9;]*m/g, '').split('\n').forEach((l) => out('#   ' + l));
export const note = (s) => out('# ' + s);

export function bail(desc, why) {
  n++;
  out(`not ok ${n} - ${desc}`);
  diag(why);
  out(`1..${n}`);
  process.exit(1);
}

export function skip(name, why) { // a test that cannot run here
  n++;
  out(`ok ${n} - ${name} # SKIP ${why}`);
}

export function broken(name, e) { // a script that stopped halfway
  n++; failures++;
  out(`not ok ${n} - ${name}`);
  diag(e.stack || String(e));
}

// playwright-core (quasar/node_modules first, then NODE_PATH / the usual
// lookup), chromium and the sample statement are there, or the run bails.
let chromium;
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export function preflight() {
  if (!BASE_URL) bail('BASE_URL is set', 'run with BASE_URL=http://host:port');
  const errs = [];
  for (const from of [path.join(ROOT, 'quasar', 'package.json'), import.meta.url]) {
    try {
      ({ chromium } = createRequire(from)('playwright-core'));
      break;
    } catch (e) {
      errs.push(e.message.split('\n')[0]);
    }
  }
  if (!chromium) bail('playwright-core can be loaded', errs.join('\n') + '\n(npm ci in quasar/, or set NODE_PATH)');
  if (!fs.existsSync(CHROMIUM)) bail(`chromium is installed at ${CHROMIUM}`, 'apt-get install -y chromium');
  if (!fs.existsSync(SAMPLE_CSV)) {
    bail(`the sample statement exists`, `missing: ${SAMPLE_CSV} (t/data/statements/ in the repository, or set SAMPLE_CSV)`);
  }
}

// ---------------------------------------------------------------- browser
export let context;
export let page;
const pageErrors = [];
const cspViolations = [];
let profile;
let watchdog;
let closing = false;
let extraBrowser;
async function closeBrowser() {
  if (closing) return;
  closing = true;
  const within5s = (p) => Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  if (extraBrowser) await within5s(extraBrowser.close());
  if (context) await within5s(context.close());
  fs.rmSync(profile, { recursive: true, force: true });
}

// Another browser context (its own cookies and storage: another user, or
// another visitor), for the tests that need two at once. Closed by finish().
export async function newContext() {
  if (!extraBrowser) {
    extraBrowser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  }
  const other = await extraBrowser.newContext({ viewport: { width: 1280, height: 800 } });
  other.setDefaultTimeout(T);
  return other;
}

export async function openBrowser() {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'spa-e2e-'));
  watchdog = setTimeout(async () => {
    n++;
    out(`not ok ${n} - the run finishes within ${RUN_LIMIT / 1000} s`);
    out(`1..${n}`);
    await closeBrowser();
    process.exit(1);
  }, RUN_LIMIT);
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: BROWSER_ARGS,
      acceptDownloads: true,
      viewport: { width: 1280, height: 800 },
    });
  } catch (e) {
    await closeBrowser();
    bail('chromium starts', e.message);
  }
  context.setDefaultTimeout(T);
  page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message.split('\n')[0]));
  // nginx sends the front end a Content-Security-Policy (conf/nginx/spa_headers.conf):
  // chromium reports what it refused on the console.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text().split('\n')[0]);
  });
}

// Closes the browser, prints the plan and exits: 1 when a test failed.
export async function finish() {
  if (pageErrors.length) note(`${pageErrors.length} uncaught page errors, first: ${pageErrors[0]}`);
  n++;
  if (cspViolations.length) failures++;
  out(`${cspViolations.length ? 'not ok' : 'ok'} ${n} - no page broke the Content-Security-Policy`);
  cspViolations.slice(0, 5).forEach((m) => diag(m));
  clearTimeout(watchdog);
  await closeBrowser();
  note(`total ${Date.now() - started} ms`);
  out(`1..${n}`);
  process.exit(failures ? 1 : 0);
}

// ---------------------------------------------------------------- steps
const passed = new Map(); // name -> test number
class Failure extends Error {}
export const fail = (msg) => { throw new Failure(msg); };
export const expect = (cond, msg) => { if (!cond) fail(msg); };

// step NAME NEEDS FN: one test; skipped when a step named in NEEDS failed.
export async function step(name, needs, fn) {
  const id = n + 1;
  const missing = needs.filter((s) => !passed.has(s));
  if (missing.length) {
    n++;
    out(`ok ${n} - ${name} # SKIP an earlier step it needs failed: ${missing.map((s) => JSON.stringify(s.slice(0, 40))).join(', ')}`);
    return;
  }
  if (Date.now() - started > RUN_LIMIT - 30000) {
    n++; failures++;
    out(`not ok ${n} - ${name}`);
    diag('not run: the run is near its time limit');
    return;
  }
  const t0 = Date.now();
  const notes = [];
  const errorsBefore = pageErrors.length;
  let error;
  try {
    await fn((s) => notes.push(s));
  } catch (e) {
    error = e;
  }
  n++;
  if (!error) {
    out(`ok ${n} - ${name}`);
    passed.set(name, n);
  } else {
    failures++;
    out(`not ok ${n} - ${name}`);
    diag(error instanceof Failure ? error.message : (error.message || String(error)).split('\n').slice(0, 6).join('\n'));
    diag(`at ${page.url()}`);
    pageErrors.slice(errorsBefore, errorsBefore + 5).forEach((m) => diag(`page error: ${m}`));
    const shot = path.join(SCREENSHOT_DIR, `failure-${id}.png`);
    try {
      await page.screenshot({ path: shot, fullPage: true, timeout: 5000 });
      diag(`screenshot: ${shot}`);
    } catch (e) {
      diag(`no screenshot: ${e.message.split('\n')[0]}`);
    }
  }
  notes.forEach(note);
  note(`${Date.now() - t0} ms`);
}

// ---------------------------------------------------------------- page helpers
export const go = (p) => page.goto(BASE_URL + p, { waitUntil: 'domcontentloaded' });
export const sel = (s) => page.locator(s).first();
export async function visible(s, what, timeout = T) {
  try {
    await page.locator(s).first().waitFor({ state: 'visible', timeout });
  } catch {
    fail(`${what || s} is not visible within ${timeout / 1000} s (${await page.locator(s).count()} in the page)`);
  }
}
export async function text(s) {
  return ((await sel(s).textContent({ timeout: T })) || '').trim();
}
// Polls fn (run in the page with arg) until it returns a truthy value;
// on timeout fails with describe(last value).
export async function until(what, fn, arg, timeout = T) {
  try {
    return await (await page.waitForFunction(fn, arg, { timeout, polling: 100 })).jsonValue();
  } catch (e) {
    if (!/Timeout/i.test(e.message)) throw e;
    fail(`${what} (waited ${timeout / 1000} s)`);
  }
}
export const textOf = (s) => page.evaluate((s) => {
  const el = document.querySelector(s);
  if (!el) return null;
  return (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) ? el.value : el.textContent).trim();
}, s);
export async function waitText(s, want, what) {
  const ok = typeof want === 'string' ? (v) => v === want : (v) => want.test(v);
  const t0 = Date.now();
  let v;
  while (Date.now() - t0 < T) {
    v = await textOf(s);
    if (v !== null && ok(v)) return v;
    await page.waitForTimeout(100);
  }
  fail(`${what || s}: got ${JSON.stringify(v)}, want ${typeof want === "string" ? JSON.stringify(want) : want}`);
}
export const isDark = () => page.evaluate(() => document.body.classList.contains('body--dark'));
export async function setDark(want) {
  if ((await isDark()) === want) return;
  await sel('#dark-toggle').click();
  await until(`#dark-toggle brings ${want ? 'dark' : 'light'} mode`,
    (w) => document.body.classList.contains('body--dark') === w, want);
}
export async function login(email, password) {
  await go('/login');
  await visible('#email');
  await sel('#email').fill(email);
  await sel('#password').fill(password);
  await sel('#login-btn').click();
  await visible('#logout', `#logout after logging in as ${email}`);
}
export async function logout() {
  await visible('#logout');
  await sel('#logout').click();
  await visible('#login', '#login after logging out');
}
// Goes to a page whose selector may live on one of several routes.
export async function goWhere(s, routes) {
  if (await page.locator(s).count()) return;
  for (const r of routes) {
    await go(r);
    try {
      await page.locator(s).first().waitFor({ state: 'attached', timeout: 5000 });
      return;
    } catch { /* next */ }
  }
  fail(`${s} is on none of ${routes.join(', ')}`);
}

export async function registerByApi(u) {
  const res = await page.request.post(BASE_URL + '/api/auth/register/', { data: { email: u.email, password: u.password } });
  if (res.status() !== 201) throw new Error(`register ${u.email}: ${res.status()} ${await res.text()}`);
}

// A pattern for an email address shown in the page.
export const emailPattern = (email) => new RegExp(email.replace(/[.+]/g, '\\$&'));
