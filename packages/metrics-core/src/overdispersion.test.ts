import { describe, expect, test } from 'vitest';
import { random } from '../test/random.mjs';
import { funnelLimitPairs, normalQuantile, poissonFunnelLimitPairs } from './funnel.js';
import {
  estimateOverdispersion,
  type OverdispersionMember,
  overdispersedFunnelLimitPairs,
  overdispersionOfCounts,
  sortedCopy,
  transformedTarget,
  WINSORISE_FRACTION,
  widenedFunnelLimitsInto,
  winsorise,
} from './overdispersion.js';

/** The README's worked example: six authorities' vacancies out of their establishment, pooled 20%. */
const EXAMPLE = [
  { name: 'A', numerator: 10, denominator: 100 },
  { name: 'B', numerator: 20, denominator: 100 },
  { name: 'C', numerator: 50, denominator: 400 },
  { name: 'D', numerator: 100, denominator: 400 },
  { name: 'E', numerator: 30, denominator: 100 },
  { name: 'F', numerator: 15, denominator: 25 },
] as const;

describe('winsorise', () => {
  test('clips each tail to the type-7 quantile', () => {
    // 5 values, 10%: h = 0.4, so the low clip is −5 + 0.4 × 5 = −3 and the high 2 + 0.6 × 7 = 6.2.
    expect(winsorise([-5, 0, 1, 2, 9], 0.1)).toEqual([-3, 0, 1, 2, expect.closeTo(6.2, 12)]);
    expect(winsorise([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(winsorise([], 0.1)).toEqual([]);
  });

  test('throws for a fraction outside 0 to 0.5', () => {
    expect(() => winsorise([1], 0.6)).toThrow(RangeError);
    expect(() => winsorise([1], -0.1)).toThrow(RangeError);
  });

  test('10% in each tail', () => {
    expect(WINSORISE_FRACTION).toBe(0.1);
  });
});

describe('estimateOverdispersion', () => {
  test('the README’s worked example, to the figures it prints', () => {
    const od = estimateOverdispersion('proportion', 0.2, EXAMPLE);
    // Σ z_w² = 8.054 + 0 + 12.003 + 5.751 + 5.382 + 10.964 = 42.153
    expect(od.k).toBe(6);
    expect(od.phi).toBeCloseTo(42.1534 / 6, 4);
    // Σw = 4 × 1125 = 4500; Σw² = 5,610,000; Σw − Σw²/Σw = 3253.33…; τ² = (42.153 − 5) ÷ 3253.33
    expect(od.tau2).toBeCloseTo((42.15337632 - 5) / (4500 - 5_610_000 / 4500), 10);
    expect(od.tau2).toBeCloseTo(0.01142, 5);
  });

  test('τ² is 0 when the group varies no more than chance: every member at the target', () => {
    const od = estimateOverdispersion('proportion', 0.15, [
      { numerator: 15, denominator: 100 },
      { numerator: 30, denominator: 200 },
      { numerator: 45, denominator: 300 },
      { numerator: 60, denominator: 400 },
      { numerator: 75, denominator: 500 },
    ]);
    expect(od).toEqual({ k: 5, phi: 0, tau2: 0 });
  });

  test('τ² is 0 when k·φ does not exceed k − 1, however large the members', () => {
    // z-scores of about ±0.5: φ ≈ 0.25 < (k − 1) ÷ k.
    const members = [
      { numerator: 1985, denominator: 10_000 },
      { numerator: 2015, denominator: 10_000 },
      { numerator: 1990, denominator: 10_000 },
      { numerator: 2010, denominator: 10_000 },
      { numerator: 2000, denominator: 10_000 },
    ];
    const od = estimateOverdispersion('proportion', 0.2, members);
    expect(od.phi).toBeGreaterThan(0);
    expect(od.k * od.phi).toBeLessThanOrEqual(od.k - 1);
    expect(od.tau2).toBe(0);
  });

  test('a rate is worked on the log scale with s² = 1 ÷ (λ₀ n)', () => {
    // Two members at 10 and 40 per unit of 10 units around λ₀ = 20: z = ln(1/2)·√200 and ln(2)·√200.
    const od = estimateOverdispersion('rate', 20, [
      { numerator: 100, denominator: 10 },
      { numerator: 400, denominator: 10 },
    ]);
    // k = 2: the 10% Winsorising clips each to 0.9·z + 0.1·(−z) = ±0.8 ln 2 √200.
    const z = 0.8 * Math.log(2) * Math.sqrt(200);
    expect(od.phi).toBeCloseTo(z * z, 9);
    // w = 200 each: Σw − Σw²/Σw = 200.
    expect(od.tau2).toBeCloseTo((2 * z * z - 1) / 200, 9);
  });

  test('members without a positive denominator are left out; none gives k 0 and τ² 0', () => {
    expect(estimateOverdispersion('proportion', 0.2, [{ numerator: 0, denominator: 0 }])).toEqual({
      k: 0,
      phi: 0,
      tau2: 0,
    });
    // One member: nothing to estimate the spread from.
    expect(estimateOverdispersion('proportion', 0.2, [{ numerator: 90, denominator: 100 }]).tau2).toBe(0);
  });

  test('throws for a target out of range or a negative numerator', () => {
    expect(() => estimateOverdispersion('proportion', 1.2, EXAMPLE)).toThrow(RangeError);
    expect(() => estimateOverdispersion('rate', 0, EXAMPLE)).toThrow(RangeError);
    expect(() => estimateOverdispersion('proportion', 0.2, [{ numerator: -1, denominator: 10 }])).toThrow(RangeError);
  });
});

describe('estimateOverdispersion: to the bit', () => {
  /**
   * The estimate as it was worked before the typed array: an object per member's z-score, an array
   * of them winsorised with `winsorise`, then summed. The typed-array loop must give the same numbers
   * to the last bit.
   */
  function straightforward(scale: 'proportion' | 'rate', target: number, members: readonly OverdispersionMember[]) {
    const arcsine = (p: number) => Math.asin(Math.sqrt(Math.min(1, Math.max(0, p))));
    const zScore = ({ numerator, denominator }: OverdispersionMember) => {
      if (scale === 'proportion') {
        const s2 = 1 / (4 * denominator);
        return { z: (arcsine(numerator / denominator) - arcsine(target)) / Math.sqrt(s2), s2 };
      }
      const s2 = 1 / (target * denominator);
      return { z: (Math.log(Math.max(numerator, 0.5) / denominator) - Math.log(target)) / Math.sqrt(s2), s2 };
    };
    const z: number[] = [];
    let sumW = 0;
    let sumW2 = 0;
    for (const member of members) {
      if (!(member.denominator > 0 && Number.isFinite(member.denominator))) continue;
      const m = zScore(member);
      z.push(m.z);
      const w = 1 / m.s2;
      sumW += w;
      sumW2 += w * w;
    }
    const k = z.length;
    if (k === 0) return { k, phi: 0, tau2: 0 };
    winsorise(z, WINSORISE_FRACTION);
    let sumZ2 = 0;
    for (const zi of z) sumZ2 += zi * zi;
    const phi = sumZ2 / k;
    const spread = sumW - sumW2 / sumW;
    const tau2 = k * phi > k - 1 && spread > 0 ? (k * phi - (k - 1)) / spread : 0;
    return { k, phi, tau2 };
  }

  test('is the straightforward estimate for random groups of proportions and rates, large and small', () => {
    const next = random(20_050);
    for (let trial = 0; trial < 2000; trial++) {
      const size = trial % 40 === 0 ? 1 + (trial % 3) : 1 + Math.floor(next() * 160);
      const rate = trial % 3 === 0;
      const members: OverdispersionMember[] = [];
      for (let i = 0; i < size; i++) {
        // Whole and fractional denominators, some 0 (left out), numerators of 0 and all.
        const denominator = i % 11 === 5 ? 0 : next() < 0.5 ? Math.ceil(next() * 800) : next() * 800;
        const share = next() < 0.1 ? Math.round(next()) : next();
        members.push({ numerator: rate ? share * denominator * 30 : share * denominator, denominator });
      }
      const target = rate ? 0.01 + next() * 40 : next() < 0.05 ? Math.round(next()) : next();
      const scale = rate ? 'rate' : 'proportion';
      const expected = straightforward(scale, target, members);
      const got = estimateOverdispersion(scale, target, members);
      if (!Object.is(got.phi, expected.phi) || !Object.is(got.tau2, expected.tau2) || got.k !== expected.k) {
        expect(got, `trial ${trial}`).toEqual(expected);
      }
    }
  });
});

describe('overdispersedFunnelLimitPairs', () => {
  test('with τ² = 0 they are the plain limits', () => {
    expect(overdispersedFunnelLimitPairs('proportion', 0.2, 100, 0)).toEqual(funnelLimitPairs(0.2, 100));
    expect(overdispersedFunnelLimitPairs('rate', 16, 40, 0)).toEqual(poissonFunnelLimitPairs(16, 40));
  });

  test('the README’s worked example: F, 15 of 25, is possibly higher than expected', () => {
    const { tau2 } = estimateOverdispersion('proportion', 0.2, EXAMPLE);
    const { limits95, limits998 } = overdispersedFunnelLimitPairs('proportion', 0.2, 25, tau2);
    // asin √0.2 = 0.46365 ± 1.95996 × √(0.01 + 0.01142) → sin² of 0.17679 and 0.75051
    expect(limits95.lower * 100).toBeCloseTo(3.1, 1);
    expect(limits95.upper * 100).toBeCloseTo(46.5, 1);
    expect(limits998.lower * 100).toBeCloseTo(0.0, 1);
    expect(limits998.upper * 100).toBeCloseTo(62.9, 1);
    expect(limits95.method).toBe('random-effects');
    expect(0.6).toBeGreaterThan(limits95.upper);
    expect(0.6).toBeLessThan(limits998.upper);
    // C, 50 of 400 (12.5%): inside 6.1% to 39.4%.
    const c = overdispersedFunnelLimitPairs('proportion', 0.2, 400, tau2).limits95;
    expect([c.lower * 100, c.upper * 100]).toEqual([expect.closeTo(6.1, 1), expect.closeTo(39.4, 1)]);
  });

  test('τ² widens the limits, and they stay in 0 to 1', () => {
    // (Not below about 20 trials, where the exact binomial lower limit is already 0 and the normal
    // approximation on the arcsine scale can sit above it.)
    for (const n of [30, 100, 1000, 10_000]) {
      const plain = funnelLimitPairs(0.2, n);
      const wide = overdispersedFunnelLimitPairs('proportion', 0.2, n, 0.01);
      expect(wide.limits95.lower).toBeLessThan(plain.limits95.lower);
      expect(wide.limits95.upper).toBeGreaterThan(plain.limits95.upper);
      expect(wide.limits998.lower).toBeGreaterThanOrEqual(0);
      expect(wide.limits998.upper).toBeLessThanOrEqual(1);
    }
    // As n grows the limits tend to sin²(asin √p ± z τ), not to p.
    const huge = overdispersedFunnelLimitPairs('proportion', 0.2, 1e12, 0.01).limits95;
    expect(huge.upper).toBeCloseTo(Math.sin(Math.asin(Math.sqrt(0.2)) + 1.959964 * 0.1) ** 2, 6);
    // A rate: exp(ln λ₀ ± z √(1/(λ₀ n) + τ²)).
    const rate = overdispersedFunnelLimitPairs('rate', 16, 50, 0.02).limits95;
    const sd = Math.sqrt(1 / 800 + 0.02);
    expect(rate.lower).toBeCloseTo(16 * Math.exp(-1.959964 * sd), 5);
    expect(rate.upper).toBeCloseTo(16 * Math.exp(1.959964 * sd), 5);
  });

  test('throws for a negative τ², or a target or denominator out of range', () => {
    expect(() => overdispersedFunnelLimitPairs('proportion', 0.2, 100, -0.1)).toThrow(RangeError);
    expect(() => overdispersedFunnelLimitPairs('proportion', 0.2, 0, 0.1)).toThrow(RangeError);
    expect(() => overdispersedFunnelLimitPairs('proportion', 1.5, 100, 0.1)).toThrow(RangeError);
    expect(() => overdispersedFunnelLimitPairs('rate', -1, 100, 0.1)).toThrow(RangeError);
  });
});

describe('widenedFunnelLimitsInto', () => {
  /** The widened limits as overdispersedFunnelLimitPairs worked them out before: closures per call, y₀ each time. */
  function straightforward(scale: 'proportion' | 'rate', target: number, denominator: number, tau2: number) {
    const z95 = normalQuantile(0.975);
    const z998 = normalQuantile(0.999);
    if (scale === 'proportion') {
      const y0 = Math.asin(Math.sqrt(Math.min(1, Math.max(0, target))));
      const sd = Math.sqrt(1 / (4 * denominator) + tau2);
      const back = (y: number) => Math.sin(Math.min(Math.PI / 2, Math.max(0, y))) ** 2;
      const at = (z: number) => ({ lower: back(y0 - z * sd), upper: back(y0 + z * sd), method: 'random-effects' });
      return { limits95: at(z95), limits998: at(z998) };
    }
    const y0 = Math.log(target);
    const sd = Math.sqrt(1 / (target * denominator) + tau2);
    const at = (z: number) => ({
      lower: Math.exp(y0 - z * sd),
      upper: Math.exp(y0 + z * sd),
      method: 'random-effects',
    });
    return { limits95: at(z95), limits998: at(z998) };
  }

  test('are the straightforward limits times the unit, to the bit; and overdispersedFunnelLimitPairs’s', () => {
    const next = random(7_007);
    const out = new Float64Array(4);
    for (let i = 0; i < 20_000; i++) {
      const scale = i % 4 === 0 ? 'rate' : 'proportion';
      const target = scale === 'rate' ? 0.01 + next() * 60 : i % 50 === 1 ? 1e-9 : next();
      if (target === 0) continue;
      const denominator = next() < 0.5 ? 1 + Math.floor(next() * 3000) : 0.3 + next() * 20_000;
      const tau2 = 10 ** (-7 + next() * 7);
      const unit = scale === 'rate' || i % 2 === 0 ? 1 : 100;
      const expected = straightforward(scale, target, denominator, tau2);
      widenedFunnelLimitsInto(scale, target, transformedTarget(scale, target), denominator, tau2, unit, out);
      // Written in the order 99.8% lower, 95% lower, 95% upper, 99.8% upper.
      const got = {
        limits95: { lower: out[1], upper: out[2], method: 'random-effects' },
        limits998: { lower: out[0], upper: out[3], method: 'random-effects' },
      };
      const public_ = overdispersedFunnelLimitPairs(scale, target, denominator, tau2);
      for (const key of ['limits95', 'limits998'] as const) {
        const want = { ...expected[key], lower: expected[key].lower * unit, upper: expected[key].upper * unit };
        if (!Object.is(got[key].lower, want.lower) || !Object.is(got[key].upper, want.upper)) {
          expect(got[key], `${scale} ${target} ${denominator} ${tau2}`).toEqual(want);
        }
        expect(public_[key]).toEqual(expected[key]);
      }
    }
  });
});

describe('overdispersionOfCounts', () => {
  test('is estimateOverdispersion of the members the arrays hold, the first `count` of them', () => {
    const numerators = [10, 20, 50, 100, 30, 15, 99];
    const denominators = [100, 100, 400, 400, 100, 25, 0];
    expect(overdispersionOfCounts('proportion', 0.2, numerators, denominators, 6)).toEqual(
      estimateOverdispersion('proportion', 0.2, EXAMPLE),
    );
    // A member without a positive denominator is left out; a negative numerator throws.
    expect(overdispersionOfCounts('proportion', 0.2, numerators, denominators, 7).k).toBe(6);
    expect(() => overdispersionOfCounts('proportion', 0.2, [-1], [10], 1)).toThrow(RangeError);
  });
});

describe('sortedCopy', () => {
  test('sorts the first `count` values into a new array, by insertion or by the typed-array sort', () => {
    const next = random(31);
    for (const size of [0, 1, 2, 5, 31, 32, 33, 100, 400]) {
      const values = Array.from({ length: size + 3 }, () => Math.round((next() - 0.5) * 200) / 4);
      const got = Array.from(sortedCopy(values, size));
      expect(got).toEqual(Array.from(Float64Array.from(values.slice(0, size)).sort()));
      expect(values).toHaveLength(size + 3);
    }
    // NaN last, as the typed-array sort puts it; −0 and 0 compare equal by insertion.
    expect(Array.from(sortedCopy([3, Number.NaN, 1], 3))).toEqual([1, 3, Number.NaN]);
    expect(Array.from(sortedCopy([0, -0, -1], 3)).map((v) => v + 0)).toEqual([-1, 0, 0]);
  });
});
