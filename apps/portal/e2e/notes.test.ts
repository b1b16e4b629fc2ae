/**
 * Practice notes in the browser: a submitter writes a note (with a live preview), links its ASYE
 * retention and publishes it; a viewer in another region finds it by searching "ASYE academy", reads
 * its evidence (a chart over a table) and its contact. Hostile text in every field of a note stays
 * text on every page that shows it; a regional lead archives a note with a reason. axe-core on each page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, expectTitle, newPage, signIn } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TITLE = 'Coventry ASYE academy: coaching and protected caseloads';

/** Markup and script a note might carry, in every form the Markdown could be made to pass on. */
const HOSTILE = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  '<svg onload="window.__xss = \'svg\'"></svg>',
  '<iframe src="javascript:window.__xss=\'iframe\'"></iframe>',
  '<a href="javascript:window.__xss=\'a\'">html link</a>',
  "[markdown link](javascript:window.__xss='md')",
  "[entity link](jav&#x61;script:window.__xss='entity')",
  '[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![image](https://evil.example/x.png" onerror="window.__xss=\'image\')',
  '<style>body { display: none }</style>',
].join('\n\n');

/** Fails if anything a note holds became an element, an attribute or a link that runs script. */
async function expectInert(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => {
    const main = document.getElementById('main-content');
    if (!main) return ['no main'];
    const out: string[] = [];
    for (const el of main.querySelectorAll('script, iframe, img, style, object, embed, svg:not(.app-chart svg)')) {
      if (!el.closest('.app-chart')) out.push(`element <${el.tagName.toLowerCase()}>`);
    }
    for (const el of main.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) if (attr.startsWith('on')) out.push(`attribute ${attr}`);
    }
    for (const a of main.querySelectorAll('a[href]')) {
      const href = (a as HTMLAnchorElement).href;
      if (!/^(https?:|mailto:)/.test(href)) out.push(`link ${href}`);
    }
    if ((window as { __xss?: string }).__xss) out.push(`ran ${(window as { __xss?: string }).__xss}`);
    return out;
  });
  expect(found, where).toEqual([]);
}

