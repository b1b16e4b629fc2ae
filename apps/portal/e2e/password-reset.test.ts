/**
 * A forgotten password in the browser: a user asks for a link from the sign-in page; with no e-mail
 * server (the demo) the link waits in the outbox, where an admin finds it and passes it on; the user
 * opens it, chooses a new password, lands signed in, and is signed out of the session they had
 * elsewhere; the link then works no more, and the old password neither. Every page is checked with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

const USER = 'viewer.manchester@demo.test';
const NEW_PASSWORD = 'a pass phrase nobody else knows';

/** The newest password-reset link to the user, as an admin reads it in the outbox page. */
async function linkFromOutbox(admin: Page): Promise<string> {
  await admin.goto('/admin/outbox?kind=password-reset');
  await admin.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
  await admin.getByRole('row').filter({ hasText: USER }).first().getByRole('link').click();
  await admin.getByRole('heading', { level: 1, name: /Choose a new password/ }).waitFor();
  // Withheld in the mail's text; revealed on request (and audited).
  expect(await admin.locator('#mail-text').textContent()).toContain('/reset-password#(withheld');
  await expectAccessible(admin, 'a password-reset e-mail in the outbox');
  await admin.getByRole('button', { name: 'Reveal the link' }).click();
  const text = (await admin.locator('#revealed-link').textContent()) ?? '';
  const link = /https?:\/\/\S+\/reset-password#[\w-]{43}/.exec(text)?.[0];
  expect(link, text).toBeDefined();
  await expectAccessible(admin, 'a revealed password-reset link');
  const { pathname, hash } = new URL(link as string);
  return `${pathname}${hash}`;
}

// The demo user's own password again, for the files after this one (through the API, as the account page would).
afterAll(async () => {
  try {
    await restorePassword(USER, NEW_PASSWORD);
  } finally {
    await browser?.close();
  }
});

describe('a forgotten password', () => {
  test('asked for from the sign-in page, passed on by an admin from the outbox, used once: signed in, signed out elsewhere', async () => {
    // A session the user has elsewhere, which the new password will end.
    const { page: elsewhere } = await newPage(browser);
    await signIn(elsewhere, USER);
    await elsewhere.getByRole('heading', { level: 1 }).waitFor();

    const { page } = await newPage(browser);
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forgotten your password?' }).waitFor();
    await expectTitle(page, 'Forgotten your password?');
    await expectAccessible(page, 'the forgotten-password page');
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    expect(await errorSummary(page)).toContain('Enter an email address in the correct format');
    await expectAccessible(page, 'the forgotten-password page with an error');
    await page.getByLabel('Email address').fill(USER.toUpperCase());
    await page.getByRole('button', { name: 'Send me a link' }).click();
    // The demo sends no e-mail: the answer says who has the link.
    await page.getByRole('heading', { level: 1, name: 'Ask your administrator for the link' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('The link works once, for 60 minutes.');
    await expectAccessible(page, 'the link-asked-for page');

    const { page: admin } = await newPage(browser);
    await signIn(admin, 'admin@demo.test');
    const link = await linkFromOutbox(admin);

    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.locator('main').textContent()).toContain(USER);
    await expectAccessible(page, 'the new-password page');
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Enter the password again').fill(`${NEW_PASSWORD}!`);
    await page.getByRole('button', { name: 'Save the password and sign in' }).click();
    expect(await errorSummary(page)).toContain('Enter the same password twice');
    await expectAccessible(page, 'the new-password page with an error');
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Enter the password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save the password and sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    const session = await (await page.request.get('/api/auth/session')).json();
    expect(session.user).toMatchObject({ email: USER, role: 'authority_viewer' });
    expectNoPageErrors(page);

    // The other session ended: its next page asks it to sign in.
    await elsewhere.reload();
    await elsewhere.waitForURL((url) => url.pathname === '/sign-in');
    // The old password no longer works; the new one does.
    const { page: later } = await newPage(browser);
    await later.goto('/sign-in');
    await later.getByLabel('Email address').fill(USER);
    await later.getByLabel('Password').fill(DEMO_PASSWORD);
    await later.getByRole('button', { name: 'Sign in' }).click();
    expect(await errorSummary(later)).toContain('Enter a correct email address and password');
    await signIn(later, USER, NEW_PASSWORD);
    await later.getByRole('heading', { level: 1 }).waitFor();

    // The link works once.
    const { page: again } = await newPage(browser);
    await again.goto(link);
    await again.getByRole('heading', { level: 1, name: 'The link has been used' }).waitFor();
    await expectAccessible(again, 'a used password-reset link');
    expectNoPageErrors(again);
  });
});
