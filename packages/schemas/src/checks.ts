/**
 * The rules between figures: each check reads the figures that are valid numbers and, when its rule
 * fires, returns the message. Internal to the package; `validateReturn` runs them.
 *
 * @module
 */
import type { FigureField, MetricId, MetricResults } from '@csc-workforce/metrics-core';
import { FIGURE_FIELDS, formatNumber, formatPercent } from '@csc-workforce/metrics-core';
import { type FieldSplit, getReturnField, RETURN_SPLITS } from './return.js';
import { type RuleCode, THRESHOLDS } from './rules.js';
import { formatFigure, lowerFirst } from './text.js';

/** The figures that are valid numbers, by field. */
export type FigureValues = { readonly [K in FigureField]?: number };

/** What a check reads: this quarter's figures and metrics, and the previous quarter's when given. */
export interface CheckContext {
  readonly values: FigureValues;
  readonly metrics: MetricResults;
  readonly previous?: { readonly values: FigureValues; readonly metrics: MetricResults };
}

/** A rule between figures: its message when it fires, otherwise `undefined`. */
type Check = (context: CheckContext) => string | undefined;

/** Tolerance for sums of decimals (0.1 + 0.2 is not more than 0.3). */
const EPSILON = 1e-9;

function exceeds(value: number, limit: number): boolean {
  return value - limit > EPSILON;
}

function label(field: FigureField): string {
  return getReturnField(field).label;
}

function named(field: FigureField, value: number): string {
  return `${label(field)} (${formatFigure(value)})`;
}

function metric(results: MetricResults | undefined, id: MetricId): number | undefined {
  return results?.[id].value ?? undefined;
}

/** `part` may not be more than `limit`. */
function notMoreThan(part: FigureField, limit: FigureField): Check {
  return ({ values }) => {
    const value = values[part];
    const max = values[limit];
    if (value === undefined || max === undefined || !exceeds(value, max)) return undefined;
    return `${named(part, value)} is more than ${lowerFirst(named(limit, max))}`;
  };
}

interface SplitSum {
  readonly total: number | undefined;
  readonly sum: number;
  readonly given: number;
  readonly complete: boolean;
}

function sumSplit(split: FieldSplit, values: FigureValues): SplitSum {
  const parts = split.parts.map((field) => values[field]).filter((value) => value !== undefined);
  return {
    total: values[split.total],
    sum: parts.reduce((a, b) => a + b, 0),
    given: parts.length,
    complete: parts.length === split.parts.length,
  };
}

function splitMessage(split: FieldSplit, sum: number, total: number, relation: string): string {
  return `The ${split.label} add up to ${formatFigure(sum)}, ${relation} ${lowerFirst(named(split.total, total))}`;
}

/** The parts given may not add up to more than the total. */
function splitNotAbove(split: FieldSplit): Check {
  return ({ values }) => {
    const { total, sum, given } = sumSplit(split, values);
    if (total === undefined || given === 0 || !exceeds(sum, total)) return undefined;
    return splitMessage(split, sum, total, 'more than');
  };
}

/** When any part is given, the parts should add up to the total. */
function splitNotBelow(split: FieldSplit): Check {
  return ({ values }) => {
    const { total, sum, given } = sumSplit(split, values);
    if (total === undefined || given === 0 || !exceeds(total, sum)) return undefined;
    return splitMessage(split, sum, total, 'less than');
  };
}

/** The parts add up to exactly the total: checked once all are given, or as soon as they exceed it. */
function splitExact(split: FieldSplit): Check {
  return ({ values }) => {
    const { total, sum, complete } = sumSplit(split, values);
    if (total === undefined) return undefined;
    const wrong = exceeds(sum, total) || (complete && exceeds(total, sum));
    if (!wrong) return undefined;
    return `The ${split.label} add up to ${formatFigure(sum)}, but ${lowerFirst(label(split.total))} is ${formatFigure(total)}`;
  };
}

const caseHoldersWithinWorkforce: Check = ({ values: v }) => {
  if (v.caseHoldingFte === undefined || v.permanentFte === undefined || v.agencyFte === undefined) return undefined;
  const workforce = v.permanentFte + v.agencyFte;
  if (!exceeds(v.caseHoldingFte, workforce)) return undefined;
  return `${named('caseHoldingFte', v.caseHoldingFte)} is more than permanent FTE and agency FTE together (${formatFigure(workforce)})`;
};

