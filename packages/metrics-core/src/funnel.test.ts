import { describe, expect, test } from 'vitest';
import {
  funnelLimitPairs,
  funnelLimits,
  NORMAL_APPROXIMATION_MIN_VARIANCE,
  normalQuantile,
  poissonFunnelLimitPairs,
  poissonFunnelLimits,
  scaledFunnelLimitPairs,
  scaledFunnelLimitsInto,
} from './funnel.js';

/** Standard normal quantiles from tables (R: qnorm(0.975), qnorm(0.999)). */
const Z975 = 1.959963984540054;
const Z999 = 3.090232306167813;

// ---------------------------------------------------------------------------------------------
// Independent brute force: the CDF summed term by term from log-factorials, then Spiegelhalter's
// interpolation (2005, appendix A.1.1): r = the smallest count with F(r) ≥ q,
// α = (F(r) − q) ÷ (F(r) − F(r − 1)) with F(−1) = 0, limit = (r − α) ÷ n, clipped to [0, 1].
// ---------------------------------------------------------------------------------------------

function logFactorial(k: number): number {
  let sum = 0;
  for (let i = 2; i <= k; i++) sum += Math.log(i);
  return sum;
}

function binomialCdf(n: number, p: number): number[] {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 0; k <= n; k++) {
    const logPmf =
      logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log(1 - p);
    total += Math.exp(logPmf);
    cdf.push(total);
  }
  return cdf;
}

function poissonCdf(mean: number, maxK: number): number[] {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 0; k <= maxK; k++) {
    total += Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
    cdf.push(total);
  }
  return cdf;
}

/** Spiegelhalter's interpolated q-quantile of a discrete distribution with CDF `cdf` at 0, 1, 2, … */
function interpolated(cdf: readonly number[], q: number): number {
  for (let r = 0; r < cdf.length; r++) {
    const f = cdf[r] as number;
    if (f >= q) {
      const before = r === 0 ? 0 : (cdf[r - 1] as number);
      return r - (f - q) / (f - before);
    }
  }
  return cdf.length - 1;
}

const clip01 = (x: number) => Math.min(1, Math.max(0, x));

function bruteBinomial(p: number, n: number, coverage: number) {
  const cdf = binomialCdf(n, p);
  const tail = (1 - coverage) / 2;
  return { lower: clip01(interpolated(cdf, tail) / n), upper: clip01(interpolated(cdf, 1 - tail) / n) };
}

function brutePoisson(rate: number, exposure: number, coverage: number) {
  const mean = rate * exposure;
  const cdf = poissonCdf(mean, Math.ceil(mean * 3 + 60));
  const tail = (1 - coverage) / 2;
  return {
    lower: Math.max(0, interpolated(cdf, tail)) / exposure,
    upper: Math.max(0, interpolated(cdf, 1 - tail)) / exposure,
  };
}

