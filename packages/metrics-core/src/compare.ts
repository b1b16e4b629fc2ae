/**
 * Comparing one authority with a group (its region, England), with disclosure control.
 *
 * @module
 */
import { isMetricId, METRICS, type MetricDefinition, type MetricId, type Polarity } from './catalogue.js';
import type { MetricResult } from './compute.js';
import { roundHalfAwayFromZeroUnchecked, roundsToZero } from './format.js';
import {
  type ControlLimits,
  poissonFunnelLimitPairs,
  scaledFunnelLimitPairs,
  scaledFunnelLimitsInto,
} from './funnel.js';
import {
  estimateOverdispersion,
  type Overdispersion,
  overdispersedFunnelLimitPairs,
  overdispersionOfCounts,
  transformedTarget,
  widenedFunnelLimitsInto,
} from './overdispersion.js';
import { quartileOfRank } from './rank.js';
import { collectGroup, type GroupMember, type GroupSummary } from './summarise.js';
import type { FunnelBand, FunnelVerdict } from './verdict.js';

/** The minimum number of authorities with a value before a group's figures are shown (DESIGN section 6). */
export const DEFAULT_MIN_GROUP_SIZE = 5;

/** A group summarised once, to compare each of its members with it cheaply. */
export interface PreparedGroup {
  readonly kind: 'prepared-group';
  readonly summary: GroupSummary;
  /** The members' values, ascending, unrounded. */
  readonly sorted: ArrayLike<number>;
  /** The members' values rounded to 1 decimal place, ascending. Frozen. */
  readonly rounded: readonly number[];
  /** The group as every comparison with it shows it (one frozen object, shared). */
  readonly shown: ShownGroup;
  /**
   * The group's overdispersion around its pooled value, which widens its funnel limits; `null` for a
   * count metric or when the pooled value is out of the funnel's range (see {@link groupOverdispersion}).
   */
  readonly overdispersion: Overdispersion | null;
}

/**
 * A group's overdispersion around its pooled value ({@link estimateOverdispersion}), on the arcsine
 * scale for a proportion and the log scale for a rate, from the numerators and denominators of its
 * members with a value (the first `summary.n` of `counts`); `null` for a count, an empty group, or a
 * pooled proportion outside 0 to 1. A rate whose pooled value is 0 has none (φ 0, τ² 0).
 */
function groupOverdispersion(
  counts: { readonly numerators: readonly number[]; readonly denominators: readonly number[] },
  summary: GroupSummary,
): Overdispersion | null {
  if (summary.metric === null || summary.pooled === null) return null;
  const definition = METRICS[summary.metric];
  if (definition.kind === 'count') return null;
  const target = summary.pooled / definition.scale;
  if (definition.kind === 'proportion' && !(target >= 0 && target <= 1)) return null;
  if (definition.kind === 'rate' && !(target > 0)) {
    let k = 0;
    for (let i = 0; i < summary.n; i++) if ((counts.denominators[i] as number) > 0) k++;
    return { k, phi: 0, tau2: 0 };
  }
  if (definition.kind === 'rate' && !Number.isFinite(target)) {
    // estimateOverdispersion's error for a rate out of range.
    return estimateOverdispersion('rate', target, []);
  }
  return overdispersionOfCounts(definition.kind, target, counts.numerators, counts.denominators, summary.n);
}

/** How {@link compareWithGroup} works out a member's funnel limits (see {@link GroupPlan}). */
const FUNNEL_NONE = 0;
/** A proportion strictly between 0 and 1, not overdispersed: normal or exact binomial limits. */
const FUNNEL_PLAIN = 1;
/** A proportion strictly between 0 and 1 with a finite τ² above 0: widened on the arcsine scale. */
const FUNNEL_WIDE = 2;
/** A rate above 0 with a finite τ² above 0: widened on the log scale. */
const FUNNEL_RATE_WIDE = 3;
/** Anything else with a funnel (a target of 0 or 1, a rate not overdispersed): the general code. */
const FUNNEL_OTHER = 4;

