/** The other roles' pages: a viewer reads the return, a regional lead follows the collection, an admin sees periods. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiSignIn,
  connectBrowser,
  DEMO_PASSWORD,
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

describe('other roles', () => {
  test('a viewer reads a return but has no form to change it', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'viewer.coventry@demo.test');
    await page.getByRole('heading', { level: 1, name: 'Coventry' }).waitFor();
    expect(await page.getByRole('link', { name: 'Upload' }).count()).toBe(0);
    await page.goto('/returns/2023-24-Q4');
    await page.getByRole('heading', { level: 1, name: 'Return for 2023-24 Q4' }).waitFor();
    expect(await page.locator('input').count()).toBe(0);
    await page.getByRole('heading', { name: 'Permanent and agency staff at quarter end' }).waitFor();
    expect(await page.getByText('These are demo figures').count()).toBe(1);
    await expectAccessible(page, 'a return, read only');
    expectNoPageErrors(page);
  });

  test('a regional lead sees the collection, then the status of each authority of the region', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'lead.west-midlands@demo.test');
    await page.getByRole('heading', { level: 1, name: 'West Midlands' }).waitFor();
    const period = await openPeriod(page);
    expect(await page.locator('main').textContent()).toMatch(new RegExp(`${period.label}: \\d+ of 14 submitted`));
    await page.getByRole('table', { name: 'Collection rounds' }).waitFor();
    await expectAccessible(page, 'the regional lead’s home page');
    await page.getByRole('link', { name: `Open the tracker for ${period.label}` }).click();
    const table = page.getByRole('table', { name: `Returns for ${period.label}` });
    await table.waitFor();
    expect(await table.getByRole('rowheader', { name: /Coventry/ }).count()).toBe(1);
    expect(await table.locator('tbody tr').count()).toBe(14);
    await expectAccessible(page, 'the tracker');
    expectNoPageErrors(page);
  });

  test('a retired authority’s submitter reads its returns, told why there is no form, and cannot upload', async () => {
    const admin = await apiSignIn('admin@demo.test', DEMO_PASSWORD);
    const retire = (retired: boolean) => admin?.request('PATCH', '/api/authorities/E10000031', { retired });
    expect((await retire(true))?.status).toBe(200);
    try {
      const { page } = await newPage(browser);
      await signIn(page, 'submitter.warwickshire@demo.test');
      const period = await openPeriod(page);
      await page.goto(`/returns/${period.id}`);
      await page.getByRole('heading', { level: 1, name: `Return for ${period.label}` }).waitFor();
      await page
        .getByText('Warwickshire is retired: its returns are kept as they are and cannot be changed.')
        .waitFor();
      expect(await page.locator('input').count()).toBe(0);
      await expectAccessible(page, 'a retired authority’s return');
      await page.goto('/upload');
      await page.getByText('Warwickshire is retired').waitFor();
      expect(await page.locator('input[type="file"]').count()).toBe(0);
      expectNoPageErrors(page);
    } finally {
      expect((await retire(false))?.status).toBe(200);
    }
  });

  test('an admin sees the collection periods', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'admin@demo.test');
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.getByRole('table', { name: 'Collection periods' }).waitFor();
    await expectAccessible(page, 'the admin’s home page');
    expectNoPageErrors(page);
  });
});
