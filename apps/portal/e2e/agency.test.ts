/**
 * The agency annex in the browser: the Coventry submitter enters an assignment (refused first by
 * field, as the API's rules say), checks and saves it, sees the breach it makes against the West
 * Midlands' cap, and uploads a CSV (refused by row and column first); the West Midlands lead sets a
 * price cap (day, month, year; refused by field first) and sees the region's compliance named.
 * axe-core clean on each page. It changes only Coventry's annex of the open quarter (which no other
 * file reads) and adds a cap that takes effect in 2030 (so no assignment of the demo is judged by it).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  connectBrowser,
  errorSummary,
  expectAccessible,
  expectNoPageErrors,
  newPage,
  openPeriod,
  signIn,
} from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const HEADER =
  'role_type,hourly_rate,start_date,end_date,registration_number,pqe_years,references,project_team,cool_off';

describe('the agency annex', () => {
  test('the Coventry submitter enters, checks and saves an assignment, sees its breach, and uploads a file', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'submitter.coventry@demo.test');
    const open = await openPeriod(page);
    await page.getByRole('link', { name: 'Agency workers' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Agency workers' }).waitFor();
    await page.getByRole('table', { name: /^Price caps/ }).waitFor();
    await expectAccessible(page, 'the agency page of an authority');
    await page.getByRole('link', { name: open.label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Agency workers, ${open.label}` }).waitFor();
    await expectAccessible(page, 'the annex of a quarter');

    await page.getByRole('button', { name: 'Add an assignment' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    let summary = await errorSummary(page);
    expect(summary).toContain('Choose the role type');
    expect(summary).toContain('Enter the start date');
    await expectAccessible(page, 'the assignment form with errors');

    await page.getByLabel('Role type').selectOption({ label: 'Social worker' });
    await page.getByLabel('Hourly charge rate').fill('320');
    const start = page.getByRole('group', { name: 'Start date' });
    await start.getByLabel('Day').fill('1');
    await start.getByLabel('Month').fill('5');
    await start.getByLabel('Year').fill('2024');
    const end = page.getByRole('group', { name: 'End date' });
    await end.getByLabel('Day').fill('30');
    await end.getByLabel('Month').fill('9');
    await end.getByLabel('Year').fill('2024');
    await page.getByLabel('Social Work England registration number (optional)').fill('SW777001');
    await page.getByLabel('Years of post-qualifying experience in local authority employment').fill('2');
    await page.getByLabel('Practice references received').fill('2');
    await page
      .getByRole('group', { name: /project team/ })
      .getByLabel('No')
      .check();
    await page
      .getByRole('group', { name: /permanent post in the region/ })
      .getByLabel('No')
      .check();
    await page.getByRole('button', { name: 'Continue' }).click();
    summary = await errorSummary(page);
    expect(summary).toContain('An hourly charge rate of £320 is not plausible');

    // £45 an hour, above the West Midlands' £38 cap for a social worker; 2 years' experience.
    await page.getByLabel('Hourly charge rate').fill('45');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your assignments before saving' }).waitFor();
    expect(await page.getByRole('table', { name: /^Assignments open/ }).textContent()).toContain('SW777001');
    await expectAccessible(page, 'checking the assignments');
    await page.getByRole('button', { name: 'Save the annex' }).click();
    await page.getByRole('heading', { name: 'Annex saved' }).waitFor();
    const breaches = page.getByRole('table', { name: 'Assignments that break the agency rules' });
    await breaches.waitFor();
    const text = (await breaches.textContent()) ?? '';
    expect(text).toContain('Charged above the price cap in force at its start');
    expect(text).toContain('Under 3 years’ post-qualifying experience');
    expect(await page.getByRole('table', { name: 'Your compliance with the agency rules' }).textContent()).toContain(
      '0.0% (0 of 1)',
    );
    await expectAccessible(page, 'the annex with its compliance and breaches');

    // A file with a bad row is refused by row and column; a good one replaces the list.
    const file = page.getByLabel('CSV or Excel file');
    await file.setInputFiles({
      name: 'annex.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${HEADER}\nsocial-worker,36,2024-04-01,2024-12-31,SW777002,5,2,no,no\nlocum,36,2024-04-01,2024-12-31,,5,2,no,no\n`,
      ),
    });
    await page.getByRole('button', { name: 'Upload the file' }).click();
    await page.getByRole('table', { name: 'Problems in annex.csv' }).waitFor();
    expect(await page.getByRole('table', { name: 'Problems in annex.csv' }).textContent()).toContain('role_type');
    await expectAccessible(page, 'an upload refused by row and column');
    await file.setInputFiles({
      name: 'annex.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${HEADER}\nsocial-worker,36,2024-04-01,2024-12-31,SW777002,5,2,no,no\nteam-manager,49,01/06/2024,31/03/2025,,7,2,no,no\n`,
      ),
    });
    await page.getByRole('button', { name: 'Upload the file' }).click();
    await page.getByText('The file is saved: the annex has 2 assignments.').waitFor();
    expect(await page.getByRole('table', { name: 'Your compliance with the agency rules' }).textContent()).toContain(
      '100.0% (2 of 2)',
    );
    await page.getByText('The layout follows DfE’s list of items').waitFor();

    // A released quarter: beside the region and England, pooled from its first release.
    await page.goto('/agency/2023-24-Q4');
    const compared = page.getByRole('table', { name: 'How you compare with West Midlands and England' });
    await compared.waitFor();
    expect(await compared.textContent()).toMatch(/\d+\.\d% \(\d+ authorities\)/);
    await expectAccessible(page, 'the annex of a released quarter with its comparison');
    expectNoPageErrors(page);
  });

  test('the West Midlands lead sets a price cap and sees the region’s compliance named', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'lead.west-midlands@demo.test');
    await page.getByRole('link', { name: 'Agency workers' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Agency workers' }).waitFor();
    await page.getByRole('button', { name: 'Set the cap' }).click();
    const summary = await errorSummary(page);
    expect(summary).toContain('Choose the role the cap is for');
    expect(summary).toContain('Enter the date the cap takes effect');
    await expectAccessible(page, 'the cap form with errors');

    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Team manager' });
    await page.getByLabel('Hourly cap').fill('53.50');
    const date = page.getByRole('group', { name: 'Date it takes effect' });
    await date.getByLabel('Day').fill('1');
    await date.getByLabel('Month').fill('4');
    await date.getByLabel('Year').fill('2030');
    await page.getByRole('button', { name: 'Set the cap' }).click();
    await page.getByRole('heading', { name: 'Cap set' }).waitFor();
    expect(await page.getByRole('table', { name: /^Price caps/ }).textContent()).toContain('1 April 2030');
    await expectAccessible(page, 'the caps with the new one');

    await page.getByRole('link', { name: '2023-24 Q4' }).click();
    const table = page.getByRole('table', { name: 'Compliance of your region’s authorities, 2023-24 Q4' });
    await table.waitFor();
    const named = (await table.textContent()) ?? '';
    expect(named).toContain('Coventry');
    expect(named).toContain('Warwickshire');
    expect(named).toContain('Region (pooled)');
    await page.getByRole('heading', { name: 'Breaches by authority' }).waitFor();
    expect(
      await page.getByRole('table', { name: /: assignments that break the agency rules$/ }).count(),
    ).toBeGreaterThan(0);
    // No registration number reaches the lead.
    expect(await page.locator('main').textContent()).not.toMatch(/SW\d{4,}/);
    await expectAccessible(page, 'the region’s compliance, named');
    expectNoPageErrors(page);
  });
});
