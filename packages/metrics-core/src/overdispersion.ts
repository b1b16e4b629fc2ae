/**
 * Funnel limits that allow for overdispersion (Spiegelhalter 2005, "Handling over-dispersion of
 * performance indicators", Quality and Safety in Health Care 14:347–351; as the FunnelPlotR package
 * does it).
 *
 * Real authorities differ by more than chance: staffing markets, pay and history differ. Plain funnel
 * limits allow only for chance, so with groups of large authorities most of a region falls outside
 * them and the verdict means nothing. The additive random-effects model adds a between-authority
 * variance τ², estimated from the group itself, to each authority's own sampling variance; when the
 * group varies no more than chance would make it, τ² is 0 and the limits are the plain ones.
 *
 * @module
 */
import { type ControlLimits, funnelLimitPairs, normalQuantile, poissonFunnelLimitPairs } from './funnel.js';
import { quantileSorted } from './quantile.js';

/**
 * The variance-stabilising scale a metric's z-scores and adjusted limits are worked on: the arcsine
 * square root of a proportion, the logarithm of a rate.
 */
export type FunnelScale = 'proportion' | 'rate';

/** A group's overdispersion, as {@link estimateOverdispersion} measures it. */
export interface Overdispersion {
  /** The members used: those with a positive denominator. */
  readonly k: number;
  /**
   * The overdispersion ratio φ: the mean of the squared Winsorised z-scores. About 1 when the group
   * varies as chance alone would make it; above 1, overdispersed.
   */
  readonly phi: number;
  /**
   * The between-authority variance τ² on the transformed scale (arcsine square root, or log); 0 when
   * k·φ ≤ k − 1 (no overdispersion).
   */
  readonly tau2: number;
}

/** One member of a group, as the estimate reads it: its numerator and denominator (not scaled). */
export interface OverdispersionMember {
  readonly numerator: number;
  readonly denominator: number;
}

/** The share Winsorised in each tail of the z-scores (10%, as Spiegelhalter and FunnelPlotR do). */
export const WINSORISE_FRACTION = 0.1;

const Z95 = normalQuantile(0.975);
const Z998 = normalQuantile(0.999);

/** y = asin(√p), the arcsine square root of a proportion (clipped to 0 to 1 first). */
const arcsine = (p: number) => Math.asin(Math.sqrt(Math.min(1, Math.max(0, p))));

/**
 * Winsorises values in place: each below the `fraction`-quantile is set to it, each above the
 * (1 − `fraction`)-quantile likewise (quantiles of type 7, as R's default, see {@link quantileSorted}).
 *
 * @example
 * winsorise([-5, 0, 1, 2, 9], 0.1); // [-3, 0, 1, 2, 6.2]
 * @throws {RangeError} when `fraction` is outside 0 to 0.5.
 */
export function winsorise(values: number[], fraction: number): number[] {
  if (!(fraction >= 0 && fraction <= 0.5)) throw new RangeError(`fraction must be from 0 to 0.5, got ${fraction}`);
  if (values.length === 0) return values;
  const sorted = Float64Array.from(values).sort();
  const low = quantileSorted(sorted, fraction);
  const high = quantileSorted(sorted, 1 - fraction);
  for (let i = 0; i < values.length; i++) values[i] = Math.min(high, Math.max(low, values[i] as number));
  return values;
}

/**
 * A group's overdispersion (Spiegelhalter 2005, additive random effects): each member's z-score on
 * the variance-stabilising scale (see {@link FunnelScale}), the z-scores Winsorised at 10% in each
 * tail, `φ = (1/k) Σ z_w²`, and, when `k·φ > k − 1`,
 * `τ² = (k·φ − (k − 1)) ÷ (Σ w − Σ w² ÷ Σ w)` with `w = 1 ÷ s²`; otherwise `τ² = 0`.
 *
 * @param scale - `proportion` (arcsine square root) or `rate` (log).
 * @param target - the group's pooled value: a proportion from 0 to 1, or a rate above 0.
 * @param members - the members' numerators and denominators; those without a positive denominator
 *   are left out.
 * @example
 * estimateOverdispersion('proportion', 0.2, [
 *   { numerator: 10, denominator: 100 },
 *   { numerator: 20, denominator: 100 },
 *   { numerator: 30, denominator: 100 },
 * ]); // { k: 3, phi: 2.866…, tau2: 0.00824… }
 * @throws {RangeError} when `target` is not a proportion from 0 to 1 (scale `proportion`) or not a
 *   positive number (scale `rate`), or a numerator is negative or not a number.
 */
export function estimateOverdispersion(
  scale: FunnelScale,
  target: number,
  members: readonly OverdispersionMember[],
): Overdispersion {
  if (scale === 'proportion' ? !(target >= 0 && target <= 1) : !(target > 0 && Number.isFinite(target))) {
    throw new RangeError(
      `target must be ${scale === 'proportion' ? 'a proportion from 0 to 1' : 'a positive rate'}, got ${target}`,
    );
  }
  const count = members.length;
  const numerators: number[] = new Array(count);
  const denominators: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const member = members[i] as OverdispersionMember;
    numerators[i] = member.numerator;
    denominators[i] = member.denominator;
  }
  return overdispersionOfCounts(scale, target, numerators, denominators, count);
}

