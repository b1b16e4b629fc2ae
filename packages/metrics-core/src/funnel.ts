/**
 * Funnel-plot control limits (Spiegelhalter 2005, "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 24:1185–1202).
 *
 * A funnel plot shows each authority's rate against its size (the denominator), with control limits
 * around the group's pooled rate that narrow as the denominator grows. A small authority's rate is
 * noisier, so it must lie further from the target before it signals anything; this is how
 * authorities of 20 and 760 FTE are compared fairly. Points inside the 95% limits are "as expected";
 * outside the 99.8% limits is a strong signal.
 *
 * @module
 */

/** Lower and upper control limits, and how they were computed. */
export interface ControlLimits {
  readonly lower: number;
  readonly upper: number;
  /**
   * `exact` (discrete distribution, interpolated), `normal` (approximation), or `random-effects`
   * (widened for overdispersion on a transformed scale: see `overdispersedFunnelLimitPairs`).
   */
  readonly method: 'exact' | 'normal' | 'random-effects';
}

/** The variance (n·p·(1−p), or μ for Poisson) from which the normal approximation is used. */
export const NORMAL_APPROXIMATION_MIN_VARIANCE = 100;

/**
 * The standard normal quantile (inverse CDF), by Acklam's rational approximation (relative error
 * below 1.2e-9).
 *
 * @example
 * normalQuantile(0.975); // 1.959963…
 * @throws {RangeError} when `p` is not strictly between 0 and 1.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be strictly between 0 and 1, got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

function checkCoverage(coverage: number): void {
  if (!(coverage > 0 && coverage < 1)) {
    throw new RangeError(`coverage must be strictly between 0 and 1 (0.95, 0.998), got ${coverage}`);
  }
}

/**
 * Spiegelhalter's interpolated quantiles of a discrete distribution (2005, appendix A.1.1): with r the
 * smallest count whose CDF reaches the tail probability q, the limit is `r − α` where
 * `α = (F(r) − q) ÷ (F(r) − F(r − 1))`, which makes the limits a smooth function of the denominator.
 * `tails` ascending; one pass over the distribution for all of them. `parameter` is n (binomial, with
 * `odds` = p ÷ (1 − p)) or μ (Poisson). Unclipped: `r − α` is below 0 (down to −1) when F(0) already
 * exceeds q, and the binomial reflection needs that value; callers clip.
 */
function interpolatedQuantiles(
  tails: readonly number[],
  pmf0: number,
  distribution: 'binomial' | 'poisson',
  parameter: number,
  odds: number,
  maxK: number,
): number[] {
  const out: number[] = [];
  let k = 0;
  let pmf = pmf0;
  let cdfBefore = 0;
  let cdf = pmf0;
  const binomial = distribution === 'binomial';
  for (const q of tails) {
    while (cdf < q && k < maxK) {
      // pmf(k + 1) from pmf(k): binomial (n − k) ÷ (k + 1) × p ÷ (1 − p); Poisson μ ÷ (k + 1).
      pmf *= binomial ? ((parameter - k) / (k + 1)) * odds : parameter / (k + 1);
      k++;
      cdfBefore = cdf;
      cdf += pmf;
    }
    const step = cdf - cdfBefore;
    const alpha = step > 0 ? Math.min(1, Math.max(0, (cdf - q) / step)) : 0;
    out.push(k - alpha);
  }
  return out;
}

/** Tail probabilities of the 99.8% and 95% limits, ascending. */
const TAILS_998_95 = [0.001, 0.025, 0.975, 0.999] as const;
const Z95 = normalQuantile(0.975);
const Z998 = normalQuantile(0.999);

