// Browser end-to-end test of the websocket pages (t/e2e/pages/ws.mjs)
// through nginx and wsd, in the harness of t/e2e/spa.mjs. Prints TAP; exit 1
// on any failure.
import { BASE_URL, SAMPLE_CSV, broken, finish, note, openBrowser, preflight } from './lib/harness.mjs';
import { loadSample } from './lib/sample.mjs';
import { notifications, pingPong } from './pages/ws.mjs';

preflight();
await openBrowser();
try {
  note(`base ${BASE_URL}`);
  await pingPong();
  await notifications(loadSample(SAMPLE_CSV));
} catch (e) {
  broken('the test script runs to its end', e);
}
await finish();
