import { describe, expect, test } from 'vitest';
import { queryKeys, releasesPath, returnPath, returnsListPath } from './queries';

describe('query keys and paths', () => {
  test('keys nest, so that invalidating ["returns"] reaches every return query', () => {
    for (const key of [
      queryKeys.returnsList({ period: '2024-25-Q1' }),
      queryKeys.returnDetail('E08000026', '2024-25-Q1'),
      queryKeys.revisions('E08000026', '2024-25-Q1'),
      queryKeys.revision('E08000026', '2024-25-Q1', 2),
    ]) {
      expect(key[0]).toBe(queryKeys.returns[0]);
    }
    expect(queryKeys.revision('E08000026', '2024-25-Q1', 2).slice(0, 4)).toEqual(
      queryKeys.returnDetail('E08000026', '2024-25-Q1'),
    );
  });

  test('a period’s releases are under the comparisons, so that a change to what counts reaches them', () => {
    expect(queryKeys.comparisonReleases('2024-25-Q1')[0]).toBe(queryKeys.comparisons[0]);
    expect(releasesPath('2024-25-Q1')).toBe('/api/periods/2024-25-Q1/releases');
  });

  test('list filters become a query string', () => {
    expect(returnsListPath({})).toBe('/api/returns');
    expect(returnsListPath({ authority: 'E08000026', figures: true })).toBe(
      '/api/returns?authority=E08000026&figures=true',
    );
    expect(returnsListPath({ period: '2024-25-Q1', status: 'submitted' })).toBe(
      '/api/returns?period=2024-25-Q1&status=submitted',
    );
    expect(returnPath('E08000026', '2024-25-Q1')).toBe('/api/returns/E08000026/2024-25-Q1');
  });
});
