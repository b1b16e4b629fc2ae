/**
 * Summaries of one metric over a group of authorities.
 *
 * @module
 */
import { METRICS, type MetricId } from './catalogue.js';
import { quantileSorted } from './quantile.js';

/** The parts of a metric result that a group summary reads. */
export interface GroupMember {
  readonly metric: MetricId;
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
}

/** A metric summarised over the members of a group that have a value. */
export interface GroupSummary {
  readonly metric: MetricId | null;
  /** How many members had a value (the others are left out of every figure). */
  readonly n: number;
  /**
   * Σ numerators ÷ Σ denominators × scale: the group's own rate, how DfE computes regional and
   * national figures. Not the mean of the members' rates. `null` when `n` is 0.
   */
  readonly pooled: number | null;
  /** Σ numerators and Σ denominators, so that summaries can be pooled again. */
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** The unweighted mean of the members' values. */
  readonly mean: number | null;
  /** Quartiles by Hyndman and Fan's definition 7 (Excel's `QUARTILE.INC`); see {@link quantileSorted}. */
  readonly q1: number | null;
  readonly median: number | null;
  readonly q3: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/**
 * Summarises one metric over a group: `n`, `pooled`, `mean`, `median`, `q1`, `q3`, `min` and `max`
 * over the members whose value is not `null`.
 *
 * @param members - the members' results for one metric (from {@link computeMetrics}).
 * @param metric - the metric, needed only to label an empty group; otherwise read from the members.
 * @example
 * summariseGroup([
 *   { metric: 'agencyRate', value: 10, numerator: 10, denominator: 100 },
 *   { metric: 'agencyRate', value: 30, numerator: 3, denominator: 10 },
 * ]);
 * // { metric: 'agencyRate', n: 2, pooled: 11.81…, mean: 20, median: 20, q1: 15, q3: 25, min: 10, max: 30, … }
 * @throws {RangeError} when the members are of different metrics, or a member with a value lacks
 *   its numerator or denominator.
 */
export function summariseGroup(members: readonly GroupMember[], metric?: MetricId): GroupSummary {
  return collectGroup(members, metric).summary;
}

/**
 * The members' values sorted ascending (a typed array) and their summary: the one
 * pass that both {@link summariseGroup} and `prepareGroup` need. With `counts`, the numerator and
 * denominator of each member with a value are also written there, in the members' order (the first
 * `summary.n` of each array), for `prepareGroup`'s overdispersion.
 *
 * @example
 * collectGroup([{ metric: 'agencyRate', value: 10, numerator: 10, denominator: 100 }]).sorted; // Float64Array [10]
 * @throws {RangeError} as {@link summariseGroup}.
 * @internal
 */
export function collectGroup(
  members: readonly GroupMember[],
  metric?: MetricId,
  counts?: { readonly numerators: number[]; readonly denominators: number[] },
): { summary: GroupSummary; sorted: Float64Array } {
  let id: MetricId | null = metric ?? null;
  const values = new Float64Array(members.length);
  let n = 0;
  let numerator = 0;
  let denominator = 0;
  let total = 0;
  for (const member of members) {
    if (id === null) id = member.metric;
    else if (member.metric !== id) {
      throw new RangeError(`Cannot summarise ${member.metric} with ${id}: a group summary is of one metric`);
    }
    if (member.value === null) continue;
    if (member.numerator === null || member.denominator === null) {
      throw new RangeError(`A ${member.metric} value needs its numerator and denominator to be pooled`);
    }
    if (counts !== undefined) {
      counts.numerators[n] = member.numerator;
      counts.denominators[n] = member.denominator;
    }
    values[n++] = member.value;
    total += member.value;
    numerator += member.numerator;
    denominator += member.denominator;
  }
  // Every member usually has a value: then the array itself, else a view of the first n. The native
  // typed-array sort, numeric ascending (−0 before +0, NaN last), is as fast as a hand-written one
  // for a group's tens to hundreds of values (packages/metrics-core/bench).
  const sorted = (n === values.length ? values : values.subarray(0, n)).sort();
  if (n === 0) {
    const summary: GroupSummary = {
      metric: id,
      n,
      pooled: null,
      numerator: null,
      denominator: null,
      mean: null,
      q1: null,
      median: null,
      q3: null,
      min: null,
      max: null,
    };
    return { summary, sorted };
  }
  const scale = id === null ? 1 : METRICS[id].scale;
  // Computed before the literal: inside it, V8 deoptimises collectGroup again and again.
  const pooled = denominator === 0 ? null : (numerator / denominator) * scale;
  const summary: GroupSummary = {
    metric: id,
    n,
    pooled,
    numerator,
    denominator,
    mean: total / n,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
  };
  return { summary, sorted };
}
