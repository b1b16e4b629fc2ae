/**
 * The figures of a quarterly return that the metrics read. Names are the API's (DESIGN section 4).
 *
 * @module
 */
import type { PeriodId } from './periods.js';

/** A numeric field that may be absent from a partial return. */
type Figure = number | null | undefined;

/**
 * One authority's figures for one quarter. Every numeric field is optional: a metric whose input is
 * absent (`undefined` or `null`) is reported as `missing-input` rather than guessed.
 */
export interface QuarterlyFigures {
  /** The financial-year quarter, such as `2024-25-Q2`. */
  readonly period: PeriodId | string;
  // Snapshot at quarter end.
  readonly permanentHeadcount?: Figure;
  readonly permanentFte?: Figure;
  readonly agencyHeadcount?: Figure;
  readonly agencyFte?: Figure;
  readonly vacanciesFte?: Figure;
  readonly vacanciesCoveredByAgencyFte?: Figure;
  readonly caseHoldingFte?: Figure;
  readonly casesHeld?: Figure;
  readonly serviceUnder2Years?: Figure;
  readonly service2To5Years?: Figure;
  readonly service5To10Years?: Figure;
  readonly service10To20Years?: Figure;
  readonly service20PlusYears?: Figure;
  readonly asyeHeadcount?: Figure;
  // In the quarter (permanent staff).
  readonly startersHeadcount?: Figure;
  readonly startersFte?: Figure;
  readonly startersNewlyQualified?: Figure;
  readonly startersExperienced?: Figure;
  readonly startersFromAgency?: Figure;
  readonly startersInternational?: Figure;
  readonly startersReturners?: Figure;
  readonly leaversHeadcount?: Figure;
  readonly leaversFte?: Figure;
  readonly leaversResignation?: Figure;
  readonly leaversRetirement?: Figure;
  readonly leaversDismissal?: Figure;
  readonly leaversEndOfContract?: Figure;
  readonly leaversToAgency?: Figure;
  readonly leaversOther?: Figure;
  readonly leaversServiceUnder2Years?: Figure;
  readonly leaversService2To5Years?: Figure;
  readonly leaversService5To10Years?: Figure;
  readonly leaversService10To20Years?: Figure;
  readonly leaversService20PlusYears?: Figure;
  readonly leaversToOtherAuthority?: Figure;
  readonly sicknessAbsenceDays?: Figure;
  readonly asyeStarted?: Figure;
  readonly asyeLeft?: Figure;
  readonly agencySpend?: Figure;
}

/** The name of a numeric field of {@link QuarterlyFigures}. */
export type FigureField = Exclude<keyof QuarterlyFigures, 'period'>;

/**
 * Every numeric field of the quarterly return, in the order of DESIGN section 4 (the order of the
 * return form and of the CSV/XLSX columns).
 */
export const FIGURE_FIELDS = [
  'permanentHeadcount',
  'permanentFte',
  'agencyHeadcount',
  'agencyFte',
  'vacanciesFte',
  'vacanciesCoveredByAgencyFte',
  'caseHoldingFte',
  'casesHeld',
  'serviceUnder2Years',
  'service2To5Years',
  'service5To10Years',
  'service10To20Years',
  'service20PlusYears',
  'asyeHeadcount',
  'startersHeadcount',
  'startersFte',
  'startersNewlyQualified',
  'startersExperienced',
  'startersFromAgency',
  'startersInternational',
  'startersReturners',
  'leaversHeadcount',
  'leaversFte',
  'leaversResignation',
  'leaversRetirement',
  'leaversDismissal',
  'leaversEndOfContract',
  'leaversToAgency',
  'leaversOther',
  'leaversServiceUnder2Years',
  'leaversService2To5Years',
  'leaversService5To10Years',
  'leaversService10To20Years',
  'leaversService20PlusYears',
  'leaversToOtherAuthority',
  'sicknessAbsenceDays',
  'asyeStarted',
  'asyeLeft',
  'agencySpend',
] as const satisfies readonly FigureField[];