/** What comparing a member with a group needs of the group, worked out once in {@link prepareGroup}. */
interface GroupPlan {
  /** The group's metric's definition; `null` for an empty group, whose metric may be unknown. */
  readonly definition: MetricDefinition | null;
  /** One of `FUNNEL_NONE` (no funnel: a count, no pooled value, a target out of range) to `FUNNEL_OTHER`. */
  readonly funnel: number;
  /** The funnel's target as a proportion (pooled ÷ scale) or a rate, its transform and the metric's scale. */
  readonly target: number;
  readonly y0: number;
  readonly scale: number;
  /** The group's τ² and φ, 0 without an overdispersion. */
  readonly tau2: number;
  readonly phi: number;
}

/** The plan of a group from its summary and overdispersion (see {@link GroupPlan}). */
function planGroup(summary: GroupSummary, overdispersion: Overdispersion | null): GroupPlan {
  const definition = summary.metric !== null && isMetricId(summary.metric) ? METRICS[summary.metric] : null;
  const tau2 = overdispersion?.tau2 ?? 0;
  const phi = overdispersion?.phi ?? 0;
  const scale = definition?.scale ?? 1;
  const pooled = summary.pooled;
  let funnel = FUNNEL_NONE;
  let target = 0;
  let y0 = 0;
  const wide = tau2 > 0 && tau2 < Number.POSITIVE_INFINITY;
  if (definition === null || definition.kind === 'count' || pooled === null) funnel = FUNNEL_NONE;
  else if (definition.kind === 'proportion') {
    target = pooled / scale;
    if (!(target >= 0 && target <= 1)) funnel = FUNNEL_NONE;
    else if (target > 0 && target < 1 && tau2 === 0) funnel = FUNNEL_PLAIN;
    else if (target > 0 && target < 1 && wide) funnel = FUNNEL_WIDE;
    else funnel = FUNNEL_OTHER;
  } else {
    target = pooled;
    if (!(target >= 0)) funnel = FUNNEL_NONE;
    else if (target > 0 && target < Number.POSITIVE_INFINITY && wide) funnel = FUNNEL_RATE_WIDE;
    else funnel = FUNNEL_OTHER;
  }
  if (funnel === FUNNEL_WIDE) y0 = transformedTarget('proportion', target);
  else if (funnel === FUNNEL_RATE_WIDE) y0 = transformedTarget('rate', target);
  return { definition, funnel, target, y0, scale, tau2, phi };
}

/** A prepared group: the public fields of {@link PreparedGroup}, and its plan, kept private. */
class Prepared implements PreparedGroup {
  readonly kind = 'prepared-group';
  readonly summary: GroupSummary;
  readonly sorted: ArrayLike<number>;
  readonly rounded: readonly number[];
  readonly shown: ShownGroup;
  readonly overdispersion: Overdispersion | null;
  readonly #plan: GroupPlan;

  constructor(
    summary: GroupSummary,
    sorted: ArrayLike<number>,
    rounded: readonly number[],
    shown: ShownGroup,
    overdispersion: Overdispersion | null,
  ) {
    this.summary = summary;
    this.sorted = sorted;
    this.rounded = rounded;
    this.shown = shown;
    this.overdispersion = overdispersion;
    this.#plan = planGroup(summary, overdispersion);
  }

  /**
   * The plan of a prepared group: its own when {@link prepareGroup} made it, else (a copy, an object
   * of the same shape made elsewhere) worked out from its summary and overdispersion.
   */
  static planOf(group: PreparedGroup): GroupPlan {
    return #plan in group ? (group as Prepared).#plan : planGroup(group.summary, group.overdispersion);
  }
}

/**
 * Summarises a group once so that each of its members can be compared with it (see
 * {@link compareWithGroup}); comparing all the members of a group costs one sort instead of one each,
 * and what the funnel limits need of the group (its metric, target and overdispersion) is worked out
 * once too.
 *
 * @example
 * const region = prepareGroup(regionResults.map((r) => r.vacancyRate));
 * const mine = compareWithGroup(myResults.vacancyRate, region);
 * @throws {RangeError} as {@link summariseGroup}.
 */
