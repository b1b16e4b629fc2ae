/**
 * The regional lead's pages (issue 20): the region's due date in GOV.UK's day, month and year fields,
 * each wrong field marked and named in the error summary; and a return the lead accepted still says
 * who last saved its figures, with the lead's decision on a line of its own. axe on each page. The
 * round's due date is put back as it was.
 */
import type { Round } from '@csc-workforce/schemas';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiSignIn,
  connectBrowser,
  expectAccessible,
  expectNoPageErrors,
  newPage,
  openPeriod,
  signIn,
} from './helpers';

const WEST_MIDLANDS = 'E12000005';
const WOLVERHAMPTON = 'E08000031';
const LEAD = 'lead.west-midlands@demo.test';
const roundPath = (period: string) => `/api/regions/${WEST_MIDLANDS}/rounds/${period}`;

let browser: Browser;
/** The round's due date before the test, and the period's: to put it back. */
let restore: { period: string; dueDate: string | null } | undefined;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  if (restore) {
    const lead = await apiSignIn(LEAD, 'demo-password');
    const res = await lead?.request('PATCH', roundPath(restore.period), { dueDate: restore.dueDate });
    expect(res?.status).toBe(200);
  }
  await browser?.close();
});

describe("the regional lead's pages", () => {
  test("the region's due date is entered as day, month and year; a wrong field is marked and named", async () => {
    const { page } = await newPage(browser);
    await signIn(page, LEAD);
    const open = await openPeriod(page);
    const round = (await (await page.request.get(roundPath(open.id))).json()) as { round: Round };
    const periods = (await (await page.request.get('/api/periods')).json()) as { id: string; dueDate: string | null }[];
    const periodDue = periods.find((p) => p.id === open.id)?.dueDate ?? null;
    // The region's own date if it had one, else the period's (null).
    restore = { period: open.id, dueDate: round.round.dueDate === periodDue ? null : round.round.dueDate };

    await page.goto(`/rounds/${open.id}`);
    await page.getByRole('heading', { level: 1, name: `${open.label} collection` }).waitFor();
    const dates = page.getByRole('group', { name: /Due date for the region/ });
    // No browser date picker: three text fields.
    expect(await page.locator('input[type="date"]').count()).toBe(0);
    expect(await dates.getByRole('textbox').count()).toBe(3);

    await dates.getByLabel('Day').fill('31');
    await dates.getByLabel('Month').fill('13');
    await dates.getByLabel('Year').fill('2024');
    await page.getByRole('button', { name: 'Save the due date' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const link = summary.getByRole('link', { name: 'The due date must be a real date' });
    expect(await link.getAttribute('href')).toBe('#round-due-date-month');
    // Only the month is marked; the fieldset carries the message.
    const marked = await dates
      .locator('input')
      .evaluateAll((inputs) => inputs.filter((i) => i.classList.contains('govuk-input--error')).map((i) => i.id));
    expect(marked).toEqual(['round-due-date-month']);
    expect(await dates.locator('.govuk-error-message').textContent()).toContain('The due date must be a real date');
    await expectAccessible(page, "the tracker with an error in the region's due date");

    // A year missing is named too.
    await dates.getByLabel('Month').fill('8');
    await dates.getByLabel('Year').fill('');
    await page.getByRole('button', { name: 'Save the due date' }).click();
    await summary.getByRole('link', { name: 'The due date must include a year' }).waitFor();
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#round-due-date-year');

    // A real date is saved.
    await dates.getByLabel('Day').fill('15');
    await dates.getByLabel('Year').fill('2024');
    await page.getByRole('button', { name: 'Save the due date' }).click();
    await page.getByRole('heading', { name: 'Returns are now due by 15 August 2024' }).waitFor();
    const saved = (await (await page.request.get(roundPath(open.id))).json()) as { round: Round };
    expect(saved.round.dueDate).toBe('2024-08-15');
    expect(await page.locator('#round-due-date').inputValue()).toBe('15');
    await expectAccessible(page, "the tracker after the region's due date is saved");
    expectNoPageErrors(page);
  });

  test("a return the lead accepted: 'Last saved' is not the lead's; the acceptance is a line of its own", async () => {
    const { page } = await newPage(browser);
    await signIn(page, LEAD);
    const open = await openPeriod(page);
    // The demo's Wolverhampton return for the open period: submitted, then accepted by the lead.
    await page.goto(`/rounds/${open.id}/${WOLVERHAMPTON}`);
    await page.getByRole('heading', { level: 1, name: "Wolverhampton's return" }).waitFor();
    const row = (key: string) =>
      page.locator('.govuk-summary-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) });
    const saved = (await row('Last saved').locator('dd').textContent()) ?? '';
    expect(saved).not.toContain('Morgan Lead');
    expect(saved).toMatch(/\d{4} at \d/);
    expect(await row('Accepted').locator('dd').textContent()).toMatch(/ by Morgan Lead \(demo\) \(version \d+\)$/);
    await expectAccessible(page, 'the review of an accepted return');
    expectNoPageErrors(page);
  });
});
