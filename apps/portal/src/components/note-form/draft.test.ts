import { describe, expect, test } from 'vitest';
import { contentOf, draftOf, errorOf, listErrorOf, targetOf } from './draft';

describe('the note form draft', () => {
  test('an empty draft is written by the user, and sends an empty contact as null', () => {
    const draft = draftOf(null, 'Sam Submitter');
    expect(draft.authorName).toBe('Sam Submitter');
    expect(contentOf(draft)).toMatchObject({ authorName: 'Sam Submitter', contactEmail: null, metrics: [] });
  });

  test('a link to the latest quarter is held as an empty "to" and sent as null', () => {
    const draft = {
      ...draftOf(null, 'Sam'),
      metrics: [
        { key: 3, metric: 'turnoverRate', from: '2022-23-Q1', to: '' },
        { key: 5, metric: 'vacancyRate', from: '2022-23-Q2', to: '2023-24-Q1' },
      ],
    };
    expect(contentOf(draft).metrics).toEqual([
      { metric: 'turnoverRate', from: '2022-23-Q1', to: null },
      { metric: 'vacancyRate', from: '2022-23-Q2', to: '2023-24-Q1' },
    ]);
  });

  test('errors are found by field path, and link to the element of their field', () => {
    const errors = [
      { field: 'themes.3', message: 'Choose a theme from the list' },
      { field: 'metrics.0.from', message: 'Choose the first quarter' },
    ];
    expect(errorOf(errors, 'themes')).toBe('Choose a theme from the list');
    expect(targetOf('themes.3')).toBe('themes');
    expect(targetOf('metrics.0.from')).toBe('metrics-0-from');
    // The list's own error shows only when no link has one.
    expect(listErrorOf(errors, 'metrics')).toBeUndefined();
    expect(listErrorOf([{ field: 'metrics', message: 'Link up to 3 metrics' }], 'metrics')).toBe(
      'Link up to 3 metrics',
    );
  });
});
