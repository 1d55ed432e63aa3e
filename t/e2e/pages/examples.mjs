// The examples: a Celery sleep task on /examples/celery and the Redis
// counter on /examples/redis.
import { TASK_T, expect, fail, go, page, sel, step, textOf, until, visible, waitText } from '../lib/harness.mjs';
import { LOGGED_IN } from './account.mjs';

export async function examples() {
  await step('celery example: a 1 s sleep task reaches SUCCESS', [LOGGED_IN], async (say) => {
    await go('/examples/celery');
    await visible('#sleep-seconds');
    await sel('#sleep-seconds').fill('1');
    const t0 = Date.now();
    await sel('#sleep-submit').click();
    const st = await until('#task-state reaches SUCCESS', () => {
      const el = document.querySelector('#task-state');
      if (!el) return null;
      const s = (el.dataset.state || el.textContent).trim();
      return s === 'SUCCESS' || s === 'FAILURE' ? s : null;
    }, null, TASK_T);
    expect(st === 'SUCCESS', `#task-state is ${st}`);
    const id = await textOf('#task-id');
    expect(id, '#task-id is empty');
    say(`task ${id} SUCCESS after ${Date.now() - t0} ms`);
  });

  await step('redis example: set 7, then clear', [LOGGED_IN], async () => {
    await go('/examples/redis');
    await page.locator('.redis-debug').first().waitFor({ state: 'attached' }).catch(() => fail('.redis-debug is missing'));
    await visible('#set');
    await sel('#input').fill('7');
    await sel('#set').click();
    await waitText('#val', '7', '#val after #set');
    await sel('#clear').click();
    await waitText('#val', '', '#val after #clear');
  });
}