export function prepareGroup(members: readonly GroupMember[], metric?: MetricId): PreparedGroup {
  // The numerators and denominators of the members with a value, in their order, for the
  // overdispersion: read once here rather than from the members again.
  const counts = { numerators: new Array<number>(members.length), denominators: new Array<number>(members.length) };
  const { summary, sorted } = collectGroup(members, metric, counts);
  const values: number[] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) values[i] = roundHalfAwayFromZeroUnchecked(sorted[i] as number, 1);
  const rounded = Object.freeze(values);
  const shown: ShownGroup = Object.freeze({ status: 'shown', summary, values: rounded });
  const overdispersion = groupOverdispersion(counts, summary);
  return new Prepared(summary, sorted, rounded, shown, overdispersion);
}

/** A group's figures, shown because enough authorities contributed. */
export interface ShownGroup {
  readonly status: 'shown';
  readonly summary: GroupSummary;
  /**
   * Every member's value, the compared authority's own included, rounded to 1 decimal place and
   * sorted ascending: never labelled and never in a stable order, so that no value can be followed
   * from one quarter to the next.
   */
  readonly values: readonly number[];
}

/** A group withheld because too few authorities contributed (disclosure control). */
export interface WithheldGroup {
  readonly status: 'withheld';
  readonly reason: 'group-too-small';
  /** How many authorities contributed a value. */
  readonly n: number;
  readonly minGroupSize: number;
  /** The reason in words, for people. */
  readonly message: string;
}

/** Movement between two periods. */
export interface Change {
  readonly from: number;
  readonly to: number;
  /** `to − from`, unrounded. */
  readonly difference: number;
  /**
   * By the metric's polarity; `no-change` when the difference rounds to 0.0. For metrics whose
   * polarity is `neither` (the ASYE share), a change is `null`: it is neither better nor worse.
   */
  readonly direction: 'improving' | 'worsening' | 'no-change' | null;
}

/** Where an authority falls on the group's funnel plot. */
export interface FunnelPosition {
  /** The group's pooled value, the centre line. */
  readonly target: number;
  /** The authority's denominator, the x axis. */
  readonly denominator: number;
  /**
   * Control limits in the metric's own units (percentages for rates), allowing for the group's
   * overdispersion: widened by `tau2` (Spiegelhalter 2005, additive random effects), the plain
   * limits when `tau2` is 0.
   */
  readonly limits95: ControlLimits;
  readonly limits998: ControlLimits;
  /**
   * The group's between-authority variance τ² on the transformed scale (arcsine square root for a
   * proportion, log for a rate), with which the limits were widened; 0 when the group is not
   * overdispersed.
   */
  readonly tau2: number;
  /** The group's overdispersion ratio φ (mean squared Winsorised z-score; about 1 without overdispersion). */
  readonly phi: number;
  readonly band: FunnelBand;
  /**
   * The verdict: `as-expected` inside the 95% limits, `possibly-higher/lower` between the 95% and
   * 99.8% limits, `significantly-higher/lower` outside the 99.8% limits.
   */
  readonly verdict: FunnelVerdict;
  /**
   * `better` / `worse` outside the 95% limits by the metric's polarity; `as-expected` inside;
   * `unusual` outside for a metric whose polarity is `neither`.
   */
  readonly assessment: 'better' | 'worse' | 'as-expected' | 'unusual';
}

/** One authority's value for one metric compared with a group. */
export interface Comparison {
  readonly metric: MetricId;
  readonly own: MetricResult;
  readonly group: ShownGroup | WithheldGroup;
  /** 1 = best by polarity among the group's `n` (lowest first for polarity `neither`); `null` when own has no value or the group is withheld. */
  readonly rank: number | null;
  /** 1 = the best quarter of the group; `null` as for `rank`. */
  readonly quartile: 1 | 2 | 3 | 4 | null;
  readonly funnel: FunnelPosition | null;
  readonly change: {
    readonly previousQuarter: Change | null;
    readonly sameQuarterLastYear: Change | null;
  };
}

