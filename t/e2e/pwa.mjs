// The PWA build in chromium: its service worker takes control, keeps the
// app shell for offline use, and never answers /api/ (or the other server
// prefixes) from a cache. Prints TAP. Needs BASE_URL serving static/pwa.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const { chromium } = createRequire(path.join(ROOT, 'quasar', 'package.json'))('playwright-core');
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pwa-e2e-'));
let n = 0;
let failures = 0;
function check(cond, name, why) {
  n++;
  if (cond) console.log(`ok ${n} - ${name}`);
  else {
    failures++;
    console.log(`not ok ${n} - ${name}`);
    if (why) console.log(`#   ${String(why).split('\n').join('\n#   ')}`);
  }
}

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
context.setDefaultTimeout(15000);
try {
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(BASE_URL + '/', { waitUntil: 'load' });
  const scope = await page.evaluate(async () => {
    const reg = await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(() => r(null), 10000))]);
    return reg ? reg.scope : null;
  });
  check(scope !== null, 'the service worker registers', `scope: ${scope}`);
  await page.reload({ waitUntil: 'load' });
  const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
  check(controlled, 'after a reload it controls the page');

  // Server prefixes: asked twice, never stored in any cache.
  const asked = ['/api/health-check/', '/api/', '/flower/', '/media/nothing', '/graphql/', '/admin/'];
  const cached = await page.evaluate(async (urls) => {
    for (const u of urls) for (let i = 0; i < 2; i++) await fetch(u).catch(() => null);
    const found = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) found.push(new URL(req.url).pathname);
    }
    return found;
  }, asked);
  const leaked = cached.filter((p) => /^\/(api|graphql|admin|flower|media|ws)(\/|$)/.test(p));
  check(cached.length > 0 && leaked.length === 0, 'the caches hold the app shell and nothing under /api/, /graphql/, /admin/, /flower/, /media/ or /ws/',
    `cached: ${cached.slice(0, 20).join(' ')}${leaked.length ? `\nleaked: ${leaked.join(' ')}` : ''}`);

  await context.setOffline(true);
  // isVisible() does not wait (its timeout is ignored): wait for the heading
  // the app renders, or a slow machine sees the page before Vue mounted.
  const shell = await page.goto(BASE_URL + '/about', { waitUntil: 'domcontentloaded' })
    .then(() => page.locator('h1').first().waitFor({ state: 'visible', timeout: 15000 }).then(() => true, () => false))
    .catch((e) => String(e).split('\n')[0]);
  check(shell === true, 'offline, a page of the app still opens from the cache', shell);
  const api = await page.evaluate(() => fetch('/api/health-check/').then((r) => `answered ${r.status}`, () => 'network error'));
  check(api === 'network error', 'offline, /api/health-check/ fails instead of coming from a cache', api);
  const nav = await page.goto(BASE_URL + '/flower/').then((r) => `answered ${r && r.status()}`, () => 'network error');
  check(nav === 'network error', 'offline, navigating to /flower/ is not answered with the app shell', nav);
  await context.setOffline(false);
} catch (e) {
  check(false, 'the PWA script runs to its end', e.stack || e);
} finally {
  await context.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`1..${n}`);
process.exit(failures ? 1 : 0);