describe('normalQuantile', () => {
  test('matches tabulated values', () => {
    expect(Math.abs(normalQuantile(0.975) - Z975)).toBeLessThan(1e-8);
    expect(Math.abs(normalQuantile(0.999) - Z999)).toBeLessThan(1e-8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 6);
    expect(normalQuantile(0.5)).toBe(0);
    // Φ(1) = 0.8413447460685429; Φ(−2) = 0.022750131948179195 (the lower tail branch, p < 0.02425).
    expect(normalQuantile(0.8413447460685429)).toBeCloseTo(1, 8);
    expect(normalQuantile(0.022750131948179195)).toBeCloseTo(-2, 8);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 6);
  });

  test('is symmetric: z(p) = −z(1 − p)', () => {
    for (const p of [1e-6, 0.001, 0.01, 0.02425, 0.025, 0.1, 0.3, 0.45]) {
      expect(normalQuantile(p)).toBeLessThan(0);
      expect(normalQuantile(p) + normalQuantile(1 - p)).toBeCloseTo(0, 8);
    }
  });

  test('is increasing', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (let p = 0.001; p < 1; p += 0.001) {
      const z = normalQuantile(p);
      expect(z).toBeGreaterThan(previous);
      previous = z;
    }
  });

  test.each([0, 1, -0.1, 1.1, Number.NaN])('throws at %s', (p) => {
    expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

describe('funnelLimits: normal approximation', () => {
  test('p ± z·√(p(1−p)/n) once n·p·(1−p) ≥ 100', () => {
    // p = 0.15, n = 5000: variance 5000 × 0.15 × 0.85 = 637.5; √(0.1275 ÷ 5000) = 0.0050497525
    // 95%: 1.959964 × 0.0050497525 = 0.0098973 → 0.1401027 to 0.1598973
    // 99.8%: 3.090232 × 0.0050497525 = 0.0156049 → 0.1343951 to 0.1656049
    const se = Math.sqrt((0.15 * 0.85) / 5000);
    const l95 = funnelLimits(0.15, 5000, 0.95);
    expect(l95.method).toBe('normal');
    expect(l95.lower).toBeCloseTo(0.15 - Z975 * se, 9);
    expect(l95.upper).toBeCloseTo(0.15 + Z975 * se, 9);
    expect(l95.lower).toBeCloseTo(0.1401027, 6);
    expect(l95.upper).toBeCloseTo(0.1598973, 6);
    const l998 = funnelLimits(0.15, 5000, 0.998);
    expect(l998.lower).toBeCloseTo(0.1343951, 6);
    expect(l998.upper).toBeCloseTo(0.1656049, 6);
  });

  test('the switch is at a variance of exactly 100', () => {
    expect(NORMAL_APPROXIMATION_MIN_VARIANCE).toBe(100);
    // 400 × 0.5 × 0.5 = 100 → normal; 399 × 0.25 = 99.75 → exact
    expect(funnelLimits(0.5, 400, 0.95).method).toBe('normal');
    expect(funnelLimits(0.5, 399, 0.95).method).toBe('exact');
    const l = funnelLimits(0.5, 400, 0.95);
    // √(0.25 ÷ 400) = 0.025; 1.959964 × 0.025 = 0.0489991
    expect(l.lower).toBeCloseTo(0.5 - 0.0489991, 6);
    expect(l.upper).toBeCloseTo(0.5 + 0.0489991, 6);
  });
});

describe('funnelLimits: exact binomial with Spiegelhalter’s interpolation', () => {
  test('worked by hand: p = 0.2, n = 2', () => {
    // F(0) = 0.8² = 0.64, F(1) = 0.64 + 2 × 0.2 × 0.8 = 0.96, F(2) = 1.
    // Lower (q = 0.025): r = 0, α = (0.64 − 0.025) ÷ 0.64 = 0.961 → (0 − 0.961) ÷ 2 < 0 → 0.
    // Upper (q = 0.975): r = 2, α = (1 − 0.975) ÷ (1 − 0.96) = 0.625 → (2 − 0.625) ÷ 2 = 0.6875.
    const l = funnelLimits(0.2, 2, 0.95);
    expect(l.method).toBe('exact');
    expect(l.lower).toBe(0);
    expect(l.upper).toBeCloseTo(0.6875, 12);
  });

  test('worked by hand: p = 0.8, n = 2 (above 0.5)', () => {
    // F(0) = 0.2² = 0.04, F(1) = 0.04 + 2 × 0.8 × 0.2 = 0.36, F(2) = 1.
    // Lower: r = 0, α = (0.04 − 0.025) ÷ 0.04 = 0.375 → −0.1875 → 0.
    // Upper: r = 2, α = (1 − 0.975) ÷ (1 − 0.36) = 0.0390625 → (2 − 0.0390625) ÷ 2 = 0.98046875.
    const l = funnelLimits(0.8, 2, 0.95);
    expect(l.lower).toBe(0);
    expect(l.upper).toBeCloseTo(0.98046875, 12);
  });

  test('worked by hand: p = 0.5, n = 1', () => {
    // F(0) = 0.5, F(1) = 1. Upper: r = 1, α = 0.025 ÷ 0.5 = 0.05 → 0.95. Lower: −0.95 → 0.
    expect(funnelLimits(0.5, 1, 0.95)).toEqual({ lower: 0, upper: 0.95, method: 'exact' });
  });

  test.each([
    [0.15, 200],
    [0.3, 20],
    [0.05, 60],
    [0.02, 500],
    [0.5, 21],
    [0.5, 399],
    // Above 0.5 the library works with 1 − p and reflects; the result must be the direct method's.
    [0.85, 200],
    [0.7, 20],
    [0.95, 40],
    [0.99, 30],
    [0.6, 150],
  ])('p = %s, n = %s matches a brute-force computation', (p, n) => {
    for (const coverage of [0.95, 0.998]) {
      const limits = funnelLimits(p, n, coverage);
      const expected = bruteBinomial(p, n, coverage);
      expect(limits.method).toBe('exact');
      expect(limits.lower, `lower ${coverage}`).toBeCloseTo(expected.lower, 9);
      expect(limits.upper, `upper ${coverage}`).toBeCloseTo(expected.upper, 9);
    }
  });

  test('the example of the documentation: p = 0.15, n = 200', () => {
    const l = funnelLimits(0.15, 200, 0.95);
    expect(l.lower).toBeCloseTo(0.09977654, 7);
    expect(l.upper).toBeCloseTo(0.19870064, 7);
  });

  test('the limits are continuous in the target across 0.5, where the reflection starts', () => {
    for (const n of [7, 21, 100]) {
      const at = funnelLimits(0.5, n, 0.95);
      const above = funnelLimits(0.5 + 1e-9, n, 0.95);
      expect(above.lower).toBeCloseTo(at.lower, 6);
      expect(above.upper).toBeCloseTo(at.upper, 6);
    }
  });

  test('a non-whole denominator is rounded to whole trials, at least 1', () => {
    expect(funnelLimits(0.2, 20.4, 0.95)).toEqual(funnelLimits(0.2, 20, 0.95));
    expect(funnelLimits(0.2, 19.6, 0.95)).toEqual(funnelLimits(0.2, 20, 0.95));
    expect(funnelLimits(0.2, 0.3, 0.95)).toEqual(funnelLimits(0.2, 1, 0.95));
  });
});

describe('funnelLimits: shape', () => {
  const coverages = [0.5, 0.8, 0.9, 0.95, 0.99, 0.998];

  test('the limits widen as the coverage rises', () => {
    for (const [p, n] of [
      [0.15, 200],
      [0.15, 5000],
      [0.4, 30],
      [0.8, 60],
      [0.05, 1000],
    ] as const) {
      for (let i = 1; i < coverages.length; i++) {
        const narrower = funnelLimits(p, n, coverages[i - 1] as number);
        const wider = funnelLimits(p, n, coverages[i] as number);
        expect(wider.lower).toBeLessThanOrEqual(narrower.lower);
        expect(wider.upper).toBeGreaterThanOrEqual(narrower.upper);
        expect(wider.upper - wider.lower).toBeGreaterThan(narrower.upper - narrower.lower);
      }
    }
  });

  test('the 95% limits narrow steadily as n grows from 20 to 1500 (exact, then normal)', () => {
    for (const p of [0.3, 0.5, 0.7]) {
      let previous = Number.POSITIVE_INFINITY;
      for (let n = 20; n <= 1500; n++) {
        const l = funnelLimits(p, n, 0.95);
        const width = l.upper - l.lower;
        expect(width, `p = ${p}, n = ${n}`).toBeLessThanOrEqual(previous + 1e-12);
        previous = width;
      }
      // …from about ±20 points at n = 20 to about ±2.4 points at n = 1500.
      const first = funnelLimits(p, 20, 0.95);
      const last = funnelLimits(p, 1500, 0.95);
      expect(first.upper - first.lower).toBeGreaterThan(0.3);
      expect(last.upper - last.lower).toBeLessThan(0.06);
    }
  });

  test('the 99.8% limits around 0.5 narrow steadily for every n from 1 to 3000', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (let n = 1; n <= 3000; n++) {
      const l = funnelLimits(0.5, n, 0.998);
      expect(l.upper - l.lower, `n = ${n}`).toBeLessThanOrEqual(previous + 1e-12);
      previous = l.upper - l.lower;
    }
  });

  test('the target lies between the limits, which lie within 0 and 1', () => {
    for (const p of [0.02, 0.1, 0.15, 0.3, 0.5, 0.64, 0.85, 0.97]) {
      for (const n of [10, 25, 60, 100, 250, 700, 2000, 20_000]) {
        if (n * p * (1 - p) < 1) continue;
        for (const coverage of [0.95, 0.998]) {
          const l = funnelLimits(p, n, coverage);
          const where = `p = ${p}, n = ${n}, ${coverage}`;
          expect(l.lower, where).toBeGreaterThanOrEqual(0);
          expect(l.lower, where).toBeLessThanOrEqual(p);
          expect(l.upper, where).toBeGreaterThanOrEqual(p);
          expect(l.upper, where).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  test('a target of 0 or 1 gives degenerate limits', () => {
    expect(funnelLimits(0, 100, 0.95)).toEqual({ lower: 0, upper: 0, method: 'exact' });
    expect(funnelLimits(1, 100, 0.998)).toEqual({ lower: 1, upper: 1, method: 'exact' });
  });

  test.each([
    [-0.1, 100, 0.95],
    [1.1, 100, 0.95],
    [Number.NaN, 100, 0.95],
    [0.5, 0, 0.95],
    [0.5, -5, 0.95],
    [0.5, Number.POSITIVE_INFINITY, 0.95],
    [0.5, Number.NaN, 0.95],
    [0.5, 100, 0],
    [0.5, 100, 1],
    [0.5, 100, 95],
    [0.5, 100, Number.NaN],
  ])('funnelLimits(%s, %s, %s) throws', (target, denominator, coverage) => {
    expect(() => funnelLimits(target, denominator, coverage)).toThrow(RangeError);
  });
});

describe('poissonFunnelLimits', () => {
  test('normal approximation target ± z·√(target ÷ exposure) once the mean is 100 or more', () => {
    // 16 cases per FTE over 100 FTE: mean 1600. √(16 ÷ 100) = 0.4.
    // 95%: 16 ± 1.959964 × 0.4 = 16 ± 0.7839856 → 15.2160144 to 16.7839856
    // 99.8%: 16 ± 3.090232 × 0.4 = 16 ± 1.2360929 → 14.7639071 to 17.2360929
    const l95 = poissonFunnelLimits(16, 100, 0.95);
    expect(l95.method).toBe('normal');
    expect(l95.lower).toBeCloseTo(15.2160144, 6);
    expect(l95.upper).toBeCloseTo(16.7839856, 6);
    const l998 = poissonFunnelLimits(16, 100, 0.998);
    expect(l998.lower).toBeCloseTo(16 - Z999 * 0.4, 8);
    expect(l998.upper).toBeCloseTo(17.2360929, 6);
    // Mean exactly 100 is normal; just below is exact.
    expect(poissonFunnelLimits(10, 10, 0.95).method).toBe('normal');
    expect(poissonFunnelLimits(10, 9.99, 0.95).method).toBe('exact');
  });

  test('worked by hand: mean 1', () => {
    // F(0) = e⁻¹ = 0.367879, F(1) = 0.735759, F(2) = 0.919699, F(3) = 0.981012.
    // Upper (q = 0.975): r = 3, α = (0.981012 − 0.975) ÷ (0.981012 − 0.919699) = 0.098051 → 2.901949.
    // Lower (q = 0.025): r = 0, α = (0.367879 − 0.025) ÷ 0.367879 = 0.932 → negative → 0.
    const l = poissonFunnelLimits(1, 1, 0.95);
    expect(l.method).toBe('exact');
    expect(l.lower).toBe(0);
    expect(l.upper).toBeCloseTo(2.901949, 5);
  });

  test.each([
    [16, 2],
    [3, 1.5],
    [0.5, 2],
    [20, 4.9],
    [1.2, 30],
    [40, 0.3],
  ])('rate %s over exposure %s matches a brute-force Poisson computation', (rate, exposure) => {
    for (const coverage of [0.95, 0.998]) {
      const limits = poissonFunnelLimits(rate, exposure, coverage);
      const expected = brutePoisson(rate, exposure, coverage);
      expect(limits.method).toBe('exact');
      expect(limits.lower, `lower ${coverage}`).toBeCloseTo(expected.lower, 8);
      expect(limits.upper, `upper ${coverage}`).toBeCloseTo(expected.upper, 8);
    }
  });

  test('the limits widen with coverage and narrow as the exposure grows', () => {
    const l95 = poissonFunnelLimits(16, 3, 0.95);
    const l998 = poissonFunnelLimits(16, 3, 0.998);
    expect(l998.lower).toBeLessThan(l95.lower);
    expect(l998.upper).toBeGreaterThan(l95.upper);
    for (const rate of [3, 16]) {
      let previous = Number.POSITIVE_INFINITY;
      for (let exposure = 1; exposure <= 200; exposure += 0.5) {
        const l = poissonFunnelLimits(rate, exposure, 0.95);
        expect(l.upper - l.lower, `rate ${rate}, exposure ${exposure}`).toBeLessThanOrEqual(previous + 1e-12);
        expect(l.lower).toBeLessThanOrEqual(rate);
        expect(l.upper).toBeGreaterThanOrEqual(rate);
        previous = l.upper - l.lower;
      }
    }
  });

  test('a rate of 0 gives degenerate limits', () => {
    expect(poissonFunnelLimits(0, 50, 0.95)).toEqual({ lower: 0, upper: 0, method: 'exact' });
  });

  test.each([
    [-1, 10, 0.95],
    [Number.NaN, 10, 0.95],
    [Number.POSITIVE_INFINITY, 10, 0.95],
    [16, 0, 0.95],
    [16, -1, 0.95],
    [16, Number.NaN, 0.95],
    [16, 10, 0],
    [16, 10, 1],
  ])('poissonFunnelLimits(%s, %s, %s) throws', (rate, exposure, coverage) => {
    expect(() => poissonFunnelLimits(rate, exposure, coverage)).toThrow(RangeError);
  });
});

describe('funnelLimitPairs and poissonFunnelLimitPairs', () => {
  test('give the 95% and 99.8% limits of funnelLimits, in both branches and either side of 0.5', () => {
    for (const p of [0, 0.001, 0.02, 0.15, 0.3, 0.5, 0.51, 0.7, 0.85, 0.99, 1]) {
      for (const n of [0.4, 1, 2, 7, 20, 60, 200, 1000, 20_000]) {
        const pairs = funnelLimitPairs(p, n);
        const where = `p = ${p}, n = ${n}`;
        for (const [limits, coverage] of [
          [pairs.limits95, 0.95],
          [pairs.limits998, 0.998],
        ] as const) {
          const single = funnelLimits(p, n, coverage);
          expect(limits.lower, where).toBeCloseTo(single.lower, 12);
          expect(limits.upper, where).toBeCloseTo(single.upper, 12);
          expect(limits.method, where).toBe(single.method);
        }
      }
    }
  });

  test('match the brute force above 0.5 too', () => {
    const pairs = funnelLimitPairs(0.7, 20);
    const b95 = bruteBinomial(0.7, 20, 0.95);
    const b998 = bruteBinomial(0.7, 20, 0.998);
    expect(pairs.limits95.lower).toBeCloseTo(b95.lower, 9);
    expect(pairs.limits95.upper).toBeCloseTo(b95.upper, 9);
    expect(pairs.limits998.lower).toBeCloseTo(b998.lower, 9);
    expect(pairs.limits998.upper).toBeCloseTo(b998.upper, 9);
  });

  test('the Poisson pairs give the limits of poissonFunnelLimits', () => {
    for (const rate of [0, 0.5, 3, 16, 40]) {
      for (const exposure of [0.3, 1, 2.5, 10, 100]) {
        const pairs = poissonFunnelLimitPairs(rate, exposure);
        const where = `rate ${rate}, exposure ${exposure}`;
        for (const [limits, coverage] of [
          [pairs.limits95, 0.95],
          [pairs.limits998, 0.998],
        ] as const) {
          const single = poissonFunnelLimits(rate, exposure, coverage);
          expect(limits.lower, where).toBeCloseTo(single.lower, 10);
          expect(limits.upper, where).toBeCloseTo(single.upper, 10);
          expect(limits.method, where).toBe(single.method);
        }
      }
    }
  });

  test('throw for invalid arguments', () => {
    expect(() => funnelLimitPairs(1.5, 10)).toThrow(RangeError);
    expect(() => funnelLimitPairs(0.5, 0)).toThrow(RangeError);
    expect(() => poissonFunnelLimitPairs(-1, 10)).toThrow(RangeError);
    expect(() => poissonFunnelLimitPairs(16, 0)).toThrow(RangeError);
  });
});

describe('scaledFunnelLimitPairs', () => {
  test('gives exactly the limits of funnelLimitPairs multiplied by the scale, in every branch', () => {
    const targets = [0, 1e-6, 0.001, 0.02, 0.15, 0.3, 0.4999999, 0.5, 0.5000001, 0.51, 0.7, 0.85, 0.99, 0.999999, 1];
    const denominators = [1e-3, 0.4, 0.5, 1, 1.5, 2, 7, 20, 60, 152.4, 200, 1000, 5000, 20_000, 1e7];
    for (const p of targets) {
      for (const n of denominators) {
        for (const scale of [1, 100]) {
          const raw = funnelLimitPairs(p, n);
          const scaled = scaledFunnelLimitPairs(p, n, scale);
          for (const key of ['limits95', 'limits998'] as const) {
            const expected = { lower: raw[key].lower * scale, upper: raw[key].upper * scale, method: raw[key].method };
            expect(Object.keys(scaled[key]), `${p}, ${n}`).toEqual(['lower', 'upper', 'method']);
            if (
              !Object.is(scaled[key].lower, expected.lower) ||
              !Object.is(scaled[key].upper, expected.upper) ||
              scaled[key].method !== expected.method
            ) {
              expect(scaled[key], `p = ${p}, n = ${n}, scale = ${scale}, ${key}`).toEqual(expected);
            }
          }
          // Two objects, never one shared.
          expect(scaled.limits95).not.toBe(scaled.limits998);
        }
      }
    }
  });

  test('throws as funnelLimitPairs does', () => {
    for (const [p, n] of [
      [1.5, 10],
      [-0.1, 10],
      [Number.NaN, 10],
      [0.5, 0],
      [0.5, -1],
      [0.5, Number.POSITIVE_INFINITY],
      [0.5, Number.NaN],
      [0, Number.POSITIVE_INFINITY],
    ] as const) {
      expect(() => scaledFunnelLimitPairs(p, n, 100)).toThrow(
        (() => {
          try {
            funnelLimitPairs(p, n);
          } catch (error) {
            return (error as Error).message;
          }
          throw new Error(`funnelLimitPairs(${p}, ${n}) did not throw`);
        })(),
      );
    }
  });
});

describe('funnelLimitPairs: the exact limits to the bit', () => {
  /**
   * The exact limits as they were computed before the single flat loop: a loop per tail nested in a
   * loop over the tails (Spiegelhalter's interpolation, p ≤ 0.5 then reflected). The flat loop must
   * do the same arithmetic in the same order, so give the same numbers to the last bit.
   */
  function nestedLoopLimits(target: number, denominator: number): number[] {
    const flip = target > 0.5;
    const p = flip ? 1 - target : target;
    const n = Math.max(1, Math.round(denominator));
    const odds = p / (1 - p);
    const out: number[] = [];
    let k = 0;
    let pmf = (1 - p) ** n;
    let before = 0;
    let cdf = pmf;
    for (const q of [0.001, 0.025, 0.975, 0.999]) {
      while (cdf < q && k < n) {
        pmf *= ((n - k) / (k + 1)) * odds;
        k++;
        before = cdf;
        cdf += pmf;
      }
      const step = cdf - before;
      const alpha = step > 0 ? Math.min(1, Math.max(0, (cdf - q) / step)) : 0;
      out.push(k - alpha);
    }
    if (!flip) return out.map((r) => clip01(r / n));
    return out.map((r) => clip01((n - 1 - r) / n)).reverse();
  }

  test('are those of a loop per tail, for every target and denominator of a fine grid', () => {
    let exact = 0;
    for (let i = 1; i < 400; i++) {
      // Targets on both sides of 0.5, near 0 and 1, and 0.5 itself.
      const target = i === 200 ? 0.5 : (i / 400) ** (i % 2 === 0 ? 1 : 3);
      for (const n of [0.4, 0.6, 1, 1.5, 2, 3, 4, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 4181]) {
        const pairs = funnelLimitPairs(target, n);
        if (pairs.limits95.method !== 'exact') continue;
        exact++;
        const expected = nestedLoopLimits(target, n);
        const got = [pairs.limits998.lower, pairs.limits95.lower, pairs.limits95.upper, pairs.limits998.upper];
        for (let j = 0; j < 4; j++) {
          if (!Object.is(got[j], expected[j])) expect(got, `target ${target}, n ${n}`).toEqual(expected);
        }
      }
    }
    // The grid reaches the exact branch often, not just at its edges.
    expect(exact).toBeGreaterThan(3000);
  });
});

describe('scaledFunnelLimitsInto', () => {
  test('writes the limits of scaledFunnelLimitPairs in the order 99.8% lower, 95% lower, 95% upper, 99.8% upper, and returns their method', () => {
    const out = new Float64Array(4);
    for (const p of [0, 0.001, 0.15, 0.5, 0.85, 1]) {
      for (const n of [0.4, 3, 60, 1000, 20_000]) {
        const pairs = scaledFunnelLimitPairs(p, n, 100);
        const method = scaledFunnelLimitsInto(p, n, 100, out);
        expect(method).toBe(pairs.limits95.method);
        expect(Array.from(out)).toEqual([
          pairs.limits998.lower,
          pairs.limits95.lower,
          pairs.limits95.upper,
          pairs.limits998.upper,
        ]);
      }
    }
    expect(() => scaledFunnelLimitsInto(1.5, 10, 100, out)).toThrow(RangeError);
  });
});
