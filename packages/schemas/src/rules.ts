/**
 * The validation rules of the quarterly return: one entry per rule, with a stable code.
 *
 * Errors (`E…`) block submission; warnings (`W…`, DfE's "queries") need the comment to explain them.
 * Codes are stable: a rule that is withdrawn keeps its code retired, and a new rule takes the next
 * free number. Never renumber.
 *
 * @module
 */
import { MAXIMUM_BY_KIND, RETURN_SPLITS, type ReturnFieldName } from './return.js';
import { formatFigure } from './text.js';

/** An error blocks submission; a warning needs a comment to submit. */
export type Severity = 'error' | 'warning';

/** When a rule runs: on every validation, or only when the return is being submitted. */
export type RuleStage = 'always' | 'submit';

/** The validation stage: a draft may be incomplete; a submission must be complete. */
export type ValidationStage = 'draft' | 'submit';

/** What a rule points at: one field, or `*` for a rule that applies to each figure on its own. */
export type RuleField = ReturnFieldName | '*';

interface RuleShape {
  readonly code: `E${number}` | `W${number}`;
  readonly severity: Severity;
  /** The field an issue of this rule points at (the one the form links to); `*` for per-figure rules. */
  readonly field: RuleField;
  /** Every field the rule reads; empty for per-figure rules. */
  readonly fields: readonly ReturnFieldName[];
  /** A few words naming the rule. */
  readonly title: string;
  /** The rule in plain English. */
  readonly description: string;
  readonly stage: RuleStage;
  /** Whether the rule compares with the previous quarter's return (and is skipped without it). */
  readonly needsPrevious: boolean;
}

/** Thresholds of the rules, in the units of their descriptions. */
export const THRESHOLDS = {
  /** Most working days in a quarter: sickness days above permanent FTE × this are impossible (E020). */
  workingDaysInQuarter: 66,
  /** A quarterly turnover at least this many times last quarter's is queried (W001)… */
  turnoverIncreaseFactor: 2,
  /** …when it is also at least this percentage. */
  turnoverMinimumPercent: 5,
  /** A change in permanent FTE since last quarter above this percentage is queried (W002). */
  fteChangePercent: 20,
  /** Average caseloads above this are queried (W003). */
  caseloadHigh: 30,
  /** Average caseloads below this are queried (W004). */
  caseloadLow: 5,
  /** Agency rates above this percentage are queried (W005). */
  agencyRatePercent: 50,
  /** Vacancy rates above this percentage are queried (W006). */
  vacancyRatePercent: 40,
  /** Quarterly sickness absence rates above this percentage are queried (W007). */
  absenceRatePercent: 10,
  /** Authorities with at least this permanent headcount are expected to have starters or leavers (W008). */
  largeAuthorityHeadcount: 100,
  /** ASYE leavers above this share of the ASYE headcount are queried (W009). */
  asyeLeaverShare: 0.5,
  /** A count (starters, leavers, ASYEs started) at least this many times last quarter's, or at most its inverse, is queried (W014–W016)… */
  countChangeFactor: 2,
  /** …when it also moved by at least this many people. */
  countChangeMinimum: 5,
} as const;

const T = THRESHOLDS;
const SERVICE_BANDS = RETURN_SPLITS.serviceBands.parts;
const STARTER_ROUTES = RETURN_SPLITS.starterRoutes.parts;
const LEAVER_REASONS = RETURN_SPLITS.leaverReasons.parts;
const LEAVER_BANDS = RETURN_SPLITS.leaverServiceBands.parts;
const MAX = MAXIMUM_BY_KIND;

const ALWAYS = { stage: 'always', needsPrevious: false } as const;

/**
 * Every validation rule, errors then warnings, by code. The README's rule table lists exactly these
 * (a test checks it).
 */
