/**
 * A whole quarterly round in the portal, as DESIGN and issue 5 describe it: an admin adds the next
 * period (closed everywhere); the West Midlands lead opens the region's round; Coventry's submitter
 * submits; the lead reviews it and sends it back with a reason; the submitter sees the reason, fixes the
 * return and submits again; the lead compares the two versions and accepts it; the regional pack
 * downloads and opens as a valid XLSX workbook with the expected sheets; the lead closes the round (each
 * change of the round confirmed first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ALL_FIELDS, cleanFigures } from './figures';
import { connectBrowser, expectAccessible, expectNoPageErrors, newPage, signIn } from './helpers';

const COVENTRY = 'E08000026';
const PERIOD = '2024-25-Q2';
const LABEL = '2024-25 Q2';

let browser: Browser;
let downloads: string;
beforeAll(async () => {
  browser = await connectBrowser();
  downloads = mkdtempSync(join(tmpdir(), 'csc-pack-'));
});
afterAll(async () => {
  // Whatever happened, leave the West Midlands round of the new period closed, so the files after this
  // one find the demo's open period as before.
  if (browser) {
    const context = await browser.newContext({ baseURL: inject('baseUrl') });
    const page = await context.newPage();
    await signIn(page, 'lead.west-midlands@demo.test');
    await page.request.patch(`/api/regions/E12000005/rounds/${PERIOD}`, {
      data: { status: 'closed' },
      headers: { 'x-csrf-token': await csrf(page) },
    });
    await context.close();
    await browser.close();
  }
  rmSync(downloads, { recursive: true, force: true });
});

/** The session's CSRF token, for a change made through the API. */
async function csrf(page: Page): Promise<string> {
  const session = await page.request.get('/api/auth/session');
  return ((await session.json()) as { csrfToken: string }).csrfToken;
}

async function tracker(page: Page): Promise<void> {
  await page.goto(`/rounds/${PERIOD}`);
  await page.getByRole('heading', { level: 1, name: `${LABEL} collection` }).waitFor();
}

async function submitReturn(page: Page, change: (page: Page) => Promise<void>): Promise<void> {
  await page.goto(`/returns/${PERIOD}`);
  await page.getByRole('heading', { level: 1, name: `Return for ${LABEL}` }).waitFor();
  await change(page);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('Your draft has been saved').waitFor();
  await page.getByRole('button', { name: 'Check and submit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check your answers before submitting your return' }).waitFor();
  await page.getByLabel('I confirm these figures are correct to the best of my knowledge').check();
  await page.getByRole('button', { name: 'Submit return' }).click();
  await page.getByRole('heading', { name: 'Return submitted' }).waitFor();
}