/**
 * {@link estimateOverdispersion} of members given as two arrays, `numerators[i]` out of
 * `denominators[i]` for each `i` below `count`, with `target` already checked: the estimate of a
 * group as `prepareGroup` collects it, without an object per member.
 *
 * @param scale - `proportion` or `rate`.
 * @param target - a proportion from 0 to 1 or a rate above 0, as {@link estimateOverdispersion}
 *   checks it (not checked here).
 * @example
 * overdispersionOfCounts('proportion', 0.2, [10, 20, 30], [100, 100, 100], 3); // { k: 3, phi: 2.866…, tau2: 0.00824… }
 * @throws {RangeError} when a numerator whose denominator is positive is negative or not a number.
 * @internal
 */
export function overdispersionOfCounts(
  scale: FunnelScale,
  target: number,
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  count: number,
): Overdispersion {
  // Each member's z-score on the transformed scale, and its variance s² there: for a proportion
  // `(asin √(r/n) − asin √p₀) ÷ s` with `s = 1 ÷ (2√n)`; for a rate `(ln(r/n) − ln λ₀) ÷ s` with
  // `s = 1 ÷ √(λ₀ n)` (the expected count's, as for an indirectly standardised ratio). A rate of 0
  // counts as half an event, so that its logarithm is finite. In the members' order, with no object
  // per member and y₀ worked out once (a test checks the result to the bit against an array of
  // z-scores winsorised with `winsorise`).
  const proportion = scale === 'proportion';
  const y0 = proportion ? arcsine(target) : Math.log(target);
  const z: number[] = new Array(count);
  let k = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (let i = 0; i < count; i++) {
    const denominator = denominators[i] as number;
    if (!(denominator > 0 && Number.isFinite(denominator))) continue;
    const numerator = numerators[i] as number;
    if (!(numerator >= 0 && Number.isFinite(numerator))) {
      throw new RangeError(`numerator must be a non-negative number, got ${numerator}`);
    }
    let s2: number;
    if (proportion) {
      s2 = 1 / (4 * denominator);
      z[k++] = (arcsine(numerator / denominator) - y0) / Math.sqrt(s2);
    } else {
      s2 = 1 / (target * denominator);
      z[k++] = (Math.log(Math.max(numerator, 0.5) / denominator) - y0) / Math.sqrt(s2);
    }
    const w = 1 / s2;
    sumW += w;
    sumW2 += w * w;
  }
  if (k === 0) return { k, phi: 0, tau2: 0 };
  // Winsorised as {@link winsorise} does it: clipped to the type-7 quantiles of a sorted copy.
  const sorted = sortedCopy(z, k);
  const low = quantileSorted(sorted, WINSORISE_FRACTION);
  const high = quantileSorted(sorted, 1 - WINSORISE_FRACTION);
  let sumZ2 = 0;
  for (let i = 0; i < k; i++) {
    const zi = Math.min(high, Math.max(low, z[i] as number));
    sumZ2 += zi * zi;
  }
  const phi = sumZ2 / k;
  const spread = sumW - sumW2 / sumW;
  // With one member (or all the same size and only one), Σw − Σw²/Σw is 0: nothing to estimate from.
  const tau2 = k * phi > k - 1 && spread > 0 ? (k * phi - (k - 1)) / spread : 0;
  return { k, phi, tau2 };
}

/** Up to this many values, {@link sortedCopy} sorts by insertion: a typed array costs more to allocate. */
const INSERTION_SORT_MAX = 32;

/**
 * The first `count` of `values`, ascending, in a new array: by insertion into a plain array when
 * there are few (a typed array larger than 64 bytes costs a backing store to allocate), else by the
 * native typed-array sort, which also takes any NaN (sorted last). Equal values may come in a
 * different order than the typed-array sort puts them, which only tells −0 from 0 (−0 first).
 *
 * @example
 * sortedCopy([3, 1, 2, 9], 3); // [1, 2, 3]
 * @throws never.
 * @internal
 */
export function sortedCopy(values: ArrayLike<number>, count: number): ArrayLike<number> {
  if (count <= INSERTION_SORT_MAX) {
    const out: number[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) return Float64Array.from({ length: count }, (_, j) => values[j] as number).sort();
      let j = i - 1;
      while (j >= 0 && (out[j] as number) > v) {
        out[j + 1] = out[j] as number;
        j--;
      }
      out[j + 1] = v;
    }
    return out;
  }
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = values[i] as number;
  return out.sort();
}

