/**
 * The metric catalogue: every workforce metric with its definition (DESIGN section 5).
 *
 * @module
 */
import type { FigureField } from './figures.js';

/** Which direction of change is better. `neither` for descriptive measures such as the ASYE share. */
export type Polarity = 'lower' | 'higher' | 'neither';

/** How a value reads: a percentage (0 to 100), a ratio (cases per FTE) or an FTE count. */
export type MetricUnit = 'percent' | 'ratio' | 'fte';

/**
 * The statistical kind of a metric, which decides how groups are compared:
 * - `proportion`: numerator is part of the denominator; funnel limits are binomial.
 * - `rate`: events per unit of exposure (cases per FTE); funnel limits are Poisson.
 * - `count`: an amount per authority (net change in FTE); no funnel plot, and other authorities'
 *   values are counts, which authority users never see (DESIGN section 6).
 */
export type MetricKind = 'proportion' | 'rate' | 'count';

/** The id of a metric in {@link METRICS}. */
export type MetricId =
  | 'turnoverRate'
  | 'turnoverRateHeadcount'
  | 'quarterlyTurnoverRate'
  | 'vacancyRate'
  | 'vacancyAgencyCoverRate'
  | 'agencyRate'
  | 'agencyRateHeadcount'
  | 'agencyCoverRate'
  | 'absenceRate'
  | 'quarterlyAbsenceRate'
  | 'averageCaseload'
  | 'experiencedShare'
  | 'asyeShare'
  | 'netChangeFte'
  | 'asyeRetention'
  | 'leaversToAgencyShare'
  | 'shortServiceLeaverShare';

/** The definition of one metric. */
export interface MetricDefinition {
  readonly id: MetricId;
  /** Name for people, sentence case. */
  readonly label: string;
  readonly unit: MetricUnit;
  readonly kind: MetricKind;
  readonly polarity: Polarity;
  /** `value = numerator ÷ denominator × scale`: 100 for percentages, 1 otherwise. */
  readonly scale: 100 | 1;
  /** One-line formula for people. */
  readonly formula: string;
  /** What the numerator counts. */
  readonly numerator: string;
  /** What the denominator counts. */
  readonly denominator: string;
  /** Quarters of returns the metric needs, ending at the period (1, 4, or 5 for ASYE retention). */
  readonly quarters: 1 | 4 | 5;
  /** The return fields it reads. */
  readonly inputs: readonly FigureField[];
}

const SERVICE_5_PLUS = ['service5To10Years', 'service10To20Years', 'service20PlusYears'] as const;

/**
 * Every metric, keyed by id, in the order they are presented. Values are unrounded; rates are
 * percentages from 0 to 100.
 *
 * @example
 * METRICS.turnoverRate.formula;
 * // 'leavers FTE in the 4 quarters to the period ÷ permanent FTE at the period end × 100'
 */
