/**
 * Targets in words: what an authority set itself ("10.0% by 2025-26 Q4") and where its value stands
 * against it ("Not met: 2.5 percentage points above it"), and the quarters a target can be set for.
 * Pure functions, without the schemas' zod: the dashboard uses them too.
 */
import { formatMetricValue, type MetricId, periodLabel, shiftPeriod } from '@csc-workforce/metrics-core';
import type { MetricInfo, TargetProgress } from '@csc-workforce/schemas';
import { differenceText } from './compare';

/** How many quarters the "by" select offers, from the quarter viewed. */
export const TARGET_QUARTERS = 12;

/** A target and its quarter: "10.0% by 2025-26 Q4". */
export function targetText(metric: MetricId, target: Pick<TargetProgress, 'value' | 'byLabel'>): string {
  return `${formatMetricValue(metric, target.value)} by ${target.byLabel}`;
}

/** The words of a target's status, as its tag says them. */
export const TARGET_STATUS_LABELS: Readonly<Record<TargetProgress['status'], string>> = {
  met: 'Met',
  'not-met': 'Not met',
  'no-value': 'No value yet',
};

/**
 * Which side of the target the value is, in words: "2.5 percentage points above it", "at the target",
 * "No value for this quarter yet". Whether that side is good is the status's to say (the server's, by
 * the metric's polarity), shown beside it.
 */
export function targetGapText(metric: Pick<MetricInfo, 'unit'>, progress: TargetProgress): string {
  if (progress.status === 'no-value' || progress.gap === null) return 'No value for this quarter yet';
  const size = Math.abs(progress.gap);
  if (size < 0.05) return 'at the target';
  return `${differenceText(size, metric.unit)} ${progress.gap > 0 ? 'above' : 'below'} it`;
}

/**
 * Where the value stands against the target, in words, where no tag stands beside it: "Not met: 2.5
 * percentage points above it", "Met: at the target", "No value for this quarter yet"; and that the
 * quarter it was for has passed, when it is overdue.
 */
export function targetStandingText(metric: Pick<MetricInfo, 'unit'>, progress: TargetProgress): string {
  const overdue = progress.overdue ? `; ${progress.byLabel}, the quarter it was for, has passed` : '';
  const gap = targetGapText(metric, progress);
  if (progress.status === 'no-value' || progress.gap === null) return `${gap}${overdue}`;
  return `${TARGET_STATUS_LABELS[progress.status]}: ${gap}${overdue}`;
}

/** The whole of it in one line: "Target 10.0% by 2025-26 Q4. Not met: 2.5 percentage points above it". */
export function targetSentence(metric: Pick<MetricInfo, 'id' | 'unit'>, progress: TargetProgress): string {
  return `Target ${targetText(metric.id, progress)}. ${targetStandingText(metric, progress)}`;
}

/**
 * The quarters a target can be set for: {@link TARGET_QUARTERS} quarters from `period` (the quarter
 * viewed), and the target's own quarter when it is not among them (an earlier one, set before).
 */
export function targetQuarters(period: string, current?: string | null): { value: string; label: string }[] {
  const ids = Array.from({ length: TARGET_QUARTERS }, (_, i) => shiftPeriod(period, i) as string);
  if (current && !ids.includes(current)) ids.unshift(current);
  return ids.map((id) => ({ value: id, label: periodLabel(id) }));
}
