// How every page looks: dark mode and the language switch, the not-found
// page, and each page's screenshot in light and dark mode, where every
// visible control must have an accessible name.
import path from 'node:path';
import {
  SCREENSHOT_DIR, T, expect, go, isDark, login, logout, page, sel, setDark, step, until, visible, waitText,
} from '../lib/harness.mjs';
import { HOME } from './account.mjs';

export async function darkAndLanguage() {
  await step('dark mode: #dark-toggle sets body--dark, which survives a reload', [HOME], async () => {
    await go('/');
    await visible('#dark-toggle');
    expect(!(await isDark()), 'body is dark before #dark-toggle');
    await sel('#dark-toggle').click();
    await until('body has class body--dark after #dark-toggle', () => document.body.classList.contains('body--dark'));
    await page.reload({ waitUntil: 'domcontentloaded' });
    await visible('#dark-toggle');
    await until('body has class body--dark after a reload', () => document.body.classList.contains('body--dark'));
  });

  const pickLang = async (lang) => {
    await sel('#lang-switch').click();
    await visible(`[data-lang="${lang}"]`);
    await sel(`[data-lang="${lang}"]`).click();
    await until(`html[lang] becomes ${lang}`, (l) => document.documentElement.lang === l, lang);
  };
  await step('Chinese: html[lang] zh-CN and #nav-home 首页, also after a reload; back to en-US', [HOME], async () => {
    await go('/');
    await visible('#lang-switch');
    await pickLang('zh-CN');
    if (!(await page.locator('#nav-home').first().isVisible())) await sel('#toggleLeftDrawer').click();
    await visible('#nav-home');
    await waitText('#nav-home', /首页/, '#nav-home in Chinese');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await visible('#lang-switch');
    await until('html[lang] is still zh-CN after a reload', () => document.documentElement.lang === 'zh-CN');
    await waitText('#nav-home', /首页/, '#nav-home in Chinese after a reload');
    await pickLang('en-US');
    await waitText('#nav-home', /^(?!.*首页)/, '#nav-home back in English');
  });
}

export async function notFoundAndScreenshots() {
  await step('an unknown route shows .not-found', [HOME], async () => {
    await go('/no-such-page');
    await visible('.not-found');
  });

  // ---- screenshots: /login and /signup logged out, the rest as the staff user.
  const ready = {
    '/': 'h1', '/about': '.q-page h1, main h1', '/login': '#login-btn', '/signup': '#signup-btn',
    '/profile': '#profile-email', '/banking': '#statements-table', '/transactions': '#transactions-table',
    '/examples/redis': '.redis-debug', '/examples/celery': '#sleep-submit', '/examples/websockets': '#ping',
    '/services': '#flower-link',
    '/no-such-page': '.not-found',
  };
  const loggedOutPages = ['/login', '/signup'];
  const loggedInPages = Object.keys(ready).filter((p) => !loggedOutPages.includes(p));
  const fileName = (mode, p) => `${mode}-${p === '/' ? 'home' : p.replace(/^\//, '').replace(/\//g, '-')}.png`;
  // Every visible control needs an accessible name (aria-label, a label,
  // aria-labelledby, title or its own text).
  const unlabeled = [];
  function unlabeledControls() {
    const bad = [];
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const q = 'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=switch], [role=checkbox], [role=combobox], [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll(q)) {
      if (!shown(el)) continue;
      const by = el.getAttribute('aria-labelledby');
      const name = (el.getAttribute('aria-label') ||
        (by ? by.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' ') : '') ||
        (el.labels ? [...el.labels].map((l) => l.textContent).join(' ') : '') ||
        el.getAttribute('title') || (el.tagName === 'INPUT' ? '' : el.textContent) || '').trim();
      if (!name) bad.push(el.outerHTML.slice(0, 160));
    }
    return bad;
  }
  async function shoot(mode, list, problems) {
    for (const p of list) {
      try {
        const res = await go(p);
        if (res && !res.ok()) problems.push(`${p}: HTTP ${res.status()}`);
        await page.locator(ready[p]).first().waitFor({ state: 'visible', timeout: T });
        await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
        const path_ = new URL(page.url()).pathname;
        if (path_ !== p) problems.push(`${p} went to ${path_}`);
        if ((await isDark()) !== (mode === 'dark')) problems.push(`${p} is not in ${mode} mode`);
        if (mode === 'light') unlabeled.push(...(await page.evaluate(unlabeledControls)).map((c) => `${p}: ${c}`));
      } catch (e) {
        problems.push(`${p}: ${ready[p]} not visible (${e.message.split('\n')[0]})`);
      }
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, fileName(mode, p)), fullPage: true })
        .catch((e) => problems.push(`${p}: no screenshot: ${e.message.split('\n')[0]}`));
    }
  }
  // The tests' staff user (t/e2e/spa.t creates it); the demo user against ops/run.
  const staff = {
    email: process.env.STAFF_EMAIL || 'admin@company.com',
    password: process.env.STAFF_PASSWORD || 'password',
  };
  const total = Object.keys(ready).length;
  await step(`screenshots in light mode: ${total} pages`, [HOME], async (say) => {
    const problems = [];
    await go('/login');
    await visible('#dark-toggle');
    await setDark(false);
    if (await page.locator('#logout').first().isVisible()) await logout();
    await shoot('light', loggedOutPages, problems);
    await login(staff.email, staff.password);
    await shoot('light', loggedInPages, problems);
    expect(problems.length === 0, problems.join('\n'));
    say(`${total} files light-*.png in ${SCREENSHOT_DIR}`);
  });
  await step(`every visible control on the ${total} pages has an accessible name`, [`screenshots in light mode: ${total} pages`], async () => {
    expect(unlabeled.length === 0, `controls without a name:\n${unlabeled.slice(0, 15).join('\n')}`);
  });
  await step(`screenshots in dark mode: ${total} pages`, [HOME], async (say) => {
    const problems = [];
    await go('/');
    await visible('#dark-toggle');
    await setDark(true);
    if (!(await page.locator('#logout').first().isVisible())) await login(staff.email, staff.password);
    await shoot('dark', loggedInPages, problems);
    await go('/');
    await logout();
    await shoot('dark', loggedOutPages, problems);
    expect(problems.length === 0, problems.join('\n'));
    say(`${total} files dark-*.png in ${SCREENSHOT_DIR}`);
  });
}