export const RULES = [
  {
    code: 'E001',
    severity: 'error',
    field: '*',
    fields: [],
    title: 'Required figure missing',
    description: 'Every figure that is not optional must be filled in to submit (drafts may be incomplete).',
    stage: 'submit',
    needsPrevious: false,
  },
  {
    code: 'E002',
    severity: 'error',
    field: '*',
    fields: [],
    title: 'Not a number',
    description:
      'Each figure must be a number. Text such as "twelve", "12abc", "NaN" or "Infinity" is refused; a blank is a missing figure, never 0.',
    ...ALWAYS,
  },
  {
    code: 'E003',
    severity: 'error',
    field: '*',
    fields: [],
    title: 'Negative figure',
    description: 'No figure can be less than 0.',
    ...ALWAYS,
  },
  {
    code: 'E004',
    severity: 'error',
    field: '*',
    fields: [],
    title: 'Whole number needed',
    description: 'Headcounts and cases count people and children, so they must be whole numbers.',
    ...ALWAYS,
  },
  {
    code: 'E005',
    severity: 'error',
    field: '*',
    fields: [],
    title: 'Figure too large',
    description: `No figure can be larger than any authority could have: ${formatFigure(MAX.headcount)} people or FTE, ${formatFigure(MAX.cases)} cases, ${formatFigure(MAX.days)} days, £${formatFigure(MAX.money)}.`,
    ...ALWAYS,
  },
  {
    code: 'E006',
    severity: 'error',
    field: 'permanentFte',
    fields: ['permanentFte', 'permanentHeadcount'],
    title: 'Permanent FTE above headcount',
    description: 'Permanent FTE cannot be more than permanent headcount.',
    ...ALWAYS,
  },
  {
    code: 'E007',
    severity: 'error',
    field: 'agencyFte',
    fields: ['agencyFte', 'agencyHeadcount'],
    title: 'Agency FTE above headcount',
    description: 'Agency FTE cannot be more than agency headcount.',
    ...ALWAYS,
  },
  {
    code: 'E008',
    severity: 'error',
    field: 'startersFte',
    fields: ['startersFte', 'startersHeadcount'],
    title: 'Starters FTE above headcount',
    description: 'Starters FTE cannot be more than starters headcount.',
    ...ALWAYS,
  },
  {
    code: 'E009',
    severity: 'error',
    field: 'leaversFte',
    fields: ['leaversFte', 'leaversHeadcount'],
    title: 'Leavers FTE above headcount',
    description: 'Leavers FTE cannot be more than leavers headcount.',
    ...ALWAYS,
  },
  {
    code: 'E010',
    severity: 'error',
    field: 'vacanciesCoveredByAgencyFte',
    fields: ['vacanciesCoveredByAgencyFte', 'vacanciesFte'],
    title: 'Covered vacancies above vacancies',
    description: 'Vacancies covered by agency cannot be more than the vacancies.',
    ...ALWAYS,
  },
  {
    code: 'E011',
    severity: 'error',
    field: 'vacanciesCoveredByAgencyFte',
    fields: ['vacanciesCoveredByAgencyFte', 'agencyFte'],
    title: 'Covered vacancies above agency FTE',
    description: 'Vacancies covered by agency cannot be more than the agency FTE in post.',
    ...ALWAYS,
  },
  {
    code: 'E012',
    severity: 'error',
    field: 'serviceUnder2Years',
    fields: [...SERVICE_BANDS, 'permanentHeadcount'],
    title: 'Length of service bands do not add up',
    description:
      'The five length of service bands must add up to permanent headcount (checked when all are filled in, or as soon as they add up to more).',
    ...ALWAYS,
  },
  {
    code: 'E013',
    severity: 'error',
    field: 'startersNewlyQualified',
    fields: [...STARTER_ROUTES, 'startersHeadcount'],
    title: "Starters' routes above starters",
    description: "The starters' routes cannot add up to more than starters headcount.",
    ...ALWAYS,
  },
  {
    code: 'E014',
    severity: 'error',
    field: 'leaversResignation',
    fields: [...LEAVER_REASONS, 'leaversHeadcount'],
    title: "Leavers' reasons above leavers",
    description: "The leavers' reasons cannot add up to more than leavers headcount.",
    ...ALWAYS,
  },
  {
    code: 'E015',
    severity: 'error',
    field: 'leaversServiceUnder2Years',
    fields: [...LEAVER_BANDS, 'leaversHeadcount'],
    title: "Leavers' length of service above leavers",
    description: "The leavers' length of service bands cannot add up to more than leavers headcount.",
    ...ALWAYS,
  },
  {
    code: 'E016',
    severity: 'error',
    field: 'leaversToOtherAuthority',
    fields: ['leaversToOtherAuthority', 'leaversHeadcount'],
    title: 'Leavers to another authority above leavers',
    description: 'Leavers to another local authority cannot be more than leavers headcount.',
    ...ALWAYS,
  },
  {
    code: 'E017',
    severity: 'error',
    field: 'asyeHeadcount',
    fields: ['asyeHeadcount', 'permanentHeadcount'],
    title: 'ASYE headcount above permanent headcount',
    description: 'ASYE headcount cannot be more than permanent headcount.',
    ...ALWAYS,
  },
  {
    code: 'E018',
    severity: 'error',
    field: 'caseHoldingFte',
    fields: ['caseHoldingFte', 'permanentFte', 'agencyFte'],
    title: 'Case-holding FTE above the workforce',
    description: 'Case-holding FTE cannot be more than permanent FTE and agency FTE together.',
    ...ALWAYS,
  },
  {
    code: 'E019',
    severity: 'error',
    field: 'caseHoldingFte',
    fields: ['caseHoldingFte', 'casesHeld'],
    title: 'Cases with no case holders',
    description: 'When cases are held, case-holding FTE cannot be 0.',
    ...ALWAYS,
  },
  {
    code: 'E020',
    severity: 'error',
    field: 'sicknessAbsenceDays',
    fields: ['sicknessAbsenceDays', 'permanentFte'],
    title: 'Sickness days impossible',
    description: `Sickness absence days cannot be more than permanent FTE × ${T.workingDaysInQuarter}, the most working days in a quarter.`,
    ...ALWAYS,
  },
  {
    code: 'E021',
    severity: 'error',
    field: 'comment',
    fields: ['comment'],
    title: 'Comment too long',
    description: 'The comment must be text of at most 2,000 characters, with no control or broken characters.',
    ...ALWAYS,
  },
  {
    code: 'E022',
    severity: 'error',
    field: 'comment',
    fields: ['comment'],
    title: 'Warnings not explained',
    description: 'A return with warnings can be submitted only with a comment that explains them.',
    stage: 'submit',
    needsPrevious: false,
  },
  {
    code: 'W001',
    severity: 'warning',
    field: 'leaversFte',
    fields: ['leaversFte', 'permanentFte'],
    title: 'Turnover doubled',
    description: `Turnover in the quarter is at least ${T.turnoverIncreaseFactor} times last quarter's and at least ${T.turnoverMinimumPercent}%.`,
    stage: 'always',
    needsPrevious: true,
  },
  {
    code: 'W002',
    severity: 'warning',
    field: 'permanentFte',
    fields: ['permanentFte'],
    title: 'Permanent FTE changed sharply',
    description: `Permanent FTE has risen or fallen by more than ${T.fteChangePercent}% since last quarter.`,
    stage: 'always',
    needsPrevious: true,
  },
  {
    code: 'W003',
    severity: 'warning',
    field: 'casesHeld',
    fields: ['casesHeld', 'caseHoldingFte'],
    title: 'High caseload',
    description: `Average caseload (cases held ÷ case-holding FTE) is above ${T.caseloadHigh}.`,
    ...ALWAYS,
  },
  {
    code: 'W004',
    severity: 'warning',
    field: 'casesHeld',
    fields: ['casesHeld', 'caseHoldingFte'],
    title: 'Low caseload',
    description: `Average caseload (cases held ÷ case-holding FTE) is below ${T.caseloadLow}.`,
    ...ALWAYS,
  },
  {
    code: 'W005',
    severity: 'warning',
    field: 'agencyFte',
    fields: ['agencyFte', 'permanentFte'],
    title: 'Agency more than half the workforce',
    description: `Agency FTE is more than half of agency and permanent FTE together (agency rate above ${T.agencyRatePercent}%).`,
    ...ALWAYS,
  },
  {
    code: 'W006',
    severity: 'warning',
    field: 'vacanciesFte',
    fields: ['vacanciesFte', 'permanentFte'],
    title: 'High vacancy rate',
    description: `Vacancy rate (vacancies ÷ (vacancies + permanent FTE)) is above ${T.vacancyRatePercent}%.`,
    ...ALWAYS,
  },
  {
    code: 'W007',
    severity: 'warning',
    field: 'sicknessAbsenceDays',
    fields: ['sicknessAbsenceDays', 'permanentFte'],
    title: 'High sickness absence',
    description: `Sickness absence rate in the quarter is above ${T.absenceRatePercent}%.`,
    ...ALWAYS,
  },
  {
    code: 'W008',
    severity: 'warning',
    field: 'startersHeadcount',
    fields: ['startersHeadcount', 'leaversHeadcount', 'permanentHeadcount'],
    title: 'No starters or leavers',
    description: `No starters and no leavers in the quarter, with a permanent headcount of ${T.largeAuthorityHeadcount} or more.`,
    ...ALWAYS,
  },
  {
    code: 'W009',
    severity: 'warning',
    field: 'asyeLeft',
    fields: ['asyeLeft', 'asyeHeadcount'],
    title: 'Many ASYEs left',
    description: 'ASYEs who left in the quarter are more than half of ASYE headcount.',
    ...ALWAYS,
  },
  {
    code: 'W010',
    severity: 'warning',
    field: 'leaversResignation',
    fields: [...LEAVER_REASONS, 'leaversHeadcount'],
    title: "Leavers' reasons incomplete",
    description: "The leavers' reasons are given but add up to less than leavers headcount.",
    ...ALWAYS,
  },
  {
    code: 'W011',
    severity: 'warning',
    field: 'startersNewlyQualified',
    fields: [...STARTER_ROUTES, 'startersHeadcount'],
    title: "Starters' routes incomplete",
    description: "The starters' routes are given but add up to less than starters headcount.",
    ...ALWAYS,
  },
  {
    code: 'W012',
    severity: 'warning',
    field: 'leaversServiceUnder2Years',
    fields: [...LEAVER_BANDS, 'leaversHeadcount'],
    title: "Leavers' length of service incomplete",
    description: "The leavers' length of service bands are given but add up to less than leavers headcount.",
    ...ALWAYS,
  },
  {
    code: 'W013',
    severity: 'warning',
    field: 'permanentFte',
    fields: [
      'permanentFte',
      'permanentHeadcount',
      'startersHeadcount',
      'leaversHeadcount',
      'vacanciesFte',
      'agencyFte',
    ],
    title: 'Same as last quarter',
    description: 'Every figure is the same as in last quarter’s return, as if copied forward and not updated.',
    stage: 'always',
    needsPrevious: true,
  },
  {
    code: 'W014',
    severity: 'warning',
    field: 'startersHeadcount',
    fields: ['startersHeadcount'],
    title: 'Starters changed sharply',
    description: `Starters headcount is at least ${T.countChangeFactor} times last quarter's, or at most 1/${T.countChangeFactor} of it, and moved by ${T.countChangeMinimum} or more.`,
    stage: 'always',
    needsPrevious: true,
  },
  {
    code: 'W015',
    severity: 'warning',
    field: 'leaversHeadcount',
    fields: ['leaversHeadcount'],
    title: 'Leavers changed sharply',
    description: `Leavers headcount is at least ${T.countChangeFactor} times last quarter's, or at most 1/${T.countChangeFactor} of it, and moved by ${T.countChangeMinimum} or more.`,
    stage: 'always',
    needsPrevious: true,
  },
  {
    code: 'W016',
    severity: 'warning',
    field: 'asyeStarted',
    fields: ['asyeStarted'],
    title: 'ASYEs started changed sharply',
    description: `ASYEs who started in the quarter are at least ${T.countChangeFactor} times last quarter's, or at most 1/${T.countChangeFactor} of them, and moved by ${T.countChangeMinimum} or more.`,
    stage: 'always',
    needsPrevious: true,
  },
] as const satisfies readonly RuleShape[];

