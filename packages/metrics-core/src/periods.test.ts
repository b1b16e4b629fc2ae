import { describe, expect, test } from 'vitest';
import {
  comparePeriods,
  formatPeriod,
  isPeriodId,
  nextPeriod,
  PeriodError,
  parsePeriod,
  periodContaining,
  periodLabel,
  periodOfOrdinal,
  periodOrdinal,
  periodRange,
  periodWindow,
  previousPeriod,
  quarterEndDate,
  shiftPeriod,
} from './periods.js';

/** Calls `fn` and returns what it threw (fails the test when it did not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('parsePeriod and formatPeriod', () => {
  test('parse a period id into its financial year and quarter', () => {
    expect(parsePeriod('2024-25-Q1')).toEqual({ startYear: 2024, quarter: 1 });
    expect(parsePeriod('2023-24-Q4')).toEqual({ startYear: 2023, quarter: 4 });
    expect(parsePeriod('2009-10-Q3')).toEqual({ startYear: 2009, quarter: 3 });
  });

  test('format a financial year and quarter as a period id', () => {
    expect(formatPeriod({ startYear: 2024, quarter: 1 })).toBe('2024-25-Q1');
    expect(formatPeriod({ startYear: 2023, quarter: 4 })).toBe('2023-24-Q4');
    // The second year is two digits, zero-padded: 2008 + 1 = 2009 → '09'.
    expect(formatPeriod({ startYear: 2008, quarter: 2 })).toBe('2008-09-Q2');
  });

  test.each([
    '2024-25-Q1',
    '2024-25-Q2',
    '2024-25-Q3',
    '2024-25-Q4',
    '2008-09-Q2',
    '1999-00-Q1',
    '2099-00-Q4',
    '1900-01-Q1',
    '2999-00-Q4',
  ])('%s survives a parse/format round trip', (id) => {
    expect(formatPeriod(parsePeriod(id))).toBe(id);
  });

  test('1999-00 is valid: the second year wraps round the century (1999 + 1 = 2000 → 00)', () => {
    expect(parsePeriod('1999-00-Q1')).toEqual({ startYear: 1999, quarter: 1 });
    expect(formatPeriod({ startYear: 1999, quarter: 1 })).toBe('1999-00-Q1');
    expect(isPeriodId('1999-00-Q1')).toBe(true);
    // …but 1999-99 is not consecutive.
    expect(isPeriodId('1999-99-Q1')).toBe(false);
  });

  test.each([
    ['2024-26-Q1', '2024 must be followed by 25'],
    ['2024-24-Q1', '2024 must be followed by 25'],
    ['1999-01-Q1', '1999 must be followed by 00'],
    ['2024-25-Q5', 'the quarter must be Q1, Q2, Q3 or Q4'],
    ['2024-25-Q0', 'the quarter must be Q1, Q2, Q3 or Q4'],
    ['24-25-Q1', 'not of the form YYYY-YY-Qn'],
    ['', 'not of the form YYYY-YY-Qn'],
    ['2024-25-q1', 'not of the form YYYY-YY-Qn'],
    [' 2024-25-Q1', 'not of the form YYYY-YY-Qn'],
    ['2024-25-Q1 ', 'not of the form YYYY-YY-Qn'],
    ['2024/25 Q1', 'not of the form YYYY-YY-Qn'],
    ['2024-25-Q10', 'not of the form YYYY-YY-Qn'],
    ['1899-00-Q1', 'the year must be between 1900 and 2999'],
    ['3000-01-Q1', 'the year must be between 1900 and 2999'],
  ])('%j throws a PeriodError that says what is wrong (%s)', (input, problem) => {
    const error = thrown(() => parsePeriod(input));
    expect(error).toBeInstanceOf(PeriodError);
    expect(error).toBeInstanceOf(RangeError);
    const e = error as PeriodError;
    expect(e.name).toBe('PeriodError');
    expect(e.input).toBe(input);
    expect(e.message).toContain(JSON.stringify(input));
    expect(e.message).toContain(problem);
    expect(e.message).toContain('Expected the form 2024-25-Q1');
    expect(isPeriodId(input)).toBe(false);
  });

  test.each([
    [2024],
    [null],
    [undefined],
    [{ startYear: 2024, quarter: 1 }],
    [['2024-25-Q1']],
    [true],
  ])('a non-string (%j) throws a PeriodError saying it is not a string', (input) => {
    const error = thrown(() => parsePeriod(input as unknown as string));
    expect(error).toBeInstanceOf(PeriodError);
    expect((error as PeriodError).message).toContain('not a string');
    expect((error as PeriodError).input).toBe(input);
    expect(isPeriodId(input)).toBe(false);
  });

  test.each([
    [{ startYear: 2024, quarter: 5 }, 'the quarter must be 1, 2, 3 or 4'],
    [{ startYear: 2024, quarter: 0 }, 'the quarter must be 1, 2, 3 or 4'],
    [{ startYear: 2024, quarter: 1.5 }, 'the quarter must be 1, 2, 3 or 4'],
    [{ startYear: 2024.5, quarter: 1 }, 'the year must be a whole number between 1900 and 2999'],
    [{ startYear: 1899, quarter: 4 }, 'the year must be a whole number between 1900 and 2999'],
    [{ startYear: 3000, quarter: 1 }, 'the year must be a whole number between 1900 and 2999'],
    [{ startYear: Number.NaN, quarter: 1 }, 'the year must be a whole number between 1900 and 2999'],
  ])('formatPeriod(%j) throws a PeriodError', (period, problem) => {
    const error = thrown(() => formatPeriod(period as never));
    expect(error).toBeInstanceOf(PeriodError);
    expect((error as PeriodError).message).toContain(problem);
  });

  test('isPeriodId accepts valid ids and rejects anything else without throwing', () => {
    expect(isPeriodId('2024-25-Q1')).toBe(true);
    expect(isPeriodId('2024-26-Q1')).toBe(false);
    expect(isPeriodId(20242501)).toBe(false);
    expect(isPeriodId(undefined)).toBe(false);
  });
});

describe('previousPeriod, nextPeriod and shiftPeriod', () => {
  test('the quarter before Q1 is Q4 of the previous financial year', () => {
    expect(previousPeriod('2024-25-Q1')).toBe('2023-24-Q4');
    expect(previousPeriod('2024-25-Q4')).toBe('2024-25-Q3');
    expect(previousPeriod('2000-01-Q1')).toBe('1999-00-Q4');
  });

  test('the quarter after Q4 is Q1 of the next financial year', () => {
    expect(nextPeriod('2023-24-Q4')).toBe('2024-25-Q1');
    // Q3 (Oct–Dec) to Q4 (Jan–Mar) crosses the calendar year but not the financial year.
    expect(nextPeriod('2024-25-Q3')).toBe('2024-25-Q4');
    expect(nextPeriod('1999-00-Q4')).toBe('2000-01-Q1');
  });

  test('next and previous are inverses', () => {
    for (const id of ['2024-25-Q1', '2024-25-Q4', '1999-00-Q4', '2010-11-Q2']) {
      expect(previousPeriod(nextPeriod(id))).toBe(id);
      expect(nextPeriod(previousPeriod(id))).toBe(id);
    }
  });

  test('shiftPeriod moves by whole quarters either way', () => {
    expect(shiftPeriod('2024-25-Q4', 1)).toBe('2025-26-Q1');
    expect(shiftPeriod('2024-25-Q1', -4)).toBe('2023-24-Q1');
    expect(shiftPeriod('2024-25-Q2', 0)).toBe('2024-25-Q2');
    // Q2 + 10 quarters = Q2 + 2 years + 2 quarters = 2026-27 Q4.
    expect(shiftPeriod('2024-25-Q2', 10)).toBe('2026-27-Q4');
    // Q2 − 9 quarters = Q2 − 2 years − 1 quarter = 2022-23 Q1.
    expect(shiftPeriod('2024-25-Q2', -9)).toBe('2022-23-Q1');
    // Across the century: 1998-99 Q3 + 3 = 1999-00 Q2.
    expect(shiftPeriod('1998-99-Q3', 3)).toBe('1999-00-Q2');
  });

  test('shiftPeriod rejects a fractional offset, an invalid id, and results outside 1900 to 2999', () => {
    expect(() => shiftPeriod('2024-25-Q1', 1.5)).toThrow(RangeError);
    expect(() => shiftPeriod('2024-25-Q1', Number.NaN)).toThrow(/whole number/);
    expect(() => shiftPeriod('2024-26-Q1', 1)).toThrow(PeriodError);
    expect(() => shiftPeriod('2999-00-Q4', 1)).toThrow(PeriodError);
    expect(() => shiftPeriod('1900-01-Q1', -1)).toThrow(PeriodError);
    expect(() => previousPeriod('bad')).toThrow(PeriodError);
    expect(() => nextPeriod('bad')).toThrow(PeriodError);
  });
});

describe('periodWindow and periodRange', () => {
  test('the default window is the 4 quarters ending at the period, oldest first', () => {
    expect(periodWindow('2024-25-Q2')).toEqual(['2023-24-Q3', '2023-24-Q4', '2024-25-Q1', '2024-25-Q2']);
    expect(periodWindow('2024-25-Q4')).toEqual(['2024-25-Q1', '2024-25-Q2', '2024-25-Q3', '2024-25-Q4']);
  });

  test('other lengths', () => {
    expect(periodWindow('2024-25-Q2', 1)).toEqual(['2024-25-Q2']);
    expect(periodWindow('2024-25-Q1', 5)).toEqual([
      '2023-24-Q1',
      '2023-24-Q2',
      '2023-24-Q3',
      '2023-24-Q4',
      '2024-25-Q1',
    ]);
  });

  test.each([0, -1, 2.5, Number.NaN])('a length of %s throws', (length) => {
    expect(() => periodWindow('2024-25-Q2', length)).toThrow(RangeError);
  });

  test('periodRange lists the periods from one to another inclusive, oldest first', () => {
    expect(periodRange('2023-24-Q4', '2024-25-Q2')).toEqual(['2023-24-Q4', '2024-25-Q1', '2024-25-Q2']);
    expect(periodRange('2024-25-Q3', '2024-25-Q3')).toEqual(['2024-25-Q3']);
    // 2022-23 Q1 to 2024-25 Q1: 2 years and 1 quarter = 9 periods.
    const long = periodRange('2022-23-Q1', '2024-25-Q1');
    expect(long).toHaveLength(9);
    expect(long[0]).toBe('2022-23-Q1');
    expect(long[8]).toBe('2024-25-Q1');
  });

  test('periodRange throws when from is after to', () => {
    expect(() => periodRange('2024-25-Q2', '2023-24-Q4')).toThrow(RangeError);
    expect(() => periodRange('2024-25-Q2', '2023-24-Q4')).toThrow('2024-25-Q2 is after 2023-24-Q4');
    expect(() => periodRange('2024-25-Q2', 'nonsense')).toThrow(PeriodError);
  });
});

describe('quarterEndDate', () => {
  test.each([
    ['2024-25-Q1', '2024-06-30'],
    ['2024-25-Q2', '2024-09-30'],
    ['2024-25-Q3', '2024-12-31'],
    // Q4 ends on 31 March of the next calendar year.
    ['2024-25-Q4', '2025-03-31'],
    ['1999-00-Q4', '2000-03-31'],
  ])('%s ends on %s', (id, date) => {
    expect(quarterEndDate(id)).toBe(date);
  });

  test('throws for an invalid id', () => {
    expect(() => quarterEndDate('2024-25-Q5')).toThrow(PeriodError);
  });
});

describe('periodContaining', () => {
  test.each([
    ['2024-04-01', '2024-25-Q1'], // first day of the financial year
    ['2024-06-30', '2024-25-Q1'],
    ['2024-07-01', '2024-25-Q2'],
    ['2024-09-30', '2024-25-Q2'], // the census date
    ['2024-10-01', '2024-25-Q3'],
    ['2024-12-31', '2024-25-Q3'],
    ['2025-01-01', '2024-25-Q4'],
    ['2025-01-15', '2024-25-Q4'],
    ['2025-03-31', '2024-25-Q4'], // last day of the financial year
    ['2024-03-31', '2023-24-Q4'],
    ['2024-02-29', '2023-24-Q4'],
    ['2000-02-29', '1999-00-Q4'],
  ])('%s is in %s', (date, id) => {
    expect(periodContaining(date)).toBe(id);
  });

  test('reads the date part of an ISO date-time string', () => {
    expect(periodContaining('2024-09-30T23:59:59+01:00')).toBe('2024-25-Q2');
    expect(periodContaining('2024-04-01T00:00:00Z')).toBe('2024-25-Q1');
  });

  test('reads a Date in UTC', () => {
    expect(periodContaining(new Date(Date.UTC(2024, 8, 30)))).toBe('2024-25-Q2');
    // 23:30 UTC on 31 March is still 31 March in UTC, whatever the local time zone.
    expect(periodContaining(new Date(Date.UTC(2024, 2, 31, 23, 30)))).toBe('2023-24-Q4');
    expect(periodContaining(new Date(Date.UTC(2024, 3, 1)))).toBe('2024-25-Q1');
  });

  test('every quarter end date lies in its own quarter', () => {
    for (const id of periodRange('2019-20-Q1', '2025-26-Q4')) expect(periodContaining(quarterEndDate(id))).toBe(id);
  });

  test.each([
    'not a date',
    '2024-13-01',
    '2024-02-30',
    '2023-02-29',
    '2024-04-31',
    '',
  ])('%j is not a date and throws', (input) => {
    expect(() => periodContaining(input)).toThrow(RangeError);
  });

  test('an invalid Date throws', () => {
    expect(() => periodContaining(new Date(Number.NaN))).toThrow(/Invalid date/);
  });
});

describe('comparePeriods', () => {
  test('orders periods in time', () => {
    expect(comparePeriods('2023-24-Q4', '2024-25-Q1')).toBeLessThan(0);
    expect(comparePeriods('2024-25-Q1', '2023-24-Q4')).toBeGreaterThan(0);
    expect(comparePeriods('2024-25-Q2', '2024-25-Q2')).toBe(0);
    // Q4 of 2024-25 (January to March 2025) is after Q1 of 2024-25 (April to June 2024).
    expect(comparePeriods('2024-25-Q4', '2024-25-Q1')).toBeGreaterThan(0);
    // The difference is in quarters: 2023-24 Q4 → 2024-25 Q1 → 2024-25 Q2 is 2.
    expect(comparePeriods('2024-25-Q2', '2023-24-Q4')).toBe(2);
    expect(comparePeriods('2023-24-Q4', '2024-25-Q2')).toBe(-2);
  });

  test('works as a sort comparator', () => {
    const shuffled = ['2024-25-Q2', '1999-00-Q4', '2023-24-Q4', '2024-25-Q1', '2000-01-Q1', '2023-24-Q1'];
    expect([...shuffled].sort(comparePeriods)).toEqual([
      '1999-00-Q4',
      '2000-01-Q1',
      '2023-24-Q1',
      '2023-24-Q4',
      '2024-25-Q1',
      '2024-25-Q2',
    ]);
    expect(['2024-25-Q2', '2023-24-Q4'].sort(comparePeriods)).toEqual(['2023-24-Q4', '2024-25-Q2']);
  });

  test('throws for an invalid id', () => {
    expect(() => comparePeriods('2024-25-Q1', '2024-25-Q9')).toThrow(PeriodError);
  });
});

describe('periodLabel', () => {
  test('is the financial year and quarter separated by a space', () => {
    expect(periodLabel('2024-25-Q1')).toBe('2024-25 Q1');
    expect(periodLabel('1999-00-Q4')).toBe('1999-00 Q4');
  });

  test('throws for an invalid id', () => {
    expect(() => periodLabel('2024-25')).toThrow(PeriodError);
  });
});

/** parsePeriod as it was written before, with a regular expression: the reference for periodOrdinal. */
function referenceParse(id: string): { startYear: number; quarter: number } {
  if (typeof id !== 'string') throw new PeriodError(id, 'not a string');
  const match = /^(\d{4})-(\d{2})-Q(\d)$/.exec(id);
  if (!match) throw new PeriodError(id, 'not of the form YYYY-YY-Qn');
  const startYear = Number(match[1]);
  const endYY = Number(match[2]);
  const quarter = Number(match[3]);
  if (startYear < 1900 || startYear > 2999) throw new PeriodError(id, 'the year must be between 1900 and 2999');
  if ((startYear + 1) % 100 !== endYY) {
    const expected = String((startYear + 1) % 100).padStart(2, '0');
    throw new PeriodError(
      id,
      `a financial year spans two consecutive years, so ${startYear} must be followed by ${expected}`,
    );
  }
  if (quarter < 1 || quarter > 4) throw new PeriodError(id, 'the quarter must be Q1, Q2, Q3 or Q4');
  return { startYear, quarter };
}

