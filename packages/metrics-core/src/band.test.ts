import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BANDS, bandOf } from './band.js';
import { quantileSorted } from './quantile.js';

const Q = { q1: 10, median: 15, q3: 20 };

describe('bandOf', () => {
  test('lower is better: A at or below the lower quartile, D above the upper', () => {
    expect([5, 10, 12, 15, 18, 20, 25].map((v) => bandOf(v, Q, 'lower'))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D']);
  });

  test('higher is better: mirrored, A at or above the upper quartile', () => {
    expect([25, 20, 18, 15, 12, 10, 5].map((v) => bandOf(v, Q, 'higher'))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D']);
  });

  test('neither: A the lowest quartile, as for lower', () => {
    expect([5, 25].map((v) => bandOf(v, Q, 'neither'))).toEqual(['A', 'D']);
  });

  test('refuses values that are not numbers and quartiles out of order', () => {
    expect(() => bandOf(Number.NaN, Q, 'lower')).toThrow(RangeError);
    expect(() => bandOf(1, { q1: 20, median: 15, q3: 10 }, 'lower')).toThrow(RangeError);
  });

  test('in any group, about a quarter fall in each band, and better values never get a worse band', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 8, maxLength: 60 }),
        fc.constantFrom('lower' as const, 'higher' as const),
        (values, polarity) => {
          const sorted = [...values].sort((a, b) => a - b);
          const q = {
            q1: quantileSorted(sorted, 0.25),
            median: quantileSorted(sorted, 0.5),
            q3: quantileSorted(sorted, 0.75),
          };
          const bands = values.map((v) => bandOf(v, q, polarity));
          // Monotone: ordered by goodness, bands never get worse for a better value.
          const better = (a: number, b: number) => (polarity === 'lower' ? a < b : a > b);
          for (let i = 0; i < values.length; i++)
            for (let j = 0; j < values.length; j++)
              if (better(values[i] as number, values[j] as number))
                expect(BANDS.indexOf(bands[i] as never)).toBeLessThanOrEqual(BANDS.indexOf(bands[j] as never));
          // The best band holds at least a quarter of the group (ties may hold more).
          expect(bands.filter((b) => b === 'A').length).toBeGreaterThanOrEqual(Math.floor(values.length / 4));
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
