import type { PublishedRelease, PublishedReleasePreview } from '@csc-workforce/schemas';
import { describe, expect, test } from 'vitest';
import { firstQuarterBeside, loadedText, loadPath, previewEffect, yearsText } from './published';

const preview = (over: Partial<PublishedReleasePreview>): PublishedReleasePreview => ({
  id: 'csww-1',
  name: "Children's social work workforce, 2017 to 2024",
  firstYear: 2017,
  lastYear: 2024,
  rows: 1200,
  figures: 30000,
  loaded: null,
  newestYearInForce: 2023,
  bringsNewerYear: true,
  newYears: [2024],
  addedCells: 4000,
  revisedCells: 0,
  revised: [],
  codeChanges: [],
  missing: [],
  ...over,
});
const release: PublishedRelease = {
  id: 'csww-1',
  name: "Children's social work workforce, 2017 to 2024",
  source: 'x.csv',
  firstYear: 2017,
  lastYear: 2024,
  rows: 1200,
  loadedAt: '2026-12-03T10:00:00Z',
  loadedBy: 'admin',
  withdrawnAt: null,
  withdrawnBy: null,
};

describe('what a release of DfE’s does, in words', () => {
  test('a census stands beside the quarters from Q2 of its year', () => {
    expect(firstQuarterBeside(2025)).toBe('2025-26 Q2');
    expect(firstQuarterBeside(2099)).toBe('2099-00 Q2');
    expect(yearsText([2024, 2016])).toBe('2016 and 2024');
    expect(yearsText([2015, 2024, 2016])).toBe('2015, 2016 and 2024');
  });

  test('a newer census, or only older years', () => {
    expect(previewEffect(preview({}))).toBe(
      'Comparisons from 2024-25 Q2 will stand beside its 2024 census (30 September 2024). Earlier quarters keep the census at or before their end.',
    );
    expect(loadedText(release, preview({}), true)).toBe(
      "Loaded Children's social work workforce, 2017 to 2024. Its 2024 census now stands beside comparisons from 2024-25 Q2.",
    );
    const older = preview({ bringsNewerYear: false, newYears: [2016], revisedCells: 1, newestYearInForce: 2025 });
    expect(previewEffect(older)).toBe(
      'It brings no newer census: the newest in force stays 2025. It only adds 2016 and revises 1 figure in force.',
    );
    expect(loadedText(release, older, true)).toContain(
      'It only adds 2016 and revises 1 figure in force: the 2025 census stays the newest in force.',
    );
    expect(loadedText(release, preview({ loaded: { name: 'R', withdrawn: false } }), false)).toBe(
      `${release.name} was loaded before: nothing changed.`,
    );
    expect(loadedText(release, preview({ loaded: { name: 'R', withdrawn: true } }), false)).toMatch(/is back in force/);
  });

  test('the code changes confirmed go in the query', () => {
    expect(loadPath([])).toBe('/api/published/releases');
    expect(loadPath(['E08000038:E08000016', 'E08000039:E08000019'])).toBe(
      '/api/published/releases?confirm=E08000038%3AE08000016%2CE08000039%3AE08000019',
    );
  });
});
