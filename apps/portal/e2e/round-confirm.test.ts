/**
 * Closing and reopening a region's round are confirmed first (issue 20): closing says how many of the
 * region's authorities have not submitted and that they will be locked out, and Cancel leaves the
 * round open; reopening asks whether to e-mail the region's submitters, "No" by default, and then
 * writes no e-mail. The West Midlands round of the demo's open period is open again at the end.
 */
import type { Tracker } from '@csc-workforce/schemas';
import type { Browser, Page } from 'playwright-core';
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
const LEAD = 'lead.west-midlands@demo.test';
const roundPath = (period: string) => `/api/regions/${WEST_MIDLANDS}/rounds/${period}`;

let browser: Browser;
let period: string | undefined;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  // Whatever happened, leave the round open, as the demo has it, without e-mailing anyone.
  if (period) {
    const lead = await apiSignIn(LEAD, 'demo-password');
    expect((await lead?.request('PATCH', roundPath(period), { status: 'open', notify: false }))?.status).toBe(200);
  }
  await browser?.close();
});

/** The round as the API has it. */
async function trackerOf(page: Page, id: string): Promise<Tracker> {
  const response = await page.request.get(roundPath(id));
  expect(response.status()).toBe(200);
  return (await response.json()) as Tracker;
}

/** How many "round opened" e-mails the outbox holds, as an admin reads it. */
async function roundOpenedMails(admin: Page): Promise<number> {
  const response = await admin.request.get('/api/outbox?kind=round-opened');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

describe("the round's confirmations", () => {
  test('closing is confirmed (Cancel leaves it open); reopening asks whether to e-mail, no by default', async () => {
    const admin = (await newPage(browser)).page;
    await signIn(admin, 'admin@demo.test');
    const lead = (await newPage(browser)).page;
    await signIn(lead, LEAD);
    const open = await openPeriod(lead);
    period = open.id;
    const before = await trackerOf(lead, open.id);
    expect(before.round.status).toBe('open');
    const { authorities, submitted } = before.summary;
    const mailsBefore = await roundOpenedMails(admin);

    await lead.goto(`/rounds/${open.id}`);
    await lead.getByRole('heading', { level: 1, name: `${open.label} collection` }).waitFor();

    // Close: a confirmation that says who is locked out; Cancel leaves the round open.
    await lead.getByRole('button', { name: 'Close the round' }).click();
    const heading = lead.getByRole('heading', { name: `Are you sure you want to close the ${open.label} round?` });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((h) => h === document.activeElement)).toBe(true);
    const warning = await lead.locator('.govuk-warning-text').textContent();
    expect(warning).toContain(
      `${authorities - submitted} of ${authorities} authorities have not submitted: they cannot save or submit while the round is closed.`,
    );
    await expectAccessible(lead, 'the confirmation of closing the round');
    await lead.getByRole('button', { name: 'Cancel' }).click();
    await lead.getByRole('button', { name: 'Close the round' }).waitFor();
    expect(await heading.count()).toBe(0);
    expect((await trackerOf(lead, open.id)).round.status).toBe('open');

    // Confirmed, it closes.
    await lead.getByRole('button', { name: 'Close the round' }).click();
    await lead.getByRole('button', { name: 'Yes, close the round' }).click();
    await lead.getByRole('heading', { name: `The ${open.label} round is closed` }).waitFor();
    expect((await trackerOf(lead, open.id)).round.status).toBe('closed');

    // Reopen: the choice to e-mail the submitters, "No" unless the lead chooses otherwise.
    await lead.getByRole('button', { name: 'Open the round' }).click();
    await lead.getByRole('heading', { name: `Open the ${open.label} round` }).waitFor();
    expect(await lead.getByRole('radio', { name: 'No, do not e-mail' }).isChecked()).toBe(true);
    expect(await lead.getByRole('radio', { name: 'Yes, e-mail the submitters' }).isChecked()).toBe(false);
    await expectAccessible(lead, 'the choice of e-mail when the round opens');
    await lead.getByRole('button', { name: 'Open the round' }).click();
    await lead.getByRole('heading', { name: `The ${open.label} round is open` }).waitFor();
    expect(await lead.locator('.govuk-notification-banner').textContent()).toContain('Nobody was e-mailed');
    expect((await trackerOf(lead, open.id)).round.status).toBe('open');
    expect(await roundOpenedMails(admin)).toBe(mailsBefore);
    await expectAccessible(lead, 'the tracker after reopening');
    for (const page of [admin, lead]) expectNoPageErrors(page);
  });
});
