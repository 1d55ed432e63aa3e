// Browser end-to-end test of the Quasar SPA through nginx, one module a
// page or group of pages (t/e2e/pages/), all run in one browser by the
// harness (t/e2e/lib/harness.mjs, which lists the settings). Prints TAP;
// exit 1 on any failure.
//
// Every expected count comes from SAMPLE_CSV itself. A step that fails prints
// "not ok" with diagnostics and saves failure-<N>.png; steps that need an
// earlier one that failed are skipped; the browser is always closed.
import { BASE_URL, SAMPLE_CSV, broken, finish, note, openBrowser, preflight } from './lib/harness.mjs';
import { loadSample } from './lib/sample.mjs';
import { logOutAndBack, signUpAndLogIn } from './pages/account.mjs';
import { banking } from './pages/banking.mjs';
import { examples } from './pages/examples.mjs';
import { darkAndLanguage, notFoundAndScreenshots } from './pages/look.mjs';
import { sessionMode } from './pages/session.mjs';

preflight();
const sample = loadSample(SAMPLE_CSV);
await openBrowser();

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const user = { email: `e2e-${stamp}@example.com`, password: `pw-${stamp}-Xy` };
note(`base ${BASE_URL}; user ${user.email}; sample ${SAMPLE_CSV}: ${sample.count} rows`);
note(`date window ${sample.after}..${sample.before}: ${sample.inWindow} rows; search "${sample.search}": ${sample.matches} rows`);

// AUTH_MODE=session: the SPA built with SPA_AUTH_MODE=session.
if (process.env.AUTH_MODE === 'session') {
  await sessionMode(user);
  await finish();
}

try {
  await signUpAndLogIn(user);
  await banking(sample);
  await examples();
  await darkAndLanguage();
  await logOutAndBack(user);
  await notFoundAndScreenshots();
} catch (e) {
  broken('the test script runs to its end', e);
}
await finish();
