/**
 * Targets in the browser: the Coventry submitter sets a vacancy-rate target on the metric page (an
 * impossible value first, refused by field), and sees it there, in the trend's key and on the
 * dashboard; the Coventry viewer sees it without the form; the West Midlands lead sees where Coventry
 * stands against it; the submitter removes it, and the target is gone for the files after this one
 * (they share the demo server). axe-core clean with the form open and with the target shown.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiSignIn,
  connectBrowser,
  DEMO_PASSWORD,
  errorSummary,
  expectAccessible,
  expectNoPageErrors,
  newPage,
  signIn,
} from './helpers';

const SUBMITTER = 'submitter.coventry@demo.test';
const COVENTRY = 'E08000026';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  // Whatever happened above, Coventry has no vacancy-rate target for the files after this one.
  const session = await apiSignIn(SUBMITTER, DEMO_PASSWORD);
  await session?.request('DELETE', `/api/targets/${COVENTRY}/vacancyRate`, undefined);
  await browser?.close();
});

/** Opens the dashboard at its first quarter, and answers that quarter's id. */
async function openDashboard(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'How we compare' }).click();
  await page.getByRole('heading', { level: 1, name: /^How we compare, \d{4}-\d{2} Q\d$/ }).waitFor();
  const period = new URL(page.url()).pathname.split('/')[2];
  if (!period) throw new Error(`No quarter in ${page.url()}`);
  return period;
}

/** The target of the test: 2.5 percentage points below Coventry's vacancy rate at the quarter, so not met. */
interface Chosen {
  readonly period: string;
  readonly value: string;
  readonly byLabel: string;
}

let chosen: Chosen;

