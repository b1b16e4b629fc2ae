import { describe, expect, test } from 'vitest';
import { random } from '../test/random.mjs';
import {
  formatMetricValue,
  formatNumber,
  formatPercent,
  POWERS_OF_TEN,
  roundHalfAwayFromZero,
  roundHalfAwayFromZeroUnchecked,
  roundsToZero,
} from './format.js';

describe('roundHalfAwayFromZero', () => {
  test.each([
    [2.25, 1, 2.3],
    [-2.25, 1, -2.3],
    // 1.005 is 1.00499999999999989… in binary; it rounds as it prints.
    [1.005, 2, 1.01],
    [0.05, 1, 0.1],
    [-0.05, 1, -0.1],
    [17.85, 1, 17.9],
    [-0.25, 1, -0.3],
    [1.45, 1, 1.5],
    [2.675, 2, 2.68],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [0.5, 0, 1],
    [17.849, 1, 17.8],
    [17.8049, 1, 17.8],
    [7.12351, 3, 7.124],
    [12.34, 0, 12],
    [99.95, 1, 100],
    [1.5e-7, 7, 2e-7],
    // A binary-noise difference (0.3 − (0.1 + 0.2)) prints in exponent notation; it rounds to 0.
    [-5.551115123125783e-17, 1, 0],
    // Large values: 134249695.855 × 100 is 13424969585.499998 in binary, but the value prints as …855.
    [134249695.855, 2, 134249695.86],
    [12345678901.235, 2, 12345678901.24],
  ])('(%s, %s) = %s', (value, decimals, expected) => {
    expect(roundHalfAwayFromZero(value, decimals)).toBe(expected);
  });

  test('rounds to 1 decimal place by default', () => {
    expect(roundHalfAwayFromZero(16.25)).toBe(16.3);
  });

  test('never returns −0', () => {
    expect(Object.is(roundHalfAwayFromZero(-0.04, 1), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0, 1), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0.4, 0), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-1e-20, 2), 0)).toBe(true);
  });

  test('non-finite values and values too large to have a fraction pass through', () => {
    expect(roundHalfAwayFromZero(Number.POSITIVE_INFINITY, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(roundHalfAwayFromZero(Number.NaN, 1)).toBeNaN();
    expect(roundHalfAwayFromZero(1e21, 1)).toBe(1e21);
  });

  test.each([-1, 11, 1.5, Number.NaN])('decimals = %s throws', (decimals) => {
    expect(() => roundHalfAwayFromZero(1.23, decimals)).toThrow(RangeError);
  });
});

describe('formatPercent', () => {
  test.each([
    [17.849, undefined, '17.8%'],
    [9.25, undefined, '9.3%'],
    [0, undefined, '0.0%'],
    [100, 0, '100%'],
    [12.345, 2, '12.35%'],
    [-0.04, undefined, '0.0%'],
    [-3.25, undefined, '-3.3%'],
  ])('%s with %s decimals is %s', (value, decimals, text) => {
    expect(formatPercent(value, decimals)).toBe(text);
  });
});

describe('formatNumber', () => {
  test.each([
    [33119.1, undefined, '33,119.1'],
    [15.94, undefined, '15.9'],
    [1234567.891, 2, '1,234,567.89'],
    [-1234.5, undefined, '-1,234.5'],
    [-1234.5, 0, '-1,235'],
    [1234.5, 0, '1,235'],
    [999.95, undefined, '1,000.0'],
    [999, 0, '999'],
    [1000, 0, '1,000'],
    [0, 0, '0'],
    [100, undefined, '100.0'],
    [-0.04, undefined, '0.0'],
    [-999999.96, 1, '-1,000,000.0'],
  ])('%s with %s decimals is %s', (value, decimals, text) => {
    expect(formatNumber(value, decimals)).toBe(text);
  });
});

describe('formatMetricValue', () => {
  test('percentages carry a % sign', () => {
    expect(formatMetricValue('turnoverRate', 17.8049)).toBe('17.8%');
    expect(formatMetricValue('vacancyRate', 9.256, { decimals: 2 })).toBe('9.26%');
  });

  test('caseloads are plain numbers', () => {
    expect(formatMetricValue('averageCaseload', 15.94)).toBe('15.9');
    expect(formatMetricValue('averageCaseload', 16.25)).toBe('16.3');
  });

  test('a change in FTE has a + sign when it rounds above zero, and no sign when it rounds to zero', () => {
    expect(formatMetricValue('netChangeFte', 2.5)).toBe('+2.5');
    expect(formatMetricValue('netChangeFte', -1.5)).toBe('-1.5');
    expect(formatMetricValue('netChangeFte', 0)).toBe('0.0');
    expect(formatMetricValue('netChangeFte', 0.04)).toBe('0.0');
    expect(formatMetricValue('netChangeFte', -0.04)).toBe('0.0');
    expect(formatMetricValue('netChangeFte', 0.05)).toBe('+0.1');
    expect(formatMetricValue('netChangeFte', 1234.5)).toBe('+1,234.5');
    expect(formatMetricValue('netChangeFte', 2.4, { decimals: 0 })).toBe('+2');
  });

  test('no value reads n/a, or the given text', () => {
    expect(formatMetricValue('vacancyRate', null)).toBe('n/a');
    expect(formatMetricValue('vacancyRate', null, { missing: '—' })).toBe('—');
    expect(formatMetricValue('averageCaseload', Number.NaN)).toBe('n/a');
    expect(formatMetricValue('netChangeFte', Number.POSITIVE_INFINITY, { missing: '' })).toBe('');
  });

  test('an unknown metric throws, even without a value', () => {
    expect(() => formatMetricValue('bogus', 1)).toThrow(RangeError);
    expect(() => formatMetricValue('bogus', null)).toThrow(RangeError);
    expect(() => formatMetricValue('toString', 1)).toThrow('Unknown metric');
  });
});

