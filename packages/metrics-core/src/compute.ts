/**
 * Computing every metric for one authority at one period from its quarterly returns.
 *
 * @module
 */
import { METRIC_IDS, METRICS, type MetricId } from './catalogue.js';
import type { FigureField, QuarterlyFigures } from './figures.js';
import { type PeriodId, parsePeriod, shiftPeriod } from './periods.js';
import { workingDaysInYearEnding } from './working-days.js';

/**
 * Why a metric has no value:
 * - `insufficient-history`: a return it needs (an earlier quarter, or this one) is not in the history;
 * - `missing-input`: the returns are there but a field it reads is empty;
 * - `zero-denominator`: the denominator is zero (no permanent staff, no leavers, no case holders).
 */
export type MetricReason = 'missing-input' | 'zero-denominator' | 'insufficient-history';

/** One metric for one authority and period. */
export interface MetricResult {
  readonly metric: MetricId;
  readonly period: PeriodId;
  /** `numerator ÷ denominator × scale`, unrounded; `null` when it cannot be computed, with `reason`. */
  readonly value: number | null;
  /** Kept so that groups can be pooled; `null` when the value is `null`. */
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly reason?: MetricReason;
  /** With a reason: the periods (`insufficient-history`) or fields (`missing-input`, as `field@period`) that were missing. */
  readonly missing?: readonly string[];
}

/** Every metric for one authority and period, keyed by metric id. */
export type MetricResults = { readonly [K in MetricId]: MetricResult & { readonly metric: K } };

/** The history of one authority, indexed by period. */
type HistoryIndex = ReadonlyMap<string, QuarterlyFigures>;

/** Reads figures relative to the period being computed, noting what is missing. */
class Reader {
  /** Created on the first miss only: most reads find what they need. */
  missingPeriods: Set<string> | null = null;
  missingFields: Set<string> | null = null;
  constructor(
    private readonly index: HistoryIndex,
    readonly period: PeriodId,
    /** The period ids 4, 3, 2 and 1 quarters before `period`, then `period`: computed once. */
    private readonly window: readonly PeriodId[],
  ) {}

  /** The value of `field` in the return `offset` quarters from the period (0 = this quarter, −4 at most). */
  get(field: FigureField, offset = 0): number {
    const period = this.window[4 + offset] as PeriodId;
    const figures = this.index.get(period);
    if (!figures) {
      this.missingPeriods ??= new Set();
      this.missingPeriods.add(period);
      return Number.NaN;
    }
    const value = figures[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.missingFields ??= new Set();
      this.missingFields.add(`${field}@${period}`);
      return Number.NaN;
    }
    return value;
  }

  /** The sum of `field` over the 4 quarters ending at the period. */
  sum4(field: FigureField): number {
    return this.get(field, -3) + this.get(field, -2) + this.get(field, -1) + this.get(field, 0);
  }
}

type Formula = (r: Reader) => readonly [numerator: number, denominator: number];

const FORMULAS: { readonly [K in MetricId]: Formula } = {
  turnoverRate: (r) => [r.sum4('leaversFte'), r.get('permanentFte')],
  quarterlyTurnoverRate: (r) => [r.get('leaversFte'), r.get('permanentFte')],
  vacancyRate: (r) => {
    const vacancies = r.get('vacanciesFte');
    return [vacancies, vacancies + r.get('permanentFte')];
  },
  agencyRate: (r) => {
    const agency = r.get('agencyFte');
    return [agency, agency + r.get('permanentFte')];
  },
  absenceRate: (r) => [r.sum4('sicknessAbsenceDays'), r.get('permanentFte') * workingDaysInYearEnding(r.period)],
  quarterlyAbsenceRate: (r) => [
    r.get('sicknessAbsenceDays'),
    (r.get('permanentFte') * workingDaysInYearEnding(r.period)) / 4,
  ],
  averageCaseload: (r) => [r.get('casesHeld'), r.get('caseHoldingFte')],
  experiencedShare: (r) => [
    r.get('service5To10Years') + r.get('service10To20Years') + r.get('service20PlusYears'),
    r.get('permanentHeadcount'),
  ],
  asyeShare: (r) => [r.get('asyeHeadcount'), r.get('permanentHeadcount')],
  netChangeFte: (r) => [r.get('startersFte') - r.get('leaversFte'), 1],
  asyeRetention: (r) => {
    const cohort = r.get('asyeHeadcount', -4) + r.sum4('asyeStarted');
    return [cohort - r.sum4('asyeLeft'), cohort];
  },
  leaversToAgencyShare: (r) => [r.get('leaversToAgency'), r.get('leaversHeadcount')],
  shortServiceLeaverShare: (r) => [r.get('leaversServiceUnder2Years'), r.get('leaversHeadcount')],
};

/**
 * The periods an annual metric may read: 4 quarters before `period` to `period`. A quarter before
 * the first representable year (1900-01) cannot have a return: it is named for what it is and is
 * reported as missing history.
 */
