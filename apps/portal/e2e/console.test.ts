/**
 * No console errors on ordinary pages (issue 20): the sign-in page asks the session without a failed
 * request (the API answers a browser not signed in with no user, not a 401), and a return not started
 * is opened without one (the portal asks the list whether it exists, not the return for a 404). Every
 * console error and every failed request of the page is collected, from the first load.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, newPage, openPeriod, signIn } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Every console error and every answer of 400 or more the page gets, from now on (a request the page
 * drops when it moves on, such as a prefetch, is neither).
 */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return errors;
}

describe('no console errors', () => {
  test('on the sign-in page, signed out', async () => {
    const { page } = await newPage(browser);
    const errors = collectErrors(page);
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // The session has been asked (and answered "signed out") by the time the page is idle.
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    // A page that needs a sign-in sends the browser here, still without an error.
    await page.goto('/compare');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });

  test('on a return that has not been started', async () => {
    const { page } = await newPage(browser);
    const errors = collectErrors(page);
    // Manchester has no return for the open period in the demo, and no test makes one (it has no submitter).
    await signIn(page, 'viewer.manchester@demo.test');
    const open = await openPeriod(page);
    await page.goto(`/returns/${open.id}`);
    await page.getByRole('heading', { level: 1, name: `Return for ${open.label}` }).waitFor();
    await page.getByText('Your authority has not started this return.').waitFor();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    await expectAccessible(page, 'a return not started');
  });
});
