/**
 * An admin and the statistical-neighbour models: checks a newer model whose columns are named as in
 * DfE's 2025 file (what would change, what it lacks), cancels; loads another file of the same
 * groupings, puts it in force after a confirmation, sees it in force and audited, and puts the model
 * it found back in force, leaving the demo as it was (the same neighbours throughout). axe-core clean.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, expectAccessible, expectNoPageErrors, newPage, signIn } from './helpers';

const APRIL_2021 = readFileSync(
  new URL('../../../reference-data/dfe-sn/New_Statistical_Neighbour_Groupings_April_2021.csv', import.meta.url),
  'utf8',
);

/** A small model as DfE's 2025 file names its columns: the LA number in old_la_code, SN_1 with SN_1P. */
const MODEL_2025 = [
  'la_name,old_la_code,SN_1,SN_1P,SN_2,SN_2P',
  'Coventry,331,336,Extremely close,373,Very close',
  'Nowhere,999,331,Not close,,',
  '',
].join('\n');

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('an admin checks a newer model, loads one, puts it in force after a confirmation, and puts the first back', async () => {
  const { page } = await newPage(browser);
  await signIn(page, 'admin@demo.test');
  // Reference data beside DfE's figures: from the published statistics, not a menu item of its own.
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Published statistics' }).click();
  await page.getByRole('link', { name: 'statistical neighbour models' }).click();
  await page.getByRole('heading', { level: 1, name: 'Statistical neighbours' }).waitFor();
  const models = page.getByRole('table', { name: 'Models loaded, newest first' });
  await models.waitFor();
  const found = await (await page.request.get('/api/neighbours')).json();
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** The row of a model by its exact name (the next cell is its count of authorities). */
  const rowOf = (model: string) => models.getByRole('row', { name: new RegExp(`^${literal(model)} \\d`) });
  await rowOf(found.name).getByText('In force').waitFor();
  await expectAccessible(page, 'the statistical-neighbour models');

  // Nothing named, no file: the error summary at the top, linked to the fields.
  await page.getByRole('button', { name: 'Check the file' }).click();
  const errors = page.getByRole('alert');
  await errors.getByRole('link', { name: 'Enter a name for the model' }).waitFor();

  // The 2025-style file checked: what putting it in force would change, nothing loaded.
  await page.getByLabel('Name of the model').fill('Statistical neighbours, 2025 (check only)');
  await page
    .getByLabel(/DfE's statistical-neighbour file/)
    .setInputFiles({ name: 'sn-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(MODEL_2025) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { level: 2, name: 'Check the model before you load it' }).waitFor();
  const row = (key: string) =>
    page
      .locator('.govuk-summary-list__row')
      .filter({ has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^${key}`) }) });
  expect(await row('Rows').textContent()).toContain('2 authorities, 3 neighbours');
  expect(await row('Authorities of the exchange it matches').textContent()).toContain('1');
  expect(await row('LA numbers no authority has').textContent()).toContain('999');
  expect(await row('Authorities it lacks').textContent()).toContain('Warwickshire (E10000031)');
  const changes = page.getByRole('table', { name: /^Authorities whose neighbours would change/ });
  const coventry = changes.getByRole('row', { name: /^Coventry/ });
  expect(await coventry.textContent()).toContain('Wolverhampton');
  expect(await coventry.textContent()).toContain('Derby');
  await expectAccessible(page, 'the check of a model');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Check the file' }).waitFor();
  expect(await models.textContent()).not.toContain('2025 (check only)');

  // Another file of the same groupings (a blank line more): loaded, not in force.
  const name = `Statistical neighbours, April 2021 (reloaded ${Date.now()})`;
  await page.getByLabel('Name of the model').fill(name);
  await page
    .getByLabel(/DfE's statistical-neighbour file/)
    .setInputFiles({ name: 'sn-2021.csv', mimeType: 'text/csv', buffer: Buffer.from(`${APRIL_2021}\n\n`) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { level: 2, name: 'Check the model before you load it' }).waitFor();
  expect(await row('Against the model in force').textContent()).toContain('No authority’s neighbours would change');
  await page.getByRole('button', { name: 'Load the model' }).click();
  await page.getByText(`Loaded ${name}. It is not in force yet`).waitFor();
  const loaded = rowOf(name);
  await loaded.getByText('Not in force').waitFor();

  // Put in force, after a confirmation that says what it replaces.
  await loaded.getByRole('button', { name: `Put in force ${name}` }).click();
  await page.getByRole('heading', { level: 3, name: `Put ${name} in force?` }).waitFor();
  await page.getByText(`It replaces ${found.name} at once`).waitFor();
  await expectAccessible(page, 'the confirmation of a model to put in force');
  await page.getByRole('button', { name: 'Yes, put it in force' }).click();
  await page.getByText(`${name} is in force`).waitFor();
  await loaded.getByText('In force').waitFor();
  expect((await (await page.request.get('/api/neighbours')).json()).name).toBe(name);

  // Audited, with its label.
  await page.goto('/admin/audit');
  await page.getByRole('cell', { name: 'Put a statistical-neighbour model in force' }).first().waitFor();

  // And back: the model found in force is put back.
  await page.goto('/admin/neighbours');
  await rowOf(found.name)
    .getByRole('button', { name: `Put in force ${found.name}` })
    .click();
  await page.getByRole('button', { name: 'Yes, put it in force' }).click();
  await page.getByText(`${found.name} is in force`).waitFor();
  expect((await (await page.request.get('/api/neighbours')).json()).id).toBe(found.id);
  expectNoPageErrors(page);
});
