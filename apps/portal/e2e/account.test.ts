/**
 * Your account in the browser: a submitter reads who they are, changes their password (a wrong current
 * one is named; the session elsewhere ends; this one goes on), creates an API token that works as a
 * Bearer token, revokes it, and changes the password back. Every state is checked with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  connectBrowser,
  DEMO_PASSWORD,
  errorSummary,
  expectAccessible,
  expectNoPageErrors,
  expectTitle,
  newPage,
  restorePassword,
  signIn,
} from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});

const USER = 'submitter.warwickshire@demo.test';
const NEW_PASSWORD = 'my own pass phrase for the exchange';

async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
  await page.getByLabel('Current password').fill(current);
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Enter the password again').fill(next);
  await page.getByRole('button', { name: 'Change the password' }).click();
}

// The demo user's own password again if the test stopped half way, for the files after this one.
afterAll(async () => {
  try {
    await restorePassword(USER, NEW_PASSWORD);
  } finally {
    await browser?.close();
  }
});

describe('your account', () => {
  test('change the password, then create, use and revoke an API token', async () => {
    const { page: elsewhere } = await newPage(browser);
    await signIn(elsewhere, USER);
    const { page } = await newPage(browser);
    await signIn(page, USER);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await expectTitle(page, 'Your account');
    const about = (await page.locator('dl').textContent()) ?? '';
    expect(about).toContain(USER);
    expect(about).toContain('Authority submitter for Warwickshire');
    await expectAccessible(page, 'the account page');

    // A wrong current password is named, and nothing changes.
    await page.getByRole('link', { name: 'Change your password' }).click();
    await expectTitle(page, 'Change your password');
    await expectAccessible(page, 'the change-password page');
    await changePassword(page, 'not my password at all', NEW_PASSWORD);
    expect(await errorSummary(page)).toContain('Enter a correct current password');
    await expectTitle(page, 'Error: Change your password');
    await expectAccessible(page, 'the change-password page with an error');
    await changePassword(page, DEMO_PASSWORD, NEW_PASSWORD);
    await page.getByRole('heading', { name: 'Your password has been changed' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    await expectAccessible(page, 'the account page after a change of password');
    // This browser goes on in a new session (and can still make changes: its CSRF token is the new one);
    // the other session ended.
    expect((await page.request.get('/api/auth/session')).status()).toBe(200);
    await elsewhere.reload();
    await elsewhere.waitForURL((url) => url.pathname === '/sign-in');

    // An API token: a name is needed; the secret is shown once, and works.
    await page.getByRole('button', { name: 'Create a token' }).click();
    expect(await errorSummary(page)).toContain('Give the token a name');
    await page.getByLabel('Name of a new token').fill('nightly upload');
    await page.getByRole('button', { name: 'Create a token' }).click();
    await page.getByRole('heading', { name: 'Token “nightly upload” created' }).waitFor();
    const token = ((await page.locator('#new-token').textContent()) ?? '').trim();
    expect(token).toMatch(/^csc_pat_[\w-]+$/);
    await expectAccessible(page, 'the account page with a new token');
    const row = page.getByRole('row').filter({ hasText: 'nightly upload' });
    expect(await row.textContent()).toContain('Never');
    const bearer = () =>
      fetch(`${inject('baseUrl')}/api/returns?authority=E10000031`, { headers: { authorization: `Bearer ${token}` } });
    expect((await bearer()).status).toBe(200);
    await row.getByRole('button', { name: 'Revoke the token nightly upload' }).click();
    await page.getByRole('heading', { name: 'Token “nightly upload” revoked' }).waitFor();
    await row.getByText(/^Revoked /).waitFor();
    expect((await bearer()).status).toBe(401);
    await expectAccessible(page, 'the account page after revoking a token');

    // And the password back, through the same form.
    await page.getByRole('link', { name: 'Change your password' }).click();
    await changePassword(page, NEW_PASSWORD, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Your password has been changed' }).waitFor();
    expectNoPageErrors(page);
  });
});
