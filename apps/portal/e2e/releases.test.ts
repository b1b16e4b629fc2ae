/**
 * Comparisons as dated releases (DESIGN section 6) in the browser: Coventry's submitter sees the
 * release a quarter's group figures come from, and, on the open quarter not released yet, when it
 * will be; the West Midlands lead sees the period's releases on their desk; the admin releases the
 * open quarter now, and is told why when nothing more can be released. What the pages say is checked
 * against the API's own answers; axe-core on every new state.
 */
import type { ComparisonRelease, ComparisonReleases, NotReleased, ReleaseStamp } from '@csc-workforce/schemas';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  connectBrowser,
  errorSummary,
  expectAccessible,
  expectNoPageErrors,
  newPage,
  openPeriod,
  signIn,
} from './helpers';

/** A quarter the demo released (every authority's return counted). */
const RELEASED = { id: '2023-24-Q4', label: '2023-24 Q4' };

/** Why a release was made, as the pages say it. */
function reasonText(release: ComparisonRelease): string {
  return {
    'collection-closed': 'Collection closed',
    'due-date-passed': 'Due date passed',
    scheduled: 'Scheduled re-release',
    admin: `Released by ${release.releasedByName}`,
  }[release.reason];
}

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** What a comparison answer says of its release, as the signed-in user gets it. */
async function releaseOf(page: Page, period: string) {
  const response = await page.request.get(`/api/comparisons/${period}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as { release: ReleaseStamp | null; notReleased: NotReleased | null };
}

describe('comparisons as dated releases', () => {
  test('Coventry’s submitter sees the release of a quarter, and when the open quarter will be released', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'submitter.coventry@demo.test');

    // A released quarter names its release above the table.
    const released = await releaseOf(page, RELEASED.id);
    expect(released.notReleased).toBeNull();
    expect(released.release?.period).toBe(RELEASED.id);
    await page.goto(`/compare/${RELEASED.id}`);
    await page.getByRole('heading', { level: 1, name: `How we compare, ${RELEASED.label}` }).waitFor();
    await page.getByText(`Region and England figures: ${RELEASED.label}, ${released.release?.label}.`).waitFor();
    const row = page.getByRole('table', { name: `Every metric, ${RELEASED.label}` }).getByRole('row', {
      name: /^Vacancy rate/,
    });
    expect(await row.textContent()).toMatch(/of 14 in the region/);

    // The open quarter is not released: its groups are the last released quarter's, its own figures live.
    const open = await openPeriod(page);
    const pending = await releaseOf(page, open.id);
    expect(pending.notReleased, `${open.label} should not be released yet`).not.toBeNull();
    const earlier = pending.release?.periodLabel ?? '';
    expect(earlier).not.toBe('');
    await page.goto(`/compare/${open.id}`);
    await page.getByRole('heading', { level: 1, name: `How we compare, ${open.label}` }).waitFor();
    const banner = page.getByRole('region', { name: 'Important' });
    await banner.getByRole('heading', { name: `${open.label} has not been released yet` }).waitFor();
    expect(await banner.textContent()).toContain(pending.notReleased?.message);
    expect(await banner.textContent()).toContain('Coventry’s own figures are live');
    await page.getByText(`Region and England figures: ${earlier}, ${pending.release?.label}.`).waitFor();
    const table = page.getByRole('table', { name: `Every metric, ${open.label}` });
    await table.getByRole('columnheader', { name: `West Midlands (pooled), ${earlier}` }).waitFor();
    await table.getByRole('columnheader', { name: `England (pooled), ${earlier}` }).waitFor();
    // No position is placed among another quarter's figures, and none is left empty.
    const vacancy = table.getByRole('row', { name: /^Vacancy rate/ });
    expect(await vacancy.textContent()).toContain('Not compared until released');
    expect(await vacancy.textContent()).not.toMatch(/of \d+ in the region/);
    // The picker shows the quarter, marked.
    expect(await page.getByLabel('Quarter').locator(`option[value="${open.id}"]`).textContent()).toBe(
      `${open.label} (not released yet)`,
    );
    await expectAccessible(page, 'a comparison of a quarter not released yet');
    expectNoPageErrors(page);
  });

  test('the West Midlands lead sees a period’s releases on their desk', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'lead.west-midlands@demo.test');
    const answer = await page.request.get(`/api/periods/${RELEASED.id}/releases`);
    expect(answer.status()).toBe(200);
    const releases = (await answer.json()) as ComparisonReleases;
    const latest = releases.releases[0];
    if (!latest) throw new Error(`${RELEASED.label} has no release`);
    const inRegion = latest.regions.find((r) => r.code === 'E12000005');
    expect(latest.regions).toHaveLength(1);

    await page.goto(`/rounds/${RELEASED.id}`);
    await page.getByRole('heading', { level: 1, name: `${RELEASED.label} collection` }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Comparison releases' }).waitFor();
    const table = page.getByRole('table', { name: `Releases of ${RELEASED.label}, newest first` });
    expect(await table.locator('tbody tr').count()).toBe(releases.releases.length);
    await table.getByRole('columnheader', { name: 'Returns counted in West Midlands' }).waitFor();
    const row = table.getByRole('row', { name: new RegExp(`^Release ${latest.sequence}\\b`) });
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(reasonText(latest));
    expect(text).toContain(String(inRegion?.returns));
    await page.getByText(releases.pending.message).waitFor();
    await expectAccessible(page, 'the tracker with its releases');

    // The open quarter's round: not released yet, said so on the desk and in the picker.
    const open = await openPeriod(page);
    await page.goto(`/rounds/${open.id}`);
    await page.getByRole('heading', { level: 1, name: `${open.label} collection` }).waitFor();
    await page.getByText(`${open.label} has no release yet.`).waitFor();
    await page.goto(`/compare/${open.id}`);
    await page.getByRole('heading', { level: 1, name: `West Midlands compared, ${open.label}` }).waitFor();
    await page.getByRole('heading', { name: `${open.label} has not been released yet` }).waitFor();
    expect(await page.getByLabel('Quarter').locator(`option[value="${open.id}"]`).textContent()).toBe(
      `${open.label} (not released yet)`,
    );
    await expectAccessible(page, 'the region’s comparison of a quarter not released yet');
    expectNoPageErrors(page);
  });

  test('the admin releases the open quarter now, after confirming, or is told why not', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'admin@demo.test');
    const open = await openPeriod(page);
    await page.goto(`/admin/periods/${open.id}`);
    await page.getByRole('heading', { level: 1, name: open.label }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Comparison releases' }).waitFor();

    const isRelease = (r: Response) =>
      r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/periods/${open.id}/releases`;
    /** Release now, confirmed, and what the page says of the API's answer. */
    const releaseNow = async (what: string) => {
      await page.getByRole('button', { name: 'Release now' }).click();
      await page.getByRole('heading', { name: `Release ${open.label} now?` }).waitFor();
      await expectAccessible(page, `the confirmation of a release (${what})`);
      const [response] = await Promise.all([
        page.waitForResponse(isRelease),
        page.getByRole('button', { name: `Yes, release ${open.label} now` }).click(),
      ]);
      if (response.status() === 201) {
        const made = (await response.json()) as ComparisonRelease;
        const banner = page.getByRole('alert').filter({ hasText: 'Comparison released' });
        await banner.waitFor();
        expect(await banner.textContent()).toContain(made.label);
        const row = page
          .getByRole('table', { name: `Releases of ${open.label}, newest first` })
          .getByRole('row', { name: new RegExp(`^Release ${made.sequence}\\b`) });
        expect(made.reason).toBe('admin');
        expect(await row.textContent()).toContain(reasonText(made));
        expect(await row.textContent()).toContain(String(made.returns));
      } else {
        expect(response.status()).toBe(409);
        const problem = (await response.json()) as { detail: string };
        expect(await errorSummary(page)).toContain(problem.detail);
      }
      await expectAccessible(page, `a period after releasing it (${what})`);
      return response.status();
    };

    await releaseNow('first try');
    // At once again: nothing has changed since, so the API refuses, and the page says why.
    expect(await releaseNow('second try')).toBe(409);
    expectNoPageErrors(page);
  });
});
