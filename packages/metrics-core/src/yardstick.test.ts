import { describe, expect, test } from 'vitest';
import { neighbourMedian } from './yardstick.js';

describe('neighbourMedian (the median of the neighbours’ published values, DfE’s dashboards)', () => {
  test('10 neighbours: the mean of the 5th and 6th values, in any order', () => {
    const values = [15.2, 9.8, 22.4, 18.1, 11, 30.5, 12.7, 16.6, 14.3, 19.9];
    // Sorted: 9.8, 11, 12.7, 14.3, 15.2, 16.6, 18.1, 19.9, 22.4, 30.5 → (15.2 + 16.6) / 2 = 15.9
    expect(neighbourMedian(values)).toEqual({ median: expect.closeTo(15.9, 12), of: 10 });
  });

  test('an odd number of values: the middle one; unpublished values are left out, not counted as 0', () => {
    expect(neighbourMedian([40, null, 10, 20, undefined])).toEqual({ median: 20, of: 3 });
    expect(neighbourMedian([12.5, null, 8, 20.1, 15])).toEqual({ median: 13.75, of: 4 });
  });

  test('not pooled: a large neighbour counts as one value like a small one', () => {
    expect(neighbourMedian([1, 2, 100]).median).toBe(2);
  });

  test('none published: null, of 0', () => {
    expect(neighbourMedian([])).toEqual({ median: null, of: 0 });
    expect(neighbourMedian([null, null])).toEqual({ median: null, of: 0 });
  });

  test('a value that is not finite is a bug, not a suppression', () => {
    expect(() => neighbourMedian([1, Number.NaN])).toThrow(RangeError);
    expect(() => neighbourMedian([Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });
});
