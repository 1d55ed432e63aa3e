// The account pages: home, /signup, /login (also by keyboard alone),
// /profile, log out, and GitHub login through the harness's stand-in provider.
import {
  T, emailPattern, expect, fail, go, logout, page, sel, skip, step, text, visible, waitText,
} from '../lib/harness.mjs';

export const HOME = 'home page loads with "Verbose Equals True"';
const SIGNED_UP = 'sign up a new user on /signup';
export const LOGGED_IN = 'log out, a wrong password shows .login-error, then log in on /login';

// The first steps: the user signs up, logs in and edits the profile.
export async function signUpAndLogIn(user) {
  await step(HOME, [], async (say) => {
    const t0 = Date.now();
    const res = await go('/');
    expect(res && res.ok(), `GET / answered ${res && res.status()}`);
    await visible('h1:has-text("Verbose Equals True")', 'h1 "Verbose Equals True"');
    const visibleMs = Date.now() - t0;
    const h1 = await text('h1');
    expect(h1.includes('Verbose Equals True'), `h1 is ${JSON.stringify(h1)}`);
    const nav = await page.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0];
      return e ? { di: e.domInteractive - e.startTime, dcl: e.domContentLoadedEventEnd - e.startTime } : null;
    });
    say(`time to interactive of /: ${Math.round(nav ? nav.di : -1)} ms (DOMContentLoaded ${Math.round(nav ? nav.dcl : -1)} ms, h1 visible after ${visibleMs} ms); title ${JSON.stringify(await page.title())}`);
  });

  await step(SIGNED_UP, [HOME], async () => {
    await go('/signup');
    await visible('#signup-email');
    await sel('#signup-email').fill(user.email);
    await sel('#signup-password').fill(user.password);
    await sel('#signup-btn').click();
    await visible('#logout', '#logout after signing up');
    await waitText('#user-email', emailPattern(user.email), '#user-email');
  });

  await step(LOGGED_IN, [SIGNED_UP], async () => {
    await logout();
    await go('/login');
    await visible('#email');
    expect(!(await page.locator('.login-error').first().isVisible()), '.login-error shows before any attempt');
    await sel('#email').fill(user.email);
    await sel('#password').fill(user.password + 'wrong');
    await sel('#login-btn').click();
    await visible('.login-error', '.login-error after a wrong password');
    expect(!(await page.locator('#logout').first().isVisible()), 'logged in with a wrong password');
    await sel('#password').fill(user.password);
    await sel('#login-btn').click();
    await visible('#logout', '#logout after logging in');
    await waitText('#user-email', emailPattern(user.email), '#user-email');
  });

  await step('still logged in after a reload', [LOGGED_IN], async () => {
    await page.reload({ waitUntil: 'domcontentloaded' });
    await visible('#logout', '#logout after the reload');
    await waitText('#user-email', emailPattern(user.email), '#user-email');
  });

  await step('profile: edit the names, save, and they are there after a reload', [LOGGED_IN], async () => {
    await go('/profile');
    await visible('#first-name');
    await waitText('#profile-email', emailPattern(user.email), '#profile-email');
    const saved = page.waitForResponse((r) => r.url().includes('/api/users/profile/') && ['PUT', 'PATCH'].includes(r.request().method()));
    await sel('#first-name').fill('Ada');
    await sel('#last-name').fill('Lovelace 李');
    await sel('#profile-save').click();
    const res = await saved;
    expect(res.status() === 200, `saving answered ${res.status()}`);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await visible('#first-name');
    let names = [];
    for (let i = 0; i < 50; i++) {
      names = [await sel('#first-name').inputValue(), await sel('#last-name').inputValue()];
      if (names[0] === 'Ada' && names[1] === 'Lovelace 李') break;
      await page.waitForTimeout(100);
    }
    expect(names[0] === 'Ada' && names[1] === 'Lovelace 李', `after the reload the names are ${JSON.stringify(names)}`);
  });
}

// The last account steps: log out, log in by keyboard, log in with GitHub.
export async function logOutAndBack(user) {
  await step('log out: #login shows, also after a reload, and no token is left in storage', [LOGGED_IN], async () => {
    await go('/');
    await logout();
    await page.reload({ waitUntil: 'domcontentloaded' });
    await visible('#login', '#login after a reload');
    expect(!(await page.locator('#logout').first().isVisible()), '#logout still shows after a reload');
    const tokens = await page.evaluate(() => {
      const found = [];
      for (const [name, st] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]])
        for (let i = 0; i < st.length; i++) {
          const k = st.key(i);
          if (/(^|[^A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\./.test(' ' + st.getItem(k))) found.push(`${name}.${k}`);
        }
      return found;
    });
    expect(tokens.length === 0, `JWT-looking values left: ${tokens.join(', ')}`);
  });

  await step('log in by keyboard alone: Tab to the fields, type, Enter', [LOGGED_IN], async () => {
    await go('/login');
    await visible('#email');
    async function tabTo(id) {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement && document.activeElement.id)) === id) return;
      }
      fail(`Tab never reaches #${id}`);
    }
    await tabTo('email');
    await page.keyboard.type(user.email);
    await tabTo('password');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await visible('#logout', '#logout after a keyboard-only login');
    await logout();
  });

  // GitHub login through the harness's stand-in provider (OAUTH_FAKE_URL):
  // its authorize page sends the browser back with a code at once.
  if (process.env.OAUTH_FAKE_URL) {
    await step('GitHub button: provider redirect, callback, logged in as the vouched-for email', [HOME], async () => {
      await go('/login');
      await visible('#login-github');
      await Promise.all([
        page.waitForURL(/\/auth\/github\/callback\?code=ok-browser&state=/, { timeout: T }),
        sel('#login-github').click(),
      ]);
      await visible('#logout', '#logout after the GitHub callback');
      await waitText('#user-email', 'browser@example.com', 'the GitHub user');
      await logout();
    });
  } else {
    skip('GitHub button: provider redirect, callback, logged in', 'OAUTH_FAKE_URL is not set (ops/test sets it)');
  }
}
