/**
 * Uploading returns as CSV: a file with a bad value is refused with a report naming the row and the
 * column (and nothing saved), then a correct file is accepted; a file whose rows mix CRLF and LF line
 * endings is read row by row; a return that breaks a rule (permanent FTE above headcount) is saved as
 * a draft and its errors shown at upload, by row and column. axe on each page.
 */
import { RETURN_FIELDS } from '@csc-workforce/schemas';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanFigures, type Figures } from './figures';
import {
  connectBrowser,
  expectAccessible,
  expectNoPageErrors,
  expectTitle,
  newPage,
  openPeriod,
  signIn,
} from './helpers';

const COVENTRY = 'E08000026';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The columns of the API's template: its header row. */
async function templateColumns(page: Page): Promise<string[]> {
  const response = await page.request.get('/api/returns/template.csv');
  expect(response.status(), 'GET /api/returns/template.csv').toBe(200);
  const header = (await response.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  return header.split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
}

/** One CSV line for a return, in the template's columns; `override` replaces cells by column. */
function csvLine(
  columns: readonly string[],
  figures: Figures,
  period: string,
  override: Readonly<Record<string, string>> = {},
): string {
  const byColumn = new Map<string, string>();
  for (const field of RETURN_FIELDS) {
    const value = (figures as Partial<Record<string, number>>)[field.name];
    byColumn.set(field.column, value === undefined ? '' : String(value));
  }
  return columns
    .map((column) => {
      if (column in override) return override[column];
      if (byColumn.has(column)) return byColumn.get(column);
      if (column === 'authority_code') return COVENTRY;
      if (column === 'period') return period;
      return '';
    })
    .join(',');
}

async function uploadCsv(page: Page, name: string, lines: readonly string[] | string): Promise<void> {
  await page.locator('#file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(typeof lines === 'string' ? lines : `${lines.join('\r\n')}\r\n`, 'utf8'),
  });
  await page.getByRole('button', { name: 'Upload file' }).click();
}

/** The cells of a table's body, row by row. */
function bodyCells(table: ReturnType<Page['getByRole']>): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
}

