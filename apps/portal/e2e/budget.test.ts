/**
 * The JavaScript budget (under 150 KB gzipped): every script the home page and the "How we compare"
 * dashboard load, fresh, for a signed-in authority user, gzipped as the server would send it; the
 * chart code (Observable Plot) is not among them. Sizes, not times.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, newPage, signIn } from './helpers';

const BUDGET_BYTES = 150 * 1024;

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('the home page loads under 150 KB of gzipped JavaScript, and not the schemas (zod) chunk', async () => {
  const { context } = await newPage(browser);
  const signInPage = await context.newPage();
  await signIn(signInPage, 'submitter.coventry@demo.test');
  await signInPage.close();

  const page = await context.newPage();
  const scripts = new Map<string, Buffer>();
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') scripts.set(response.url(), await response.body());
  });
  await page.goto('/');
  await page.getByRole('table', { name: 'Key metrics by quarter' }).waitFor();
  await page.waitForLoadState('networkidle');

  const sizes = [...scripts].map(([url, body]) => ({ url: new URL(url).pathname, gzip: gzipSync(body).length }));
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  console.info(
    `home page JavaScript: ${(total / 1024).toFixed(1)} KB gzipped in ${sizes.length} files\n` +
      sizes.map((s) => `  ${s.url} ${(s.gzip / 1024).toFixed(1)} KB`).join('\n'),
  );
  expect(total).toBeLessThan(BUDGET_BYTES);
  for (const body of scripts.values()) expect(body.toString('utf8')).not.toContain('ZodError');
});

test('the comparison dashboard loads under 150 KB of gzipped JavaScript, without the chart code', async () => {
  const { context } = await newPage(browser);
  const signInPage = await context.newPage();
  await signIn(signInPage, 'viewer.coventry@demo.test');
  await signInPage.close();

  const page = await context.newPage();
  const scripts = new Map<string, Buffer>();
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') scripts.set(response.url(), await response.body());
  });
  await page.goto('/compare');
  await page.getByRole('table', { name: /^Every metric, / }).waitFor();
  await page.waitForLoadState('networkidle');
  const total = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body).length, 0);
  console.info(`comparison dashboard JavaScript: ${(total / 1024).toFixed(1)} KB gzipped in ${scripts.size} files`);
  expect(total).toBeLessThan(BUDGET_BYTES);
  expect([...scripts.keys()].filter((url) => /\/plots-[^/]*\.js$/.test(url))).toEqual([]);

  // The charts' code arrives with the first metric page.
  await page.getByRole('link', { name: 'Vacancy rate' }).click();
  await page.locator('.app-chart [role="img"]').first().waitFor();
  expect([...scripts.keys()].filter((url) => /\/plots-[^/]*\.js$/.test(url))).toHaveLength(1);
});