/** Options of {@link compareWithGroup}. */
export interface CompareOptions {
  /** Fewer contributors than this and the group is withheld. Default {@link DEFAULT_MIN_GROUP_SIZE}. */
  readonly minGroupSize?: number;
  /** The authority's result for the same metric a quarter earlier, for the change. */
  readonly previousQuarter?: MetricResult | null;
  /** The authority's result for the same metric four quarters earlier. */
  readonly sameQuarterLastYear?: MetricResult | null;
}

/**
 * The change between two results of one metric, judged by its polarity; `null` when either has no value.
 *
 * @example
 * describeChange('vacancyRate', 18.2, 16.1); // { from: 18.2, to: 16.1, difference: -2.0999…, direction: 'improving' }
 * @throws {RangeError} for an unknown metric.
 */
export function describeChange(metric: MetricId, from: number | null, to: number | null): Change | null {
  if (!isMetricId(metric)) throw new RangeError(`Unknown metric ${JSON.stringify(metric)}`);
  return changeBetween(METRICS[metric].polarity, from, to);
}

/** {@link describeChange} of a metric already checked, by its polarity. */
function changeBetween(polarity: Polarity, from: number | null, to: number | null): Change | null {
  if (from === null || to === null) return null;
  const difference = to - from;
  // Judged by the difference rounded to 1 dp: no change when that is 0, else by its sign, which is
  // the difference's own.
  let direction: Change['direction'];
  if (roundsToZero(difference, 1)) direction = 'no-change';
  else if (polarity === 'neither') direction = null;
  else direction = difference < 0 === (polarity === 'lower') ? 'improving' : 'worsening';
  return { from, to, difference, direction };
}

/**
 * The index of the first of the sorted values that is not below `value` (`sorted.length` when
 * none): how many values are below it, and where it is when it is among them.
 */
function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Count of sorted values strictly better than `value` by polarity, given its {@link lowerBound}
 * `below`: the values below it (lower/neither), or those above it (higher), found from there.
 */
