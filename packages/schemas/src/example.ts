/**
 * An example return, for the API's documentation, demos, benchmarks and tests.
 *
 * @module
 */
import type { ReturnFigures } from './return.js';

/**
 * A complete and valid return, every required figure given and no optional one, that raises no
 * warning: a large metropolitan authority at the end of a quarter. Quarterly turnover 4.7%, vacancy
 * rate 19.9%, agency rate 16.6%, caseload 16.0.
 *
 * @example
 * validateReturn(EXAMPLE_RETURN, { stage: 'submit', period: '2024-25-Q2' }).errors; // []
 */
export const EXAMPLE_RETURN = {
  permanentHeadcount: 260,
  permanentFte: 243.1,
  agencyHeadcount: 50,
  agencyFte: 48.4,
  vacanciesFte: 60.2,
  caseHoldingFte: 180.3,
  casesHeld: 2890,
  serviceUnder2Years: 70,
  service2To5Years: 62,
  service5To10Years: 58,
  service10To20Years: 45,
  service20PlusYears: 25,
  asyeHeadcount: 28,
  startersHeadcount: 14,
  startersFte: 13.2,
  leaversHeadcount: 12,
  leaversFte: 11.4,
  sicknessAbsenceDays: 620.5,
  asyeStarted: 6,
  asyeLeft: 1,
} as const satisfies ReturnFigures;
