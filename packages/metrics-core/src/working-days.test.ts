import { describe, expect, test } from 'vitest';
import { formatPeriod, PeriodError, periodOrdinal, quarterEndDate } from './periods.js';
import { WORKING_DAYS, WORKING_DAYS_LEAP, workingDaysInYearEnding, workingDaysOfOrdinal } from './working-days.js';

describe('workingDaysInYearEnding', () => {
  test('the constants are 253 and 254', () => {
    expect(WORKING_DAYS).toBe(253);
    expect(WORKING_DAYS_LEAP).toBe(254);
  });

  test.each([
    // period, quarter end, the 12 months, whether they contain a 29 February, days
    ['2019-20-Q2', '1 Oct 2018 – 30 Sep 2019: no 29 Feb', 253],
    ['2020-21-Q2', '1 Oct 2019 – 30 Sep 2020: contains 29 Feb 2020', 254],
    ['2023-24-Q3', '1 Jan 2023 – 31 Dec 2023: no 29 Feb', 253],
    ['2023-24-Q4', '1 Apr 2023 – 31 Mar 2024: contains 29 Feb 2024', 254],
    ['2024-25-Q1', '1 Jul 2023 – 30 Jun 2024: contains 29 Feb 2024', 254],
    ['2024-25-Q2', '1 Oct 2023 – 30 Sep 2024: contains 29 Feb 2024', 254],
    ['2024-25-Q3', '1 Jan 2024 – 31 Dec 2024: contains 29 Feb 2024', 254],
    ['2024-25-Q4', '1 Apr 2024 – 31 Mar 2025: no 29 Feb (2024’s is before the start)', 253],
    ['2025-26-Q1', '1 Jul 2024 – 30 Jun 2025: no 29 Feb', 253],
    ['2027-28-Q4', '1 Apr 2027 – 31 Mar 2028: contains 29 Feb 2028', 254],
    // Century years: 2000 is a leap year (divisible by 400), 2100 is not (divisible by 100).
    ['1999-00-Q4', '1 Apr 1999 – 31 Mar 2000: contains 29 Feb 2000', 254],
    ['2099-00-Q4', '1 Apr 2099 – 31 Mar 2100: 2100 is not a leap year', 253],
    ['2100-01-Q3', '1 Jan 2100 – 31 Dec 2100: 2100 is not a leap year', 253],
    ['2095-96-Q4', '1 Apr 2095 – 31 Mar 2096: contains 29 Feb 2096', 254],
  ])('%s (%s) has %i working days', (period, _months, days) => {
    expect(workingDaysInYearEnding(period)).toBe(days);
  });

  test('exactly the four quarters whose 12 months contain 29 Feb 2024 get 254', () => {
    const periods = ['2023-24-Q3', '2023-24-Q4', '2024-25-Q1', '2024-25-Q2', '2024-25-Q3', '2024-25-Q4'];
    expect(periods.map(workingDaysInYearEnding)).toEqual([253, 254, 254, 254, 254, 253]);
  });

  test('throws for an invalid period', () => {
    expect(() => workingDaysInYearEnding('2024-26-Q2')).toThrow(PeriodError);
  });
});

/** workingDaysInYearEnding as it was written before, from the quarter end date: the reference. */
function referenceWorkingDays(period: string): number {
  const end = quarterEndDate(period);
  const endYear = Number(end.slice(0, 4));
  const endMonth = Number(end.slice(5, 7));
  const year = endMonth >= 3 ? endYear : endYear - 1;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 254 : 253;
}

describe('workingDaysOfOrdinal', () => {
  test('gives the reference for every period from 1900 to 2999, as workingDaysInYearEnding does', () => {
    for (let startYear = 1900; startYear <= 2999; startYear++) {
      for (let quarter = 1 as 1 | 2 | 3 | 4; quarter <= 4; quarter++) {
        const period = formatPeriod({ startYear, quarter });
        const expected = referenceWorkingDays(period);
        if (workingDaysOfOrdinal(periodOrdinal(period)) !== expected) throw new Error(`${period}: not ${expected}`);
        if (workingDaysInYearEnding(period) !== expected) throw new Error(`${period}: not ${expected}`);
      }
    }
    expect(workingDaysOfOrdinal(periodOrdinal('2020-21-Q2'))).toBe(254);
  });
});