function windowOf(period: PeriodId): PeriodId[] {
  return [-4, -3, -2, -1, 0].map((offset) => {
    if (offset === 0) return period;
    try {
      return shiftPeriod(period, offset);
    } catch {
      return `${offset} quarters before ${period}` as PeriodId;
    }
  });
}

function failure(metric: MetricId, period: PeriodId, reason: MetricReason, missing?: Iterable<string>): MetricResult {
  return {
    metric,
    period,
    value: null,
    numerator: null,
    denominator: null,
    reason,
    ...(missing ? { missing: [...missing] } : {}),
  };
}

function evaluate(metric: MetricId, index: HistoryIndex, period: PeriodId, window = windowOf(period)): MetricResult {
  const reader = new Reader(index, period, window);
  const [numerator, denominator] = FORMULAS[metric](reader);
  if (reader.missingPeriods) return failure(metric, period, 'insufficient-history', reader.missingPeriods);
  if (reader.missingFields) return failure(metric, period, 'missing-input', reader.missingFields);
  if (denominator === 0) return failure(metric, period, 'zero-denominator');
  return {
    metric,
    period,
    value: (numerator / denominator) * METRICS[metric].scale,
    numerator,
    denominator,
  };
}

/**
 * Indexes one authority's returns by period.
 *
 * @throws {PeriodError} when a return's period is not a valid id.
 * @throws {RangeError} when two returns have the same period.
 */
function indexHistory(history: readonly QuarterlyFigures[]): Map<string, QuarterlyFigures> {
  const index = new Map<string, QuarterlyFigures>();
  for (const figures of history) {
    parsePeriod(figures.period);
    if (index.has(figures.period)) {
      throw new RangeError(`The history has two returns for ${figures.period}; pass one return per period.`);
    }
    index.set(figures.period, figures);
  }
  return index;
}

/**
 * Computes every metric of {@link METRICS} for one authority at `period`.
 *
 * `history` is the authority's returns, in any order and possibly with gaps; annual metrics read the
 * 4 quarters ending at `period` (ASYE retention also the quarter before them). Partial returns are
 * accepted: a metric whose input is missing gets `value: null` and `reason: 'missing-input'`, and the
 * other metrics are unaffected. No value is ever `NaN` or `Infinity`.
 *
 * @example
 * const results = computeMetrics(
 *   [{ period: '2024-25-Q1', permanentFte: 90, agencyFte: 10, vacanciesFte: 15 }],
 *   '2024-25-Q1',
 * );
 * results.agencyRate.value; // 10
 * results.turnoverRate.reason; // 'insufficient-history' (needs 4 quarters)
 * @throws {PeriodError} when `period` or a return's period is not a valid id.
 * @throws {RangeError} when the history holds two returns for one period.
 */
export function computeMetrics(history: readonly QuarterlyFigures[], period: string): MetricResults {
  parsePeriod(period);
  return computeFromIndex(indexHistory(history), period as PeriodId);
}

function computeFromIndex(index: HistoryIndex, period: PeriodId): MetricResults {
  const out: Partial<Record<MetricId, MetricResult>> = {};
  const window = windowOf(period);
  for (const metric of METRIC_IDS) out[metric] = evaluate(metric, index, period, window);
  return out as MetricResults;
}

/**
 * Computes every metric at each of `periods` from one history, indexing it once (faster than calling
 * {@link computeMetrics} for each period). Keys of the result are the periods.
 *
 * @example
 * const series = computeMetricSeries(history, periodRange('2023-24-Q1', '2024-25-Q4'));
 * series.get('2024-25-Q2')?.vacancyRate.value;
 * @throws {PeriodError} when a period is not a valid id.
 * @throws {RangeError} when the history holds two returns for one period.
 */
export function computeMetricSeries(
  history: readonly QuarterlyFigures[],
  periods: readonly string[],
): Map<PeriodId, MetricResults> {
  const index = indexHistory(history);
  const out = new Map<PeriodId, MetricResults>();
  for (const period of periods) {
    parsePeriod(period);
    out.set(period as PeriodId, computeFromIndex(index, period as PeriodId));
  }
  return out;
}

/**
 * Computes one metric for one authority at `period`; see {@link computeMetrics}.
 *
 * @example
 * computeMetric('vacancyRate', [{ period: '2024-25-Q1', permanentFte: 85, vacanciesFte: 15 }], '2024-25-Q1').value; // 15
 * @throws {RangeError} for an unknown metric or duplicate periods in the history.
 * @throws {PeriodError} for an invalid period id.
 */
export function computeMetric(metric: MetricId, history: readonly QuarterlyFigures[], period: string): MetricResult {
  if (!Object.hasOwn(FORMULAS, metric)) throw new RangeError(`Unknown metric ${JSON.stringify(metric)}`);
  parsePeriod(period);
  return evaluate(metric, indexHistory(history), period as PeriodId);
}
