import { describe, expect, it } from 'vitest';
import { londonDate, londonDateTime, londonToday, longDate } from './dates.js';

describe('dates as people in England read them', () => {
  it('gives the day of a moment in England, across the clock change', () => {
    // 23:30 UTC on 30 June is 00:30 BST on 1 July; in January London keeps UTC.
    expect(londonDate(new Date('2024-06-30T23:30:00Z'))).toBe('1 July 2024');
    expect(londonDate(new Date('2024-01-31T23:30:00Z'))).toBe('31 January 2024');
    expect(londonToday(new Date('2024-06-30T23:30:00Z'))).toBe('2024-07-01');
    expect(londonToday(new Date('2024-01-31T23:30:00Z'))).toBe('2024-01-31');
  });

  it('reads a calendar date as that day wherever the server is', () => {
    expect(longDate('2024-08-14')).toBe('14 August 2024');
    expect(longDate('2025-03-30')).toBe('30 March 2025');
  });

  it('gives a moment with its time and zone', () => {
    expect(londonDateTime(new Date('2025-05-14T09:05:00Z'))).toBe('14 May 2025 at 10:05 BST');
    expect(londonDateTime(new Date('2025-01-14T09:05:00Z'))).toBe('14 January 2025 at 09:05 GMT');
  });
});
