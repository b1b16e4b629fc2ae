/**
 * The service navigation on one row at 1,280 pixels for every role (issue 20: "Sign out" wrapped onto a
 * second row): the Sign out button's top is the first link's top, and every link is on that row too;
 * axe on the admin's page, whose navigation has the most links.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, newPage, signIn } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const USERS = [
  'admin@demo.test',
  'lead.west-midlands@demo.test',
  'submitter.coventry@demo.test',
  'viewer.coventry@demo.test',
] as const;

describe('the service navigation', () => {
  test.each(USERS)('is one row at 1,280 pixels for %s, Sign out included', async (email) => {
    const { page } = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, email);
    const nav = page.getByRole('navigation', { name: 'Menu' });
    const signOut = nav.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    const links = nav.getByRole('link');
    // The open period's return link comes once the periods are read: wait for the whole list.
    await page.waitForLoadState('networkidle');
    const first = await links.first().boundingBox();
    const out = await signOut.boundingBox();
    expect(first).not.toBeNull();
    expect(out?.y, `Sign out's top for ${email}`).toBe(first?.y);
    const tops = await links.evaluateAll((all) => all.map((a) => a.getBoundingClientRect().top));
    expect(new Set(tops).size, `the links' rows for ${email}`).toBe(1);
    if (email === 'admin@demo.test') await expectAccessible(page, "the admin's navigation at 1,280 pixels");
  });
});
