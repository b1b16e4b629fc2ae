/**
 * The key metrics of the home page: computed with metrics-core from an authority's returns, for the
 * last four quarters it has returns for, each value formatted or explained.
 */
import {
  comparePeriods,
  computeMetricSeries,
  formatMetricValue,
  METRICS,
  type MetricId,
  type MetricResult,
  type PeriodId,
  periodLabel,
  periodWindow,
  type QuarterlyFigures,
} from '@csc-workforce/metrics-core';
import type { ReturnFigures } from '@csc-workforce/schemas';

/** The metrics of the home page, in the order of the DESIGN's comparison table. */
export const KEY_METRICS = [
  'turnoverRate',
  'vacancyRate',
  'agencyRate',
  'absenceRate',
  'averageCaseload',
  'experiencedShare',
] as const satisfies readonly MetricId[];

export interface MetricCell {
  /** The formatted value, or "Not available". */
  readonly text: string;
  /** Why there is no value, for people. */
  readonly reason?: string;
}

export interface MetricRow {
  readonly metric: MetricId;
  readonly label: string;
  readonly formula: string;
  readonly cells: readonly MetricCell[];
}

export interface KeyMetricsTable {
  readonly periods: readonly PeriodId[];
  readonly rows: readonly MetricRow[];
}

export interface ReturnWithFigures {
  readonly period: string;
  readonly figures?: ReturnFigures | undefined;
}

/** The periods of `field@period` entries, oldest first, without repeats. */
function periodsOfMissing(entries: readonly string[]): string[] {
  const periods = new Set(entries.map((entry) => entry.split('@')[1] ?? '').filter(Boolean));
  return [...periods].sort(comparePeriods);
}

/** Why a metric has no value, in words. */
export function describeMissing(result: MetricResult): string {
  const missing = result.missing ?? [];
  switch (result.reason) {
    case 'insufficient-history':
      return `Needs the return${missing.length === 1 ? '' : 's'} for ${missing.map(periodLabel).join(', ')}`;
    case 'missing-input': {
      // Named by return, not by field: the field names live in the schemas package, kept off the home page's bundle.
      const periods = periodsOfMissing(missing);
      return periods.length > 0
        ? `Figures missing from the return for ${periods.map(periodLabel).join(', ')}`
        : 'Figures missing';
    }
    case 'zero-denominator':
      return `Cannot be worked out: ${METRICS[result.metric].denominator} is 0`;
    default:
      return 'Cannot be worked out';
  }
}

function cellOf(result: MetricResult | undefined): MetricCell {
  if (!result || result.value === null) {
    return { text: 'Not available', reason: result ? describeMissing(result) : 'No return' };
  }
  return { text: formatMetricValue(result.metric, result.value) };
}

/** The latest period of the returns, or undefined when there are none. */
export function latestPeriod(returns: readonly ReturnWithFigures[]): string | undefined {
  return returns
    .map((r) => r.period)
    .sort(comparePeriods)
    .at(-1);
}

/**
 * The key metrics for the four quarters ending with `endPeriod` (default: the latest return), from
 * every return of the authority (annual metrics read up to seven quarters back).
 */
export function keyMetricsTable(returns: readonly ReturnWithFigures[], endPeriod?: string): KeyMetricsTable | null {
  const end = endPeriod ?? latestPeriod(returns);
  if (!end) return null;
  const periods = periodWindow(end, 4);
  const history: QuarterlyFigures[] = returns.filter((r) => r.figures).map((r) => ({ ...r.figures, period: r.period }));
  const series = computeMetricSeries(history, periods);
  const rows = KEY_METRICS.map((metric) => ({
    metric,
    label: METRICS[metric].label,
    formula: METRICS[metric].formula,
    cells: periods.map((period) => cellOf(series.get(period)?.[metric])),
  }));
  return { periods, rows };
}
