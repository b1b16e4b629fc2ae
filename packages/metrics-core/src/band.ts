/**
 * Bands A–D: where a value stands in its group by the group's quartiles, as DfE's LA Interactive Tool
 * (LAIT) shows them, A the best quartile by the metric's polarity and D the worst.
 *
 * @module
 */
import type { Polarity } from './catalogue.js';

/** A band: A is the best quartile of the group by polarity, D the worst. */
export type Band = 'A' | 'B' | 'C' | 'D';

/** The bands, best first. */
export const BANDS = ['A', 'B', 'C', 'D'] as const satisfies readonly Band[];

/**
 * The band of `value` in a group with the given quartiles (Hyndman and Fan's definition 7, as
 * {@link summariseGroup} gives them): for a metric where lower is better, A at or below the lower
 * quartile, B at or below the median, C at or below the upper quartile, D above it; mirrored where
 * higher is better (A at or above the upper quartile). For a metric that is neither better higher nor
 * lower, A is the lowest quartile and D the highest, and the band places without judging. A value on a
 * quartile takes the better band.
 *
 * @example
 * bandOf(9, { q1: 10, median: 15, q3: 20 }, 'lower'); // 'A'
 * bandOf(16, { q1: 10, median: 15, q3: 20 }, 'higher'); // 'B'
 * @throws {RangeError} when the value or a quartile is not a finite number, or the quartiles are out of order.
 */
export function bandOf(
  value: number,
  quartiles: { readonly q1: number; readonly median: number; readonly q3: number },
  polarity: Polarity,
): Band {
  const { q1, median, q3 } = quartiles;
  for (const x of [value, q1, median, q3]) if (!Number.isFinite(x)) throw new RangeError(`cannot band ${x}`);
  if (!(q1 <= median && median <= q3)) throw new RangeError(`quartiles out of order: ${q1}, ${median}, ${q3}`);
  if (polarity === 'higher') {
    if (value >= q3) return 'A';
    if (value >= median) return 'B';
    if (value >= q1) return 'C';
    return 'D';
  }
  if (value <= q1) return 'A';
  if (value <= median) return 'B';
  if (value <= q3) return 'C';
  return 'D';
}
