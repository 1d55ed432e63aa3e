// Browser end-to-end test of the websocket pages (t/e2e/pages/ws.mjs)
// through nginx and wsd, in the harness of t/e2e/spa.mjs. Prints TAP; exit 1
// on any failure.
import { BASE_URL, SAMPLE_CSV, broken, finish, note, openBrowser, preflight } from './lib/harness.mjs';
import { loadSample } from './lib/sample.mjs';
import { notifications, pingPong } from './pages/ws.mjs';

preflight();
const sample = loadSample(SAMPLE_CSV);
await openBrowser();
const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const user = { email: `ws-${stamp}@example.com`, password: `pw-${stamp}-Xy` };
note(`base ${BASE_URL}; user ${user.email}; sample ${SAMPLE_CSV}: ${sample.count} rows`);
try {
  await pingPong();
  await notifications(user, sample);
} catch (e) {
  broken('the test script runs to its end', e);
}
await finish();