/** The stable code of a rule, such as `E012` or `W003`. */
export type RuleCode = (typeof RULES)[number]['code'];

/** The definition of one rule: an entry of {@link RULES}. */
export interface RuleDefinition extends RuleShape {
  readonly code: RuleCode;
}

const RULE_BY_CODE = new Map<string, RuleDefinition>(RULES.map((rule) => [rule.code, rule]));

/**
 * Whether a string is the code of a rule.
 *
 * @example
 * isRuleCode('E012'); // true
 * @throws never
 */
export function isRuleCode(code: unknown): code is RuleCode {
  return typeof code === 'string' && RULE_BY_CODE.has(code);
}

/**
 * The definition of a rule.
 *
 * @example
 * getRule('W003').title; // 'High caseload'
 * @throws {RangeError} for an unknown code.
 */
export function getRule(code: string): RuleDefinition {
  const rule = RULE_BY_CODE.get(code);
  if (!rule) throw new RangeError(`Unknown rule code ${JSON.stringify(code)}`);
  return rule;
}

/** One finding of the rules about a return. */
export interface Issue {
  readonly code: RuleCode;
  readonly severity: Severity;
  /** The field the issue points at: the form links to it, the CSV import names its column. */
  readonly field: ReturnFieldName;
  /** Every field involved, for cross-field rules (to highlight them all). */
  readonly fields?: readonly ReturnFieldName[];
  /** Plain English that names the figures, such as "Permanent FTE (105.5) is more than permanent headcount (100)". */
  readonly message: string;
}
