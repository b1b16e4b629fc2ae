import { describe, expect, test } from 'vitest';
import { random } from '../test/random.mjs';
import type { MetricId } from './catalogue.js';
import { collectGroup, type GroupMember, summariseGroup } from './summarise.js';

function member(metric: MetricId, numerator: number, denominator: number, scale = 100): GroupMember {
  return { metric, value: (numerator / denominator) * scale, numerator, denominator };
}

const NULL_SUMMARY = {
  n: 0,
  pooled: null,
  numerator: null,
  denominator: null,
  mean: null,
  q1: null,
  median: null,
  q3: null,
  min: null,
  max: null,
};

describe('summariseGroup', () => {
  test('pooled is Σ numerators ÷ Σ denominators × 100, not the mean of the rates', () => {
    // A large authority at 10 / 100 = 10% and a small one at 3 / 10 = 30%.
    const s = summariseGroup([member('agencyRate', 10, 100), member('agencyRate', 3, 10)]);
    // pooled = (10 + 3) ÷ (100 + 10) × 100 = 11.818…; the mean of the rates is (10 + 30) ÷ 2 = 20.
    expect(s.pooled).toBeCloseTo(11.8181818182, 9);
    expect(s.mean).toBe(20);
    expect(s.pooled).not.toBeCloseTo(s.mean as number, 1);
    expect(s).toMatchObject({
      metric: 'agencyRate',
      n: 2,
      numerator: 13,
      denominator: 110,
      // Two values: q1 at h = 0.25 → 10 + 0.25 × 20 = 15; q3 at h = 0.75 → 25.
      q1: 15,
      median: 20,
      q3: 25,
      min: 10,
      max: 30,
    });
  });

  test('five members', () => {
    // 5/100 = 5, 20/80 = 25, 3/30 = 10, 40/200 = 20, 1/10 = 10; sorted 5, 10, 10, 20, 25.
    const members = [
      member('vacancyRate', 5, 100),
      member('vacancyRate', 20, 80),
      member('vacancyRate', 3, 30),
      member('vacancyRate', 40, 200),
      member('vacancyRate', 1, 10),
    ];
    const s = summariseGroup(members);
    expect(s.n).toBe(5);
    // pooled = (5 + 20 + 3 + 40 + 1 = 69) ÷ (100 + 80 + 30 + 200 + 10 = 420) × 100 = 16.428571…
    expect(s.pooled).toBeCloseTo(16.4285714286, 9);
    expect(s.numerator).toBe(69);
    expect(s.denominator).toBe(420);
    // mean = 70 ÷ 5 = 14; h = 4p: q1 = value 1 = 10, median = value 2 = 10, q3 = value 3 = 20.
    expect(s.mean).toBeCloseTo(14, 12);
    expect(s.q1).toBe(10);
    expect(s.median).toBe(10);
    expect(s.q3).toBe(20);
    expect(s.min).toBe(5);
    expect(s.max).toBe(25);
    // The order of the members does not matter, and they are not modified.
    const copy = structuredClone(members);
    expect(summariseGroup([...members].reverse())).toEqual(s);
    expect(members).toEqual(copy);
  });

  test('members without a value are left out of n and of every figure', () => {
    const members = [member('vacancyRate', 10, 100), member('vacancyRate', 30, 100)];
    const withNulls: GroupMember[] = [
      ...members,
      { metric: 'vacancyRate', value: null, numerator: null, denominator: null },
      // Even parts that survived: with no value, the member is not pooled.
      { metric: 'vacancyRate', value: null, numerator: 1000, denominator: 1 },
    ];
    const s = summariseGroup(withNulls);
    expect(s).toEqual(summariseGroup(members));
    // (10 + 30) ÷ 200 × 100 = 20
    expect(s.n).toBe(2);
    expect(s.pooled).toBe(20);
    expect(s.min).toBe(10);
  });

  test('an empty group has n 0 and null figures', () => {
    expect(summariseGroup([])).toEqual({ metric: null, ...NULL_SUMMARY });
    expect(summariseGroup([], 'vacancyRate')).toEqual({ metric: 'vacancyRate', ...NULL_SUMMARY });
    const allNull = summariseGroup([
      { metric: 'turnoverRate', value: null, numerator: null, denominator: null },
      { metric: 'turnoverRate', value: null, numerator: null, denominator: null },
    ]);
    expect(allNull).toEqual({ metric: 'turnoverRate', ...NULL_SUMMARY });
  });

  test('a single member', () => {
    const s = summariseGroup([member('asyeShare', 3, 40)]);
    // 3 ÷ 40 × 100 = 7.5 is every figure.
    expect(s).toMatchObject({ n: 1, pooled: 7.5, mean: 7.5, q1: 7.5, median: 7.5, q3: 7.5, min: 7.5, max: 7.5 });
  });

  test('members of different metrics throw, even one without a value', () => {
    expect(() => summariseGroup([member('vacancyRate', 1, 10), member('agencyRate', 1, 10)])).toThrow(RangeError);
    expect(() =>
      summariseGroup([
        member('vacancyRate', 1, 10),
        { metric: 'agencyRate', value: null, numerator: null, denominator: null },
      ]),
    ).toThrow('a group summary is of one metric');
    expect(() => summariseGroup([member('vacancyRate', 1, 10)], 'agencyRate')).toThrow(RangeError);
  });

  test('a value without its numerator or denominator cannot be pooled and throws', () => {
    expect(() => summariseGroup([{ metric: 'vacancyRate', value: 10, numerator: null, denominator: 100 }])).toThrow(
      RangeError,
    );
    expect(() => summariseGroup([{ metric: 'vacancyRate', value: 10, numerator: 10, denominator: null }])).toThrow(
      'numerator and denominator',
    );
  });

  test('caseload is pooled with scale 1: cases per FTE', () => {
    // 160 cases / 10 FTE = 16 and 300 / 15 = 20: pooled 460 ÷ 25 = 18.4 (not × 100), mean 18.
    const s = summariseGroup([member('averageCaseload', 160, 10, 1), member('averageCaseload', 300, 15, 1)]);
    expect(s.pooled).toBeCloseTo(18.4, 12);
    expect(s.mean).toBe(18);
  });

  test('net change in FTE pools over a denominator of 1 per authority: the mean', () => {
    const s = summariseGroup([
      member('netChangeFte', 2.5, 1, 1),
      member('netChangeFte', -1.5, 1, 1),
      member('netChangeFte', 4, 1, 1),
    ]);
    // (2.5 − 1.5 + 4) ÷ 3 = 5 ÷ 3 = 1.666…
    expect(s.pooled).toBeCloseTo(5 / 3, 12);
    expect(s.mean).toBeCloseTo(5 / 3, 12);
    expect(s.min).toBe(-1.5);
  });

  test('pooled is null when the pooled denominator is 0', () => {
    const s = summariseGroup([{ metric: 'vacancyRate', value: 0, numerator: 0, denominator: 0 }]);
    expect(s.n).toBe(1);
    expect(s.pooled).toBeNull();
    expect(s.mean).toBe(0);
  });
});

