/**
 * DfE's releases in force (DESIGN sections 3 and 5) in the browser: the admin checks a file with a
 * newer census before loading it (its years, Barnsley's changed code, confirmed), loads it, and sees it
 * in force; Coventry's submitter sees DfE's census at or before each quarter's end beside it, labelled
 * with its date; the admin withdraws the release, and it shows as withdrawn.
 *
 * The demo's quarters run to 2024-25 Q1, so no quarter stands beside the new 2024 census (from 2024-25
 * Q2). The file also revises England's 2023 vacancy rate, as each of DfE's releases revises the years
 * before: once it is loaded, 2023-24 Q2 (the census's own quarter) and Q4 show the revised 2023 figure
 * labelled 30 September 2023, the 2024-25 Q1 open quarter too, and 2022-23 Q4 keeps 2022's; withdrawn,
 * the figure before it returns.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, newPage, signIn } from './helpers';

const DFE = readFileSync(
  new URL('../../../reference-data/dfe-csww/csww_indicators_2017_to_2023.csv', import.meta.url),
  'utf8',
);

/** England's made-up vacancy rate for 2024: shown nowhere, as no demo quarter stands beside 2024. */
const VACANCY_2024 = '21.5';
/** England's 2023 vacancy rate as the file revises it (DfE's file to 2023 has 18.9). */
const VACANCY_2023_REVISED = '19.4';

/**
 * DfE's file with a made-up 2024 census: 2023's rows relabelled 2024, England's vacancy rate changed,
 * England's 2023 vacancy rate revised, and Barnsley (E08000016) under a new code, E08000038, as DfE's 2025 file has it. England's row has
 * no quoted field, so its columns can be split on commas.
 */
function with2024(): string {
  const lines = DFE.split(/\r?\n/).filter((l) => l !== '');
  const header = (lines[0] ?? '').split(',');
  const vacancy = header.indexOf('vacancy_rate_fte');
  const revised = lines.map((l) => {
    if (!l.startsWith('2023,') || !l.includes(',National,')) return l;
    const cells = l.split(',');
    cells[vacancy] = VACANCY_2023_REVISED;
    return cells.join(',');
  });
  const added = lines
    .filter((l) => l.startsWith('2023,'))
    .map((l) => {
      let line = l.replace(/^2023,/, '2024,').replace(',E08000016,', ',E08000038,');
      if (line.includes(',National,')) {
        const cells = line.split(',');
        cells[vacancy] = VACANCY_2024;
        line = cells.join(',');
      }
      return line;
    });
  return `${[...revised, ...added].join('\n')}\n`;
}

const NAME = "Children's social work workforce, 2017 to 2024";

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Coventry's comparison of a quarter: the label of DfE's census beside it, and England's DfE vacancy rate. */
async function besideQuarter(page: Page, period: string, label: string) {
  await page.goto(`/compare/${period}`);
  await page.getByRole('heading', { level: 1, name: `How we compare, ${label}` }).waitFor();
  const main = page.locator('main');
  const text = (await main.textContent()) ?? '';
  const census = /DfE's published figures \((DfE, 30 Sep \d{4})\)/.exec(text)?.[1];
  const table = page.getByRole('table', { name: `Every metric, ${label}` });
  const vacancy = (await table.getByRole('row', { name: /^Vacancy rate/ }).textContent()) ?? '';
  return { census, vacancy };
}

