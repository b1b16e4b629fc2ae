/**
 * Computing every metric for one authority at one period from its quarterly returns.
 *
 * @module
 */
import { METRIC_IDS, METRICS, type MetricId } from './catalogue.js';
import type { FigureField, QuarterlyFigures } from './figures.js';
import { type PeriodId, periodOfOrdinal, periodOrdinal } from './periods.js';
import { workingDaysOfOrdinal } from './working-days.js';

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

/** The history of one authority, indexed by period ordinal (see `periodOrdinal`). */
type HistoryIndex = ReadonlyMap<number, QuarterlyFigures>;

/**
 * Reads figures relative to the period being computed, noting what is missing. One reader serves
 * every metric at a period: {@link Reader.reset} before each.
 */
class Reader {
  /** Created on the first miss only: most reads find what they need. */
  missingPeriods: Set<string> | null = null;
  missingFields: Set<string> | null = null;
  /** The returns of the period and the 4 quarters before it, oldest first; `undefined` where absent. */
  private readonly slots: (QuarterlyFigures | undefined)[];
  /** Working days in the 12 months to the period end, for the absence rates. */
  readonly workingDays: number;
  constructor(
    index: HistoryIndex,
    readonly period: PeriodId,
    private readonly ordinal: number,
  ) {
    this.slots = [
      index.get(ordinal - 4),
      index.get(ordinal - 3),
      index.get(ordinal - 2),
      index.get(ordinal - 1),
      index.get(ordinal),
    ];
    this.workingDays = workingDaysOfOrdinal(ordinal);
  }

  /** Forgets what the previous metric found missing. */
  reset(): void {
    this.missingPeriods = null;
    this.missingFields = null;
  }

  /**
   * The id of the period `offset` quarters from the period. A quarter before the first
   * representable year (1900-01) cannot have a return: it is named for what it is.
   */
  private periodAt(offset: number): string {
    if (offset === 0) return this.period;
    return periodOfOrdinal(this.ordinal + offset) ?? `${offset} quarters before ${this.period}`;
  }