describe('a quarterly round', () => {
  // A long journey through three browsers: more time than the default on a busy machine.
  test('open → submit → send back → fix → accept → regional pack → close', { timeout: 180_000 }, async () => {
    // The admin adds the next period, closed for every region, due on 31 October 2024.
    const admin = (await newPage(browser)).page;
    await signIn(admin, 'admin@demo.test');
    const created = await admin.request.post('/api/periods', {
      data: { id: PERIOD, status: 'closed', dueDate: '2024-10-31' },
      headers: { 'x-csrf-token': await csrf(admin) },
    });
    expect(created.status()).toBe(201);

    // The lead opens the region's round from their list of rounds.
    const lead = (await newPage(browser)).page;
    await signIn(lead, 'lead.west-midlands@demo.test');
    await lead.getByRole('link', { name: 'Collection rounds' }).first().click();
    await lead.getByRole('heading', { level: 1, name: 'Collection rounds' }).waitFor();
    await expectAccessible(lead, 'the list of collection rounds');
    await lead.getByRole('link', { name: `${LABEL} collection` }).click();
    await lead.getByRole('heading', { level: 1, name: `${LABEL} collection` }).waitFor();
    expect(await lead.locator('main').textContent()).toContain('Closed (for every region)');
    // Opening asks whether to e-mail the region's submitters: this time, yes.
    await lead.getByRole('button', { name: 'Open the round' }).click();
    await lead.getByRole('radio', { name: 'Yes, e-mail the submitters' }).check();
    await lead.getByRole('button', { name: 'Open the round' }).click();
    await lead.getByRole('heading', { name: `The ${LABEL} round is open` }).waitFor();
    expect(await lead.locator('.govuk-notification-banner').textContent()).toContain(
      "The submitters of the region's authorities have been e-mailed.",
    );
    expect(await lead.locator('main').textContent()).toMatch(/0 of 14 submitted/);
    await expectAccessible(lead, 'the tracker of an open round');

    // Coventry's submitter can now enter the return, and submits it.
    const submitter = (await newPage(browser)).page;
    await signIn(submitter, 'submitter.coventry@demo.test');
    const clean = await cleanFigures(submitter, COVENTRY, PERIOD);
    await submitReturn(submitter, async (page) => {
      for (const field of ALL_FIELDS) await page.locator(`#${field}`).fill('');
      for (const [field, value] of Object.entries(clean)) await page.locator(`#${field}`).fill(String(value));
    });

    // The lead finds it waiting for review, reads it, and sends it back with a reason.
    await tracker(lead);
    expect(await lead.locator('main').textContent()).toMatch(/1 of 14 submitted: 1 waiting for review/);
    await lead.getByLabel('Show').selectOption('review');
    await lead.getByText('Showing 1 of 14 authorities').waitFor();
    await lead.getByRole('link', { name: /^Review Coventry/ }).click();
    await lead.getByRole('heading', { level: 1, name: "Coventry's return" }).waitFor();
    await lead.getByRole('table', { name: /Every figure against 2024-25 Q1/ }).waitFor();
    await expectAccessible(lead, 'the review of a return');
    // A send-back without a reason is refused on the page.
    await lead.getByRole('button', { name: 'Send the return back' }).click();
    await lead.locator('.govuk-error-summary').getByText('Enter the reason for sending it back').waitFor();
    await expectAccessible(lead, 'the review asking for a reason');
    const reason = 'ASYE starters look too high against ASYE headcount: please check <b>asye_started</b>.';
    await lead.getByLabel('Reason for sending it back').fill(reason);
    await lead.getByRole('button', { name: 'Send the return back' }).click();
    await lead
      .getByRole('heading', { name: "You sent Coventry's return back. Its submitters have been e-mailed your reason." })
      .waitFor();

    // The submitter sees the reason on the home page (as text, not markup), fixes the return and submits again.
    await submitter.goto('/');
    const banner = submitter.locator('.govuk-notification-banner');
    await banner.getByText(`Your regional lead sent the ${LABEL} return back for changes`).waitFor();
    expect(await banner.textContent()).toContain(reason);
    expect(await banner.locator('b').count()).toBe(0);
    await expectAccessible(submitter, 'the home page with a return sent back');
    await submitReturn(submitter, async (page) => {
      await page.locator('#asyeStarted').fill(String(clean.asyeStarted - 1));
    });

    // The lead compares the resubmission with the version sent back, and accepts it.
    await tracker(lead);
    await lead.getByRole('link', { name: /^Review Coventry/ }).click();
    await lead.getByRole('heading', { level: 1, name: "Coventry's return" }).waitFor();
    const diff = lead.getByRole('table', { name: /figure changed from version \d+ to version \d+/ });
    await lead.getByLabel('From').selectOption({ index: 1 });
    await diff.waitFor();
    expect(await diff.getByRole('rowheader').allTextContents()).toEqual(['ASYEs who started']);
    await expectAccessible(lead, 'the review with two versions compared');
    await lead.getByRole('button', { name: 'Accept the return' }).click();
    await lead.getByRole('heading', { name: "You accepted Coventry's return. It is locked." }).waitFor();

    // The submitter's return is locked.
    await submitter.goto(`/returns/${PERIOD}`);
    await submitter.getByText('Your regional lead has accepted this return, so it is locked.').waitFor();
    expect(await submitter.getByRole('button', { name: 'Save draft' }).count()).toBe(0);

    // The regional pack downloads and opens as a valid workbook with the expected sheets.
    await tracker(lead);
    expect(await lead.locator('main').textContent()).toMatch(/1 of 14 submitted: 1 accepted/);
    const [download] = await Promise.all([
      lead.waitForEvent('download'),
      lead.getByRole('link', { name: 'Download the regional pack (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`regional-pack-E12000005-${PERIOD}.xlsx`);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheets = workbook.worksheets.map((s) => s.name);
    expect(sheets.slice(0, 2)).toEqual(['About', 'Returns']);
    expect(sheets).toContain('Vacancy rate');
    expect(sheets.at(-1)).toBe('Definitions');
    const returns: string[] = [];
    workbook.getWorksheet('Returns')?.eachRow((row) => {
      returns.push((row.values as unknown[]).slice(1).join('|'));
    });
    expect(returns).toContain(`${COVENTRY}|Coventry|Accepted|yes`);

    // The lead closes the round; the region's returns can no longer be changed.
    await lead.getByRole('button', { name: 'Close the round' }).click();
    expect(await lead.locator('.govuk-warning-text').textContent()).toContain(
      '13 of 14 authorities have not submitted: they cannot save or submit while the round is closed.',
    );
    await lead.getByRole('button', { name: 'Yes, close the round' }).click();
    await lead.getByRole('heading', { name: `The ${LABEL} round is closed` }).waitFor();
    await submitter.goto(`/returns/${PERIOD}`);
    await submitter.getByText(/The collection of this period is closed/).waitFor();
    for (const page of [admin, lead, submitter]) expectNoPageErrors(page);
  });
});
