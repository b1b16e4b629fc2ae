/**
 * The administration in the browser: an admin invites a new submitter, reads the invitation in the
 * outbox, and the invitee follows its link in a browser of their own, chooses a password and lands
 * signed in; an admin deactivates a user, whose open session ends; authorities, periods and the audit
 * log. Every page is checked with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  connectBrowser,
  errorSummary,
  expectAccessible,
  expectNoPageErrors,
  expectTitle,
  newPage,
  signIn,
} from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const INVITEE = 'nia.new@sandwell.example.gov.uk';
const PASSWORD = 'three words of mine, and more';

async function adminPage(): Promise<Page> {
  const { page } = await newPage(browser);
  await signIn(page, 'admin@demo.test');
  await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  return page;
}

describe('administration', () => {
  test('an admin invites a submitter; the invitee follows the link from the outbox, chooses a password and is signed in', async () => {
    const admin = await adminPage();
    await admin.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await admin.getByRole('table').waitFor();
    await expectAccessible(admin, 'the list of users');

    await admin.getByRole('link', { name: 'Invite a user' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Invite a user' }).waitFor();
    await expectAccessible(admin, 'the invitation form');
    // Nothing filled in: every field named in the summary, linked to it.
    await admin.getByRole('button', { name: 'Send the invitation' }).click();
    const empty = await errorSummary(admin);
    expect(empty).toContain('Enter an email address');
    expect(empty).toContain('Enter a name');
    expect(empty).toContain('Choose the role of the user');
    await expectTitle(admin, 'Error: Invite a user');
    await expectAccessible(admin, 'the invitation form with errors');
    await admin.getByRole('link', { name: 'Enter a name' }).click();
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('name');

    await admin.getByLabel('E-mail address').fill(INVITEE);
    await admin.getByLabel('Full name').fill('Nia New');
    await admin.getByLabel('Authority submitter').check();
    // Its authority, revealed under the role; left empty it is named.
    await admin.getByRole('button', { name: 'Send the invitation' }).click();
    expect(await errorSummary(admin)).toContain('Choose the local authority of this authority submitter');
    await admin.getByLabel('Local authority').selectOption({ label: 'Sandwell' });
    await admin.getByRole('button', { name: 'Send the invitation' }).click();
    await admin.getByRole('heading', { name: 'Invitation sent' }).waitFor();
    await admin.getByRole('heading', { level: 1, name: 'Nia New' }).waitFor();
    expect(await admin.locator('main').textContent()).toContain('Waiting to be accepted');
    await expectAccessible(admin, 'an invited user');

    // The invitation waits in the outbox (no e-mail server in the demo).
    await admin.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Outbox' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    await expectAccessible(admin, 'the outbox');
    const invitation = admin.getByRole('row').filter({ hasText: INVITEE });
    await invitation.getByRole('link').click();
    await admin.getByRole('heading', { level: 1, name: /Your invitation/ }).waitFor();
    await expectAccessible(admin, 'an e-mail of the outbox');
    const text = (await admin.locator('#mail-text').textContent()) ?? '';
    expect(text).toContain('Dear Nia New');
    const link = /https?:\/\/\S+\/invitation#[\w-]{43}/.exec(text)?.[0];
    expect(link).toBeDefined();
    const { pathname, hash } = new URL(link as string);

    // The invitee's own browser.
    const { page: invitee } = await newPage(browser);
    await invitee.goto(`${pathname}${hash}`);
    await invitee.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
    // The secret left the address bar.
    expect(new URL(invitee.url()).hash).toBe('');
    expect(await invitee.locator('main').textContent()).toContain('authority submitter for Sandwell');
    await expectAccessible(invitee, 'the invitation page');
    await invitee.getByLabel('Password', { exact: true }).fill('too short');
    await invitee.getByRole('button', { name: 'Save the password and sign in' }).click();
    expect(await errorSummary(invitee)).toContain('The password must be 12 characters or more');
    await expectAccessible(invitee, 'the invitation page with an error');
    await invitee.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await invitee.getByLabel('Enter the password again').fill(PASSWORD);
    await invitee.getByRole('button', { name: 'Save the password and sign in' }).click();
    await invitee.getByRole('heading', { level: 1, name: 'Sandwell' }).waitFor();
    const session = await (await invitee.request.get('/api/auth/session')).json();
    expect(session.user).toMatchObject({ email: INVITEE, role: 'authority_submitter', authorityName: 'Sandwell' });
    expect(await invitee.getByRole('link', { name: 'Upload' }).count()).toBe(1);
    expectNoPageErrors(invitee);

    // The link works once.
    const { page: again } = await newPage(browser);
    await again.goto(`${pathname}${hash}`);
    await again.getByRole('heading', { level: 1, name: 'The invitation link has been used' }).waitFor();
    await expectAccessible(again, 'a used invitation link');
    // And the admin sees the user active.
    await admin.goto('/admin/users?q=nia.new');
    await admin.getByRole('link', { name: 'Nia New' }).click();
    await admin.getByText('Accepted: sent').waitFor();
    expect(await admin.locator('main').textContent()).toContain('Active');
    expectNoPageErrors(admin);
  });

  test('an admin deactivates a user: the user’s open session ends at once; reactivated, they sign in again', async () => {
    const { page: viewer } = await newPage(browser);
    await signIn(viewer, 'viewer.coventry@demo.test');
    await viewer.getByRole('heading', { level: 1, name: 'Coventry' }).waitFor();

    const admin = await adminPage();
    await admin.goto('/admin/users');
    await admin.getByLabel('Name or e-mail address').fill('viewer.coventry');
    await admin.getByLabel('Role').selectOption({ label: 'Authority viewer' });
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin.getByText('Showing 1 to 1 of 1 user').waitFor();
    await expectAccessible(admin, 'a filtered list of users');
    await admin.getByRole('table').getByRole('link').click();
    await admin.getByRole('heading', { name: 'Access' }).waitFor();
    await admin.getByRole('button', { name: 'Deactivate' }).click();
    await admin.getByRole('heading', { name: 'User deactivated' }).waitFor();
    expect(await admin.locator('main').textContent()).toContain('cannot sign in');
    await expectAccessible(admin, 'a deactivated user');

    // The viewer's next page asks them to sign in; signing in is refused.
    await viewer.goto('/returns/2023-24-Q4');
    await viewer.waitForURL((url) => url.pathname === '/sign-in');
    await viewer.getByLabel('Email address').fill('viewer.coventry@demo.test');
    await viewer.getByLabel('Password').fill('demo-password');
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    expect(await errorSummary(viewer)).toContain('Enter a correct email address and password');

    await admin.getByRole('button', { name: 'Reactivate' }).click();
    await admin.getByRole('heading', { name: 'User reactivated' }).waitFor();
    await signIn(viewer, 'viewer.coventry@demo.test');
    await viewer.getByRole('heading', { level: 1, name: 'Coventry' }).waitFor();
    expectNoPageErrors(admin);
  });

  test('authorities, periods and the audit log', async () => {
    const admin = await adminPage();
    const menu = admin.getByRole('navigation', { name: 'Menu' });

    await menu.getByRole('link', { name: 'Authorities' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Local authorities' }).waitFor();
    await expectAccessible(admin, 'the list of authorities');
    await admin.getByLabel('Name or ONS code').fill('rutland');
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin.getByText('1 authority').waitFor();
    await admin.getByRole('link', { name: 'Rutland' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Rutland' }).waitFor();
    await expectAccessible(admin, 'an authority');
    await admin.getByLabel('Name', { exact: true }).fill('');
    await admin.getByRole('button', { name: 'Save the name' }).click();
    expect(await errorSummary(admin)).toContain('Enter the name of the authority');
    await admin.getByLabel('Name', { exact: true }).fill('Rutland County');
    await admin.getByRole('button', { name: 'Save the name' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Rutland County' }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('Rutland');
    await admin.getByRole('button', { name: 'Save the name' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Rutland' }).waitFor();

    // Adding an authority: a code in use is refused by the server, named at its field.
    await admin.goto('/admin/authorities/new');
    await admin.getByRole('heading', { level: 1, name: 'Add an authority' }).waitFor();
    await admin.getByRole('button', { name: 'Add the authority' }).click();
    const missing = await errorSummary(admin);
    expect(missing).toContain('Enter a local authority code');
    expect(missing).toContain('Choose the region of the authority');
    await expectAccessible(admin, 'the form to add an authority, with errors');
    await admin.getByLabel('ONS code').fill('E08000026');
    await admin.getByLabel('Name', { exact: true }).fill('Coventry again');
    await admin.getByLabel('Region').selectOption({ label: 'West Midlands' });
    await admin.getByRole('button', { name: 'Add the authority' }).click();
    await admin.getByRole('link', { name: 'There is an authority with the code E08000026 already' }).waitFor();

    // Periods: a new one, with a due date that is not a date, then a real one.
    await menu.getByRole('link', { name: 'Periods' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Collection periods' }).waitFor();
    await expectAccessible(admin, 'the collection periods');
    await admin.getByLabel('Period', { exact: true }).fill('2021-22 Q4');
    await admin.getByLabel('Day').fill('30');
    await admin.getByLabel('Month').fill('2');
    await admin.getByLabel('Year').fill('2022');
    await admin.getByRole('button', { name: 'Add the period' }).click();
    expect(await errorSummary(admin)).toContain('The due date must be a real date');
    // 30 February: the day is what is wrong, and only the day is marked.
    expect(await admin.locator('#dueDate').getAttribute('class')).toContain('govuk-input--error');
    expect(await admin.locator('#dueDate-month').getAttribute('class')).not.toContain('govuk-input--error');
    await expectAccessible(admin, 'the collection periods with an error');
    await admin.getByLabel('Day').fill('28');
    await admin.getByRole('button', { name: 'Add the period' }).click();
    await admin.getByRole('heading', { name: 'Period added' }).waitFor();
    await admin.getByRole('heading', { level: 1, name: '2021-22 Q4' }).waitFor();
    expect(await admin.locator('main').textContent()).toContain('28 February 2022');
    await expectAccessible(admin, 'a collection period');
    await admin.getByRole('button', { name: 'Remove the due date' }).click();
    await admin.getByRole('heading', { name: 'Due date saved' }).waitFor();
    await admin.getByText('No date set').waitFor();

    // The audit log has all of it.
    await menu.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await expectAccessible(admin, 'the audit log');
    await admin.getByLabel('Action').selectOption({ label: 'Renamed an authority' });
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin.getByText('Showing 1 to 2 of 2 entries').waitFor();
    expect(await admin.getByRole('table').textContent()).toContain('Before: Rutland County');

    // A long list, a page at a time: enough sign-ins for a second page of them.
    const { page: other } = await newPage(browser);
    for (let i = 0; i < 26; i++) {
      const response = await other.request.post('/api/auth/login', {
        data: { email: 'lead.north-west@demo.test', password: 'demo-password' },
      });
      expect(response.status()).toBe(200);
    }
    await admin.getByRole('link', { name: 'Clear filters' }).click();
    await admin.getByLabel('Action').selectOption({ label: 'Signed in' });
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin.getByText(/^Showing 1 to 25 of \d+ entries$/).waitFor();
    const pages = admin.getByRole('navigation', { name: 'Pages' });
    await pages.getByRole('link', { name: 'Next page' }).click();
    await admin.getByText(/^Showing 26 to \d+ of \d+ entries$/).waitFor();
    expect(new URL(admin.url()).searchParams.get('action')).toContain('sign-in');
    expect(await pages.getByRole('link', { name: 'Page 2' }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(admin, 'the second page of the audit log');
    await pages.getByRole('link', { name: 'Previous page' }).click();
    await admin.getByText(/^Showing 1 to 25 of \d+ entries$/).waitFor();
    expectNoPageErrors(admin);
  });

  test('the invitation page without its link’s secret, and admin pages for other roles', async () => {
    const { page } = await newPage(browser);
    await page.goto('/invitation');
    await page.getByRole('heading', { level: 1, name: 'The invitation link is incomplete' }).waitFor();
    await expectAccessible(page, 'an incomplete invitation link');
    await page.goto('/invitation#AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.getByRole('heading', { level: 1, name: 'The invitation link is not right' }).waitFor();
    await signIn(page, 'lead.west-midlands@demo.test');
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expectNoPageErrors(page);
  });
});