function checkTarget(target: number, denominator: number): void {
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target must be a proportion from 0 to 1, got ${target}`);
  if (!(denominator > 0 && Number.isFinite(denominator))) {
    throw new RangeError(`denominator must be a positive number, got ${denominator}`);
  }
}

/** Exact binomial limits for the given tails (ascending), as proportions. */
function exactBinomial(target: number, denominator: number, tails: readonly number[]): number[] {
  // Work with the tail nearer 0 (p ≤ 0.5) for numerical stability, then reflect.
  const flip = target > 0.5;
  const p = flip ? 1 - target : target;
  const n = Math.max(1, Math.round(denominator));
  const qs = flip ? tails.map((t) => 1 - t).reverse() : tails;
  const counts = interpolatedQuantiles(qs, (1 - p) ** n, 'binomial', n, p / (1 - p), n);
  if (!flip) return counts.map((r) => clip01(r / n));
  return counts.map((r) => clip01(reflect(r, n) / n)).reverse();
}

/**
 * The interpolated q-quantile of X = n − X′ from the interpolated (1 − q)-quantile r′ of X′: since
 * F_X(x) = 1 − F_X′(n − x − 1), it is n − 1 − r′ (not n − r′, which is 1/n too high and makes the
 * limits jump as the target crosses 0.5).
 */
function reflect(r: number, n: number): number {
  return n - 1 - r;
}

function clip01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Where {@link exactBinomialInto} writes: read at once, before anything else can write there. */
const SCRATCH = new Float64Array(4);

/**
 * The four exact binomial limits (99.8% lower, 95% lower, 95% upper, 99.8% upper) of a target
 * proportion, written into {@link SCRATCH} in one pass over the distribution with no allocation: the
 * hot path of comparing every authority with its groups. Same method, and the same arithmetic in the
 * same order, as {@link interpolatedQuantiles}, so the same numbers to the bit.
 */
function exactBinomialInto(target: number, denominator: number): void {
  // Work with the tail nearer 0 (p ≤ 0.5) for numerical stability, then reflect.
  const flip = target > 0.5;
  const p = flip ? 1 - target : target;
  const n = Math.max(1, Math.round(denominator));
  const odds = p / (1 - p);
  const out = SCRATCH;
  // Ascending tails of the distribution worked on (reflected when flipped, which is symmetric here).
  // One flat loop that either steps to the next count or records the current tail: about three
  // times faster than a loop per tail nested in a loop over the tails, which V8 compiles poorly.
  let k = 0;
  let pmf = (1 - p) ** n;
  let before = 0;
  let cdf = pmf;
  let i = 0;
  let q: number = TAILS_998_95[0];
  for (;;) {
    if (cdf < q && k < n) {
      pmf *= ((n - k) / (k + 1)) * odds;
      k++;
      before = cdf;
      cdf += pmf;
      continue;
    }
    const step = cdf - before;
    const alpha = step > 0 ? Math.min(1, Math.max(0, (cdf - q) / step)) : 0;
    out[i] = k - alpha;
    if (++i === 4) break;
    q = TAILS_998_95[i] as number;
  }
  if (flip) {
    const q0 = out[0] as number;
    const q1 = out[1] as number;
    out[0] = clip01(reflect(out[3] as number, n) / n);
    out[1] = clip01(reflect(out[2] as number, n) / n);
    out[2] = clip01(reflect(q1, n) / n);
    out[3] = clip01(reflect(q0, n) / n);
  } else {
    for (let j = 0; j < 4; j++) out[j] = clip01((out[j] as number) / n);
  }
}

/**
 * Control limits for a proportion on a funnel plot: where an observed proportion out of
 * `denominator` would fall with probability `coverage` if its true proportion were `target`.
 * Use coverage 0.95 and 0.998 for the two pairs of limits of a funnel plot.
 *
 * Method (Spiegelhalter 2005): exact binomial with the interpolation of his appendix while the
 * binomial variance n·p·(1−p) is below {@link NORMAL_APPROXIMATION_MIN_VARIANCE} (small authorities,
 * rates near 0 or 1), where the normal approximation is poor; above it, the normal approximation
 * `target ± z × √(target × (1 − target) ÷ n)`, clipped to 0 and 1. Denominators in FTE are not whole
 * numbers: the exact method rounds them to whole trials (at least 1).
 *
 * @param target - the proportion from 0 to 1 (not a percentage): the group's pooled rate ÷ 100.
 * @param denominator - the authority's denominator (FTE, headcount, FTE-days).
 * @param coverage - the probability between the limits, such as 0.95 or 0.998.
 * @example
 * funnelLimits(0.15, 200, 0.95); // { lower: 0.0997…, upper: 0.1987…, method: 'exact' }
 * funnelLimits(0.15, 5000, 0.998); // { lower: 0.1344…, upper: 0.1656…, method: 'normal' }
 * @throws {RangeError} when `target` is outside 0 to 1, `denominator` is not positive, or
 *   `coverage` is not strictly between 0 and 1.
 */
export function funnelLimits(target: number, denominator: number, coverage: number): ControlLimits {
  checkTarget(target, denominator);
  checkCoverage(coverage);
  if (target === 0 || target === 1) return { lower: target, upper: target, method: 'exact' };
  if (denominator * target * (1 - target) >= NORMAL_APPROXIMATION_MIN_VARIANCE) {
    const half = normalQuantile(1 - (1 - coverage) / 2) * Math.sqrt((target * (1 - target)) / denominator);
    return { lower: Math.max(0, target - half), upper: Math.min(1, target + half), method: 'normal' };
  }
  const [lower = 0, upper = 1] = exactBinomial(target, denominator, [(1 - coverage) / 2, 1 - (1 - coverage) / 2]);
  return { lower, upper, method: 'exact' };
}

/**
 * The 95% and 99.8% limits of {@link funnelLimits} at once (one pass over the distribution), as a
 * funnel plot needs them.
 *
 * @example
 * const { limits95, limits998 } = funnelLimitPairs(0.15, 200);
 * @throws {RangeError} as {@link funnelLimits}.
 */
export function funnelLimitPairs(
  target: number,
  denominator: number,
): { limits95: ControlLimits; limits998: ControlLimits } {
  checkTarget(target, denominator);
  if (target === 0 || target === 1) {
    const l: ControlLimits = { lower: target, upper: target, method: 'exact' };
    return { limits95: l, limits998: l };
  }
  if (denominator * target * (1 - target) >= NORMAL_APPROXIMATION_MIN_VARIANCE) {
    const sd = Math.sqrt((target * (1 - target)) / denominator);
    const at = (z: number): ControlLimits => ({
      lower: Math.max(0, target - z * sd),
      upper: Math.min(1, target + z * sd),
      method: 'normal',
    });
    return { limits95: at(Z95), limits998: at(Z998) };
  }
  exactBinomialInto(target, denominator);
  return {
    limits95: { lower: SCRATCH[1] as number, upper: SCRATCH[2] as number, method: 'exact' },
    limits998: { lower: SCRATCH[0] as number, upper: SCRATCH[3] as number, method: 'exact' },
  };
}

/**
 * {@link funnelLimitPairs} with every limit multiplied by `scale` (100 for a percentage), as a funnel
 * plot in the metric's units shows them: the same numbers as scaling its result, without the
 * intermediate objects, for the hot path of comparing every authority with its groups.
 *
 * @param target - the proportion from 0 to 1: the group's pooled value ÷ `scale`.
 * @example
 * scaledFunnelLimitPairs(0.15, 200, 100).limits95; // { lower: 9.97…, upper: 19.87…, method: 'exact' }
 * @throws {RangeError} as {@link funnelLimits}.
 * @internal
 */
export function scaledFunnelLimitPairs(
  target: number,
  denominator: number,
  scale: number,
): { limits95: ControlLimits; limits998: ControlLimits } {
  const out = PAIR_SCRATCH;
  const method = scaledFunnelLimitsInto(target, denominator, scale, out);
  return {
    limits95: { lower: out[1] as number, upper: out[2] as number, method },
    limits998: { lower: out[0] as number, upper: out[3] as number, method },
  };
}

/** Where {@link scaledFunnelLimitPairs} has its limits written, read at once. */
const PAIR_SCRATCH = new Float64Array(4);

/**
 * The limits of {@link scaledFunnelLimitPairs} written into `out` (99.8% lower, 95% lower, 95%
 * upper, 99.8% upper, each multiplied by `scale`), their method returned: no object at all, for
 * the hot path of comparing every authority with its groups, which builds the limits into its own
 * result. The same numbers, to the bit, as {@link funnelLimitPairs} times `scale`.
 *
 * @param target - the proportion from 0 to 1: the group's pooled value ÷ `scale`.
 * @param out - at least 4 long; read it before anything else writes there.
 * @example
 * const out = new Float64Array(4);
 * scaledFunnelLimitsInto(0.15, 200, 100, out); // 'exact'; out[1] is 9.97…, out[2] 19.87…
 * @throws {RangeError} as {@link funnelLimits}.
 * @internal
 */
export function scaledFunnelLimitsInto(
  target: number,
  denominator: number,
  scale: number,
  out: Float64Array,
): 'exact' | 'normal' {
  checkTarget(target, denominator);
  if (target === 0 || target === 1) {
    const at = target * scale;
    out[0] = at;
    out[1] = at;
    out[2] = at;
    out[3] = at;
    return 'exact';
  }
  if (denominator * target * (1 - target) >= NORMAL_APPROXIMATION_MIN_VARIANCE) {
    const sd = Math.sqrt((target * (1 - target)) / denominator);
    out[0] = Math.max(0, target - Z998 * sd) * scale;
    out[1] = Math.max(0, target - Z95 * sd) * scale;
    out[2] = Math.min(1, target + Z95 * sd) * scale;
    out[3] = Math.min(1, target + Z998 * sd) * scale;
    return 'normal';
  }
  exactBinomialInto(target, denominator);
  out[0] = (SCRATCH[0] as number) * scale;
  out[1] = (SCRATCH[1] as number) * scale;
  out[2] = (SCRATCH[2] as number) * scale;
  out[3] = (SCRATCH[3] as number) * scale;
  return 'exact';
}

function checkRate(targetRate: number, exposure: number): void {
  if (!(targetRate >= 0 && Number.isFinite(targetRate))) {
    throw new RangeError(`targetRate must be a non-negative number, got ${targetRate}`);
  }
  if (!(exposure > 0 && Number.isFinite(exposure))) {
    throw new RangeError(`exposure must be a positive number, got ${exposure}`);
  }
}

function exactPoisson(mean: number, exposure: number, tails: readonly number[]): number[] {
  const maxK = Math.ceil(mean + 50 * Math.sqrt(mean) + 50);
  return interpolatedQuantiles(tails, Math.exp(-mean), 'poisson', mean, 0, maxK).map((r) => Math.max(0, r) / exposure);
}

/**
 * Control limits for a rate of events per unit of exposure (such as cases per case-holding FTE),
 * where the count of events is Poisson with mean `targetRate × exposure`: exact Poisson with
 * Spiegelhalter's interpolation while that mean is below {@link NORMAL_APPROXIMATION_MIN_VARIANCE},
 * else `targetRate ± z × √(targetRate ÷ exposure)`.
 *
 * @example
 * poissonFunnelLimits(16, 100, 0.95); // { lower: 15.21…, upper: 16.78…, method: 'normal' }
 * @throws {RangeError} when `targetRate` is negative, `exposure` is not positive, or `coverage` is
 *   not strictly between 0 and 1.
 */
export function poissonFunnelLimits(targetRate: number, exposure: number, coverage: number): ControlLimits {
  checkRate(targetRate, exposure);
  checkCoverage(coverage);
  const mean = targetRate * exposure;
  if (mean === 0) return { lower: 0, upper: 0, method: 'exact' };
  if (mean >= NORMAL_APPROXIMATION_MIN_VARIANCE) {
    const half = normalQuantile(1 - (1 - coverage) / 2) * Math.sqrt(targetRate / exposure);
    return { lower: Math.max(0, targetRate - half), upper: targetRate + half, method: 'normal' };
  }
  const [lower = 0, upper = 0] = exactPoisson(mean, exposure, [(1 - coverage) / 2, 1 - (1 - coverage) / 2]);
  return { lower, upper, method: 'exact' };
}

/**
 * The 95% and 99.8% limits of {@link poissonFunnelLimits} at once.
 *
 * @example
 * const { limits95, limits998 } = poissonFunnelLimitPairs(16, 100);
 * @throws {RangeError} as {@link poissonFunnelLimits}.
 */
export function poissonFunnelLimitPairs(
  targetRate: number,
  exposure: number,
): { limits95: ControlLimits; limits998: ControlLimits } {
  checkRate(targetRate, exposure);
  const mean = targetRate * exposure;
  if (mean === 0) {
    const l: ControlLimits = { lower: 0, upper: 0, method: 'exact' };
    return { limits95: l, limits998: l };
  }
  if (mean >= NORMAL_APPROXIMATION_MIN_VARIANCE) {
    const sd = Math.sqrt(targetRate / exposure);
    const at = (z: number): ControlLimits => ({
      lower: Math.max(0, targetRate - z * sd),
      upper: targetRate + z * sd,
      method: 'normal',
    });
    return { limits95: at(Z95), limits998: at(Z998) };
  }
  const [l998 = 0, l95 = 0, u95 = 0, u998 = 0] = exactPoisson(mean, exposure, TAILS_998_95);
  return {
    limits95: { lower: l95, upper: u95, method: 'exact' },
    limits998: { lower: l998, upper: u998, method: 'exact' },
  };
}