/** What a call returned or threw, comparable with toEqual. */
function outcome(fn: () => unknown): unknown {
  try {
    return { returned: fn() };
  } catch (error) {
    const e = error as PeriodError;
    return { threw: e.constructor.name, message: e.message, input: e.input };
  }
}

describe('periodOrdinal and periodOfOrdinal', () => {
  test('the ordinal is startYear × 4 + quarter − 1, and periodOfOrdinal turns it back, for every period', () => {
    for (let startYear = 1900; startYear <= 2999; startYear++) {
      for (let quarter = 1 as 1 | 2 | 3 | 4; quarter <= 4; quarter++) {
        const id = formatPeriod({ startYear, quarter });
        const ordinal = periodOrdinal(id);
        if (ordinal !== startYear * 4 + quarter - 1) throw new Error(`${id}: ${ordinal}`);
        if (periodOfOrdinal(ordinal) !== id)
          throw new Error(`${ordinal}: ${periodOfOrdinal(ordinal)} instead of ${id}`);
      }
    }
    expect(periodOrdinal('2024-25-Q1')).toBe(8096);
    expect(periodOrdinal('2024-25-Q2') - periodOrdinal('2023-24-Q2')).toBe(4);
  });

  test('periodOrdinal accepts and rejects exactly what the regular expression did, with the same errors', () => {
    const inputs: unknown[] = [
      '2024-25-Q1',
      '1999-00-Q4',
      '2999-00-Q4',
      '1900-01-Q1',
      '2024-26-Q1',
      '2024-25-Q5',
      '2024-25-Q0',
      '2024-25-Q9',
      '1899-00-Q1',
      '3000-01-Q1',
      '0000-01-Q1',
      '24-25-Q1',
      '',
      '2024-25-q1',
      ' 2024-25-Q1',
      '2024-25-Q1 ',
      '2024-25-Q1\n',
      '2024/25 Q1',
      '2024-25-Q10',
      '２０２４-25-Q1',
      '2024-25-Q١',
      null,
      undefined,
      2024,
      { startYear: 2024, quarter: 1 },
    ];
    // Strings of the right length made of the characters that matter, at random.
    const alphabet = '0123456789-Q q/';
    let seed = 11;
    const rnd = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 10_000; i++) {
      const chars = [...'2024-25-Q1'];
      const changes = 1 + Math.floor(rnd() * 3);
      for (let c = 0; c < changes; c++)
        chars[Math.floor(rnd() * 10)] = alphabet[Math.floor(rnd() * alphabet.length)] as string;
      inputs.push(chars.join(''));
    }
    for (const input of inputs) {
      const expected = outcome(() => {
        const { startYear, quarter } = referenceParse(input as string);
        return startYear * 4 + quarter - 1;
      });
      const actual = outcome(() => periodOrdinal(input as string));
      const parsed = outcome(() => parsePeriod(input as string));
      const reference = outcome(() => referenceParse(input as string));
      if (JSON.stringify(actual) !== JSON.stringify(expected) || JSON.stringify(parsed) !== JSON.stringify(reference)) {
        expect([actual, parsed], JSON.stringify(input)).toEqual([expected, reference]);
      }
    }
  });

  test('periodOfOrdinal is null outside the years 1900 to 2999 and for fractions', () => {
    expect(periodOfOrdinal(1900 * 4)).toBe('1900-01-Q1');
    expect(periodOfOrdinal(2999 * 4 + 3)).toBe('2999-00-Q4');
    expect(periodOfOrdinal(1900 * 4 - 1)).toBeNull();
    expect(periodOfOrdinal(3000 * 4)).toBeNull();
    expect(periodOfOrdinal(8096.5)).toBeNull();
    expect(periodOfOrdinal(Number.NaN)).toBeNull();
  });
});
