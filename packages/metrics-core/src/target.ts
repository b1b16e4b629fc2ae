/**
 * Progress towards a target: where an authority's value at a period stands against the value it set
 * itself to reach by a quarter (DESIGN section 4).
 *
 * @module
 */
import { METRICS, type MetricId, type MetricUnit } from './catalogue.js';
import { comparePeriods } from './periods.js';

/**
 * How near a target of a metric that is neither better higher nor lower (a grade mix, a net change)
 * counts as reaching it: within 1 percentage point, 0.5 of a ratio, 1 FTE.
 */
export const TARGET_TOLERANCE: Readonly<Record<MetricUnit, number>> = { percent: 1, ratio: 0.5, fte: 1 };

/** Where a value stands against a target, in one word (see {@link TargetStatus}). */
export const TARGET_STATUSES = ['met', 'not-met', 'no-value'] as const;

/** Where a value stands against a target. */
export interface TargetStatus {
  /** The value less the target; null without a value. */
  readonly gap: number | null;
  /**
   * `met`: at or beyond the target in the metric's better direction (lower for a vacancy rate, higher
   * for ASYE retention), or within {@link TARGET_TOLERANCE} of it for a metric with neither; `not-met`;
   * `no-value` when there is no value to compare.
   */
  readonly status: (typeof TARGET_STATUSES)[number];
  /** The period is later than the quarter the target was for, and it is not met. */
  readonly overdue: boolean;
}

/**
 * Where `value` (the authority's at `period`) stands against `target`, to be reached by the quarter
 * `by`.
 *
 * @param metric - the metric, whose polarity says which side of the target is better.
 * @example
 * targetProgress('vacancyRate', 12.5, 15, '2024-25-Q1', '2025-26-Q4'); // { gap: -2.5, status: 'met', overdue: false }
 * targetProgress('asyeRetention', 80, 90, '2026-27-Q1', '2025-26-Q4'); // { gap: -10, status: 'not-met', overdue: true }
 * @throws {RangeError} when `period` or `by` is not a period such as 2024-25-Q1.
 */
export function targetProgress(
  metric: MetricId,
  value: number | null,
  target: number,
  period: string,
  by: string,
): TargetStatus {
  const after = comparePeriods(period, by) > 0;
  if (value === null || !Number.isFinite(value)) return { gap: null, status: 'no-value', overdue: after };
  const gap = value - target;
  const { polarity, unit } = METRICS[metric];
  const met =
    polarity === 'lower'
      ? value <= target
      : polarity === 'higher'
        ? value >= target
        : Math.abs(gap) <= TARGET_TOLERANCE[unit] + 1e-9;
  return { gap, status: met ? 'met' : 'not-met', overdue: after && !met };
}
