/**
 * The lead's overview and the phone layouts in the browser: the West Midlands lead's authorities ×
 * measures table at 1,280 × 800 (the key measures fit without being cut off; all of them scroll inside
 * the page with the names in view; each cell its value, band and change; the region and England rows
 * below the authorities, never sorted among them; sorting by name or a measure), the same as summary
 * cards on a 390 × 844 phone with no sideways scrolling of the page, the Coventry dashboard on the
 * phone, and the lead's printable summary naming the 14 authorities. axe-core clean at both widths.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, newPage, signIn } from './helpers';

const LEAD = 'lead.west-midlands@demo.test';
const PERIOD = '2023-24-Q4';
const CAPTION = /Authorities of the region by metric/;

let browser: Browser;
let westMidlands: string[];

beforeAll(async () => {
  browser = await connectBrowser();
  const context = await browser.newContext({ baseURL: inject('baseUrl') });
  const page = await context.newPage();
  await signIn(page, 'admin@demo.test');
  const all = (await (await page.request.get('/api/authorities')).json()) as { name: string; regionCode: string }[];
  await context.close();
  westMidlands = all.filter((a) => a.regionCode === 'E12000005').map((a) => a.name);
  expect(westMidlands).toHaveLength(14);
});
afterAll(async () => {
  await browser?.close();
});

/** Whether the page scrolls sideways: its content wider than the window. */
const pageFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function openOverview(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await signIn(page, LEAD);
  await page.goto(`/compare/${PERIOD}`);
  await page
    .getByRole('heading', { level: 1, name: `West Midlands compared, ${PERIOD.replace(/-Q/, ' Q')}` })
    .waitFor();
}