  /** The value of `field` in the return `offset` quarters from the period (0 = this quarter, −4 at most). */
  get(field: FigureField, offset = 0): number {
    const figures = this.slots[4 + offset];
    if (figures === undefined) return this.missingPeriod(offset);
    const value = figures[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.missingField(field, offset);
    return value;
  }

  /**
   * Notes that the return `offset` quarters from the period is missing: apart from {@link get}, so
   * that `get` stays small enough for the compiler to inline into the formulas.
   */
  private missingPeriod(offset: number): number {
    this.missingPeriods ??= new Set();
    this.missingPeriods.add(this.periodAt(offset));
    return Number.NaN;
  }

  /** Notes that `field` is empty in the return `offset` quarters from the period. */
  private missingField(field: FigureField, offset: number): number {
    this.missingFields ??= new Set();
    this.missingFields.add(`${field}@${this.periodAt(offset)}`);
    return Number.NaN;
  }

  /** The sum of `field` over the 4 quarters ending at the period. */
  sum4(field: FigureField): number {
    return this.get(field, -3) + this.get(field, -2) + this.get(field, -1) + this.get(field, 0);
  }
}

type Formula = (r: Reader) => readonly [numerator: number, denominator: number];

const FORMULAS: { readonly [K in MetricId]: Formula } = {
  turnoverRate: (r) => [r.sum4('leaversFte'), r.get('permanentFte')],
  turnoverRateHeadcount: (r) => [r.sum4('leaversHeadcount'), r.get('permanentHeadcount')],
  quarterlyTurnoverRate: (r) => [r.get('leaversFte'), r.get('permanentFte')],
  vacancyRate: (r) => {
    const vacancies = r.get('vacanciesFte');
    return [vacancies, vacancies + r.get('permanentFte')];
  },
  vacancyAgencyCoverRate: (r) => [r.get('vacanciesCoveredByAgencyFte'), r.get('vacanciesFte')],
  agencyRate: (r) => {
    const agency = r.get('agencyFte');
    return [agency, agency + r.get('permanentFte')];
  },
  agencyRateHeadcount: (r) => {
    const agency = r.get('agencyHeadcount');
    return [agency, agency + r.get('permanentHeadcount')];
  },
  agencyCoverRate: (r) => [r.get('vacanciesCoveredByAgencyFte'), r.get('agencyFte')],
  absenceRate: (r) => [r.sum4('sicknessAbsenceDays'), r.get('permanentFte') * r.workingDays],
  quarterlyAbsenceRate: (r) => [r.get('sicknessAbsenceDays'), (r.get('permanentFte') * r.workingDays) / 4],
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

/** What {@link evaluate} needs of a metric, looked up once. */
interface MetricStep {
  readonly metric: MetricId;
  readonly formula: Formula;
  readonly scale: number;
}

/** The step of every metric, keyed by id. */
const STEPS = Object.fromEntries(
  METRIC_IDS.map((metric): [MetricId, MetricStep] => [
    metric,
    { metric, formula: FORMULAS[metric], scale: METRICS[metric].scale },
  ]),
) as { readonly [K in MetricId]: MetricStep };

function failure(metric: MetricId, period: PeriodId, reason: MetricReason, missing?: Iterable<string>): MetricResult {
  // Two literals rather than a spread of an optional part: the same keys, in the same order.
  if (missing) {
    return { metric, period, value: null, numerator: null, denominator: null, reason, missing: [...missing] };
  }
  return { metric, period, value: null, numerator: null, denominator: null, reason };
}

/** One metric from a reader at its period (reset before each metric). */
function evaluate(step: MetricStep, reader: Reader): MetricResult {
  reader.reset();
  const { metric, formula } = step;
  const period = reader.period;
  // Indexed, not destructured: destructuring goes through the array iterator, which costs here.
  const pair = formula(reader);
  const numerator = pair[0];
  const denominator = pair[1];
  if (reader.missingPeriods) return failure(metric, period, 'insufficient-history', reader.missingPeriods);
  if (reader.missingFields) return failure(metric, period, 'missing-input', reader.missingFields);
  if (denominator === 0) return failure(metric, period, 'zero-denominator');
  return {
    metric,
    period,
    value: (numerator / denominator) * step.scale,
    numerator,
    denominator,
  };
}

/**
 * Indexes one authority's returns by period ordinal.
 *
 * @throws {PeriodError} when a return's period is not a valid id.
 * @throws {RangeError} when two returns have the same period.
 */
function indexHistory(history: readonly QuarterlyFigures[]): Map<number, QuarterlyFigures> {
  const index = new Map<number, QuarterlyFigures>();
  for (const figures of history) {
    // A valid period id is the only id of its ordinal, so equal ordinals are equal periods.
    const ordinal = periodOrdinal(figures.period);
    if (index.has(ordinal)) {
      throw new RangeError(`The history has two returns for ${figures.period}; pass one return per period.`);
    }
    index.set(ordinal, figures);
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
  const ordinal = periodOrdinal(period);
  return computeFromIndex(indexHistory(history), period as PeriodId, ordinal);
}

function computeFromIndex(index: HistoryIndex, period: PeriodId, ordinal: number): MetricResults {
  const r = new Reader(index, period, ordinal);
  // One literal in the order of METRIC_IDS (a test checks it): one shape for every result, and
  // each metric's formula called from its own site.
  const out: { [K in MetricId]: MetricResult } = {
    turnoverRate: evaluate(STEPS.turnoverRate, r),
    turnoverRateHeadcount: evaluate(STEPS.turnoverRateHeadcount, r),
    quarterlyTurnoverRate: evaluate(STEPS.quarterlyTurnoverRate, r),
    vacancyRate: evaluate(STEPS.vacancyRate, r),
    vacancyAgencyCoverRate: evaluate(STEPS.vacancyAgencyCoverRate, r),
    agencyRate: evaluate(STEPS.agencyRate, r),
    agencyRateHeadcount: evaluate(STEPS.agencyRateHeadcount, r),
    agencyCoverRate: evaluate(STEPS.agencyCoverRate, r),
    absenceRate: evaluate(STEPS.absenceRate, r),
    quarterlyAbsenceRate: evaluate(STEPS.quarterlyAbsenceRate, r),
    averageCaseload: evaluate(STEPS.averageCaseload, r),
    experiencedShare: evaluate(STEPS.experiencedShare, r),
    asyeShare: evaluate(STEPS.asyeShare, r),
    netChangeFte: evaluate(STEPS.netChangeFte, r),
    asyeRetention: evaluate(STEPS.asyeRetention, r),
    leaversToAgencyShare: evaluate(STEPS.leaversToAgencyShare, r),
    shortServiceLeaverShare: evaluate(STEPS.shortServiceLeaverShare, r),
  };
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
    const ordinal = periodOrdinal(period);
    out.set(period as PeriodId, computeFromIndex(index, period as PeriodId, ordinal));
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
  const ordinal = periodOrdinal(period);
  return evaluate(STEPS[metric], new Reader(indexHistory(history), period as PeriodId, ordinal));
}
