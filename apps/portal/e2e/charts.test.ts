/**
 * The charts draw once for their data: a page that renders again with the same figures (a note
 * published from its own page) leaves its charts as they are, and only new figures draw them again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, expectNoPageErrors, newPage, signIn } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Starts counting, in the page, each time a chart's drawing is replaced; `draws()` reads the count. */
async function countDraws(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const counter = window as unknown as { __draws: number };
    counter.__draws = 0;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.target instanceof Element && record.target.matches('.app-chart')) counter.__draws += 1;
      }
    });
    observer.observe(document.getElementById('main-content') ?? document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { __draws: number }).__draws);
}

test('a chart is not drawn again when its page renders again with the same figures', async () => {
  const { page } = await newPage(browser);
  await signIn(page, 'submitter.warwickshire@demo.test');
  const { csrfToken } = (await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string };
  const created = await page.request.post('/api/notes', {
    headers: { 'x-csrf-token': csrfToken },
    data: {
      title: 'Charts drawn once',
      summary: 'A draft whose evidence is one linked metric.',
      body: 'What we did.',
      themes: ['wellbeing'],
      metrics: [{ metric: 'turnoverRate', from: '2022-23-Q1', to: null }],
      authorName: 'Sam Submitter',
      authorRole: 'Principal social worker',
      contactEmail: null,
    },
  });
  expect(created.status()).toBe(201);
  const note = (await created.json()) as { id: string };

  await page.goto(`/notes/${note.id}`);
  await page.locator('.app-chart svg[role="img"]').waitFor();
  await page.waitForLoadState('networkidle');
  const width = () => page.locator('.app-chart').evaluate((el) => el.clientWidth);
  const before = await width();
  const draws = await countDraws(page);

  // Publishing changes the note (its status, what may be done with it): the page renders again, its evidence does not change.
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('The note is published.').waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  expect(await width()).toBe(before);
  expect(await draws()).toBe(0);
  expect(await page.locator('.app-chart svg[role="img"]').count()).toBe(1);
  expectNoPageErrors(page);
});
