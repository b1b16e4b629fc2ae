/** An admin loads a release of DfE's published statistics in the portal: a broken file is refused row by row, a good one is checked, then loaded. */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, newPage, signIn } from './helpers';

const DFE = readFileSync(
  new URL('../../../reference-data/dfe-csww/csww_indicators_2017_to_2023.csv', import.meta.url),
  'utf8',
);

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('an admin sees the releases, gets every problem of a broken file, and loads a good one', async () => {
  const { page } = await newPage(browser);
  await signIn(page, 'admin@demo.test');
  await page.getByRole('link', { name: 'Published statistics' }).click();
  await page.getByRole('heading', { level: 1, name: 'Published statistics' }).waitFor();
  const releases = page.getByRole('table', { name: 'Releases loaded, those in force first' });
  const before = await releases.locator('tbody tr').count();
  expect(before).toBeGreaterThanOrEqual(1);
  await expectAccessible(page, 'the published statistics page');

  // A figure that is not a number: refused, with its row and column, and nothing loaded.
  const lines = DFE.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  const broken = [lines[0], lines[1]?.replace(/^(([^,]*,){10})[^,]*/, '$1twelve')].join('\n');
  await page
    .getByLabel(/DfE's indicators file/)
    .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await summary.waitFor();
  expect(await summary.textContent()).toContain(`column ${header[10]}`);
  await page.getByRole('table', { name: 'Problems in broken.csv' }).waitFor();
  expect(await releases.locator('tbody tr').count()).toBe(before);
  await expectAccessible(page, 'a refused release');

  // The same file with one 2017 authority figure corrected: checked (one figure revised), then loaded.
  const row = lines.findIndex((l) => l.startsWith('2017,') && l.includes('Local authority'));
  const corrected = lines.map((l, i) =>
    i === row ? l.replace(/,(\d+)\.(\d)/, (_, a, b) => `,${a}.${(Number(b) + 1) % 10}`) : l,
  );
  await page.getByLabel(/DfE's indicators file/).setInputFiles({
    name: 'csww-corrected.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(corrected.join('\n')),
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { name: 'Check the release before you load it' }).waitFor();
  expect(await page.locator('.govuk-summary-list').textContent()).toContain('1 figure in force would change');
  await page.getByRole('table', { name: 'Figures in force it revises' }).waitFor();
  await page.getByRole('button', { name: 'Load the release' }).click();
  await page.getByText('It only revises 1 figure in force: the 2023 census stays the newest in force.').waitFor();
  await expect.poll(() => releases.locator('tbody tr').count()).toBe(before + 1);
  await expectAccessible(page, 'a loaded release');
  expectNoPageErrors(page);
});
