/**
 * "How we compare" in the browser: the dashboard and a metric page for an authority viewer (no other
 * authority named anywhere in the page or in any response it received) and for a regional lead (every
 * authority of the region named, the table sortable), the printable view on one page, axe-core clean.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, newPage, signIn } from './helpers';

interface Authority {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
}

let browser: Browser;
let authorities: Authority[];

beforeAll(async () => {
  browser = await connectBrowser();
  // Every authority, as the admin lists them: the names that must not appear to Coventry.
  const context = await browser.newContext({ baseURL: inject('baseUrl') });
  const page = await context.newPage();
  await signIn(page, 'admin@demo.test');
  authorities = (await (await page.request.get('/api/authorities')).json()) as Authority[];
  await context.close();
  expect(authorities.length).toBe(153);
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Records the body of every response from the API, to search them afterwards: but for practice notes,
 * which their authorities publish named, by their own choice (DESIGN section 6).
 */
function recordResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    if (!path.startsWith('/api/') || path.startsWith('/api/notes')) return;
    try {
      bodies.push(await response.text());
    } catch {
      // A redirect or aborted request has no body.
    }
  });
  return bodies;
}

/** The page's HTML without its practice notes, which are published and named by their own authorities. */
function withoutNotes(page: Page): Promise<string> {
  return page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const section of copy.querySelectorAll('section[aria-labelledby="linked-notes-heading"]')) section.remove();
    return copy.outerHTML;
  });
}

/** Names and codes of authorities other than Coventry found in the text. */
function othersIn(text: string): string[] {
  return authorities
    .filter((a) => a.code !== 'E08000026')
    .flatMap((a) => [a.code, a.name].filter((s) => text.includes(s)));
}

