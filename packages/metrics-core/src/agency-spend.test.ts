import { describe, expect, test } from 'vitest';
import { agencySpendPerFte } from './agency-spend.js';

describe('agencySpendPerFte', () => {
  test('spend ÷ FTE, worked by hand', () => {
    expect(agencySpendPerFte(450_000, 15)).toEqual({ value: 30_000, numerator: 450_000, denominator: 15 });
    expect(agencySpendPerFte(100_000, 2.5).value).toBe(40_000);
  });

  test('a blank spend or FTE, or no agency FTE: no value, and why', () => {
    expect(agencySpendPerFte(null, 15).reason).toBe('missing-input');
    expect(agencySpendPerFte(1000, undefined).reason).toBe('missing-input');
    expect(agencySpendPerFte(1000, 0)).toEqual({
      value: null,
      numerator: null,
      denominator: null,
      reason: 'zero-denominator',
    });
  });

  test('a negative or non-finite figure is refused', () => {
    expect(() => agencySpendPerFte(-1, 2)).toThrow(RangeError);
    expect(() => agencySpendPerFte(1, Number.NaN)).toThrow(RangeError);
  });
});
