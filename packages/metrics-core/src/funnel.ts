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
  /** `exact` (discrete distribution, interpolated) or `normal` (approximation). */
  readonly method: 'exact' | 'normal';
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
 * Spiegelhalter's interpolated quantile of a discrete distribution (2005, appendix A.1.1): with r the
 * smallest count whose CDF reaches `p`, the limit is `r − α` where
 * `α = (F(r) − p) ÷ (F(r) − F(r − 1))`, which makes the limits a smooth function of the denominator.
 * `pmf(k + 1) = pmf(k) × ratio(k)`.
 */
function interpolatedQuantile(p: number, pmf0: number, ratio: (k: number) => number, maxK: number): number {
  let k = 0;
  let pmf = pmf0;
  let cdfBefore = 0;
  let cdf = pmf0;
  while (cdf < p && k < maxK) {
    pmf *= ratio(k);
    k++;
    cdfBefore = cdf;
    cdf += pmf;
  }
  const step = cdf - cdfBefore;
  const alpha = step > 0 ? Math.min(1, Math.max(0, (cdf - p) / step)) : 0;
  return Math.max(0, k - alpha);
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
 * funnelLimits(0.15, 200, 0.95); // { lower: 0.1005…, upper: 0.2001…, method: 'exact' }
 * funnelLimits(0.15, 5000, 0.998); // { lower: 0.1344…, upper: 0.1656…, method: 'normal' }
 * @throws {RangeError} when `target` is outside 0 to 1, `denominator` is not positive, or
 *   `coverage` is not strictly between 0 and 1.
 */
export function funnelLimits(target: number, denominator: number, coverage: number): ControlLimits {
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target must be a proportion from 0 to 1, got ${target}`);
  if (!(denominator > 0 && Number.isFinite(denominator))) {
    throw new RangeError(`denominator must be a positive number, got ${denominator}`);
  }
  checkCoverage(coverage);
  if (target === 0 || target === 1) return { lower: target, upper: target, method: 'exact' };
  const variance = denominator * target * (1 - target);
  if (variance >= NORMAL_APPROXIMATION_MIN_VARIANCE) {
    const half = normalQuantile(1 - (1 - coverage) / 2) * Math.sqrt((target * (1 - target)) / denominator);
    return { lower: Math.max(0, target - half), upper: Math.min(1, target + half), method: 'normal' };
  }
  // Work with the tail nearer 0 (p ≤ 0.5) for numerical stability, then reflect.
  const flip = target > 0.5;
  const p = flip ? 1 - target : target;
  const n = Math.max(1, Math.round(denominator));
  const odds = p / (1 - p);
  const pmf0 = (1 - p) ** n;
  const ratio = (k: number) => ((n - k) / (k + 1)) * odds;
  const lo = interpolatedQuantile((1 - coverage) / 2, pmf0, ratio, n) / n;
  const hi = interpolatedQuantile(1 - (1 - coverage) / 2, pmf0, ratio, n) / n;
  return flip
    ? { lower: Math.max(0, 1 - hi), upper: Math.min(1, 1 - lo), method: 'exact' }
    : { lower: lo, upper: Math.min(1, hi), method: 'exact' };
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
  if (!(targetRate >= 0 && Number.isFinite(targetRate))) {
    throw new RangeError(`targetRate must be a non-negative number, got ${targetRate}`);
  }
  if (!(exposure > 0 && Number.isFinite(exposure))) {
    throw new RangeError(`exposure must be a positive number, got ${exposure}`);
  }
  checkCoverage(coverage);
  const mean = targetRate * exposure;
  if (mean === 0) return { lower: 0, upper: 0, method: 'exact' };
  if (mean >= NORMAL_APPROXIMATION_MIN_VARIANCE) {
    const half = normalQuantile(1 - (1 - coverage) / 2) * Math.sqrt(targetRate / exposure);
    return { lower: Math.max(0, targetRate - half), upper: targetRate + half, method: 'normal' };
  }
  const ratio = (k: number) => mean / (k + 1);
  const maxK = Math.ceil(mean + 50 * Math.sqrt(mean) + 50);
  const lo = interpolatedQuantile((1 - coverage) / 2, Math.exp(-mean), ratio, maxK) / exposure;
  const hi = interpolatedQuantile(1 - (1 - coverage) / 2, Math.exp(-mean), ratio, maxK) / exposure;
  return { lower: lo, upper: hi, method: 'exact' };
}