/**
 * roundHalfAwayFromZero as it was written before the table of powers and the split of its slow
 * path: the reference the faster form must match to the bit.
 */
function referenceRound(value: number, decimals: number): number {
  if (!Number.isFinite(value) || Math.abs(value) * 10 ** decimals >= 1e15) return value;
  const sign = value < 0 ? -1 : 1;
  const factor = 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  const fraction = scaled - Math.floor(scaled);
  if (scaled < 1e9 && Math.abs(fraction - 0.5) > 1e-6) {
    const fast = (sign * Math.round(scaled)) / factor;
    return fast === 0 ? 0 : fast;
  }
  const [mantissa, exponent = '0'] = String(Math.abs(value)).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const result = sign * Number(`${shifted}e-${decimals}`);
  return Object.is(result, -0) ? 0 : result;
}

describe('POWERS_OF_TEN', () => {
  test('holds 10 ** d exactly for d from 0 to 10', () => {
    expect(POWERS_OF_TEN).toHaveLength(11);
    for (let d = 0; d <= 10; d++) expect(POWERS_OF_TEN[d]).toBe(10 ** d);
  });
});

describe('roundHalfAwayFromZeroUnchecked', () => {
  test('gives exactly the result of the reference, and of roundHalfAwayFromZero, for every decimals', () => {
    // Ties and near-ties at every scale, binary noise, both signs, and the edges of the fast path.
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const values = [0, -0, 0.05, -0.05, 1.005, 2.675, 17.85, 99.95, 134249695.855, 12345678901.235, 5e-324, 1e-7];
    values.push(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e15, 1e21, 999999999.95);
    for (let i = 0; i < 4000; i++) {
      const magnitude = 10 ** Math.floor(rnd() * 16 - 6);
      const value = (rnd() - 0.5) * magnitude;
      values.push(value, Math.round(value * 1000) / 1000 + 0.0005, Math.round(value * 20) / 20);
    }
    for (const value of values) {
      for (let decimals = 0; decimals <= 10; decimals++) {
        const expected = referenceRound(value, decimals);
        const actual = roundHalfAwayFromZeroUnchecked(value, decimals);
        if (!Object.is(actual, expected) || !Object.is(roundHalfAwayFromZero(value, decimals), expected)) {
          throw new Error(`(${value}, ${decimals}): ${actual} instead of ${expected}`);
        }
      }
    }
  });
});

describe('roundsToZero', () => {
  test('is whether roundHalfAwayFromZeroUnchecked gives 0, at and around the tie, for every decimals', () => {
    const values = [0, -0, 0.05, -0.05, 0.5, -0.5, 0.049999999999999996, 0.05000000000000001, 5e-324, 1e-7];
    values.push(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.0004999, 0.00050001);
    const next = random(1_912);
    for (let decimals = 0; decimals <= 10; decimals++) {
      const unit = 10 ** -decimals;
      for (let i = 0; i < 400; i++) {
        // Near the tie at half a unit, by a few ulps and by up to 0.0002 units; and anywhere below 3 units.
        const tie = unit / 2;
        values.push(
          tie + (next() - 0.5) * 1e-15 * tie,
          tie + (next() - 0.5) * 4e-4 * unit,
          -(tie * (1 + (next() - 0.5) * 1e-9)),
        );
        values.push((next() - 0.5) * 6 * unit);
      }
    }
    for (const value of values) {
      for (let decimals = 0; decimals <= 10; decimals++) {
        const expected = roundHalfAwayFromZeroUnchecked(value, decimals) === 0;
        if (roundsToZero(value, decimals) !== expected) throw new Error(`(${value}, ${decimals}): not ${expected}`);
      }
    }
    expect(roundsToZero(0.049, 1)).toBe(true);
    expect(roundsToZero(-0.05, 1)).toBe(false);
    expect(roundsToZero(Number.NaN, 1)).toBe(false);
  });
});
