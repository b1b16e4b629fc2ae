/** Two people edit the same return: the second save is refused with a message, never a silent overwrite. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, newPage, openPeriod, signIn } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('concurrent edits', () => {
  test('the second of two saves of the same version gets the conflict message, and can reload', async () => {
    const first = await newPage(browser);
    const second = await newPage(browser);
    await signIn(first.page, 'submitter.warwickshire@demo.test');
    await signIn(second.page, 'submitter.warwickshire@demo.test');
    const period = await openPeriod(first.page);
    // Both open the same version of the return.
    for (const { page } of [first, second]) {
      await page.goto(`/returns/${period.id}`);
      await page.locator('#permanentHeadcount').waitFor();
    }
    const base = Number(await first.page.locator('#agencyHeadcount').inputValue()) || 30;
    const mine = base + 1;

    await first.page.locator('#agencyHeadcount').fill(String(mine));
    await first.page.getByRole('button', { name: 'Save draft' }).click();
    await first.page.getByText('Your draft has been saved').waitFor();

    await second.page.locator('#agencyHeadcount').fill(String(base + 7));
    await second.page.getByRole('button', { name: 'Save draft' }).click();
    const summary = second.page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Someone else has saved this return');
    expect(await second.page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(
      true,
    );
    expect(await second.page.getByText('Your draft has been saved').count()).toBe(0);
    await expectAccessible(second.page, 'the return form showing a conflict');

    // Nothing was overwritten: the stored figure is the first person's.
    const authority = (await (await second.page.request.get('/api/auth/session')).json()).user.authorityCode;
    const stored = await second.page.request.get(`/api/returns/${authority}/${period.id}`);
    expect((await stored.json()).figures.agencyHeadcount).toBe(mine);

    // Reloading shows the latest version, to change again.
    await summary.getByRole('button', { name: 'Reload the latest version' }).click();
    await second.page.getByText(/You are looking at version \d+, the latest/).waitFor();
    expect(await second.page.locator('#agencyHeadcount').inputValue()).toBe(String(mine));
    expectNoPageErrors(first.page);
    expectNoPageErrors(second.page);
  });
});
