// Browser end-to-end test of the Hacker News clone over GraphQL
// (t/e2e/pages/hn.mjs) through nginx, in the harness of t/e2e/spa.mjs.
// Prints TAP; exit 1 on any failure.
import { BASE_URL, broken, finish, note, openBrowser, preflight } from './lib/harness.mjs';
import { hn } from './pages/hn.mjs';

preflight();
await openBrowser();
const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const user = { email: `hn-${stamp}@example.com`, password: `pw-${stamp}-Xy` };
note(`base ${BASE_URL}; user ${user.email}`);
try {
  await hn(user, stamp);
} catch (e) {
  broken('the test script runs to its end', e);
}
await finish();