const casesNeedHolders: Check = ({ values: v }) => {
  if (v.casesHeld === undefined || v.casesHeld <= 0 || v.caseHoldingFte !== 0) return undefined;
  return `${label('caseHoldingFte')} is 0 but ${formatFigure(v.casesHeld)} cases are held: enter the FTE of the social workers who hold them`;
};

const sicknessWithinWorkingDays: Check = ({ values: v }) => {
  const days = v.sicknessAbsenceDays;
  if (days === undefined || v.permanentFte === undefined) return undefined;
  const most = v.permanentFte * THRESHOLDS.workingDaysInQuarter;
  if (!exceeds(days, most)) return undefined;
  return `${named('sicknessAbsenceDays', days)} are more than permanent FTE (${formatFigure(v.permanentFte)}) could lose in a quarter of ${THRESHOLDS.workingDaysInQuarter} working days (${formatFigure(most)} days)`;
};

const turnoverDoubled: Check = ({ metrics, previous }) => {
  const now = metric(metrics, 'quarterlyTurnoverRate');
  const before = metric(previous?.metrics, 'quarterlyTurnoverRate');
  if (now === undefined || before === undefined) return undefined;
  if (now < THRESHOLDS.turnoverMinimumPercent || now < THRESHOLDS.turnoverIncreaseFactor * before) return undefined;
  return `Turnover in the quarter (${formatPercent(now)}) is at least double last quarter's (${formatPercent(before)}): check leavers FTE and permanent FTE`;
};

const permanentFteChanged: Check = ({ values, previous }) => {
  const now = values.permanentFte;
  const before = previous?.values.permanentFte;
  if (now === undefined || before === undefined || before <= 0) return undefined;
  const change = ((now - before) / before) * 100;
  if (Math.abs(change) <= THRESHOLDS.fteChangePercent) return undefined;
  const direction = change > 0 ? 'risen' : 'fallen';
  return `Permanent FTE has ${direction} by ${formatPercent(Math.abs(change))} since last quarter, from ${formatFigure(before)} to ${formatFigure(now)}`;
};

function caseloadMessage(caseload: number, values: FigureValues, relation: string, limit: number): string {
  const cases = formatFigure(values.casesHeld ?? 0);
  const fte = formatFigure(values.caseHoldingFte ?? 0);
  return `Average caseload is ${formatNumber(caseload)} (${cases} cases held ÷ ${fte} case-holding FTE), ${relation} ${limit}`;
}

/** Every figure the return has, the same as last quarter's (and at least a handful of them). */
const sameAsLastQuarter: Check = ({ values, previous }) => {
  if (!previous) return undefined;
  const fields = FIGURE_FIELDS.filter((f) => values[f] !== undefined || previous.values[f] !== undefined);
  if (fields.length < 5) return undefined;
  if (!fields.every((f) => values[f] === previous.values[f])) return undefined;
  return `Every figure (${fields.length} of them) is the same as in last quarter's return: check that this quarter's figures were entered, not copied forward`;
};

/** A count that at least doubled or at least halved since last quarter, by a handful or more. */
function countChanged(field: FigureField, label: string): Check {
  return ({ values, previous }) => {
    const now = values[field];
    const before = previous?.values[field];
    if (now === undefined || before === undefined) return undefined;
    if (Math.abs(now - before) < THRESHOLDS.countChangeMinimum) return undefined;
    const factor = THRESHOLDS.countChangeFactor;
    if (now < before * factor && now * factor > before) return undefined;
    return `${label} ${now > before ? 'rose' : 'fell'} from ${formatFigure(before)} last quarter to ${formatFigure(now)}: check the figure`;
  };
}

const caseloadHigh: Check = ({ metrics, values }) => {
  const caseload = metric(metrics, 'averageCaseload');
  if (caseload === undefined || caseload <= THRESHOLDS.caseloadHigh) return undefined;
  return caseloadMessage(caseload, values, 'above', THRESHOLDS.caseloadHigh);
};

const caseloadLow: Check = ({ metrics, values }) => {
  const caseload = metric(metrics, 'averageCaseload');
  if (caseload === undefined || caseload >= THRESHOLDS.caseloadLow) return undefined;
  return caseloadMessage(caseload, values, 'below', THRESHOLDS.caseloadLow);
};

const agencyHalf: Check = ({ metrics, values }) => {
  const rate = metric(metrics, 'agencyRate');
  if (rate === undefined || rate <= THRESHOLDS.agencyRatePercent) return undefined;
  return `${named('agencyFte', values.agencyFte ?? 0)} is more than half the workforce: the agency rate is ${formatPercent(rate)}`;
};