export const METRICS = {
  turnoverRate: {
    id: 'turnoverRate',
    label: 'Social worker turnover rate',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: 'leavers FTE in the 4 quarters to the period ÷ permanent FTE at the period end × 100',
    numerator: 'permanent leavers (FTE) in the 4 quarters ending this one',
    denominator: 'permanent social workers (FTE) at the quarter end',
    quarters: 4,
    inputs: ['leaversFte', 'permanentFte'],
  },
  /**
   * DfE's `turnover_rate_headcount`: turnover counted in people rather than FTE, so a part-time
   * leaver counts as one. Like the FTE rate it is a year's flow over the stock at its end and may
   * exceed 100%.
   */
  turnoverRateHeadcount: {
    id: 'turnoverRateHeadcount',
    label: 'Turnover rate (headcount)',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: 'leavers headcount in the 4 quarters to the period ÷ permanent headcount at the period end × 100',
    numerator: 'permanent leavers (headcount) in the 4 quarters ending this one',
    denominator: 'permanent social workers (headcount) at the quarter end',
    quarters: 4,
    inputs: ['leaversHeadcount', 'permanentHeadcount'],
  },
  quarterlyTurnoverRate: {
    id: 'quarterlyTurnoverRate',
    label: 'Turnover rate in the quarter',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: 'leavers FTE in the quarter ÷ permanent FTE at the quarter end × 100',
    numerator: 'permanent leavers (FTE) in the quarter',
    denominator: 'permanent social workers (FTE) at the quarter end',
    quarters: 1,
    inputs: ['leaversFte', 'permanentFte'],
  },
  vacancyRate: {
    id: 'vacancyRate',
    label: 'Vacancy rate',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: 'vacancies FTE ÷ (vacancies FTE + permanent FTE) × 100',
    numerator: 'vacant funded posts (FTE)',
    denominator: 'vacant posts plus permanent social workers (FTE)',
    quarters: 1,
    inputs: ['vacanciesFte', 'permanentFte'],
  },
  /**
   * DfE's `vacancy_agency_cover_rate_fte`: the share of vacancies that agency workers cover. Its
   * numerator is the return's `vacanciesCoveredByAgencyFte`, the FTE of vacancies that agency social
   * workers cover, which is DfE's `agency_cover_fte` ("agency workers covering vacancies", FTE): the
   * same FTE seen from the vacancies. The return's rules keep it within the vacancies (E010), so the
   * rate stays within 0 to 100; DfE's own file has a few authorities above 100%.
   */
  vacancyAgencyCoverRate: {
    id: 'vacancyAgencyCoverRate',
    label: 'Vacancies covered by agency workers',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'neither',
    scale: 100,
    formula: 'vacancies covered by agency FTE ÷ vacancies FTE × 100',
    numerator: 'vacant funded posts covered by agency social workers (FTE)',
    denominator: 'vacant funded posts (FTE), covered or not',
    quarters: 1,
    inputs: ['vacanciesCoveredByAgencyFte', 'vacanciesFte'],
  },
  agencyRate: {
    id: 'agencyRate',
    label: 'Agency rate',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: 'agency FTE ÷ (agency FTE + permanent FTE) × 100',
    numerator: 'agency social workers (FTE)',
    denominator: 'agency plus permanent social workers (FTE)',
    quarters: 1,
    inputs: ['agencyFte', 'permanentFte'],
  },
  /** DfE's `agency_rate_headcount`: the agency rate counted in people rather than FTE. */
  agencyRateHeadcount: {
    id: 'agencyRateHeadcount',
    label: 'Agency rate (headcount)',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: 'agency headcount ÷ (agency headcount + permanent headcount) × 100',
    numerator: 'agency social workers (headcount)',
    denominator: 'agency plus permanent social workers (headcount)',
    quarters: 1,
    inputs: ['agencyHeadcount', 'permanentHeadcount'],
  },
  /**
   * DfE's `agency_cover_rate_fte`: the share of agency workers who cover vacancies (the rest cover
   * absence or add capacity). The numerator is the one of {@link METRICS.vacancyAgencyCoverRate}
   * (`vacanciesCoveredByAgencyFte`, DfE's `agency_cover_fte`), over the agency FTE in post. The
   * return's rules keep it within the agency FTE (E011); DfE's own file has a few authorities above
   * 100%.
   */
  agencyCoverRate: {
    id: 'agencyCoverRate',
    label: 'Agency workers covering vacancies',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'neither',
    scale: 100,
    formula: 'vacancies covered by agency FTE ÷ agency FTE × 100',
    numerator: 'agency social workers covering vacancies (FTE)',
    denominator: 'agency social workers (FTE)',
    quarters: 1,
    inputs: ['vacanciesCoveredByAgencyFte', 'agencyFte'],
  },
  absenceRate: {
    id: 'absenceRate',
    label: 'Sickness absence rate',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: 'sickness days in the 4 quarters to the period ÷ (permanent FTE × working days in those 12 months) × 100',
    numerator: 'FTE working days lost to sickness in the 4 quarters ending this one',
    denominator: 'permanent FTE at the quarter end × working days in the 12 months (253, or 254 with 29 February)',
    quarters: 4,
    inputs: ['sicknessAbsenceDays', 'permanentFte'],
  },
  quarterlyAbsenceRate: {
    id: 'quarterlyAbsenceRate',
    label: 'Sickness absence rate in the quarter',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: "sickness days in the quarter ÷ (permanent FTE × that year's working days ÷ 4) × 100",
    numerator: 'FTE working days lost to sickness in the quarter',
    denominator: 'permanent FTE at the quarter end × a quarter of the working days in the 12 months to it',
    quarters: 1,
    inputs: ['sicknessAbsenceDays', 'permanentFte'],
  },
  averageCaseload: {
    id: 'averageCaseload',
    label: 'Average caseload',
    unit: 'ratio',
    kind: 'rate',
    polarity: 'lower',
    scale: 1,
    formula: 'cases held ÷ case-holding FTE',
    numerator: "children's cases held by social workers (permanent and agency)",
    denominator: 'FTE of social workers holding at least one case',
    quarters: 1,
    inputs: ['casesHeld', 'caseHoldingFte'],
  },
  experiencedShare: {
    id: 'experiencedShare',
    label: "Share with 5+ years' service",
    unit: 'percent',
    kind: 'proportion',
    polarity: 'higher',
    scale: 100,
    formula: "permanent headcount with 5+ years' service ÷ permanent headcount × 100",
    numerator: 'permanent social workers with 5 or more years in the authority (headcount)',
    denominator: 'permanent social workers (headcount)',
    quarters: 1,
    inputs: [...SERVICE_5_PLUS, 'permanentHeadcount'],
  },
  asyeShare: {
    id: 'asyeShare',
    label: 'ASYE share of the workforce',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'neither',
    scale: 100,
    formula: 'ASYE headcount ÷ permanent headcount × 100',
    numerator: 'social workers in their Assessed and Supported Year in Employment (headcount)',
    denominator: 'permanent social workers (headcount)',
    quarters: 1,
    inputs: ['asyeHeadcount', 'permanentHeadcount'],
  },
  netChangeFte: {
    id: 'netChangeFte',
    label: 'Net change in permanent FTE',
    unit: 'fte',
    kind: 'count',
    polarity: 'higher',
    scale: 1,
    formula: 'starters FTE − leavers FTE in the quarter',
    numerator: 'permanent starters minus permanent leavers (FTE) in the quarter',
    denominator: 'one authority (so a group figure is the mean per authority)',
    quarters: 1,
    inputs: ['startersFte', 'leaversFte'],
  },
  asyeRetention: {
    id: 'asyeRetention',
    label: 'ASYE retention',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'higher',
    scale: 100,
    formula:
      '100 × (1 − ASYE leavers in 4 quarters ÷ (ASYE headcount 4 quarters ago + ASYE starters in the 4 quarters))',
    numerator: 'ASYEs retained: the ASYEs of the year less those who left before completing',
    denominator: 'ASYE headcount 4 quarters ago plus ASYEs who started in the 4 quarters',
    quarters: 5,
    inputs: ['asyeHeadcount', 'asyeStarted', 'asyeLeft'],
  },
  leaversToAgencyShare: {
    id: 'leaversToAgencyShare',
    label: 'Leavers going to agency work',
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: 'leavers to agency work ÷ leavers headcount × 100',
    numerator: 'permanent leavers who left for agency work in the quarter (headcount)',
    denominator: 'permanent leavers in the quarter (headcount)',
    quarters: 1,
    inputs: ['leaversToAgency', 'leaversHeadcount'],
  },
  shortServiceLeaverShare: {
    id: 'shortServiceLeaverShare',
    label: "Leavers with under 2 years' service",
    unit: 'percent',
    kind: 'proportion',
    polarity: 'lower',
    scale: 100,
    formula: "leavers with under 2 years' service ÷ leavers headcount × 100",
    numerator: 'permanent leavers in the quarter with under 2 years in the authority (headcount)',
    denominator: 'permanent leavers in the quarter (headcount)',
    quarters: 1,
    inputs: ['leaversServiceUnder2Years', 'leaversHeadcount'],
  },
} as const satisfies { readonly [K in MetricId]: MetricDefinition & { readonly id: K } };

/** Every metric id, in presentation order. */
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/**
 * Whether a value is a metric id.
 *
 * @example
 * isMetricId('vacancyRate'); // true
 * isMetricId('toString'); // false
 * @throws never
 */
export function isMetricId(value: unknown): value is MetricId {
  return typeof value === 'string' && Object.hasOwn(METRICS, value);
}

/**
 * The definition of a metric.
 *
 * @example
 * getMetric('agencyRate').polarity; // 'lower'
 * @throws {RangeError} when `id` is not a metric id.
 */
export function getMetric(id: string): MetricDefinition {
  if (!isMetricId(id)) {
    throw new RangeError(`Unknown metric ${JSON.stringify(id)}; expected one of ${METRIC_IDS.join(', ')}`);
  }
  return METRICS[id];
}
