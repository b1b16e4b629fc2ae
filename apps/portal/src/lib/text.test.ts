import { describe, expect, test } from 'vitest';
import { documentTitle, formatDate, formatDateTime, formerCodeText, plural, safeRedirect } from './text';

describe('words the pages share', () => {
  test('page titles name the page, then the service; errors first', () => {
    expect(documentTitle('Return for 2024-25 Q2')).toBe(
      "Return for 2024-25 Q2 – Children's social care workforce exchange",
    );
    expect(documentTitle('Sign in', { error: true })).toBe(
      "Error: Sign in – Children's social care workforce exchange",
    );
  });

  test('dates in the GOV.UK style, in UK time', () => {
    expect(formatDate('2024-09-30')).toBe('30 September 2024');
    expect(formatDateTime('2024-07-01T09:05:00Z')).toBe('1 July 2024 at 10:05am');
    expect(formatDateTime('2024-12-01T15:30:00Z')).toBe('1 December 2024 at 3:30pm');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  test('an authority’s former codes with their dates', () => {
    expect(formerCodeText({ code: 'E08000016', from: null, to: '2024-09-30' })).toBe(
      'E08000016, until 30 September 2024',
    );
    expect(formerCodeText({ code: 'E08000038', from: '2024-09-30', to: '2030-09-30' })).toBe(
      'E08000038, 30 September 2024 to 30 September 2030',
    );
  });

  test('plurals', () => {
    expect(plural(1, 'error')).toBe('1 error');
    expect(plural(1200, 'row')).toBe('1,200 rows');
    expect(plural(2, 'error is', 'errors are')).toBe('2 errors are');
  });

  test('after signing in, only a path of this site', () => {
    expect(safeRedirect('/returns/2024-25-Q1?x=1')).toBe('/returns/2024-25-Q1?x=1');
    for (const bad of [
      'https://evil.example/',
      '//evil.example/',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\\evil.example',
      'returns',
      undefined,
      42,
      '/sign-in',
    ]) {
      expect(safeRedirect(bad)).toBe('/');
    }
  });
});