describe('upload', () => {
  test('a CSV with a bad value gets a per-row report naming row and column; a correct file is accepted', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'submitter.coventry@demo.test');
    const period = await openPeriod(page);
    const figures = await cleanFigures(page, COVENTRY, period.id);
    const columns = await templateColumns(page);
    expect(columns).toContain('leavers_fte');

    await page.goto('/upload');
    await page.getByRole('heading', { level: 1, name: 'Upload returns' }).waitFor();
    await expectTitle(page, 'Upload returns');

    // Nothing chosen: an error on the file input.
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.locator('#file-error').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select a CSV or XLSX file');

    // Row 3 (the header is row 1) says "twelve" for leavers FTE.
    const header = columns.join(',');
    await uploadCsv(page, 'returns-with-errors.csv', [
      header,
      csvLine(columns, figures, period.id),
      csvLine(columns, figures, period.id, { leavers_fte: 'twelve' }),
    ]);
    const report = page.getByRole('table', { name: /Problems in returns-with-errors\.csv/ });
    await report.waitFor();
    const rows = await report
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    expect(rows).toContainEqual(['3', 'leavers_fte', expect.stringMatching(/number/i)]);
    const summary = page.locator('.govuk-error-summary');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    expect(await summary.textContent()).toMatch(/Row 3, column leavers_fte/);
    await expectTitle(page, 'Error: Upload returns');
    await expectAccessible(page, 'the upload page with errors');

    // A correct file is accepted.
    await uploadCsv(page, 'returns.csv', [header, csvLine(columns, figures, period.id)]);
    await page.getByRole('heading', { name: 'File uploaded' }).waitFor();
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    const saved = page.getByRole('table', { name: 'Returns saved from the file' });
    expect(await saved.locator('tbody tr').count()).toBe(1);
    await expectAccessible(page, 'the upload page after an upload');

    const stored = await page.request.get(`/api/returns/${COVENTRY}/${period.id}`);
    expect(((await stored.json()) as { figures: Figures }).figures.leaversFte).toBe(figures.leaversFte);
    expectNoPageErrors(page);
  });

  test('a CSV whose rows mix CRLF and LF line endings is read row by row', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'submitter.coventry@demo.test');
    // Coventry's own returns as exported (saved on Windows: CRLF), every other row's ending then
    // changed to LF, as when rows are added on another machine. Importing them again changes nothing.
    const exported = await page.request.get('/api/returns/export.csv');
    expect(exported.status()).toBe(200);
    const lines = (await exported.text()).split(/\r?\n/).filter((line) => line !== '');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const mixed = lines.map((line, i) => `${line}${i % 2 === 0 ? '\r\n' : '\n'}`).join('');
    expect(mixed).toMatch(/[^\r]\n/);
    expect(mixed).toContain('\r\n');

    await page.goto('/upload');
    await page.getByRole('heading', { level: 1, name: 'Upload returns' }).waitFor();
    await uploadCsv(page, 'mixed-line-endings.csv', mixed);
    await page.getByRole('heading', { name: 'File uploaded' }).waitFor();
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    // Every row read as its own return: one row of the table each, none changed.
    const saved = page.getByRole('table', { name: 'Returns saved from the file' });
    const rows = await bodyCells(saved);
    expect(rows).toHaveLength(lines.length - 1);
    for (const row of rows) expect(row[0]).toBe('No change');
    await expectAccessible(page, 'the upload page after a file with mixed line endings');
    expectNoPageErrors(page);
  });

  test('a return that breaks a rule is saved as a draft, and its errors show at upload by row and column', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'submitter.coventry@demo.test');
    const period = await openPeriod(page);
    const before = await page.request.get(`/api/returns/${COVENTRY}/${period.id}`);
    const figures = await cleanFigures(page, COVENTRY, period.id);
    const columns = await templateColumns(page);
    const header = columns.join(',');
    try {
      await page.goto('/upload');
      await page.getByRole('heading', { level: 1, name: 'Upload returns' }).waitFor();
      // Permanent FTE above the permanent headcount: each value is fine alone, together they break E006.
      const broken = { ...figures, permanentFte: figures.permanentHeadcount + 10 };
      await uploadCsv(page, 'returns-with-a-rule-broken.csv', [header, csvLine(columns, broken, period.id)]);
      await page.getByRole('heading', { name: 'File uploaded' }).waitFor();
      const banner = page.locator('.govuk-notification-banner');
      expect(await banner.textContent()).toMatch(/1 error to correct before they can be submitted/);
      const problems = page.getByRole('table', {
        name: 'Errors and warnings in the returns saved from returns-with-a-rule-broken.csv',
      });
      await problems.waitFor();
      const rows = await bodyCells(problems);
      expect(rows).toContainEqual(['2', 'permanent_fte', expect.stringMatching(/^Error .*headcount/i)]);
      // The banner's link goes to the table.
      expect(await banner.getByRole('link', { name: 'see them by row and column' }).getAttribute('href')).toBe(
        '#import-problems',
      );
      await expectAccessible(page, 'the upload page with the errors of the saved returns');

      // Corrected, the file's return has no problem left to show.
      await uploadCsv(page, 'returns.csv', [header, csvLine(columns, figures, period.id)]);
      await page.getByRole('heading', { name: 'File uploaded' }).waitFor();
      await expect.poll(() => page.locator('#import-problems').count()).toBe(0);
      expectNoPageErrors(page);
    } finally {
      // Leave the return's figures as they were, if it had any.
      if (before.status() === 200) {
        const stored = (await before.json()) as { figures: Figures & { comment?: string } };
        const now = (await (await page.request.get(`/api/returns/${COVENTRY}/${period.id}`)).json()) as {
          version: number;
          status: string;
        };
        if (now.status !== 'accepted') {
          const { csrfToken } = (await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string };
          const restored = await page.request.put(`/api/returns/${COVENTRY}/${period.id}`, {
            headers: { 'x-csrf-token': csrfToken },
            data: { version: now.version, figures: stored.figures },
          });
          expect(restored.status()).toBe(200);
        }
      }
    }
  });
});
