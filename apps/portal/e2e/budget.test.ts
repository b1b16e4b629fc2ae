/**
 * The JavaScript budget (under 150 KB gzipped): every script the home page and the "How we compare"
 * dashboard load, fresh, for a signed-in authority user, gzipped as the server would send it; the
 * chart code (Observable Plot) is not among them. Sizes, not times (weighed as `npm run bench` weighs
 * them: e2e/page-weight.ts).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, newPage, signIn } from './helpers';
import {
  type Asset,
  BUDGETED_PAGES,
  type BudgetedPage,
  gzipTotal,
  loadBudgetedPage,
  recordAssets,
} from './page-weight';

const BUDGET_BYTES = 150 * 1024;

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs the page's user in (in a page of their own), then loads the page fresh in a new one, recording what it fetches. */
async function loadFresh(which: BudgetedPage) {
  const { context } = await newPage(browser);
  const signInPage = await context.newPage();
  await signIn(signInPage, which.user);
  await signInPage.close();
  const page = await context.newPage();
  const assets = recordAssets(page);
  await loadBudgetedPage(page, which);
  return { page, assets };
}

const scripts = (assets: Map<string, Asset>) => [...assets.values()].filter((a) => a.kind === 'script');

test('the home page loads under 150 KB of gzipped JavaScript, and not the schemas (zod) chunk', async () => {
  const { assets } = await loadFresh(BUDGETED_PAGES.home);
  const total = gzipTotal(assets.values(), 'script');
  console.info(
    `home page JavaScript: ${(total / 1024).toFixed(1)} KB gzipped in ${scripts(assets).length} files\n` +
      scripts(assets)
        .map((s) => `  ${new URL(s.url).pathname} ${(s.gzipBytes / 1024).toFixed(1)} KB`)
        .join('\n'),
  );
  expect(total).toBeLessThan(BUDGET_BYTES);
  for (const script of scripts(assets)) expect(script.body.toString('utf8')).not.toContain('ZodError');
});

test('the comparison dashboard loads under 150 KB of gzipped JavaScript, without the chart code', async () => {
  const { page, assets } = await loadFresh(BUDGETED_PAGES.dashboard);
  const total = gzipTotal(assets.values(), 'script');
  console.info(
    `comparison dashboard JavaScript: ${(total / 1024).toFixed(1)} KB gzipped in ${scripts(assets).length} files`,
  );
  expect(total).toBeLessThan(BUDGET_BYTES);
  const plots = () => [...assets.keys()].filter((url) => /\/plots-[^/]*\.js$/.test(url));
  expect(plots()).toEqual([]);

  // The charts' code arrives with the first metric page.
  await page.getByRole('link', { name: 'Vacancy rate' }).click();
  await page.locator('.app-chart [role="img"]').first().waitFor();
  expect(plots()).toHaveLength(1);
});