describe('collectGroup: the values sorted', () => {
  const withValue = (value: number): GroupMember => ({ metric: 'agencyRate', value, numerator: 1, denominator: 1 });
  const without: GroupMember = { metric: 'agencyRate', value: null, numerator: null, denominator: null };

  /** The same values in the same order, telling −0 from +0 and NaN from NaN. */
  function expectSameOrder(actual: Float64Array, expected: readonly number[]): void {
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
      if (!Object.is(actual[i], expected[i])) throw new Error(`index ${i}: ${actual[i]} instead of ${expected[i]}`);
    }
  }

  /** Ascending, −0 before +0 and NaN last: the order every group's figures are read in. */
  const ascending = (values: readonly number[]) =>
    [...values].sort((a, b) =>
      Number.isNaN(a) || Number.isNaN(b)
        ? Number(Number.isNaN(a)) - Number(Number.isNaN(b))
        : a - b || Number(Object.is(b, -0)) - Number(Object.is(a, -0)),
    );

  test('ascending for every group size to 300, with ties, sorted and reversed runs', () => {
    const rnd = random(1);
    for (let n = 0; n <= 300; n++) {
      for (const kind of ['spread', 'ties', 'sorted', 'reversed']) {
        const values = Array.from({ length: n }, (_, i) =>
          kind === 'spread'
            ? (rnd() - 0.3) * 10 ** Math.floor(rnd() * 6)
            : kind === 'ties'
              ? Math.floor(rnd() * 5) / 2
              : kind === 'sorted'
                ? i / 3
                : (n - i) / 3,
        );
        expectSameOrder(collectGroup(values.map(withValue)).sorted, ascending(values));
      }
    }
  });

  test('exactly: −0 before +0, infinities at the ends, NaN last', () => {
    const rnd = random(3);
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => {
        const r = rnd();
        return r < 0.2 ? -0 : r < 0.4 ? 0 : r < 0.5 ? Number.NaN : r < 0.55 ? -Infinity : Math.round(rnd() * 10) - 5;
      });
      expectSameOrder(collectGroup(values.map(withValue)).sorted, ascending(values));
    }
    expectSameOrder(collectGroup([0, -0, Number.NaN, -1].map(withValue)).sorted, [-1, -0, 0, Number.NaN]);
  });

  test('members without a value are left out: only the values are sorted', () => {
    const { sorted, summary } = collectGroup([withValue(9), without, withValue(3), without, withValue(1)]);
    expectSameOrder(sorted, [1, 3, 9]);
    expect(summary).toMatchObject({ n: 3, min: 1, median: 3, max: 9 });
  });
});