describe('practice notes', () => {
  test('a submitter writes, previews and publishes a note; a viewer in another region finds it, its evidence and its author', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'submitter.coventry@demo.test');
    await page.getByRole('link', { name: 'Practice notes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Practice notes' }).waitFor();
    await page.getByRole('link', { name: 'Write a practice note' }).click();
    await page.getByRole('heading', { level: 1, name: 'Write a practice note' }).waitFor();
    await expectTitle(page, 'Write a practice note');

    // Submitting it empty names every missing field.
    await page.getByLabel("Author's name", { exact: true }).fill('');
    await page.getByRole('button', { name: 'Publish' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    for (const text of ['Enter a title', 'Enter a summary', 'Enter the note', 'Choose at least one theme'])
      await summary.getByRole('link', { name: text }).waitFor();
    // As on the other forms, GOV.UK's place for it: at the top of the main content, before the heading.
    expect(
      await page.evaluate(() => {
        const main = document.getElementById('main-content');
        const first = main?.querySelector('.govuk-error-summary, h1');
        return first?.classList.contains('govuk-error-summary') ?? false;
      }),
    ).toBe(true);
    await expectTitle(page, 'Error: Write a practice note');
    await expectAccessible(page, 'the note editor with errors');

    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page
      .getByLabel('Summary', { exact: true })
      .fill('Newly qualified social workers start together in an ASYE academy with protected caseloads and coaching.');
    await page
      .getByLabel('The note', { exact: true })
      .fill('## What we did\n\nEvery ASYE joins the **academy** cohort.\n\n- protected caseloads\n- a coach each');
    // The preview shows the note as it will look, as it is typed.
    const preview = page.getByRole('region', { name: 'Preview of the note' });
    // Its own headings start below the page's: "## What we did" is a level 3 heading.
    await preview.getByRole('heading', { level: 3, name: 'What we did' }).waitFor();
    expect(await preview.locator('strong').textContent()).toBe('academy');
    expect(await preview.locator('li').count()).toBe(2);
    await page.getByLabel('ASYE and early career').check();
    await page.getByLabel('Training and progression').check();
    await page.getByRole('button', { name: 'Link a metric' }).click();
    await page.getByLabel('Metric', { exact: true }).selectOption({ label: 'ASYE retention' });
    await page.getByLabel('From', { exact: true }).selectOption('2022-23-Q1');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('');
    await page.getByLabel("Author's name", { exact: true }).fill('Sam Submitter');
    await page.getByLabel("Author's role", { exact: true }).fill('Principal social worker');
    await page.getByLabel('Contact email address (optional)').fill('asye.academy@coventry.demo.test');
    await expectAccessible(page, 'the note editor with a preview');
    await page.getByRole('button', { name: 'Publish' }).click();

    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // The note's own heading, once, right under its title: the page adds none of its own above it.
    expect(await page.getByRole('heading', { name: 'What we did' }).count()).toBe(1);
    await page.getByRole('heading', { level: 2, name: 'What we did' }).waitFor();
    // The status tag; the history table, once loaded, shows a second one.
    await page.getByText('Published', { exact: true }).first().waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/notes\/[0-9a-f-]{36}$/);
    const notePath = new URL(page.url()).pathname;
    expectNoPageErrors(page);

    // A viewer in the North West finds it among every region's notes.
    const reader = await newPage(browser);
    await signIn(reader.page, 'viewer.manchester@demo.test');
    await reader.page.getByRole('link', { name: 'Practice notes' }).click();
    await reader.page.getByLabel('Search practice notes').fill('ASYE academy');
    await reader.page.getByRole('button', { name: 'Search' }).click();
    await reader.page.waitForURL((url) => url.searchParams.get('q') === 'ASYE academy');
    const result = reader.page.getByRole('link', { name: TITLE });
    // The words found are marked in the title (once the search's results replace the newest notes).
    await expect.poll(() => result.locator('mark').allTextContents()).toEqual(['ASYE', 'academy']);
    await reader.page.getByRole('heading', { name: /\d+ notes? found/ }).waitFor();
    await expectAccessible(reader.page, 'the notes search');
    await result.click();
    await reader.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(reader.page.url()).pathname).toBe(notePath);
    // The evidence: Coventry's ASYE retention, named, against West Midlands and England, with its table.
    await reader.page.getByRole('heading', { level: 2, name: 'ASYE retention' }).waitFor();
    await expect.poll(() => reader.page.locator('.app-chart [role="img"]').count(), { timeout: 20_000 }).toBe(1);
    const table = reader.page.getByRole('table', { name: 'ASYE retention by quarter' });
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toEqual(['Quarter', 'Coventry', 'West Midlands (pooled)', 'England (pooled)']);
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(8);
    expect(await table.locator('tbody tr').first().locator('th').textContent()).toBe('2022-23 Q1');
    // The demo's last quarter has Coventry's figure (a later one may not, if its return is not submitted).
    const lastDemoQuarter = table
      .locator('tbody tr')
      .filter({ has: reader.page.getByRole('rowheader', { name: '2023-24 Q4' }) });
    expect(await lastDemoQuarter.locator('td').first().textContent()).toMatch(/^\d+(\.\d)?%$/);
    // And how to contact the author; a viewer cannot change the note.
    const contact = reader.page.getByRole('link', { name: 'asye.academy@coventry.demo.test' });
    expect(await contact.getAttribute('href')).toBe('mailto:asye.academy@coventry.demo.test');
    expect(await reader.page.getByText('Sam Submitter, Principal social worker, Coventry').count()).toBe(1);
    expect(await reader.page.getByRole('link', { name: 'Edit the note' }).count()).toBe(0);
    expect(await reader.page.getByText('Archive this note').count()).toBe(0);
    await expectAccessible(reader.page, 'a note with its evidence');
    expectNoPageErrors(reader.page);

    // The note is on the ASYE retention metric page of the lead's region, and on Coventry's home page.
    await page.goto('/');
    await page.getByRole('heading', { name: "Your authority's practice notes" }).waitFor();
    await page.getByRole('link', { name: TITLE }).waitFor();
    await expectAccessible(page, 'the home page with practice notes');
    const lead = await newPage(browser);
    await signIn(lead.page, 'lead.west-midlands@demo.test');
    await lead.page.goto('/compare/2023-24-Q4/asyeRetention');
    await lead.page.getByRole('heading', { name: 'Practice notes linked to this metric' }).waitFor();
    await lead.page.getByRole('link', { name: TITLE }).waitFor();
    expectNoPageErrors(lead.page);
  });

  test('hostile text in every field of a note stays text, in the editor’s preview, the note, the list and the search', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'submitter.warwickshire@demo.test');
    const { csrfToken } = (await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string };
    const hostileLine = '<img src=x onerror="window.__xss=1"> <script>window.__xss=1</script>';
    const created = await page.request.post('/api/notes', {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        title: `Hostile zebra note ${hostileLine}`,
        summary: `Zebra summary ${hostileLine}`,
        body: HOSTILE,
        themes: ['wellbeing'],
        metrics: [],
        authorName: `Zebra ${hostileLine}`,
        authorRole: `<b onmouseover="window.__xss=1">role</b>`,
        contactEmail: null,
      },
    });
    expect(created.status()).toBe(201);
    const note = (await created.json()) as { id: string; version: number };

    // The editor's preview of the hostile body.
    await page.goto(`/notes/${note.id}/edit`);
    await page.getByRole('heading', { level: 1, name: 'Edit the practice note' }).waitFor();
    const preview = page.getByRole('region', { name: 'Preview of the note' });
    await preview.getByText('<script>window.__xss = "script"</script>').waitFor();
    await expectInert(page, 'the editor');
    // The unsafe links kept only their text.
    for (const text of ['markdown link', 'entity link', 'data link']) {
      expect(await preview.getByRole('link', { name: text }).count(), text).toBe(0);
      await preview.getByText(text, { exact: false }).first().waitFor();
    }
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hostile zebra note/ }).waitFor();
    await page.getByText(hostileLine).first().waitFor();
    await expectInert(page, 'the note page');
    // Search results: the highlights are built as elements, never as HTML.
    await page.goto('/notes?q=zebra');
    await page.getByRole('link', { name: /^Hostile zebra note/ }).waitFor();
    expect(await page.locator('main mark').count()).toBeGreaterThan(0);
    await expectInert(page, 'the search results');
    await page.goto('/');
    await page.getByRole('link', { name: /^Hostile zebra note/ }).waitFor();
    await expectInert(page, 'the home page');
    expectNoPageErrors(page);

    // The West Midlands lead archives it, with a reason; the authority sees why.
    const lead = await newPage(browser);
    await signIn(lead.page, 'lead.west-midlands@demo.test');
    await lead.page.goto(`/notes/${note.id}`);
    await lead.page.getByRole('heading', { level: 1, name: /^Hostile zebra note/ }).waitFor();
    await expectInert(lead.page, 'the note, for the lead');
    await lead.page.getByText('Archive this note').click();
    await lead.page.getByRole('button', { name: 'Archive the note' }).click();
    await lead.page.locator('.govuk-error-summary').getByText('Enter the reason for archiving the note').waitFor();
    // The reason is text too.
    await lead.page.getByLabel('Why is it archived?').fill(`Test content, not practice. ${hostileLine}`);
    await lead.page.getByRole('button', { name: 'Archive the note' }).click();
    await lead.page.getByText('The note is archived.').waitFor();
    await lead.page.getByText(/Archived on .*: Test content, not practice\. <img src=x onerror=/).waitFor();
    await expectInert(lead.page, 'the archived note, for the lead');
    await expectAccessible(lead.page, 'an archived note, for the lead');
    expectNoPageErrors(lead.page);
    // Its authority sees the reason, as text, and may restore it as a draft.
    await page.goto(`/notes/${note.id}`);
    await page.getByText(/Archived on .*: Test content, not practice\. <img src=x onerror=/).waitFor();
    await page.getByRole('button', { name: 'Restore as a draft' }).waitFor();
    await expectInert(page, 'the archived note, for its authority');
    // Gone from everyone else's search.
    const other = await newPage(browser);
    await signIn(other.page, 'viewer.manchester@demo.test');
    await other.page.goto('/notes?q=zebra');
    await other.page.getByRole('heading', { name: '0 notes found' }).waitFor();
    const response = await other.page.request.get(`/api/notes/${note.id}`);
    expect(response.status()).toBe(404);
  });
});