describe('the lead’s overview', () => {
  test('at 1,280 px: key measures that fit, bands and changes, the region and England below, sortable', async () => {
    const { page } = await newPage(browser);
    await openOverview(page, 1280, 800);
    const table = page.getByRole('table', { name: CAPTION });
    await table.waitFor();
    expect(await pageFits(page)).toBe(true);
    // Not cut off: the table is no wider than its place in the page.
    const fits = await table.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0));
    expect(fits).toBe(true);
    const headings = await table.locator('thead th').allTextContents();
    expect(headings[0]).toBe('Authority');
    expect(headings).toContain('Vacancy rate');
    expect(headings.length).toBeLessThan(10);
    // Every authority named, its cells with a band by letter (not colour alone) and a change in words.
    for (const name of westMidlands)
      expect(await table.locator('tbody').getByRole('rowheader', { name, exact: false }).count()).toBe(1);
    const bands = await table.locator('tbody .govuk-tag').allTextContents();
    expect(bands.length).toBeGreaterThan(14);
    for (const band of bands) expect(band).toMatch(/^Band [A-D]: the/);
    expect(await table.locator('tbody .app-change').first().textContent()).toMatch(
      /Since last quarter: (Improving|Worsening|No change|Up|Down|Not available)/,
    );
    // The region and England, below the authorities.
    const foot = table.locator('tfoot');
    expect(await foot.getByRole('rowheader').allTextContents()).toEqual([
      'West Midlands (pooled, live)',
      'England (pooled, released)',
    ]);
    await expectAccessible(page, 'the lead’s overview at 1,280 px');

    // Sort by vacancy rate, highest first: the region and England stay below.
    const heading = table.getByRole('columnheader', { name: 'Vacancy rate' });
    await heading.getByRole('button').click();
    await heading.getByRole('button').click();
    expect(await heading.getAttribute('aria-sort')).toBe('descending');
    const index = headings.indexOf('Vacancy rate');
    const values = await table
      .locator('tbody tr')
      .evaluateAll((rows, i) => rows.map((r) => Number.parseFloat(r.children[i]?.textContent ?? '')), index);
    const known = values.filter((v) => !Number.isNaN(v));
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(await foot.locator('tr').count()).toBe(2);
    // By name, Z to A.
    const byName = table.getByRole('columnheader', { name: 'Authority' });
    await byName.getByRole('button').click();
    await byName.getByRole('button').click();
    expect(await byName.getAttribute('aria-sort')).toBe('descending');
    expect(await table.locator('tbody th').allTextContents()).toEqual(
      [...(await table.locator('tbody th').allTextContents())].sort((a, b) => b.localeCompare(a, 'en-GB')),
    );

    // Every measure: the table scrolls inside the page, the authorities' names staying in view.
    await page.getByText('Choose measures').click();
    await page.getByRole('button', { name: 'Show all measures' }).click();
    expect(await table.locator('thead th').count()).toBe(18);
    expect(await pageFits(page)).toBe(true);
    const scroller = page.getByRole('region', { name: CAPTION }).and(page.locator('.app-table-scroll'));
    const scrolled = await scroller.evaluate((s) => {
      s.scrollLeft = s.scrollWidth;
      return s.scrollLeft;
    });
    expect(scrolled).toBeGreaterThan(0);
    const first = table.locator('tbody th').first();
    const [scrollerBox, firstBox] = [await scroller.boundingBox(), await first.boundingBox()];
    expect(Math.abs((firstBox?.x ?? -1) - (scrollerBox?.x ?? 0))).toBeLessThan(2);
    // One measure unticked goes from the table.
    await page.getByRole('checkbox', { name: 'Average caseload' }).uncheck();
    expect(await table.getByRole('columnheader', { name: 'Average caseload' }).count()).toBe(0);
    await expectAccessible(page, 'the lead’s overview with every measure');
    expectNoPageErrors(page);
  });

  test('at 390 px: a card an authority, sorted by a form, and no sideways scrolling', async () => {
    const { page } = await newPage(browser);
    await openOverview(page, 390, 844);
    const cards = page.getByRole('list', { name: CAPTION });
    await cards.waitFor();
    expect(await page.getByRole('table', { name: CAPTION }).count()).toBe(0);
    const titles = await cards.locator('.govuk-summary-card__title').allTextContents();
    expect(titles).toHaveLength(16);
    expect(titles.slice(-2)).toEqual(['West Midlands (pooled, live)', 'England (pooled, released)']);
    for (const name of westMidlands) expect(titles.some((t) => t.startsWith(name))).toBe(true);
    const first = cards.getByRole('listitem').first();
    expect(await first.getByRole('term').first().textContent()).toBeTruthy();
    expect(await first.locator('.govuk-tag').first().textContent()).toMatch(/^Band [A-D]/);
    expect(await pageFits(page)).toBe(true);
    await expectAccessible(page, 'the lead’s overview at 390 px');

    // Sort by vacancy rate, highest first.
    await page.getByLabel('Sort authorities by').selectOption({ label: 'Vacancy rate' });
    await page.getByLabel('Order').selectOption('descending');
    await page.getByRole('button', { name: 'Sort', exact: true }).click();
    await expect
      .poll(async () => (await cards.locator('.govuk-summary-card__title').allTextContents()).join('|'))
      .not.toBe(titles.join('|'));
    const values = await cards.getByRole('listitem').evaluateAll((items) =>
      items.slice(0, -2).map((item) => {
        const row = [...item.querySelectorAll('.govuk-summary-list__row')].find(
          (r) => r.querySelector('dt')?.textContent === 'Vacancy rate',
        );
        return Number.parseFloat(row?.querySelector('dd')?.textContent ?? '');
      }),
    );
    const known = values.filter((v) => !Number.isNaN(v));
    expect(known.length).toBeGreaterThan(10);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(await pageFits(page)).toBe(true);
    expectNoPageErrors(page);
  });

  test('the Coventry dashboard fits a 390 px phone: a card a metric, with where it stands', async () => {
    const { page } = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'viewer.coventry@demo.test');
    await page.goto('/compare/2023-24-Q2');
    await page.getByRole('heading', { level: 1, name: 'How we compare, 2023-24 Q2' }).waitFor();
    const cards = page.getByRole('list', { name: 'Every metric, 2023-24 Q2' });
    await cards.waitFor();
    expect(await cards.getByRole('listitem').count()).toBe(17);
    const vacancy = cards
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'Vacancy rate', exact: true }) });
    expect(await vacancy.textContent()).toMatch(/Where we stand in the region.*of 14 in the region/);
    expect(await pageFits(page)).toBe(true);
    await expectAccessible(page, 'the authority dashboard at 390 px');
    expectNoPageErrors(page);
  });

  test('the lead’s printable summary names the 14 authorities with their key measures', async () => {
    const { page } = await newPage(browser);
    await signIn(page, LEAD);
    await page.goto(`/compare/${PERIOD}/print`);
    await page.getByRole('heading', { level: 1, name: /^West Midlands: workforce comparison/ }).waitFor();
    const table = page.getByRole('table', { name: /^The authorities of West Midlands/ });
    for (const name of westMidlands) expect(await table.getByRole('rowheader', { name, exact: true }).count()).toBe(1);
    expect(await table.locator('tbody .govuk-tag').first().textContent()).toMatch(/^Band [A-D]/);
    await expectAccessible(page, 'the lead’s printable summary');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    // The region's figures on one page, its authorities on the next.
    expect(pages.length).toBeLessThanOrEqual(2);
    expectNoPageErrors(page);
  });
});
