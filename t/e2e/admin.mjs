// Browser end-to-end test of the admin at /admin/ (t/e2e/pages/admin.mjs)
// through nginx, in the harness of t/e2e/spa.mjs. Prints TAP; exit 1 on any
// failure.
import { bail, broken, finish, openBrowser, preflight } from './lib/harness.mjs';
import { admin, makeRows, watchConsole } from './pages/admin.mjs';

preflight();
const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
let rows;
try {
  rows = makeRows(stamp);
} catch (e) {
  bail('the test rows are made with psql', e.message);
}
await openBrowser();
watchConsole();
try {
  await admin(rows);
} catch (e) {
  broken('the test script runs to its end', e);
}
await finish();
