/**
 * The submitter's journey: sign in, open this quarter's return, break a rule and see it refused,
 * fix it, explain a warning, save, check the answers against last quarter's and declare them correct,
 * submit, and find the submission in the history. axe-core checks
 * every page on the way; the layout is checked at 320 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL_FIELDS, cleanFigures, type Figures, previousFigures } from './figures';
import {
  connectBrowser,
  DEMO_PASSWORD,
  expectAccessible,
  expectNoPageErrors,
  expectTitle,
  newPage,
  openPeriod,
} from './helpers';

const COVENTRY = 'E08000026';
const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function fillFigures(page: Page, figures: Partial<Figures>): Promise<void> {
  for (const [field, value] of Object.entries(figures)) await page.locator(`#${field}`).fill(String(value));
}

/** The page is no wider than the viewport: nothing forces sideways scrolling of the whole page. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
}

describe('a submitter sends this quarter’s return', () => {
  test('sign in → form → error → fix → warning with a comment → save → submit → history', async () => {
    const { page } = await newPage(browser);
    // A signed-out visitor is sent to sign in, and back afterwards.
    await page.goto('/downloads');
    await page.waitForURL(/\/sign-in\?redirect=/);
    await expectTitle(page, 'Sign in');
    await expectAccessible(page, 'the sign-in page');

    // A wrong password is refused with an error summary that takes focus.
    await page.getByLabel('Email address').fill('submitter.coventry@demo.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    await expectTitle(page, 'Error: Sign in');
    await expectAccessible(page, 'the sign-in page with an error');

    // The right password: back to the page first asked for.
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/downloads');
    await page.getByRole('heading', { level: 1, name: 'Downloads' }).waitFor();
    await expectAccessible(page, 'the downloads page');
    for (const name of [/template as CSV/, /template as Excel/, /as CSV$/, /as Excel \(XLSX\)$/]) {
      expect(await page.getByRole('link', { name }).count()).toBeGreaterThan(0);
    }

    // Home: this quarter's return and the key metrics.
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Coventry' }).waitFor();
    await page.getByRole('table', { name: /Key metrics/ }).waitFor();
    expect(await page.getByRole('rowheader', { name: 'Social worker turnover rate' }).count()).toBe(1);
    // How it compares, in sentences, for the latest released quarter, and the way on.
    const homeSummary = page.getByRole('region', { name: /^How we compare, \d{4}-\d{2} Q\d$/ });
    expect(await homeSummary.locator('li').first().textContent()).toMatch(/^Coventry is better than West Midlands on/);
    await page.getByRole('link', { name: /^See how we compare, / }).waitFor();
    await expectAccessible(page, 'the home page');

    // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Coventry' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: '/tmp/portal-320.png', fullPage: true });
    await page.setViewportSize({ width: 1024, height: 900 });

    // The return for the open period.
    const period = await openPeriod(page);
    const clean = await cleanFigures(page, COVENTRY, period.id);
    await page.getByRole('link', { name: /(Start|Continue|View or change) the return/ }).click();
    await page.waitForURL(`**/returns/${period.id}`);
    await page.getByRole('heading', { level: 1, name: `Return for ${period.label}` }).waitFor();
    await expectTitle(page, `Return for ${period.label}`);

    // Start from a blank form, whatever the demo holds, then enter a permanent FTE above the headcount.
    for (const field of ALL_FIELDS) await page.locator(`#${field}`).fill('');
    await page.locator('#comment').fill('');

    // Beside each figure, last quarter's, and the change as the user types.
    const last = await previousFigures(page, COVENTRY, period.id);
    expect(last, 'the demo has last quarter’s return').toBeDefined();
    const lastHeadcount = Number(last?.permanentHeadcount);
    const besideHeadcount = page.locator('#permanentHeadcount-previous');
    expect(await besideHeadcount.textContent()).toBe(`Last quarter: ${NUMBER.format(lastHeadcount)}`);
    await page.locator('#permanentHeadcount').fill(String(lastHeadcount + 7));
    expect(await besideHeadcount.textContent()).toBe(`Last quarter: ${NUMBER.format(lastHeadcount)} — up 7`);
    await page.locator('#permanentHeadcount').fill(String(lastHeadcount - 3));
    expect(await besideHeadcount.textContent()).toBe(`Last quarter: ${NUMBER.format(lastHeadcount)} — down 3`);
    expect(await page.locator('#permanentHeadcount').getAttribute('aria-describedby')).toContain(
      'permanentHeadcount-previous',
    );
    await fillFigures(page, { ...clean, permanentFte: clean.permanentHeadcount + 40 });
    const fteError = page.locator('#permanentFte-error');
    await fteError.waitFor();
    expect(await fteError.textContent()).toContain('is more than permanent headcount');
    expect(await page.getByLabel('Permanent FTE', { exact: true }).getAttribute('aria-describedby')).toContain(
      'permanentFte-error',
    );

    // Submitting is refused: the error summary takes focus, links to the field, and nothing is sent.
    const statusBefore = await page.locator('.govuk-summary-list .govuk-tag').first().textContent();
    await page.getByRole('button', { name: 'Check and submit' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    expect(await summary.textContent()).toContain('is more than permanent headcount');
    await expectTitle(page, `Error: Return for ${period.label}`);
    expect(await page.locator('.govuk-summary-list .govuk-tag').first().textContent()).toBe(statusBefore);
    await expectAccessible(page, 'the return form showing errors');
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: '/tmp/portal-320-form.png' });
    await page.setViewportSize({ width: 1024, height: 900 });

    // The summary's link takes the keyboard to the field.
    await summary.getByRole('link', { name: /is more than permanent headcount/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('permanentFte');

    // Fix it: the inline error and the summary go.
    await fillFigures(page, { permanentFte: clean.permanentFte });
    await fteError.waitFor({ state: 'detached' });
    await summary.waitFor({ state: 'detached' });

    // A caseload of 40 is a warning: submitting asks for a comment.
    await fillFigures(page, { casesHeld: Math.round(clean.caseHoldingFte * 40) });
    await page.locator('#casesHeld-warning').waitFor();
    await page.getByRole('button', { name: 'Check and submit' }).click();
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Explain the warning in the comment/);
    await page.locator('#comment-error').waitFor();
    await expectAccessible(page, 'the return form asking for a comment');
    await page.getByLabel('Comment').fill('Two teams merged this quarter; caseloads are being rebalanced.');
    await summary.waitFor({ state: 'detached' });

    // Save a draft, then submit.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Your draft has been saved').waitFor();
    expect(await page.locator('.govuk-summary-list .govuk-tag').first().textContent()).toBe('Draft');
    await expectAccessible(page, 'the return form after saving');

    // Check your answers: every figure with last quarter's beside it, the warning and the comment.
    const checkHeading = page.getByRole('heading', {
      level: 1,
      name: 'Check your answers before submitting your return',
    });
    await page.getByRole('button', { name: 'Check and submit' }).click();
    await checkHeading.waitFor();
    await expectTitle(page, `Check your answers: return for ${period.label}`);
    const headcountRow = page.locator('.govuk-summary-list__row[data-field="permanentHeadcount"]');
    expect(await headcountRow.locator('.govuk-summary-list__key').textContent()).toBe('Permanent headcount');
    expect(await headcountRow.locator('.govuk-summary-list__value').textContent()).toMatch(
      new RegExp(`^${NUMBER.format(clean.permanentHeadcount)}.*\\(last quarter\\): ${NUMBER.format(lastHeadcount)}`),
    );
    expect(await page.locator('.govuk-summary-list__row[data-field]').count()).toBe(ALL_FIELDS.length);
    expect(await page.getByTestId('check-warnings').locator('li').count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Two teams merged this quarter');
    await expectAccessible(page, 'the check-answers page');

    // A change link goes back to its field.
    await page.getByRole('link', { name: 'Change agency headcount' }).click();
    await page.locator('#agencyHeadcount').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('agencyHeadcount');
    await page.getByRole('button', { name: 'Check and submit' }).click();
    await checkHeading.waitFor();

    // Submitting without the declaration is refused with an error summary that takes focus.
    await page.getByRole('button', { name: 'Submit return' }).click();
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    expect(await summary.textContent()).toContain(
      'Confirm that these figures are correct to the best of your knowledge',
    );
    await page.locator('#declaration-error').waitFor();
    await expectTitle(page, `Error: Check your answers: return for ${period.label}`);
    await expectAccessible(page, 'the check-answers page without the declaration');
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('declaration');

    // Declared: the return is submitted.
    await page.getByLabel('I confirm these figures are correct to the best of my knowledge').check();
    await page.getByRole('button', { name: 'Submit return' }).click();
    await page.getByRole('heading', { name: 'Return submitted' }).waitFor();
    expect(await page.locator('.govuk-summary-list .govuk-tag').first().textContent()).toBe('Submitted');

    // The submission is the newest revision in the history.
    await page.getByRole('link', { name: 'See its history' }).click();
    await page.getByRole('heading', { level: 1, name: `History of the return for ${period.label}` }).waitFor();
    const table = page.getByRole('table', { name: /Versions, newest first/ });
    const newest = table.locator('tbody tr').first();
    expect(await newest.locator('.govuk-tag').textContent()).toBe('Submitted');
    const draft = table.locator('tbody tr').nth(1);
    expect(await draft.locator('.govuk-tag').textContent()).toBe('Draft');
    await expectTitle(page, `History of the return for ${period.label}`);
    await expectAccessible(page, 'the history page');

    // And its figures, comment included, in the revision.
    const version = (await newest.getByRole('link').textContent()) ?? '';
    await newest.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${version} of the return`) }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Two teams merged this quarter');
    expect(await page.locator('main .govuk-tag').first().textContent()).toBe('Submitted');
    await expectAccessible(page, 'a revision');

    // Signing out ends the session: the return needs signing in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`/returns/${period.id}`);
    await page.waitForURL(/\/sign-in\?redirect=/);
    expectNoPageErrors(page);
  });
});
