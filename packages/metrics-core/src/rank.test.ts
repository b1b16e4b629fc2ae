import { describe, expect, test } from 'vitest';
import { quartileOfRank, rankAmong, rankValues } from './rank.js';

describe('rankValues', () => {
  test('lower is better: the lowest value is rank 1', () => {
    expect(rankValues([12, 30, 9], 'lower')).toEqual([2, 3, 1]);
  });

  test('higher is better: the highest value is rank 1', () => {
    expect(rankValues([12, 30, 9], 'higher')).toEqual([2, 1, 3]);
  });

  test('neither: ranked lowest first, as for lower', () => {
    expect(rankValues([12, 30, 9], 'neither')).toEqual([2, 3, 1]);
  });

  test('ties share the best rank they cover ("1224")', () => {
    expect(rankValues([10, 20, 20, 30], 'lower')).toEqual([1, 2, 2, 4]);
    expect(rankValues([30, 20, 20, 10], 'higher')).toEqual([1, 2, 2, 4]);
    expect(rankValues([10, 20, 20, 30], 'higher')).toEqual([4, 2, 2, 1]);
    expect(rankValues([12, 30, 12], 'higher')).toEqual([2, 1, 2]);
    expect(rankValues([5, 5, 5], 'lower')).toEqual([1, 1, 1]);
    // Two ties: 1 1 3 3 5
    expect(rankValues([7, 1, 7, 1, 9], 'lower')).toEqual([3, 1, 3, 1, 5]);
  });

  test('distinct values get the ranks 1 to n', () => {
    const ranks = rankValues([3.2, -1, 40, 0, 17.5, 2], 'higher');
    expect(ranks).toEqual([3, 6, 1, 5, 2, 4]);
  });

  test('an empty list has no ranks', () => {
    expect(rankValues([], 'lower')).toEqual([]);
  });

  test.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('%s cannot be ranked', (bad) => {
    expect(() => rankValues([1, bad, 3], 'lower')).toThrow(RangeError);
  });
});

describe('rankAmong', () => {
  test('ranks a value among the others, 1 = best', () => {
    // Lower: only 10 is better than 15 → rank 2.
    expect(rankAmong(15, [10, 20, 30], 'lower')).toBe(2);
    // Higher: 20 and 30 are better than 15 → rank 3.
    expect(rankAmong(15, [10, 20, 30], 'higher')).toBe(3);
    expect(rankAmong(5, [10, 20, 30], 'lower')).toBe(1);
    expect(rankAmong(5, [10, 20, 30], 'higher')).toBe(4);
    expect(rankAmong(5, [], 'lower')).toBe(1);
  });

  test('a tie takes the better rank', () => {
    expect(rankAmong(20, [10, 20, 30], 'lower')).toBe(2);
    expect(rankAmong(20, [10, 20, 30], 'higher')).toBe(2);
    expect(rankAmong(10, [10, 10], 'lower')).toBe(1);
  });

  test('agrees with rankValues', () => {
    const values = [4, 8, 8, 1, 15, 4, 0.5];
    for (const polarity of ['lower', 'higher', 'neither'] as const) {
      const ranks = rankValues(values, polarity);
      values.forEach((v, i) => {
        const others = values.filter((_, j) => j !== i);
        expect(rankAmong(v, others, polarity)).toBe(ranks[i]);
      });
    }
  });

  test('non-finite values throw', () => {
    expect(() => rankAmong(Number.NaN, [1, 2], 'lower')).toThrow(RangeError);
    expect(() => rankAmong(1, [2, Number.NaN], 'lower')).toThrow(RangeError);
  });
});

describe('quartileOfRank', () => {
  test('with 14 authorities: ranks 1–3 → 1, 4–7 → 2, 8–10 → 3, 11–14 → 4', () => {
    // ceil(4 × rank ÷ 14): 4/14, 8/14, 12/14 → 1; 16/14 … 28/14 = 2 → 2; 32/14 … 40/14 → 3; 44/14 … 4 → 4
    const quartiles = Array.from({ length: 14 }, (_, i) => quartileOfRank(i + 1, 14));
    expect(quartiles).toEqual([1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4]);
  });

  test('other group sizes', () => {
    expect([1, 2, 3, 4].map((r) => quartileOfRank(r, 4))).toEqual([1, 2, 3, 4]);
    // n = 5: ceil(0.8, 1.6, 2.4, 3.2, 4)
    expect([1, 2, 3, 4, 5].map((r) => quartileOfRank(r, 5))).toEqual([1, 2, 3, 4, 4]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((r) => quartileOfRank(r, 8))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  test('n = 1: the documented formula ceil(4 × 1 ÷ 1) puts the only authority in quartile 4', () => {
    // Groups this small are withheld by default (at least 5 authorities); this pins the formula.
    expect(quartileOfRank(1, 1)).toBe(4);
  });

  test.each([
    [0, 14],
    [15, 14],
    [1.5, 14],
    [-1, 14],
    [1, 0],
    [Number.NaN, 14],
    [1, Number.NaN],
    [1, 2.5],
  ])('rank %s of %s throws', (rank, n) => {
    expect(() => quartileOfRank(rank, n)).toThrow(RangeError);
  });
});