const vacancyHigh: Check = ({ metrics, values }) => {
  const rate = metric(metrics, 'vacancyRate');
  if (rate === undefined || rate <= THRESHOLDS.vacancyRatePercent) return undefined;
  const figures = `${named('vacanciesFte', values.vacanciesFte ?? 0)} against ${lowerFirst(named('permanentFte', values.permanentFte ?? 0))}`;
  return `The vacancy rate is ${formatPercent(rate)}, above ${THRESHOLDS.vacancyRatePercent}%: ${lowerFirst(figures)}`;
};

const absenceHigh: Check = ({ metrics, values }) => {
  const rate = metric(metrics, 'quarterlyAbsenceRate');
  if (rate === undefined || rate <= THRESHOLDS.absenceRatePercent) return undefined;
  const figures = `${named('sicknessAbsenceDays', values.sicknessAbsenceDays ?? 0)} for ${lowerFirst(named('permanentFte', values.permanentFte ?? 0))}`;
  return `The sickness absence rate in the quarter is ${formatPercent(rate)}, above ${THRESHOLDS.absenceRatePercent}%: ${lowerFirst(figures)}`;
};

const noMovement: Check = ({ values: v }) => {
  if (v.startersHeadcount !== 0 || v.leaversHeadcount !== 0 || v.permanentHeadcount === undefined) return undefined;
  if (v.permanentHeadcount < THRESHOLDS.largeAuthorityHeadcount) return undefined;
  return `No starters and no leavers in the quarter, with a permanent headcount of ${formatFigure(v.permanentHeadcount)}`;
};

const asyeLeavers: Check = ({ values: v }) => {
  if (v.asyeLeft === undefined || v.asyeHeadcount === undefined || v.asyeLeft === 0) return undefined;
  if (!exceeds(v.asyeLeft, v.asyeHeadcount * THRESHOLDS.asyeLeaverShare)) return undefined;
  return `${named('asyeLeft', v.asyeLeft)} are more than half of ASYE headcount (${formatFigure(v.asyeHeadcount)})`;
};

/** Every rule between figures, by code, in code order. */
export const CROSS_FIELD_CHECKS: ReadonlyArray<readonly [RuleCode, Check]> = [
  ['E006', notMoreThan('permanentFte', 'permanentHeadcount')],
  ['E007', notMoreThan('agencyFte', 'agencyHeadcount')],
  ['E008', notMoreThan('startersFte', 'startersHeadcount')],
  ['E009', notMoreThan('leaversFte', 'leaversHeadcount')],
  ['E010', notMoreThan('vacanciesCoveredByAgencyFte', 'vacanciesFte')],
  ['E011', notMoreThan('vacanciesCoveredByAgencyFte', 'agencyFte')],
  ['E012', splitExact(RETURN_SPLITS.serviceBands)],
  ['E013', splitNotAbove(RETURN_SPLITS.starterRoutes)],
  ['E014', splitNotAbove(RETURN_SPLITS.leaverReasons)],
  ['E015', splitNotAbove(RETURN_SPLITS.leaverServiceBands)],
  ['E016', notMoreThan('leaversToOtherAuthority', 'leaversHeadcount')],
  ['E017', notMoreThan('asyeHeadcount', 'permanentHeadcount')],
  ['E018', caseHoldersWithinWorkforce],
  ['E019', casesNeedHolders],
  ['E020', sicknessWithinWorkingDays],
  ['W001', turnoverDoubled],
  ['W002', permanentFteChanged],
  ['W003', caseloadHigh],
  ['W004', caseloadLow],
  ['W005', agencyHalf],
  ['W006', vacancyHigh],
  ['W007', absenceHigh],
  ['W008', noMovement],
  ['W009', asyeLeavers],
  ['W010', splitNotBelow(RETURN_SPLITS.leaverReasons)],
  ['W011', splitNotBelow(RETURN_SPLITS.starterRoutes)],
  ['W012', splitNotBelow(RETURN_SPLITS.leaverServiceBands)],
  ['W013', sameAsLastQuarter],
  ['W014', countChanged('startersHeadcount', 'Starters headcount')],
  ['W015', countChanged('leaversHeadcount', 'Leavers headcount')],
  ['W016', countChanged('asyeStarted', 'ASYEs started')],
];