function countBetter(sorted: ArrayLike<number>, value: number, polarity: Polarity, below: number): number {
  if (polarity !== 'higher') return below;
  let lo = below;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/** Limits scaled to the metric's units (× 100 for a percentage). */
function scaled(l: ControlLimits, scale: number): ControlLimits {
  return { lower: l.lower * scale, upper: l.upper * scale, method: l.method };
}

/**
 * Where an authority's value out of its `denominator` falls on the funnel plot around its group's
 * pooled value, with limits widened by the group's overdispersion; `null` for a count metric,
 * without a denominator or a pooled value in range. The common cases from the group's plan, worked
 * out once; the others by {@link generalFunnelPosition}.
 */
function funnelPosition(
  plan: GroupPlan,
  definition: MetricDefinition,
  pooled: number | null,
  value: number,
  denominator: number | null,
  overdispersion: Overdispersion | null,
): FunnelPosition | null {
  const funnel = plan.funnel;
  if (funnel === FUNNEL_NONE || denominator === null || denominator <= 0) return null;
  // Not a finite denominator (the general code throws for it), or a case without a fast path.
  if (funnel === FUNNEL_OTHER || !(denominator < Number.POSITIVE_INFINITY) || pooled === null) {
    return generalFunnelPosition(definition, pooled, value, denominator, overdispersion);
  }
  // The four limits into LIMITS, then straight into the position: no object but the result's own.
  const out = LIMITS;
  let method: ControlLimits['method'] = 'random-effects';
  if (funnel === FUNNEL_PLAIN) method = scaledFunnelLimitsInto(plan.target, denominator, plan.scale, out);
  else if (funnel === FUNNEL_WIDE) {
    widenedFunnelLimitsInto('proportion', plan.target, plan.y0, denominator, plan.tau2, plan.scale, out);
  } else widenedFunnelLimitsInto('rate', plan.target, plan.y0, denominator, plan.tau2, 1, out);
  const l998 = out[0] as number;
  const l95 = out[1] as number;
  const u95 = out[2] as number;
  const u998 = out[3] as number;
  const band = bandIndex(value, l95, u95, l998, u998);
  return {
    target: pooled,
    denominator,
    limits95: { lower: l95, upper: u95, method },
    limits998: { lower: l998, upper: u998, method },
    tau2: plan.tau2,
    phi: plan.phi,
    band: BANDS[band] as FunnelBand,
    verdict: VERDICTS[band] as FunnelVerdict,
    assessment: assessmentOf(band, definition.polarity),
  };
}

/** Where {@link funnelPosition} has the limits written: read at once, before anything else writes there. */
const LIMITS = new Float64Array(4);

/**
 * Where a value falls against the four limits, as an index into {@link BANDS} and {@link VERDICTS}
 * (0 below the 99.8% limits to 4 above them): {@link funnelBand}'s order of tests.
 */
function bandIndex(value: number, l95: number, u95: number, l998: number, u998: number): number {
  if (value > u998) return 4;
  if (value > u95) return 3;
  if (value < l998) return 0;
  if (value < l95) return 1;
  return 2;
}

/** The bands by {@link bandIndex}. */
const BANDS: readonly FunnelBand[] = ['below-99.8', 'below-95', 'within-95', 'above-95', 'above-99.8'];

/** The verdict of each band of {@link BANDS}, as {@link funnelVerdict} gives it (a test checks it). */
const VERDICTS: readonly FunnelVerdict[] = [
  'significantly-lower',
  'possibly-lower',
  'as-expected',
  'possibly-higher',
  'significantly-higher',
];

/** `better` / `worse` outside the 95% limits (band index not 2) by the polarity; `unusual` for polarity `neither`. */
function assessmentOf(band: number, polarity: Polarity): FunnelPosition['assessment'] {
  if (band === 2) return 'as-expected';
  if (polarity === 'neither') return 'unusual';
  return band > 2 === (polarity === 'higher') ? 'better' : 'worse';
}

/**
 * {@link funnelPosition} worked out from the group's pooled value and overdispersion alone, every
 * case: the cases without a fast path, and a group not made by {@link prepareGroup}.
 */
function generalFunnelPosition(
  definition: MetricDefinition,
  pooled: number | null,
  value: number,
  denominator: number,
  overdispersion: Overdispersion | null,
): FunnelPosition | null {
  if (definition.kind === 'count' || pooled === null) return null;
  const target = pooled;
  const scale = definition.scale;
  const tau2 = overdispersion?.tau2 ?? 0;
  const phi = overdispersion?.phi ?? 0;
  let pairs: { limits95: ControlLimits; limits998: ControlLimits };
  if (definition.kind === 'proportion') {
    const p = target / scale;
    if (!(p >= 0 && p <= 1)) return null;
    if (tau2 > 0) {
      const wide = overdispersedFunnelLimitPairs('proportion', p, denominator, tau2);
      pairs = { limits95: scaled(wide.limits95, scale), limits998: scaled(wide.limits998, scale) };
    } else pairs = scaledFunnelLimitPairs(p, denominator, scale);
  } else {
    if (!(target >= 0)) return null;
    pairs =
      tau2 > 0
        ? overdispersedFunnelLimitPairs('rate', target, denominator, tau2)
        : poissonFunnelLimitPairs(target, denominator);
  }
  return positionWithin(definition, target, value, denominator, pairs.limits95, pairs.limits998, tau2, phi);
}

/** The funnel position of a value between limits already worked out: its band, verdict and assessment. */
function positionWithin(
  definition: MetricDefinition,
  target: number,
  value: number,
  denominator: number,
  limits95: ControlLimits,
  limits998: ControlLimits,
  tau2: number,
  phi: number,
): FunnelPosition {
  const index = bandIndex(value, limits95.lower, limits95.upper, limits998.lower, limits998.upper);
  const band = BANDS[index] as FunnelBand;
  const verdict = VERDICTS[index] as FunnelVerdict;
  const assessment = assessmentOf(index, definition.polarity);
  return { target, denominator, limits95, limits998, tau2, phi, band, verdict, assessment };
}

/**
 * Compares one authority's result with a group it belongs to: the group's summary (pooled, mean,
 * quartiles, range), the authority's rank (1 = best by polarity) and quartile, the group's values
 * rounded and sorted (never labelled), its position on the funnel plot around the pooled value (limits
 * widened by the group's overdispersion τ², with the verdict `as-expected`, `possibly-…` or
 * `significantly-higher/lower`), and the change since the previous quarter and the same quarter last
 * year when they are given.
 *
 * Disclosure control: when fewer than `minGroupSize` members of the group have a value (the
 * authority's own included), the group is withheld with the reason, and rank, quartile and funnel
 * position, which would reveal peers' values, are withheld with it.
 *
 * @param own - the authority's result for the metric.
 * @param group - every member's result for the metric, the authority's own included, or a group
 *   from {@link prepareGroup}.
 * @example
 * const comparison = compareWithGroup(coventry.vacancyRate, westMidlands.map((la) => la.vacancyRate), {
 *   previousQuarter: coventryLastQuarter.vacancyRate,
 * });
 * comparison.rank; // 4 (4th lowest)
 * comparison.change.previousQuarter?.direction; // 'improving'
 * @throws {RangeError} when own has a value that is not among the group's values (own must be a
 *   member), members are of different metrics, or `minGroupSize` is not a positive whole number.
 */
export function compareWithGroup(
  own: MetricResult,
  group: readonly GroupMember[] | PreparedGroup,
  options: CompareOptions = {},
): Comparison {
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  // Every input read at once, before it is needed: the results are scattered over the heap, and
  // reads issued together wait for memory together rather than one after the other.
  const { metric, value, denominator } = own;
  const previousValue = options.previousQuarter?.value ?? null;
  const yearAgoValue = options.sameQuarterLastYear?.value ?? null;
  if (!Number.isInteger(minGroupSize) || minGroupSize < 1) {
    throw new RangeError(`minGroupSize must be a positive whole number, got ${minGroupSize}`);
  }
  const prepared =
    'kind' in group && group.kind === 'prepared-group' ? group : prepareGroup(group as readonly GroupMember[], metric);
  const { summary, sorted } = prepared;
  if (summary.metric !== null && summary.metric !== metric) {
    throw new RangeError(`Cannot compare ${metric} with a group of ${summary.metric}`);
  }
  // One search finds both whether own is a member and how many members are below it.
  const below = value === null ? 0 : lowerBound(sorted, value);
  if (value !== null && sorted[below] !== value) {
    throw new RangeError('The group must include the authority being compared (own value not found among its members)');
  }
  const plan = Prepared.planOf(prepared);
  // The group's metric is own's (checked above), and known when the plan has its definition.
  let definition = plan.definition;
  if (definition === null) {
    if (!isMetricId(metric)) throw new RangeError(`Unknown metric ${JSON.stringify(metric)}`);
    definition = METRICS[metric];
  }
  const change = {
    previousQuarter: changeBetween(definition.polarity, previousValue, value),
    sameQuarterLastYear: changeBetween(definition.polarity, yearAgoValue, value),
  };
  if (summary.n < minGroupSize) {
    return {
      metric,
      own,
      group: {
        status: 'withheld',
        reason: 'group-too-small',
        n: summary.n,
        minGroupSize,
        message: `Withheld: ${summary.n} ${summary.n === 1 ? 'authority' : 'authorities'} contributed a value, and figures are shown only when at least ${minGroupSize} do, so that no authority can be identified.`,
      },
      rank: null,
      quartile: null,
      funnel: null,
      change,
    };
  }
  const rank = value === null ? null : countBetter(sorted, value, definition.polarity, below) + 1;
  return {
    metric,
    own,
    group: prepared.shown,
    rank,
    quartile: rank === null ? null : quartileOfRank(rank, summary.n),
    funnel:
      value === null
        ? null
        : funnelPosition(plan, definition, summary.pooled, value, denominator, prepared.overdispersion),
    change,
  };
}