test('an admin checks a newer release and loads it; the quarters keep the census at or before their end; the admin withdraws it', async () => {
  const { page: admin } = await newPage(browser);
  await signIn(admin, 'admin@demo.test');
  await admin.getByRole('link', { name: 'Published statistics' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Published statistics' }).waitFor();
  const releases = admin.getByRole('table', { name: 'Releases loaded, those in force first' });
  await releases.waitFor();
  expect(await releases.textContent()).not.toContain(NAME);

  // Check the file: what loading it would do, before anything is loaded.
  await admin
    .getByLabel(/DfE's indicators file/)
    .setInputFiles({ name: 'csww_indicators_2017_to_2024.csv', mimeType: 'text/csv', buffer: Buffer.from(with2024()) });
  await admin.getByRole('button', { name: 'Check the file' }).click();
  await admin.getByRole('heading', { level: 2, name: 'Check the release before you load it' }).waitFor();
  const summary = admin.locator('.govuk-summary-list');
  const row = (key: string) =>
    summary
      .locator('.govuk-summary-list__row')
      .filter({ has: admin.locator('.govuk-summary-list__key', { hasText: new RegExp(`^${key}$`) }) });
  expect(await row('Release').textContent()).toContain(NAME);
  expect(await row('Years').textContent()).toContain('2017 to 2024');
  expect(await row('Newest census').textContent()).toContain(
    'Comparisons from 2024-25 Q2 will stand beside its 2024 census (30 September 2024).',
  );
  expect(await row('New years').textContent()).toContain('2024');
  expect(await row('Authorities missing from 2024').textContent()).toContain('None');
  const barnsley = admin.getByLabel('E08000038 Barnsley in the file is Barnsley (E08000016): same DfE old code 370');
  expect(await barnsley.isChecked()).toBe(true);
  await expectAccessible(admin, 'the check of a release');

  // Cancel goes back to the form, with nothing loaded; checked again, then loaded with Barnsley's code confirmed.
  await admin.getByRole('button', { name: 'Cancel' }).click();
  await admin.getByRole('button', { name: 'Check the file' }).waitFor();
  expect(await releases.textContent()).not.toContain(NAME);
  await admin
    .getByLabel(/DfE's indicators file/)
    .setInputFiles({ name: 'csww_indicators_2017_to_2024.csv', mimeType: 'text/csv', buffer: Buffer.from(with2024()) });
  await admin.getByRole('button', { name: 'Check the file' }).click();
  await admin.getByRole('heading', { level: 2, name: 'Check the release before you load it' }).waitFor();
  const loading = admin.waitForRequest((r) => r.method() === 'POST' && /\/api\/published\/releases\?/.test(r.url()));
  await admin.getByRole('button', { name: 'Load the release' }).click();
  expect(new URL((await loading).url()).searchParams.get('confirm')).toBe('E08000038:E08000016');
  await admin.getByText(`Loaded ${NAME}. Its 2024 census now stands beside comparisons from 2024-25 Q2.`).waitFor();
  const loaded = releases.getByRole('row').filter({ hasText: NAME });
  await loaded.waitFor();
  expect(await loaded.textContent()).toContain('In force');
  await expectAccessible(admin, 'a release loaded');

  // Barnsley's 2024 figures are its own: E08000038 is its code now.
  const figures = await admin.request.get('/api/published/figures?year=2024&area=E08000038&measure=vacancy_rate_fte');
  expect(figures.status()).toBe(200);
  const body = (await figures.json()) as { figures: { areaCode: string; authorityCode: string | null }[] };
  expect(body.figures.map((f) => [f.areaCode, f.authorityCode])).toEqual([['E08000038', 'E08000038']]);
  // The admin's list finds it by its former code, shows its current one, and its former one with its date.
  const barnsleyRow = await barnsleyInList(admin);
  expect(barnsleyRow).toContain('E08000038');
  expect(barnsleyRow).toContain('Formerly E08000016, until 30 September 2024');
  await expectAccessible(admin, 'the list of authorities, with a former code');
  await admin.getByRole('link', { name: 'Barnsley' }).click();
  expect(await summaryRow(admin, 'ONS code')).toBe('E08000038');
  expect(await summaryRow(admin, 'Former ONS code')).toBe('E08000016, until 30 September 2024');
  await expectAccessible(admin, 'an authority with a former code');
  await admin.goto('/published');
  await releases.waitFor();

  // Coventry: each quarter stands beside DfE's census at or before its end, labelled with its date.
  const { page: coventry } = await newPage(browser);
  await signIn(coventry, 'submitter.coventry@demo.test');
  // The 2023 census as the new release revises it, from its own quarter (Q2) to the next Q1.
  const q2 = await besideQuarter(coventry, '2023-24-Q2', '2023-24 Q2');
  expect(q2.census).toBe('DfE, 30 Sep 2023');
  expect(q2.vacancy).toContain(`${VACANCY_2023_REVISED}%`);
  const q4 = await besideQuarter(coventry, '2023-24-Q4', '2023-24 Q4');
  expect(q4.census).toBe('DfE, 30 Sep 2023');
  expect(q4.vacancy).toContain(`${VACANCY_2023_REVISED}%`);
  // The quarter before the 2024 census keeps 2023's: 2024's stands beside none of the demo's quarters.
  const q1 = await besideQuarter(coventry, '2024-25-Q1', '2024-25 Q1');
  expect(q1.census).toBe('DfE, 30 Sep 2023');
  expect(q1.vacancy).toContain(`${VACANCY_2023_REVISED}%`);
  expect(q1.vacancy).not.toContain(`${VACANCY_2024}%`);
  // The year before: 2022-23 Q4 stands beside the census of 30 September 2022.
  const earlier = await besideQuarter(coventry, '2022-23-Q4', '2022-23 Q4');
  expect(earlier.census).toBe('DfE, 30 Sep 2022');
  expectNoPageErrors(coventry);

  // The admin withdraws it, after a confirmation; it shows as withdrawn, with no button.
  await releases.getByRole('button', { name: `Withdraw ${NAME}` }).click();
  await admin.getByRole('heading', { name: `Withdraw ${NAME}?` }).waitFor();
  expect(await admin.locator('.govuk-warning-text').textContent()).toContain('load the file again');
  await expectAccessible(admin, 'the confirmation of a withdrawal');
  await admin.getByRole('button', { name: 'Yes, withdraw the release' }).click();
  await admin.getByText(`Withdrew ${NAME}`).waitFor();
  await expect.poll(async () => (await loaded.textContent()) ?? '').toMatch(/Withdrawn on \d{1,2} \w+ \d{4}/);
  expect(await loaded.getByRole('button').count()).toBe(0);
  await admin.getByText('To put a withdrawn release back in force, load its file again.').waitFor();
  await expectAccessible(admin, 'a release withdrawn');
  // What was in force before returns: DfE's 2023 figure as first published.
  const after = await besideQuarter(coventry, '2023-24-Q2', '2023-24 Q2');
  expect(after.census).toBe('DfE, 30 Sep 2023');
  expect(after.vacancy).toContain('18.9%');
  expect(after.vacancy).not.toContain(`${VACANCY_2023_REVISED}%`);
  // Barnsley has its former code back, and no former code.
  const back = await barnsleyInList(admin);
  expect(back).toContain('E08000016');
  expect(back).not.toContain('Formerly');
  expectNoPageErrors(admin);
});

/** Barnsley's row of the admin's list of authorities, found by its first code. */
async function barnsleyInList(admin: Page): Promise<string> {
  await admin.goto('/admin/authorities?q=E08000016');
  await admin.getByRole('heading', { level: 1, name: 'Local authorities' }).waitFor();
  const row = admin.getByRole('row').filter({ hasText: 'Barnsley' });
  await row.waitFor();
  return (await row.textContent()) ?? '';
}

/** The value of a row of an authority's summary list. */
async function summaryRow(page: Page, key: string): Promise<string> {
  const row = page.locator('.govuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) });
  return ((await row.locator('.govuk-summary-list__value').textContent()) ?? '').trim();
}
