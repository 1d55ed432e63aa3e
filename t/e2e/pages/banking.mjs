// The banking pages: upload a statement on /banking and wait for its
// import, the transactions panel and page (paging, date filter, search), the
// spend chart and the CSV export, every count checked against the sample.
import fs from 'node:fs';
import {
  SAMPLE_CSV, T, UPLOAD_T, expect, fail, go, goWhere, page, sel, step, until, visible, waitText,
} from '../lib/harness.mjs';
import { isoDate, money, parseCsv } from '../lib/sample.mjs';
import { LOGGED_IN } from './account.mjs';

const PER_PAGE = 25;

export async function banking(sample) {
  const pages = Math.ceil(sample.count / PER_PAGE);
  const UPLOADED = `upload the ${sample.count}-row statement on /banking: its row reaches status done`;
  await step(UPLOADED, [LOGGED_IN], async (say) => {
    const listed = page.waitForResponse((r) => r.url().includes('/api/statements/') && r.request().method() === 'GET')
      .catch(() => fail('/banking did not list the statements (GET /api/statements/)'));
    await go('/banking');
    const listedCount = ((await (await listed).json()).results || []).length;
    // A native file input may be hidden behind a styled picker: attached is enough.
    await page.locator('#statement-file').first().waitFor({ state: 'attached' })
      .catch(() => fail('#statement-file is missing'));
    // A new user's table may be empty (no height): attached is enough.
    await page.locator('#statements-table').first().waitFor({ state: 'attached' })
      .catch(() => fail('#statements-table is missing'));
    await until(`#statements-table shows the ${listedCount} listed statements`,
      (k) => document.querySelectorAll('#statements-table [data-statement-id]').length === k, listedCount);
    const before = await page.$$eval('#statements-table [data-statement-id]', (els) => els.map((e) => e.dataset.statementId));
    await sel('#statement-month').fill('2019-12');
    await sel('#statement-file').setInputFiles(SAMPLE_CSV);
    const t0 = Date.now();
    await sel('#statement-upload').click();
    const got = await until(`a new row of #statements-table reaches a final .statement-status (rows before: ${before.length})`, (before) => {
      for (const tr of document.querySelectorAll('#statements-table [data-statement-id]')) {
        if (before.includes(tr.dataset.statementId)) continue;
        const st = tr.querySelector('.statement-status[data-status]');
        const s = st && st.dataset.status;
        if (s === 'done' || s === 'failed') {
          const err = tr.querySelector('.statement-errors');
          return { id: tr.dataset.statementId, status: s, errors: err ? err.textContent.trim() : '' };
        }
      }
      return null;
    }, before, UPLOAD_T);
    expect(got.status === 'done', `statement ${got.id} ended ${got.status}: ${got.errors}`);
    say(`statement ${got.id} done ${Date.now() - t0} ms after the click`);
  });

  const rowSel = '#transactions-table tbody tr';
  const firstRow = () => page.evaluate((s) => { const r = document.querySelector(s); return r ? r.textContent.trim() : null; }, rowSel);
  const countIs = async (want, what) => waitText('#transactions-count', new RegExp(`^\\D*${want}\\D*$`), `#transactions-count ${what}`);
  // The banking page holds the transactions panel too: it must catch up
  // with the import by itself.
  await step(`/banking's transactions panel shows the ${sample.count} imported rows without a reload`, [UPLOADED], async () => {
    const where = new URL(page.url()).pathname;
    expect(where === '/banking', `left /banking for ${where}`);
    await countIs(sample.count, 'on /banking after the import');
  });

  await step(`transactions: count ${sample.count}, ${PER_PAGE} rows a page, next page, date filter (${sample.inWindow}), search (${sample.matches})`, [UPLOADED], async () => {
    await go('/transactions');
    await visible('#transactions-table');
    await countIs(sample.count, 'unfiltered');
    await until(`${PER_PAGE} rows in #transactions-table`, ([s, k]) => document.querySelectorAll(s).length === k, [rowSel, PER_PAGE]);
    await waitText('#transactions-page', new RegExp(`^\\D*1\\D+${pages}\\D*$`), '#transactions-page on page 1');
    const first = await firstRow();
    await sel('#transactions-next').click();
    await waitText('#transactions-page', new RegExp(`^\\D*2\\D+${pages}\\D*$`), '#transactions-page after #transactions-next');
    await until('the first row changes on page 2', ([s, f]) => {
      const r = document.querySelector(s);
      return r && r.textContent.trim() !== f;
    }, [rowSel, first]);
    await until(`${PER_PAGE} rows on page 2`, ([s, k]) => document.querySelectorAll(s).length === k, [rowSel, PER_PAGE]);

    await sel('#filter-date-after').fill(sample.after);
    await sel('#filter-date-before').fill(sample.before);
    await countIs(sample.inWindow, `for ${sample.after}..${sample.before}`);
    await until(`min(${PER_PAGE}, ${sample.inWindow}) rows for the date window`, ([s, k]) => document.querySelectorAll(s).length === k,
      [rowSel, Math.min(PER_PAGE, sample.inWindow)]);
    await sel('#filter-date-after').fill('');
    await sel('#filter-date-before').fill('');
    await countIs(sample.count, 'with the dates cleared');

    await sel('#filter-search').fill(sample.search);
    await countIs(sample.matches, `for search "${sample.search}"`);
    const shown = await page.$$eval(rowSel, (rs) => rs.map((r) => r.textContent.toLowerCase()));
    const stray = shown.filter((t) => !t.includes(sample.search));
    expect(stray.length === 0, `rows without "${sample.search}": ${stray.slice(0, 2).join(' | ')}`);
    await sel('#filter-search').fill('');
    await countIs(sample.count, 'with the search cleared');
  });

  const spendUrl = (iv) => (r) => r.url().includes('/api/transactions/spend/') && new URL(r.url()).searchParams.get('interval') === iv;
  await step('spend chart draws a canvas; week and day intervals fetch /api/transactions/spend/', [UPLOADED], async () => {
    await goWhere('#spend-chart', ['/transactions', '/banking']);
    await visible('#spend-chart canvas');
    for (const iv of ['week', 'day']) {
      const [res] = await Promise.all([
        page.waitForResponse(spendUrl(iv), { timeout: T }).catch(() => fail(`no response for /api/transactions/spend/?interval=${iv} after #interval-${iv}`)),
        sel(`#interval-${iv}`).click(),
      ]);
      expect(res.status() === 200, `spend?interval=${iv} answered ${res.status()}`);
      await visible('#spend-chart canvas', `#spend-chart canvas after #interval-${iv}`);
    }
  });

  await step(`#export-csv downloads the ${sample.count} transactions`, [UPLOADED], async () => {
    await goWhere('#export-csv', ['/transactions', '/banking']);
    await visible('#export-csv');
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: T }).catch(() => fail('no download after #export-csv')),
      sel('#export-csv').click(),
    ]);
    const file = await dl.path();
    expect(file, `download failed: ${await dl.failure()}`);
    const rows = parseCsv(fs.readFileSync(file, 'utf8'));
    const head = rows.shift();
    expect(head && head.join(',') === 'Posted Date,Reference Number,Payee,Address,Amount', `header is ${JSON.stringify(head && head.join(','))}`);
    expect(rows.length === sample.count, `${rows.length} data rows, want ${sample.count}`);
    const keys = rows.map((r) => sample.key({ date: isoDate(r[0]), amount: money(r[4]) })).sort();
    const diff = keys.findIndex((k, i) => k !== sample.keys[i]);
    expect(diff < 0, `dates and amounts differ from the sample: ${keys[diff]} vs ${sample.keys[diff]}`);
  });
}
