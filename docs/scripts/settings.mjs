// Writes settings.md (the Settings page) from `worker-ctl settings
// --markdown`, the table the programs read their settings from, so the
// page cannot drift from the code. worker-ctl is WORKER_CTL, or the newest
// of build/*/bin/worker-ctl (ops/test's or ops/run's build). No worker-ctl,
// or a table without rows, fails the build: an empty page is never published.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(docs, '..');

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findWorkerCtl() {
  if (process.env.WORKER_CTL) {
    if (executable(process.env.WORKER_CTL)) return process.env.WORKER_CTL;
    throw new Error(`WORKER_CTL=${process.env.WORKER_CTL} is not an executable file`);
  }
  let dirs = [];
  try {
    dirs = readdirSync(join(root, 'build'));
  } catch {
    /* no build/ yet */
  }
  const found = dirs
    .map((d) => join(root, 'build', d, 'bin', 'worker-ctl'))
    .filter(executable)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (found.length) return found[0];
  throw new Error(
    'no worker-ctl in build/*/bin/: build the C code first (ops/test docs, ops/run, or from ' +
      "the repository's root: ROOT=$PWD bash -c '. ops/lib/build.sh && build_c release'), or set WORKER_CTL",
  );
}

// The programs' defaults, not this shell's values: an empty environment.
export function run(workerCtl, args, env = {}) {
  return execFileSync(workerCtl, args, {
    env: { PATH: '/usr/bin:/bin', ...env },
    encoding: 'utf8',
  });
}

// Markdown cells become Vue templates in VitePress: outside `code`, a < or
// { would be read as a tag or an interpolation.
function escapeText(line) {
  return line
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/{/g, '&#123;'),
    )
    .join('');
}

// README's Settings section: its text, and the table of the variables the
// scripts under ops/ read (PORT, VAR_DIR, ...), which this page repeats.
export function readmeSettings() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.match(/\n## Settings\n([\s\S]*?)\n## /);
  if (!section) throw new Error('README.md has no "## Settings" section');
  return section[1];
}

function scriptsTable() {
  const lines = readmeSettings().split('\n');
  const at = lines.findIndex((l) => l.startsWith('The scripts under `ops/` read a few more'));
  const table = [];
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith('|')) table.push(escapeText(l));
    else if (table.length) break;
  }
  if (at < 0 || table.length < 3) throw new Error("README.md's Settings section lost the scripts' table");
  return [`${lines[at].replace(/:$/, '')} (not settings of the programs):`, '', ...table];
}

function main() {
  const workerCtl = findWorkerCtl();
  const table = run(workerCtl, ['settings', '--markdown']).trimEnd().split('\n');
  const rows = table.filter((l) => l.startsWith('| `'));
  if (table[0] !== '| variable | default | what |' || rows.length === 0) {
    throw new Error(`${workerCtl} settings --markdown printed no settings table`);
  }
  const head = readFileSync(join(docs, 'scripts', 'settings.head.md'), 'utf8');
  const tail = `## The scripts' own variables\n\n${scriptsTable().join('\n')}\n`;
  writeFileSync(
    join(docs, 'settings.md'),
    `${head}\n${table.map(escapeText).join('\n')}\n\n${tail}`,
  );
  console.log(`settings.md: ${rows.length} settings from ${workerCtl}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`docs: ${e.message}`);
    process.exit(1);
  }
}
