/**
 * The yardstick of DfE's children's social care dashboards: an authority beside the median of its
 * statistical neighbours' published values.
 *
 * @module
 */
import { quantileSorted } from './quantile.js';

/** The median of some published values, and how many values it is of. */
export interface NeighbourMedian {
  /** The median of the values published, or `null` when none is. */
  readonly median: number | null;
  /** How many of the values were published (not `null`, finite). */
  readonly of: number;
}

/**
 * The median of the neighbours' published values, as DfE's dashboards compare an authority with its
 * 10 statistical neighbours: the middle of the values that are published (a neighbour whose figure
 * DfE suppressed or does not have, `null`, is left out, not counted as 0), the mean of the two middle
 * ones when their number is even (Hyndman and Fan type 7 at p = 0.5, Excel's `MEDIAN`). The neighbours'
 * values are not pooled: DfE's yardstick treats each neighbour alike whatever its size.
 *
 * @example
 * neighbourMedian([12.5, null, 8, 20.1, 15]); // { median: 13.75, of: 4 }
 * neighbourMedian([null, null]); // { median: null, of: 0 }
 * @throws {RangeError} when a value is a number but not finite (NaN, Infinity): a bug upstream, not a suppression.
 */
export function neighbourMedian(values: readonly (number | null | undefined)[]): NeighbourMedian {
  const known: number[] = [];
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (!Number.isFinite(v)) throw new RangeError(`a published value must be finite, got ${v}`);
    known.push(v);
  }
  if (known.length === 0) return { median: null, of: 0 };
  known.sort((a, b) => a - b);
  return { median: quantileSorted(known, 0.5), of: known.length };
}
