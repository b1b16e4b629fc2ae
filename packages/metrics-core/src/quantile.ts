/**
 * Quantiles of a sorted sample.
 *
 * @module
 */

/**
 * The `p`-quantile of values sorted in ascending order, by linear interpolation between closest
 * ranks: Hyndman and Fan's definition 7, the default of R, NumPy and Excel's `QUARTILE.INC` /
 * `PERCENTILE.INC`. We use it because regional data officers check figures in Excel, and
 * `QUARTILE.INC` is what they get there; it is also defined for every sample size from 1.
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.25); // 1.75
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 * @throws {RangeError} when `sorted` is empty or `p` is outside 0 to 1.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be between 0 and 1, got ${p}`);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}
