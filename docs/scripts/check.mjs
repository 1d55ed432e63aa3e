// Checks the built site (.vitepress/dist) as TAP: every page of the
// sidebar was built, and settings.html names every setting `worker-ctl
// settings` prints, so a missing or empty generation fails ops/test.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pages } from '../.vitepress/config.mjs';
import { findWorkerCtl, readmeSettings, run } from './settings.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '.vitepress', 'dist');
const results = [];
const check = (ok, name) => results.push(`${ok ? 'ok' : 'not ok'} - ${name}`);

const text = (html) => html.replace(/<[^>]*>/g, ' ');

for (const { text: title, link } of pages) {
  const file = link === '/' ? 'index.html' : `${link.slice(1)}.html`;
  const path = join(dist, file);
  const html = existsSync(path) ? readFileSync(path, 'utf8') : '';
  // The page's own text (the theme's sidebar and navigation around it do
  // not count): a title and at least a paragraph.
  const main = html.match(/class="vp-doc[^"]*"[^>]*>([\s\S]*?)<\/main>/);
  const words = main ? text(main[1]).split(/\s+/).filter(Boolean).length : 0;
  check(/<h1[ >]/.test(main?.[1] ?? '') && words >= 100, `${file} built (${title}: ${words} words)`);
}

const workerCtl = findWorkerCtl();
// Every setting, as the programs print them (secrets hidden): NAME=value.
const names = run(workerCtl, ['settings'], { SECRET_KEY: 'docs-check', DEBUG: '1' })
  .split('\n')
  .filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l))
  .map((l) => l.split('=')[0]);
// Each one must be a row of the table (its first cell), not merely named
// in another row's text.
const settingsPath = join(dist, 'settings.html');
const settings = existsSync(settingsPath) ? readFileSync(settingsPath, 'utf8') : '';
const missing = names.filter((n) => !settings.includes(`<tr><td><code>${n}</code></td>`));
check(names.length > 50, `worker-ctl settings prints the settings (${names.length})`);
check(
  missing.length === 0,
  `settings.html has a row for every one of them${missing.length ? `; missing: ${missing.join(' ')}` : ''}`,
);

// README keeps a short list of settings, not a copy of the table: every
// name it gives must still be one (or a row of its scripts' table).
const readme = readmeSettings();
const scriptVars = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)`(?:, `([A-Z][A-Z0-9_]*)`)?/gm)].flatMap((m) => m.slice(1));
const unknown = [...new Set([...readme.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]))].filter(
  (n) => !names.includes(n) && !scriptVars.includes(n),
);
check(
  unknown.length === 0,
  `README's Settings section names only real settings${unknown.length ? `; not one: ${unknown.join(' ')}` : ''}`,
);

console.log(`1..${results.length}`);
console.log(results.join('\n'));
process.exit(results.some((r) => r.startsWith('not ok')) ? 1 : 0);
