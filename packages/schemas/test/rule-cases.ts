/**
 * For every rule, a minimal input that breaks it: the rule tests check that each fires (and nothing
 * else does), and the README's message examples are the messages these give.
 */
import type { RuleCode, ValidateOptions } from '../src/index.js';
import { COVENTRY_LIKE, PERIOD } from './fixtures.js';

/** A minimal bad input for one rule. */
export interface RuleCase {
  readonly input: Readonly<Record<string, unknown>>;
  readonly options?: Partial<ValidateOptions>;
  /** Other codes the input is expected to raise as well. */
  readonly also?: readonly RuleCode[];
}

/** One case per rule code; the type makes a missing rule a compile error. */
export const RULE_CASES: { readonly [K in RuleCode]: RuleCase } = {
  E001: { input: {}, options: { stage: 'submit' } },
  E002: { input: { permanentHeadcount: 'twelve' } },
  E003: { input: { agencyFte: -1 } },
  E004: { input: { permanentHeadcount: 12.5 } },
  E005: { input: { permanentHeadcount: 25_000 } },
  E006: { input: { permanentHeadcount: 100, permanentFte: 105.5 } },
  E007: { input: { agencyHeadcount: 10, agencyFte: 10.5 } },
  E008: { input: { startersHeadcount: 3, startersFte: 3.2 } },
  E009: { input: { leaversHeadcount: 2, leaversFte: 2.5 } },
  E010: { input: { vacanciesFte: 10, vacanciesCoveredByAgencyFte: 12 } },
  E011: { input: { agencyFte: 5, vacanciesCoveredByAgencyFte: 6 } },
  E012: {
    input: {
      permanentHeadcount: 260,
      serviceUnder2Years: 70,
      service2To5Years: 62,
      service5To10Years: 58,
      service10To20Years: 45,
      service20PlusYears: 20,
    },
  },
  E013: { input: { startersHeadcount: 14, startersNewlyQualified: 10, startersExperienced: 5 } },
  E014: { input: { leaversHeadcount: 12, leaversResignation: 10, leaversToAgency: 3 } },
  E015: { input: { leaversHeadcount: 2, leaversServiceUnder2Years: 3 } },
  E016: { input: { leaversHeadcount: 2, leaversToOtherAuthority: 3 } },
  E017: { input: { permanentHeadcount: 20, asyeHeadcount: 30 } },
  E018: { input: { caseHoldingFte: 300, permanentFte: 243.1, agencyFte: 48.4 } },
  E019: { input: { casesHeld: 2890, caseHoldingFte: 0 } },
  E020: { input: { permanentFte: 10, sicknessAbsenceDays: 700 }, also: ['W007'] },
  E021: { input: { comment: 'x'.repeat(2001) } },
  E022: { input: { ...COVENTRY_LIKE, casesHeld: 6000 }, options: { stage: 'submit' }, also: ['W003'] },
  W001: {
    input: { permanentFte: 100, leaversFte: 8 },
    options: { previous: { permanentFte: 100, leaversFte: 3 } },
  },
  W002: { input: { permanentFte: 180 }, options: { previous: { permanentFte: 243.1 } } },
  W003: { input: { casesHeld: 620, caseHoldingFte: 20 } },
  W004: { input: { casesHeld: 80, caseHoldingFte: 20 } },
  W005: { input: { permanentFte: 40, agencyFte: 41 } },
  W006: { input: { permanentFte: 50, vacanciesFte: 40 } },
  W007: { input: { permanentFte: 10, sicknessAbsenceDays: 70 } },
  W008: { input: { permanentHeadcount: 150, startersHeadcount: 0, leaversHeadcount: 0 } },
  W009: { input: { asyeHeadcount: 8, asyeLeft: 5 } },
  W010: { input: { leaversHeadcount: 12, leaversResignation: 8 } },
  W011: { input: { startersHeadcount: 14, startersNewlyQualified: 6 } },
  W012: { input: { leaversHeadcount: 12, leaversServiceUnder2Years: 4 } },
  W013: {
    input: { permanentHeadcount: 260, permanentFte: 243.1, vacanciesFte: 30, agencyFte: 20, agencyHeadcount: 21 },
    options: {
      previous: { permanentHeadcount: 260, permanentFte: 243.1, vacanciesFte: 30, agencyFte: 20, agencyHeadcount: 21 },
    },
  },
  W014: { input: { startersHeadcount: 3 }, options: { previous: { startersHeadcount: 14 } } },
  W015: { input: { leaversHeadcount: 30 }, options: { previous: { leaversHeadcount: 12 } } },
  W016: { input: { asyeStarted: 3 }, options: { previous: { asyeStarted: 14 } } },
};

/** The validate options of a case: draft stage and the fixture's period unless the case says otherwise. */
export function caseOptions(ruleCase: RuleCase): ValidateOptions {
  return { stage: 'draft', period: PERIOD, ...ruleCase.options };
}