/**
 * The 95% and 99.8% funnel limits of an authority of size `denominator` around `target`, widened by
 * the group's between-authority variance `tau2`: on the transformed scale `y₀ ± z·√(s² + τ²)`,
 * back-transformed (`sin²` of the arcsine, clipped to 0 and 1; `exp` of the log), with the s² of
 * {@link estimateOverdispersion}. With `tau2` 0 they are the plain limits of
 * {@link funnelLimitPairs} / {@link poissonFunnelLimitPairs} (exact where the counts are small).
 *
 * @param scale - `proportion` or `rate`.
 * @param target - a proportion from 0 to 1, or a rate (not scaled to a percentage).
 * @param denominator - the authority's denominator.
 * @param tau2 - τ² from {@link estimateOverdispersion}.
 * @example
 * overdispersedFunnelLimitPairs('proportion', 0.2, 25, 0.01142).limits95;
 * // { lower: 0.0309…, upper: 0.4651…, method: 'random-effects' }
 * @throws {RangeError} when `target` or `denominator` is out of range (as {@link funnelLimitPairs})
 *   or `tau2` is negative or not a number.
 */
export function overdispersedFunnelLimitPairs(
  scale: FunnelScale,
  target: number,
  denominator: number,
  tau2: number,
): { limits95: ControlLimits; limits998: ControlLimits } {
  if (!(tau2 >= 0 && Number.isFinite(tau2))) throw new RangeError(`tau2 must be a non-negative number, got ${tau2}`);
  if (tau2 === 0 || target === 0 || (scale === 'proportion' && target === 1)) {
    return scale === 'proportion'
      ? funnelLimitPairs(target, denominator)
      : poissonFunnelLimitPairs(target, denominator);
  }
  if (!(denominator > 0 && Number.isFinite(denominator))) {
    throw new RangeError(`denominator must be a positive number, got ${denominator}`);
  }
  if (scale === 'proportion' ? !(target > 0 && target < 1) : !(target > 0 && Number.isFinite(target))) {
    throw new RangeError(`target out of range for a ${scale}: ${target}`);
  }
  const out = new Float64Array(4);
  widenedFunnelLimitsInto(scale, target, transformedTarget(scale, target), denominator, tau2, 1, out);
  return {
    limits95: { lower: out[1] as number, upper: out[2] as number, method: 'random-effects' },
    limits998: { lower: out[0] as number, upper: out[3] as number, method: 'random-effects' },
  };
}

/**
 * The target on the transformed scale of {@link widenedFunnelLimitsInto}: `asin √target` for a
 * proportion (clipped to 0 to 1 first), `ln target` for a rate. Worked out once for a group.
 *
 * @example
 * transformedTarget('proportion', 0.25); // 0.5235… (π ÷ 6)
 * transformedTarget('rate', 1); // 0
 * @throws never: out of range, it is whatever `Math.log` gives.
 * @internal
 */
export function transformedTarget(scale: FunnelScale, target: number): number {
  return scale === 'proportion' ? arcsine(target) : Math.log(target);
}

/** A proportion back from the arcsine scale: `sin² y`, with y clipped to 0 to π/2 first. */
const back = (y: number) => Math.sin(Math.min(Math.PI / 2, Math.max(0, y))) ** 2;

/**
 * The widened limits of {@link overdispersedFunnelLimitPairs} (`y₀ ± z·√(s² + τ²)` on the
 * transformed scale, back-transformed), each multiplied by `unit` (100 for a percentage, else 1),
 * from `y0` = {@link transformedTarget} worked out once for a group, written into `out` (99.8% lower,
 * 95% lower, 95% upper, 99.8% upper): without the checks and with no object at all, for the hot path
 * of comparing every authority with its groups, which builds the limits into its own result. The
 * same numbers, to the bit, as multiplying that function's limits by `unit`.
 *
 * @param scale - `proportion` or `rate`.
 * @param target - a proportion strictly between 0 and 1, or a rate above 0 (not checked).
 * @param y0 - {@link transformedTarget} of the target.
 * @param denominator - the authority's denominator, a finite number above 0 (not checked).
 * @param tau2 - τ², a finite number above 0 (not checked).
 * @param unit - what each limit is multiplied by.
 * @param out - at least 4 long; read it before anything else writes there.
 * @example
 * const out = new Float64Array(4);
 * widenedFunnelLimitsInto('rate', 16, Math.log(16), 100, 0.01, 1, out); // out[1] is 12.4…, out[2] 20.5…
 * @throws never.
 * @internal
 */
export function widenedFunnelLimitsInto(
  scale: FunnelScale,
  target: number,
  y0: number,
  denominator: number,
  tau2: number,
  unit: number,
  out: Float64Array,
): void {
  if (scale === 'proportion') {
    const sd = Math.sqrt(1 / (4 * denominator) + tau2);
    out[0] = back(y0 - Z998 * sd) * unit;
    out[1] = back(y0 - Z95 * sd) * unit;
    out[2] = back(y0 + Z95 * sd) * unit;
    out[3] = back(y0 + Z998 * sd) * unit;
    return;
  }
  const sd = Math.sqrt(1 / (target * denominator) + tau2);
  out[0] = Math.exp(y0 - Z998 * sd) * unit;
  out[1] = Math.exp(y0 - Z95 * sd) * unit;
  out[2] = Math.exp(y0 + Z95 * sd) * unit;
  out[3] = Math.exp(y0 + Z998 * sd) * unit;
}
