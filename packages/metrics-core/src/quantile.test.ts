import { describe, expect, test } from 'vitest';
import { quantileSorted } from './quantile.js';

describe('quantileSorted (Hyndman and Fan type 7, Excel QUARTILE.INC)', () => {
  test('[1, 2, 3, 4]: h = (n − 1) × p = 3p, interpolating between the values at floor(h) and ceil(h)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    // h = 0.75: 1 + 0.75 × (2 − 1) = 1.75
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    // h = 1.5: 2 + 0.5 × (3 − 2) = 2.5
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    // h = 2.25: 3 + 0.25 × (4 − 3) = 3.25
    expect(quantileSorted([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  test('Excel QUARTILE.INC of [7, 15, 36, 39, 40, 41]', () => {
    const data = [7, 15, 36, 39, 40, 41];
    // h = 5 × 0.25 = 1.25: 15 + 0.25 × (36 − 15) = 20.25
    expect(quantileSorted(data, 0.25)).toBeCloseTo(20.25, 12);
    // h = 2.5: 36 + 0.5 × (39 − 36) = 37.5
    expect(quantileSorted(data, 0.5)).toBeCloseTo(37.5, 12);
    // h = 3.75: 39 + 0.75 × (40 − 39) = 39.75
    expect(quantileSorted(data, 0.75)).toBeCloseTo(39.75, 12);
  });

  test('a quantile that falls on a value is that value', () => {
    // n = 5: h = 4p = 1 and 3 exactly.
    expect(quantileSorted([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantileSorted([10, 20, 30, 40, 50], 0.5)).toBe(30);
    expect(quantileSorted([10, 20, 30, 40, 50], 0.75)).toBe(40);
  });

  test('other p', () => {
    // [1..10], p = 0.9: h = 8.1 → 9 + 0.1 × (10 − 9) = 9.1
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    // [0, 10], p = 0.3: h = 0.3 → 3
    expect(quantileSorted([0, 10], 0.3)).toBeCloseTo(3, 12);
    // R: quantile(c(1, 3, 5, 7, 9, 11), 0.1) = 2 (h = 0.5)
    expect(quantileSorted([1, 3, 5, 7, 9, 11], 0.1)).toBeCloseTo(2, 12);
    expect(quantileSorted([-5, -1], 0.5)).toBe(-3);
  });

  test('repeated values', () => {
    expect(quantileSorted([2, 2, 2, 2], 0.25)).toBe(2);
    // [1, 1, 5, 5]: h = 1.5 → 1 + 0.5 × 4 = 3
    expect(quantileSorted([1, 1, 5, 5], 0.5)).toBe(3);
  });

  test('a single value is every quantile', () => {
    for (const p of [0, 0.25, 0.5, 0.75, 1]) expect(quantileSorted([7], p)).toBe(7);
  });

  test('an empty sample throws', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([], 0.5)).toThrow('empty');
  });

  test.each([-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY])('p = %s throws', (p) => {
    expect(() => quantileSorted([1, 2, 3], p)).toThrow(RangeError);
  });
});
