/**
 * A regional lead imports the region's history: the template and the example download, a file with a
 * row of another region is refused by row and column, a good file is checked (nothing saved), then
 * imported, and its period released. The test's quarter (2005-06) is one no other test touches; the
 * import adds it to the demo server as a closed period.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, expectTitle, newPage, signIn } from './helpers';

const LEAD = 'lead.west-midlands@demo.test';
const MANCHESTER = 'E08000003';
const QUARTERS = ['2005-06-Q1', '2005-06-Q2'] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The example's rows (two authorities of the lead's region), moved to the test's quarters. */
async function exampleLines(page: Page): Promise<{ header: string; rows: string[][] }> {
  const response = await page.request.get('/api/returns/history-example.csv');
  expect(response.status(), 'GET /api/returns/history-example.csv').toBe(200);
  const [header = '', ...lines] = (await response.text())
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line !== '');
  const rows = lines.map((line) => line.split(','));
  const periods = [...new Set(rows.map((r) => r[1]))];
  return { header, rows: rows.map((r) => [r[0] ?? '', QUARTERS[periods.indexOf(r[1])] ?? '', ...r.slice(2)]) };
}

async function chooseFile(page: Page, name: string, lines: readonly string[]): Promise<void> {
  await page.getByLabel('Upload a file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
}

describe('a region’s history', () => {
  test('the lead uploads the file, checks it, imports it; a row of another region is refused by row and column', async () => {
    const { page } = await newPage(browser);
    await signIn(page, LEAD);
    await page.goto('/rounds');
    await page.getByRole('link', { name: 'Import your region’s history' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import your region’s history' }).waitFor();
    await expectTitle(page, 'Import your region’s history');
    const template = await page.request.get('/api/returns/history-template.csv');
    expect(template.status()).toBe(200);
    expect((await template.text()).split(/\r?\n/).filter(Boolean).length).toBe(15); // the header, 14 authorities
    await expectAccessible(page, 'the history import page');

    // No file.
    await page.getByRole('button', { name: 'Check the file' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('Select a CSV or XLSX file');

    // A row of another region: refused, named by row and column, nothing saved.
    const { header, rows } = await exampleLines(page);
    const foreign = [MANCHESTER, ...(rows[0] ?? []).slice(1)].join(',');
    await chooseFile(page, 'history-bad.csv', [header, ...rows.map((r) => r.join(',')), foreign]);
    await expect.poll(() => summary.textContent()).toContain('Row 6, column authority_code');
    await page.getByRole('table', { name: /history-bad\.csv/ }).waitFor();
    await expectAccessible(page, 'the history import page with a refused file');
    const nothing = await page.request.get(`/api/returns/${rows[0]?.[0]}/${QUARTERS[0]}`);
    expect(nothing.status()).toBe(404);

    // The good file: checked first (nothing saved), then imported.
    await chooseFile(page, 'history.csv', [header, ...rows.map((r) => r.join(','))]);
    await page.getByRole('heading', { level: 1, name: 'Check the import before it is saved' }).waitFor();
    await expectTitle(page, 'Check the import');
    const check = (await page.locator('.govuk-summary-list').textContent()) ?? '';
    expect(check).toContain('New returns4');
    expect(check).toContain('Periods to add (closed)2005-06 Q1, 2005-06 Q2');
    expect((await page.request.get(`/api/returns/${rows[0]?.[0]}/${QUARTERS[0]}`)).status()).toBe(404);
    await expectAccessible(page, 'the check of the history import');

    await page.getByRole('button', { name: 'Import the returns' }).click();
    await page.getByRole('heading', { level: 1, name: 'History imported' }).waitFor();
    await expectTitle(page, 'History imported');
    const done = (await page.locator('.govuk-summary-list').textContent()) ?? '';
    expect(done).toContain('Comparisons released now2005-06 Q1, 2005-06 Q2');
    await expectAccessible(page, 'the history import’s confirmation');
    const saved = await page.request.get(`/api/returns/${rows[0]?.[0]}/${QUARTERS[0]}`);
    expect(saved.status()).toBe(200);
    expect(await saved.json()).toMatchObject({ status: 'accepted', updatedByName: expect.any(String) });
    expectNoPageErrors(page);
  });
});