describe('targets', () => {
  test('the Coventry submitter sets a vacancy-rate target, refused first for an impossible value', async () => {
    const { page } = await newPage(browser);
    await signIn(page, SUBMITTER);
    const period = await openDashboard(page);
    const answer = await page.request.get(`/api/comparisons/${period}/metrics/vacancyRate`);
    const own = ((await answer.json()) as { metrics: { own: { value: number | null } }[] }).metrics[0]?.own.value;
    if (own === null || own === undefined) throw new Error(`Coventry has no vacancy rate for ${period}`);
    const value = (Math.round(own * 10) / 10 - 2.5).toFixed(1);

    await page
      .getByRole('table', { name: /^Every metric/ })
      .getByRole('link', { name: 'Vacancy rate' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Vacancy rate' }).waitFor();
    const section = page.locator('section[aria-labelledby="target-heading"]');
    await section.getByText('Coventry has no target for vacancy rate.').waitFor();
    await section.getByRole('button', { name: 'Set a target' }).click();
    const field = page.getByLabel('Target for vacancy rate');
    await field.waitFor();
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, 'the metric page with the target form');

    // Over 100%, and no quarter chosen: each refused by its field, in the summary.
    await field.fill('120');
    await page.getByRole('button', { name: 'Save the target' }).click();
    const summary = await errorSummary(page);
    expect(summary).toContain('Enter a target from 0% to 100%');
    expect(summary).toContain('Choose the quarter to reach the target by');
    const link = page.getByRole('link', { name: 'Enter a target from 0% to 100%' });
    expect(await link.getAttribute('href')).toBe('#target-value');
    await page.locator('#target-value-error').waitFor();
    await expectAccessible(page, 'the target form with its errors');

    await field.fill(value);
    const by = page.getByLabel('Reach it by the end of');
    await by.selectOption({ index: 5 });
    const byLabel = (await by.locator('option:checked').textContent()) ?? '';
    expect(byLabel).toMatch(/^\d{4}-\d{2} Q\d$/);
    await page.getByLabel('Note (optional)').fill('From the 2025 workforce review');
    await page.getByRole('button', { name: 'Save the target' }).click();

    const banner = page.getByRole('alert').filter({ hasText: 'Target set' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`Target set: ${value}% by ${byLabel}`);
    const target = section.locator('.govuk-summary-list');
    await expect.poll(() => target.textContent()).toContain(`${value}% by ${byLabel}`);
    const shown = (await target.textContent()) ?? '';
    expect(shown).toContain('Not met');
    expect(shown).toContain('2.5 percentage points above it');
    expect(shown).toContain('From the 2025 workforce review');
    expect(shown).toMatch(/Set\d{1,2} \w+ \d{4} by /);
    await section.getByRole('button', { name: 'Change the target' }).waitFor();

    // The trend: a dashed line, named in the key, and said under the chart.
    await page
      .getByRole('list', { name: 'Key' })
      .getByText(`Target (${value}% by ${byLabel})`)
      .waitFor({ timeout: 20_000 });
    await page.getByText(`Coventry's target: ${value}% by ${byLabel} (the dashed line on the chart).`).waitFor();
    await expectAccessible(page, 'the metric page with the target shown');

    // The dashboard's every-metric table.
    await page.getByRole('link', { name: 'Back to every metric' }).click();
    const row = page.getByRole('table', { name: /^Every metric/ }).getByRole('row', { name: /^Vacancy rate/ });
    await expect.poll(() => row.textContent()).toContain(`${value}% by ${byLabel}`);
    expect(await row.textContent()).toContain('Not met');
    chosen = { period, value, byLabel };
    expectNoPageErrors(page);
  });

  test('the Coventry viewer sees the target, without the form', async () => {
    expect(chosen).toBeDefined();
    const { page } = await newPage(browser);
    await signIn(page, 'viewer.coventry@demo.test');
    await page.goto(`/compare/${chosen.period}/vacancyRate`);
    await page.getByRole('heading', { level: 1, name: 'Vacancy rate' }).waitFor();
    const section = page.locator('section[aria-labelledby="target-heading"]');
    await section.getByText(`${chosen.value}% by ${chosen.byLabel}`).waitFor();
    expect(await section.getByRole('button').count()).toBe(0);
    await page.goto(`/compare/${chosen.period}/print`);
    const printed = page.getByRole('table', { name: /^Our targets/ });
    await printed.waitFor();
    expect(await printed.textContent()).toContain('Not met: 2.5 percentage points above it');
    expectNoPageErrors(page);
  });

  test('the West Midlands lead sees where Coventry stands against its target', async () => {
    expect(chosen).toBeDefined();
    const { page } = await newPage(browser);
    await signIn(page, 'lead.west-midlands@demo.test');
    await page.goto(`/compare/${chosen.period}`);
    const table = page.getByRole('table', { name: /Authorities of the region by metric/ });
    await table.waitFor();
    const coventry = table.getByRole('row', { name: /^Coventry/ });
    expect(await coventry.textContent()).toContain(`Target ${chosen.value}%: not met`);
    await page.getByRole('link', { name: 'Vacancy rate' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Vacancy rate' }).waitFor();
    const named = page
      .getByRole('table', { name: /Authorities of West Midlands/ })
      .getByRole('row', { name: /^Coventry/ });
    expect(await named.textContent()).toContain(`${chosen.value}% by ${chosen.byLabel}`);
    expect(await named.textContent()).toContain('Not met');
    expectNoPageErrors(page);
  });

  test('the submitter removes the target', async () => {
    expect(chosen).toBeDefined();
    const { page } = await newPage(browser);
    await signIn(page, SUBMITTER);
    await page.goto(`/compare/${chosen.period}/vacancyRate`);
    const section = page.locator('section[aria-labelledby="target-heading"]');
    await section.getByRole('button', { name: 'Remove the target' }).click();
    await section.getByRole('button', { name: 'Yes, remove the target' }).click();
    await page.getByRole('alert').filter({ hasText: 'The target for vacancy rate is removed' }).waitFor();
    await section.getByText('Coventry has no target for vacancy rate.').waitFor();
    await section.getByRole('button', { name: 'Set a target' }).waitFor();
    expect(
      await page
        .getByRole('list', { name: 'Key' })
        .getByText(/^Target/)
        .count(),
    ).toBe(0);
    expectNoPageErrors(page);
  });
});
