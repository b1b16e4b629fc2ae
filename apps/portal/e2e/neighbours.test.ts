/**
 * Statistical neighbours in the browser: the Coventry viewer opens them from the comparison dashboard
 * and sees its 10 neighbours named with their closeness, DfE's published vacancy rates for each and
 * their median, and the years; the West Midlands lead chooses Warwickshire. Both pages axe-core clean.
 * The Coventry viewer sees its neighbours' quarterly figures from the exchange as one anonymised group
 * beside the region and England: on the dashboard, a metric page (standing and trend) and the summary.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, newPage, signIn } from './helpers';

/** Coventry's neighbours in DfE's April 2021 model, nearest first. */
const COVENTRY_NEIGHBOURS = [
  'Derby',
  'Bolton',
  'Peterborough',
  'Leeds',
  'Sheffield',
  'Portsmouth',
  'Medway',
  'Walsall',
  'Tameside',
  'Southampton',
];

const CLOSENESS = /^(Extremely close|Very close|Close|Somewhat close|Not close)$/;

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The text of each cell of a table's body, row by row (row headings included). */
function bodyRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
    );
}

describe('statistical neighbours', () => {
  test('the Coventry viewer opens its neighbours from the dashboard: named, with closeness, DfE’s figures and their median', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'viewer.coventry@demo.test');
    await page.getByRole('link', { name: 'How we compare' }).click();
    await page.getByRole('heading', { level: 1, name: /^How we compare, / }).waitFor();
    await page.getByRole('link', { name: 'Compare with statistical neighbours' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistical neighbours' }).waitFor();
    expect(await page.title()).toMatch(/^Statistical neighbours: Coventry/);
    await expect
      .poll(() => page.getByText(/Statistical neighbours, April 2021/).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);

    // The 10, nearest first, each with its closeness in words.
    const list = await bodyRows(page.getByRole('table', { name: "Coventry's statistical neighbours" }));
    expect(list.map((row) => row[1])).toEqual(COVENTRY_NEIGHBOURS);
    expect(list.map((row) => row[0])).toEqual(COVENTRY_NEIGHBOURS.map((_, i) => String(i + 1)));
    for (const row of list) expect(row[2]).toMatch(CLOSENESS);
    await expect.poll(() => page.locator('.govuk-tag', { hasText: CLOSENESS }).count()).toBe(10);

    // The vacancy rate first: DfE's 2023 figures, lowest first, Coventry's row marked, and the median of the 10.
    expect(await page.getByLabel('Measure').inputValue()).toBe('vacancyRate');
    await page.getByText('Median of the 10 neighbours: 15.9%.').waitFor();
    const latest = await bodyRows(
      page.getByRole('table', { name: "Vacancy rate, 2023 (DfE's published figures, lowest first)" }),
    );
    expect(latest).toEqual([
      ['Sheffield', '2.9%'],
      ['Derby', '3.0%'],
      ['Walsall', '6.1%'],
      ['Coventry (this authority)', '12.1%'],
      ['Leeds', '12.5%'],
      ['Southampton', '15.1%'],
      ['Bolton', '16.7%'],
      ['Portsmouth', '18.4%'],
      ['Peterborough', '23.1%'],
      ['Tameside', '28.5%'],
      ['Medway', '29.3%'],
      ['Median of the neighbours', '15.9%'],
    ]);

    // Over the years: Coventry's own and the median of its neighbours', with a chart of both.
    const years = await bodyRows(page.getByRole('table', { name: 'Vacancy rate by year' }));
    expect(years.map((row) => row[0])).toEqual(['2017', '2018', '2019', '2020', '2021', '2022', '2023']);
    expect(years[0]).toEqual(['2017', '19.6%', '12.4%', '10 of 10']);
    expect(years.at(-1)).toEqual(['2023', '12.1%', '15.9%', '10 of 10']);
    await page.locator('.app-chart [role="img"]').first().waitFor();

    await expectAccessible(page, 'the statistical neighbours (authority)');

    // Another measure, kept in the address.
    await page.getByLabel('Measure').selectOption('turnoverRate');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('table', { name: /^Social worker turnover rate, 2023 / }).waitFor();
    expect(new URL(page.url()).searchParams.get('metric')).toBe('turnoverRate');
    expectNoPageErrors(page);
  });

  test('the Coventry viewer sees its neighbours’ anonymised quarterly group beside the region and England', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'viewer.coventry@demo.test');
    const period = '2023-24-Q4';
    // The figures the API answers, which the pages must show as they are.
    const answer = await (await page.request.get(`/api/comparisons/${period}/metrics/vacancyRate`)).json();
    const group = answer.metrics[0].neighbours.group;
    expect(answer.neighbours).toMatchObject({
      count: 10,
      model: { name: expect.stringMatching(/^Statistical neighbours, April 2021/) },
    });
    expect(group).toMatchObject({ status: 'shown', n: 10 });
    const pooled = `${group.pooled.toFixed(1)}%`;

    await page.goto(`/compare/${period}`);
    const table = page.getByRole('table', { name: `Every metric, ${period.replace('-Q', ' Q')}` });
    await table.waitFor();
    const headers = await table.locator('thead th').allTextContents();
    const column = headers.map((h) => h.trim()).indexOf('Statistical neighbours (pooled)');
    expect(column, headers.join(' | ')).toBeGreaterThan(headers.map((h) => h.trim()).indexOf('England (pooled)'));
    const vacancy = (await bodyRows(table)).find((row) => row[0] === 'Vacancy rate');
    expect(vacancy?.[column]).toBe(pooled);
    await page
      .getByText(/^Statistical neighbours \(pooled\): the exchange's figures of your 10 statistical neighbours/)
      .waitFor();
    await expectAccessible(page, 'the dashboard with the neighbours’ group');

    // A metric page: where Coventry stands with its neighbours, and the group's line in the trend.
    await table.getByRole('link', { name: 'Vacancy rate' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vacancy rate' }).waitFor();
    const standing = page.locator('.govuk-summary-list__row', { hasText: 'With its statistical neighbours' });
    await standing.getByText(`Statistical neighbours (pooled): ${pooled}`, { exact: false }).waitFor();
    await standing.getByText(/of 11 with its statistical neighbours/).waitFor();
    const trend = page.getByRole('table', { name: 'Vacancy rate by quarter' });
    const trendHeaders = (await trend.locator('thead th').allTextContents()).map((h) => h.trim());
    expect(trendHeaders).toContain('Statistical neighbours (pooled)');
    const point = answer.trend.find((p: { period: string }) => p.period === period);
    const row = (await bodyRows(trend)).find((r) => r[0] === point.periodLabel);
    expect(row?.[trendHeaders.indexOf('Statistical neighbours (pooled)')]).toBe(`${point.neighbours.toFixed(1)}%`);
    await page.locator('.app-chart-key', { hasText: 'Statistical neighbours (pooled)' }).first().waitFor();
    // The dot chart and the funnel draw the group's pooled figure as a line, and say so in words and
    // in the funnel's table.
    await page
      .getByText(`The green line of long dashes is your statistical neighbours' pooled figure, ${pooled}.`)
      .first()
      .waitFor();
    expect(await page.locator('.app-chart svg [stroke="#00703c"][stroke-dasharray="10 4"]').count()).toBe(2);
    const funnelRow = page.locator('.govuk-summary-list__row', { hasText: 'Your statistical neighbours (pooled)' });
    await funnelRow.getByText(pooled, { exact: true }).waitFor();
    await expectAccessible(page, 'a metric page with the neighbours’ group');

    // The printable summary has the group too.
    await page.goto(`/compare/${period}/print`);
    await page.getByRole('columnheader', { name: 'Neighbours' }).waitFor();
    await expectAccessible(page, 'the printable summary with the neighbours’ group');
    expectNoPageErrors(page);
  });

  test('the West Midlands lead chooses Warwickshire and sees its neighbours', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'lead.west-midlands@demo.test');
    await page.getByRole('link', { name: 'How we compare' }).click();
    await page.getByRole('link', { name: 'Compare with statistical neighbours' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistical neighbours' }).waitFor();
    // The region's first authority by name, until the lead chooses another.
    expect(await page.getByLabel('Authority').inputValue()).toBe('E08000025');
    await page.getByRole('table', { name: "Birmingham's statistical neighbours" }).waitFor();

    await page.getByLabel('Authority').selectOption({ label: 'Warwickshire' });
    await page.getByRole('button', { name: 'Show' }).first().click();
    const table = page.getByRole('table', { name: "Warwickshire's statistical neighbours" });
    await table.waitFor();
    const list = await bodyRows(table);
    expect(list).toHaveLength(10);
    expect(list.slice(0, 2).map((row) => row[1])).toEqual(['Cheshire West and Chester', 'Worcestershire']);
    for (const row of list) expect(row[2]).toMatch(CLOSENESS);
    await page.getByText(/^Median of the 10 neighbours: \d+\.\d%\.$/).waitFor();
    await page
      .getByRole('table', { name: /^Vacancy rate, 2023 / })
      .getByText('Warwickshire (this authority)')
      .waitFor();
    await page.getByRole('table', { name: 'Vacancy rate by year' }).waitFor();

    await expectAccessible(page, 'the statistical neighbours (regional lead)');
    expectNoPageErrors(page);
  });

  test('an authority not in the model (Cumberland, since 2023) is told so plainly, not shown an error', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'lead.north-west@demo.test');
    await page.goto('/compare/neighbours?authority=E06000063');
    await page.getByRole('heading', { level: 1, name: 'Statistical neighbours' }).waitFor();
    await page.getByText(/^Cumberland is not in the Department for Education's statistical neighbour model/).waitFor();
    expect(await page.getByLabel('Authority').inputValue()).toBe('E06000063');
    expect(await page.getByRole('table').count()).toBe(0);
    await expectAccessible(page, 'the statistical neighbours of an authority not in the model');
    expectNoPageErrors(page);
  });
});