describe('how we compare', () => {
  test('the Coventry viewer’s dashboard answers every metric and names no other authority', async () => {
    const { page } = await newPage(browser);
    const bodies = recordResponses(page);
    await signIn(page, 'viewer.coventry@demo.test');
    await page.getByRole('link', { name: 'How we compare' }).click();
    // It starts at the newest quarter enough authorities have submitted for (other tests may have
    // submitted a later one), and the picker goes to any quarter.
    await page.getByRole('heading', { level: 1, name: /^How we compare, \d{4}-\d{2} Q\d$/ }).waitFor();
    await page.getByLabel('Quarter').selectOption('2023-24-Q4');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('heading', { level: 1, name: 'How we compare, 2023-24 Q4' }).waitFor();
    const table = page.getByRole('table', { name: 'Every metric, 2023-24 Q4' });
    await table.waitFor();
    // Every metric of the catalogue, DfE's newer measures among them.
    expect(await table.locator('tbody tr').count()).toBe(17);
    const turnover = table.getByRole('row', { name: /Social worker turnover rate/ });
    expect(await turnover.textContent()).toMatch(/of 14 in the region/);
    expect(await turnover.textContent()).toMatch(/Improving|Worsening|No change/);
    // Its band, as a tag with its letter, beside the words.
    expect(await turnover.locator('.govuk-tag').textContent()).toMatch(/^Band [A-D]/);
    expect(await turnover.textContent()).toMatch(/quartile/);
    // The comparison in sentences, above the table.
    const summary = page.getByRole('region', { name: 'In summary' });
    expect(await summary.locator('li').first().textContent()).toMatch(
      /^Coventry is better than West Midlands on \d+ of the \d+ measures compared/,
    );
    // Another quarter, through the picker.
    await page.getByLabel('Quarter').selectOption('2023-24-Q2');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('heading', { level: 1, name: 'How we compare, 2023-24 Q2' }).waitFor();
    const vacancy = page
      .getByRole('table', { name: 'Every metric, 2023-24 Q2' })
      .getByRole('row', { name: /^Vacancy rate/ });
    // DfE's national figure for 30 September 2023 stands beside the quarter's.
    expect(await vacancy.textContent()).toContain('18.9%');
    await expectAccessible(page, 'the authority dashboard');
    expect(othersIn(await page.content())).toEqual([]);
    await page.waitForLoadState('networkidle');
    expect(bodies.length).toBeGreaterThan(2);
    expect(othersIn(bodies.join('\n'))).toEqual([]);
    expectNoPageErrors(page);
  });

  test('a metric page has the dot chart, the funnel plot and the trend, each with its numbers in a table', async () => {
    const { page } = await newPage(browser);
    const bodies = recordResponses(page);
    await signIn(page, 'viewer.coventry@demo.test');
    await page.goto('/compare/2023-24-Q2');
    await page.getByRole('link', { name: 'Vacancy rate' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vacancy rate' }).waitFor();
    // Three charts, drawn as SVG images with a text alternative, once their code has loaded.
    await expect.poll(() => page.locator('.app-chart [role="img"]').count(), { timeout: 20_000 }).toBe(3);
    for (const label of await page
      .locator('.app-chart [role="img"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
      expect(label).toMatch(/table|Funnel plot/);
    const values = page.getByRole('table', { name: /Values in West Midlands, lowest first/ });
    expect(await values.locator('tbody tr').count()).toBe(14);
    expect(await values.getByRole('rowheader', { name: /Coventry/ }).count()).toBe(1);
    await page.getByText('95% limits at your size').waitFor();
    // The verdict in three words, and the limits explained as allowing for the spread between authorities.
    await page
      .getByText(/^(As expected|(Possibly|Significantly) (higher|lower) than expected) for its size in the region/)
      .first()
      .waitFor();
    await page.getByText(/allow for the real spread between authorities \(overdispersion\)/).waitFor();
    // The charts' text is in the page's typeface, not the browser's default serif.
    const fonts = await page
      .locator('.app-chart svg')
      .evaluateAll((svgs) => svgs.map((svg) => getComputedStyle(svg.querySelector('text') ?? svg).fontFamily));
    expect(fonts.length).toBe(3);
    for (const font of fonts) expect(font).toMatch(/arial/i);
    const trend = page.getByRole('table', { name: 'Vacancy rate by quarter' });
    expect(await trend.locator('tbody tr').count()).toBe(8);
    // DfE's census at its date: the quarters ending on 30 September (Q2s), nowhere else.
    const census = await trend
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent?.trim() ?? '')));
    expect(census.filter((cells) => cells.at(-1) !== '').map((cells) => [cells[0], cells.at(-1)])).toEqual([
      ['2022-23 Q2', '20.0%'],
      ['2023-24 Q2', '18.9%'],
    ]);
    await page.getByRole('list', { name: 'Key' }).getByText('DfE census, England').first().waitFor();
    await expectAccessible(page, 'a metric page (authority)');
    // Published notes linked to the metric are listed, each named by its authority; nothing else names one.
    await page.getByRole('heading', { name: 'Practice notes linked to this metric' }).waitFor();
    await page.getByRole('link', { name: 'Recruitment that answers applicants within 24 hours' }).waitFor();
    expect(othersIn(await withoutNotes(page))).toEqual([]);
    await page.waitForLoadState('networkidle');
    expect(othersIn(bodies.join('\n'))).toEqual([]);
    expectNoPageErrors(page);
  });

  test('DfE’s newer measures have their pages: the definition, and DfE’s census figures beside them', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'viewer.coventry@demo.test');
    await page.goto('/compare/2023-24-Q2');
    const table = page.getByRole('table', { name: 'Every metric, 2023-24 Q2' });
    await table.waitFor();
    // DfE's national figures for 30 September 2023 stand beside the newer measures too.
    for (const [label, national] of [
      ['Turnover rate (headcount)', '16.0%'],
      ['Agency rate (headcount)', '17.4%'],
      ['Agency workers covering vacancies', '80.1%'],
      ['Vacancies covered by agency workers', '74.4%'],
    ] as const)
      expect(
        await table.getByRole('row', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) }).textContent(),
      ).toContain(national);
    await table.getByRole('link', { name: 'Vacancies covered by agency workers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vacancies covered by agency workers' }).waitFor();
    const worked = page.locator('.govuk-summary-list__row', { hasText: 'How it is worked out' });
    expect(await worked.textContent()).toContain('vacancies covered by agency FTE ÷ vacancies FTE × 100');
    const dfe = page.getByText(/Department for Education's figure from its annual census/);
    await dfe.waitFor();
    expect(await dfe.textContent()).toContain('England 74.4%');
    await expect.poll(() => page.locator('.app-chart [role="img"]').count(), { timeout: 20_000 }).toBe(3);
    await expectAccessible(page, 'a newer measure’s page (authority)');
    expectNoPageErrors(page);
  });

  test('the printable summary prints on one page without the service’s navigation', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'viewer.coventry@demo.test');
    await page.goto('/compare/2023-24-Q2/print');
    await page.getByRole('heading', { level: 1, name: 'Coventry: workforce comparison, 2023-24 Q2' }).waitFor();
    await expectAccessible(page, 'the printable summary');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print this page' }).isVisible()).toBe(false);
    expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false);
    expect(await page.getByRole('table').locator('tbody tr').count()).toBe(17);
    const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
    expectNoPageErrors(page);
  });

  test('the West Midlands lead sees all 14 authorities named, sorts them, and opens a metric', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'lead.west-midlands@demo.test');
    await page.getByRole('link', { name: 'How we compare' }).click();
    await page.getByRole('heading', { level: 1, name: /^West Midlands compared, / }).waitFor();
    await page.getByLabel('Quarter').selectOption('2023-24-Q4');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('heading', { level: 1, name: 'West Midlands compared, 2023-24 Q4' }).waitFor();
    // The region in sentences: against England, and the authorities that stand out.
    const summary = page.getByRole('region', { name: 'In summary' });
    expect(await summary.locator('li').first().textContent()).toMatch(
      /^West Midlands is better than England on \d+ of the \d+ measures compared/,
    );
    const table = page.getByRole('table', { name: /Authorities of the region by metric/ });
    const westMidlands = authorities.filter((a) => a.regionCode === 'E12000005');
    expect(westMidlands).toHaveLength(14);
    for (const a of westMidlands)
      expect(await table.getByRole('rowheader', { name: a.name, exact: false }).count()).toBe(1);
    // Sort by vacancy rate: ascending, then descending.
    const heading = table.getByRole('columnheader', { name: 'Vacancy rate' });
    await heading.getByRole('button').click();
    expect(await heading.getAttribute('aria-sort')).toBe('ascending');
    const column = async () => {
      const index = await table
        .locator('thead th')
        .evaluateAll((ths) => ths.findIndex((th) => th.textContent?.startsWith('Vacancy rate')));
      return table
        .locator('tbody tr')
        .evaluateAll((rows, i) => rows.map((r) => Number.parseFloat(r.children[i]?.textContent ?? '')), index);
    };
    const ascending = await column();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await heading.getByRole('button').click();
    expect(await heading.getAttribute('aria-sort')).toBe('descending');
    const descending = await column();
    expect(descending).toEqual([...ascending].reverse());
    await expectAccessible(page, 'the regional dashboard');

    await page.getByRole('link', { name: 'Agency rate' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Agency rate' }).waitFor();
    await expect.poll(() => page.locator('.app-chart [role="img"]').count(), { timeout: 20_000 }).toBe(3);
    const named = page.getByRole('table', { name: /Authorities of West Midlands/ });
    expect(await named.locator('tbody tr').count()).toBe(14);
    await page.getByLabel('Highlight an authority in the charts').selectOption({ label: 'Coventry' });
    await page.getByRole('table', { name: /Other regions/ }).waitFor();
    await expectAccessible(page, 'a metric page (regional lead)');
    expectNoPageErrors(page);
  });
});
