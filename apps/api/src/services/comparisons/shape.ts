/**
 * Shaping comparisons for each role (DESIGN section 6): the privacy core.
 *
 * - Group figures come only from releases (services/releases.ts): a period's latest release, or,
 *   before the period's first release, the last released period before it (named as such). Own
 *   figures are live: an authority user's own authority, and a lead's own region (named, with counts).
 * - Authority users see their region and England anonymised: rounded to one decimal place, no sums,
 *   peer values sorted and unlabelled, no counts of other authorities (the count metric withheld),
 *   groups under the minimum size withheld with the reason.
 * - Authority users in DfE's statistical-neighbour model see their neighbours' group too, anonymised as
 *   the region, from its own release of the period (neighbours.ts), withheld when it and another group
 *   they see differ by fewer than k authorities' contributions (overlapping groups).
 * - Leads see other regions and England as authority users see groups: rates only, rounded.
 * - Positions (rank, quartile, funnel) place the viewer's live figures among the others' released
 *   ones; they are given only when the group figures are of the period compared.
 */
import {
  bandOf,
  compareWithGroup,
  describeChange,
  type GroupSummary,
  METRIC_IDS,
  METRICS,
  type MetricId,
  type MetricResult,
  type PeriodId,
  type PreparedGroup,
  periodLabel,
  prepareGroup,
  quarterEndDate,
  roundHalfAwayFromZero,
  shiftPeriod,
  targetProgress,
} from '@csc-workforce/metrics-core';
import type {
  AuthorityComparison,
  AuthorityMetric,
  AuthorityTrendPoint,
  Changes,
  Group,
  MeasureStanding,
  MetricInfo,
  NotReleased,
  OwnFigure,
  Position,
  PublishedFigures,
  RegionComparison,
  RegionMetric,
  RegionTrendPoint,
  ReleaseStamp,
  TargetProgress,
  Versus,
  WithheldGroup,
} from '@csc-workforce/schemas';
import { authoritySummary, regionSummary } from '@csc-workforce/schemas';
import { releaseLabel } from '../releases.js';
import {
  type AuthorityRef,
  COUNTED_STATUSES,
  censusDate,
  type Live,
  PUBLISHED_MEASURES,
  type PublishedLayer,
  type Reference,
  type RegionRef,
  type Released,
} from './load.js';
import { contributionsOf, differing, disjointUnion, groupContributions } from './neighbours.js';

/** Everything an answer about one period is shaped from. */
export interface Viewing {
  readonly period: PeriodId;
  readonly ref: Reference;
  readonly published: PublishedLayer | null;
  /** Every census of DfE's in force, by year: the trend's points at census dates. */
  readonly censuses: ReadonlyMap<number, PublishedLayer>;
  /** Where the group figures come from: the period's latest release, or the last released before it. */
  readonly main: Released | null;
  /** Set while the period is not released. */
  readonly notReleased: NotReleased | null;
  /** Each trend period's latest release (absent: not released). */
  readonly trend: ReadonlyMap<string, Released>;
  /** An authority user's statistical neighbours and the releases their group comes from (null: none). */
  readonly neighbours: NeighbourViewing | null;
  /** The viewer's own live figures (its authority, or its region's authorities). */
  readonly live: Live;
  readonly minGroupSize: number;
}

/** An authority's neighbours in the model in force, and the release of each period their group comes from. */
export interface NeighbourViewing {
  readonly model: { readonly id: string; readonly name: string };
  /** The neighbours' codes, nearest first (the exchange's active authorities in the model). */
  readonly codes: readonly string[];
  /** The release of `main`'s period that the group comes from (see neighbours.ts). */
  readonly main: Released | null;
  /** Each trend period's release that the group comes from. */
  readonly trend: ReadonlyMap<string, Released>;
}

/** A metric of the catalogue, as the wire describes it. */
export const metricInfo = (id: MetricId): MetricInfo => {
  const m = METRICS[id];
  return {
    id,
    label: m.label,
    unit: m.unit,
    kind: m.kind,
    polarity: m.polarity,
    formula: m.formula,
    numerator: m.numerator,
    denominator: m.denominator,
  };
};

const r1 = (x: number | null) => (x === null ? null : roundHalfAwayFromZero(x, 1));

function withheldTooSmall(n: number, minGroupSize: number): WithheldGroup {
  return {
    status: 'withheld',
    reason: 'group-too-small',
    n,
    minGroupSize,
    message: `Withheld: ${n} ${n === 1 ? 'authority' : 'authorities'} contributed a value, and figures are shown only when at least ${minGroupSize} do, so that no authority can be identified.`,
  };
}

function withheldCounts(n: number, minGroupSize: number): WithheldGroup {
  return {
    status: 'withheld',
    reason: 'counts-not-shared',
    n,
    minGroupSize,
    message: 'Withheld: this metric is a count (FTE), and other authorities’ counts are not shared; only rates are.',
  };
}

function withheldNotReleased(minGroupSize: number): WithheldGroup {
  return {
    status: 'withheld',
    reason: 'not-released',
    n: 0,
    minGroupSize,
    message: 'Not released yet: group figures are shown from a release, made when the collection closes.',
  };
}

/**
 * A group's figures for a viewer: rounded to 1 dp without its sums when not `identified` (another
 * authority's or region's view), whole for a lead's own region. Withheld below the minimum size, and
 * when not identified for counts.
 */
function groupFigures(
  prepared: PreparedGroup | null | undefined,
  minGroupSize: number,
  options: { identified: boolean; values: boolean },
): Group {
  if (!prepared) return withheldNotReleased(minGroupSize);
  const s: GroupSummary = prepared.summary;
  if (s.n < minGroupSize) return withheldTooSmall(s.n, minGroupSize);
  const metric = s.metric ? METRICS[s.metric] : null;
  if (!options.identified && metric?.kind === 'count') return withheldCounts(s.n, minGroupSize);
  if (options.identified) {
    return {
      status: 'shown',
      n: s.n,
      pooled: s.pooled,
      mean: s.mean,
      median: s.median,
      q1: s.q1,
      q3: s.q3,
      min: s.min,
      max: s.max,
      numerator: s.numerator,
      denominator: s.denominator,
      ...(options.values ? { values: prepared.rounded as number[] } : {}),
    };
  }
  return {
    status: 'shown',
    n: s.n,
    pooled: r1(s.pooled),
    mean: r1(s.mean),
    median: r1(s.median),
    q1: r1(s.q1),
    q3: r1(s.q3),
    min: r1(s.min),
    max: r1(s.max),
    ...(options.values ? { values: prepared.rounded as number[] } : {}),
  };
}

/**
 * Who sees England beside which regions of the same release: an authority user beside its own region
 * (when shown), a lead beside the other regions shown and their own region, whose contributions they
 * know by name.
 */
interface Beside {
  readonly region: string;
  readonly lead: boolean;
}

/**
 * England withheld from a viewer who could subtract a region from it (DESIGN section 6, overlapping
 * groups): when England less a region the viewer sees (less the lead's own region too) leaves fewer
 * than k authorities' contributions, and more than none. Null when England may be shown.
 */
function overlap(
  ref: Reference,
  released: Released,
  metric: MetricId,
  beside: Beside,
  minGroupSize: number,
): WithheldGroup | null {
  // A count is withheld from them anyway, for its own reason.
  if (METRICS[metric].kind === 'count') return null;
  const groups = released.groups[metric];
  const n = groups.england.summary.n;
  const nOf = (code: string) => groups.regions.get(code)?.summary.n ?? 0;
  const own = nOf(beside.region);
  const known: string[][] = [];
  if (beside.lead || own >= minGroupSize) known.push([beside.region]);
  if (beside.lead) {
    for (const r of ref.regions)
      if (r.code !== beside.region && nOf(r.code) >= minGroupSize) known.push([beside.region, r.code]);
  }
  for (const codes of known) {
    const outside = n - codes.reduce((sum, code) => sum + nOf(code), 0);
    if (outside <= 0 || outside >= minGroupSize) continue;
    const names = codes.map((code) => ref.regions.find((r) => r.code === code)?.name ?? code).join(' and ');
    return {
      status: 'withheld',
      reason: 'overlapping-groups',
      n,
      minGroupSize,
      message: `Withheld: only ${outside} ${outside === 1 ? 'authority' : 'authorities'} outside ${names} contributed a value, so England’s figures beside ${codes.length === 1 ? 'the region’s' : 'the regions’'} would show theirs; figures are shown only when at least ${minGroupSize} do.`,
    };
  }
  return null;
}

/** A neighbour group as worked out for one period: its figures (null: not released), or why withheld. */
interface NeighbourGroup {
  readonly prepared: PreparedGroup | null;
  /** The neighbours' results that contributed, for the viewer's position among them. */
  readonly members: readonly MetricResult[];
  readonly withheld: WithheldGroup | null;
}

const plural = (n: number) => `${n} ${n === 1 ? 'authority' : 'authorities'}`;

/**
 * An authority user's neighbour group for a metric at a period: the neighbours' results in the
 * group's release (`group`), withheld when it and a group the viewer sees beside it from `released`
 * (the region, England, or England beside the region and the neighbours when these two do not
 * overlap) differ by fewer than k authorities' contributions and more than none, the viewer's own
 * not counted (DESIGN section 6, overlapping groups).
 */
function neighbourGroup(
  v: Viewing,
  authority: AuthorityRef,
  metric: MetricId,
  released: Released | null | undefined,
  group: Released | null | undefined,
): NeighbourGroup {
  const nb = v.neighbours;
  if (!nb || !group || !released) return { prepared: null, members: [], withheld: null };
  const members: MetricResult[] = [];
  for (const code of nb.codes) {
    const result = group.results.get(code)?.[metric];
    if (result) members.push(result);
  }
  const prepared = prepareGroup(members, metric);
  const k = v.minGroupSize;
  // Too small, or a count: withheld for those reasons (groupFigures).
  if (prepared.summary.n < k || METRICS[metric].kind === 'count') return { prepared, members, withheld: null };
  const mine = contributionsOf(group, metric, new Set(nb.codes));
  const region = groupContributions(released, metric, authority.regionCode);
  const england = groupContributions(released, metric, null);
  const regionShown = region.size >= k;
  const englandShown =
    england.size >= k && !overlap(v.ref, released, metric, { region: authority.regionCode, lead: false }, k);
  const regionName = regionOf(v.ref, authority.regionCode).name;
  const checks: { against: string; d: number }[] = [];
  if (regionShown) checks.push({ against: `${regionName}’s`, d: differing(mine, region, authority.code) });
  if (englandShown) checks.push({ against: 'England’s', d: differing(mine, england, authority.code) });
  const both = regionShown && englandShown ? disjointUnion(region, mine) : null;
  if (both)
    checks.push({
      against: `England’s less ${regionName}’s`,
      d: differing(england, both, authority.code),
    });
  const close = checks.find((c) => c.d > 0 && c.d < k);
  if (!close) return { prepared, members, withheld: null };
  return {
    prepared,
    members,
    withheld: {
      status: 'withheld',
      reason: 'overlapping-groups',
      n: prepared.summary.n,
      minGroupSize: k,
      message: `Withheld: your statistical neighbours’ figures and ${close.against} differ by the contributions of only ${plural(close.d)}, so one could be subtracted from the other to show theirs; figures are shown only when groups differ by at least ${k}.`,
    },
  };
}

const limits = (l: { lower: number; upper: number }, identified: boolean) =>
  identified ? { lower: l.lower, upper: l.upper } : { lower: r1(l.lower) as number, upper: r1(l.upper) as number };

/** At most 4 significant figures: a group's τ² and φ shown to a viewer who may not see it by name. */
const sig4 = (x: number) => (x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(4)));

const noPosition = (n: number): Position => ({ rank: null, quartile: null, band: null, n, funnel: null });

/** An authority's place in a group that holds it: rank, quartile, funnel; all null when withheld. */
function position(own: MetricResult, prepared: PreparedGroup, minGroupSize: number, identified: boolean): Position {
  const c = compareWithGroup(own, prepared, { minGroupSize });
  const hidden = !identified && METRICS[own.metric].kind === 'count';
  const f = c.funnel;
  const s = prepared.summary;
  const band =
    hidden || c.rank === null || own.value === null || s.q1 === null || s.median === null || s.q3 === null
      ? null
      : bandOf(own.value, { q1: s.q1, median: s.median, q3: s.q3 }, METRICS[own.metric].polarity);
  return {
    rank: hidden ? null : c.rank,
    quartile: hidden ? null : c.quartile,
    band,
    n: prepared.summary.n,
    funnel:
      hidden || !f
        ? null
        : {
            target: identified ? f.target : (r1(f.target) as number),
            denominator: f.denominator,
            // Worked out from the group's exact pooled rate and spread: rounded as its figures are.
            limits95: limits(f.limits95, identified),
            limits998: limits(f.limits998, identified),
            // Derived from the others' figures too: to 4 significant figures unless identified.
            tau2: identified ? f.tau2 : sig4(f.tau2),
            phi: identified ? f.phi : sig4(f.phi),
            band: f.band,
            verdict: f.verdict,
            assessment: f.assessment,
          },
  };
}

const sameResult = (a: MetricResult | undefined, b: MetricResult) =>
  a !== undefined && a.value === b.value && a.numerator === b.numerator && a.denominator === b.denominator;

/**
 * A released group with the viewer's live figures in place of their released ones: the group their
 * positions are worked out in. `region` null is England; `live` maps each of the viewer's own
 * authorities to its live result.
 */
function withLive(
  released: Released,
  metric: MetricId,
  region: string | null,
  live: ReadonlyMap<string, MetricResult>,
): PreparedGroup {
  const groups = released.groups[metric];
  const prepared = region === null ? groups.england : groups.regions.get(region);
  // The released group serves as it is when it holds each of the viewer's authorities as they are
  // live: the same result, in the same group (an authority that moved region is not in its new one).
  const unchanged = [...live].every(
    ([code, result]) =>
      sameResult(released.results.get(code)?.[metric], result) &&
      (region === null || result.value === null || released.regionOf.get(code) === region),
  );
  if (prepared && unchanged) return prepared;
  const members: MetricResult[] = [];
  for (const [code, results] of released.results) {
    if (live.has(code)) continue;
    if (region !== null && released.regionOf.get(code) !== region) continue;
    members.push(results[metric]);
  }
  for (const result of live.values()) members.push(result);
  return prepareGroup(members, metric);
}

/** A figure of the viewer's own to 4 decimal places on the wire, as a change's (see {@link wireChange}). */
const wire4 = (x: number | null): number | null => (x === null ? null : roundHalfAwayFromZero(x, 4));

const ownFigure = (r: MetricResult): OwnFigure => ({
  value: wire4(r.value),
  numerator: wire4(r.numerator),
  denominator: wire4(r.denominator),
  reason: r.reason ?? null,
  missing: r.reason ? [...(r.missing ?? [])] : [],
});

function published(v: Viewing, metric: MetricId, regionCode: string | null): PublishedFigures | null {
  const measure = PUBLISHED_MEASURES[metric];
  if (!v.published || !measure) return null;
  return {
    national: v.published.national.get(measure) ?? null,
    region: regionCode ? (v.published.regional.get(regionCode)?.get(measure) ?? null) : null,
  };
}

const liveAt = (live: Live, code: string, period: string, metric: MetricId): MetricResult =>
  live.results.get(code)?.get(period)?.[metric] as MetricResult;

/** An authority's target for a metric, and where its live value at the period stands against it. */
function targetOf(live: Live, code: string, metric: MetricId): TargetProgress | null {
  const target = live.targets.get(code)?.get(metric);
  if (!target) return null;
  const value = liveAt(live, code, live.period, metric).value;
  return {
    value: target.value,
    by: target.by,
    byLabel: periodLabel(target.by),
    note: target.note,
    ...targetProgress(metric, value, target.value, live.period, target.by),
  };
}

function changes(live: Live, code: string, metric: MetricId): Changes {
  const at = (offset: number) => {
    const p = shiftPeriod(live.period, offset);
    return live.trend.includes(p) ? (liveAt(live, code, p, metric).value ?? null) : null;
  };
  const now = liveAt(live, code, live.period, metric).value;
  return {
    previousQuarter: wireChange(describeChange(metric, at(-1), now)),
    sameQuarterLastYear: wireChange(describeChange(metric, at(-4), now)),
  };
}

/**
 * A change as the wire gives it: its direction worked out exactly, its figures to 4 decimal places
 * (the portal shows 1; a binary float's last digits are noise that would cost every answer a tenth
 * of its bytes).
 */
function wireChange(change: ReturnType<typeof describeChange>): Changes['previousQuarter'] {
  if (!change) return null;
  return {
    from: roundHalfAwayFromZero(change.from, 4),
    to: roundHalfAwayFromZero(change.to, 4),
    difference: roundHalfAwayFromZero(change.difference, 4),
    direction: change.direction,
  };
}

/** The release an answer's groups come from, as the wire names it. */
export function releaseStamp(released: Released | null): ReleaseStamp | null {
  if (!released) return null;
  const m = released.meta;
  return {
    period: m.period,
    periodLabel: periodLabel(m.period),
    sequence: m.sequence,
    firstReleasedAt: m.firstReleasedAt.toISOString(),
    releasedAt: m.releasedAt.toISOString(),
    label: releaseLabel(m),
  };
}

function header(v: Viewing) {
  return {
    period: v.period,
    periodLabel: periodLabel(v.period),
    minGroupSize: v.minGroupSize,
    demo: (v.main?.demo ?? false) || v.live.demo,
    published: v.published
      ? { release: v.published.release, year: v.published.year, label: `DfE, 30 Sep ${v.published.year}` }
      : null,
    release: releaseStamp(v.main),
    notReleased: v.notReleased,
  };
}

const regionOf = (ref: Reference, code: string): RegionRef =>
  ref.regions.find((r) => r.code === code) ?? { code, name: code };

/** Whether the groups are of the period compared (positions are given only then). */
const current = (v: Viewing) => v.main !== null && v.main.period === v.period;

/** One metric for an authority user: own figures named and live, groups anonymised and released. */
function authorityMetric(v: Viewing, authority: AuthorityRef, metric: MetricId, values: boolean): AuthorityMetric {
  const own = liveAt(v.live, authority.code, v.period, metric);
  const groups = v.main?.groups[metric];
  const region = groups?.regions.get(authority.regionCode);
  const mine = new Map([[authority.code, own]]);
  const hidden = v.main
    ? overlap(v.ref, v.main, metric, { region: authority.regionCode, lead: false }, v.minGroupSize)
    : null;
  const place = (scope: string | null, prepared: PreparedGroup | undefined): Position => {
    if (!prepared || !v.main) return noPosition(0);
    if (!current(v) || (scope === null && hidden)) return noPosition(prepared.summary.n);
    return position(own, withLive(v.main, metric, scope, mine), v.minGroupSize, false);
  };
  return {
    metric: metricInfo(metric),
    own: ownFigure(own),
    change: changes(v.live, authority.code, metric),
    region: {
      group: groupFigures(region, v.minGroupSize, { identified: false, values }),
      ...place(authority.regionCode, region),
    },
    england: {
      group: hidden ?? groupFigures(groups?.england, v.minGroupSize, { identified: false, values }),
      ...place(null, groups?.england),
    },
    neighbours: neighboursOf(v, authority, metric, own, values),
    published: published(v, metric, authority.regionCode),
    target: targetOf(v.live, authority.code, metric),
  };
}

/**
 * The neighbours' group beside an authority's own figure, and its place among them (rank and band
 * among the neighbours and itself; no funnel: a funnel of 11 says little); null without neighbours.
 */
function neighboursOf(
  v: Viewing,
  authority: AuthorityRef,
  metric: MetricId,
  own: MetricResult,
  values: boolean,
): AuthorityMetric['neighbours'] {
  if (!v.neighbours) return null;
  const { prepared, members, withheld } = neighbourGroup(v, authority, metric, v.main, v.neighbours.main);
  const group = withheld ?? groupFigures(prepared, v.minGroupSize, { identified: false, values });
  const n = prepared?.summary.n ?? 0;
  if (!current(v) || group.status !== 'shown' || v.neighbours.main?.period !== v.period)
    return { group, ...noPosition(n) };
  const place = position(own, prepareGroup([...members, own], metric), v.minGroupSize, false);
  return { group, ...place, funnel: null };
}

/** The comparisons of an authority user: every metric, or one. */
export function authorityView(v: Viewing, authority: AuthorityRef, only?: MetricId): AuthorityComparison {
  const status = v.live.status.get(authority.code) ?? null;
  // Peer values are for one metric's charts: the all-metrics answer leaves them out.
  const metrics = (only ? [only] : METRIC_IDS).map((m) => authorityMetric(v, authority, m, only !== undefined));
  const region = regionOf(v.ref, authority.regionCode);
  return {
    view: 'authority' as const,
    ...header(v),
    authority: { code: authority.currentCode, name: authority.name },
    region,
    neighbours: v.neighbours
      ? {
          model: v.neighbours.model,
          count: v.neighbours.codes.length,
          release: releaseStamp(v.neighbours.main),
        }
      : null,
    ownReturn: { status, counted: status !== null && COUNTED_STATUSES.includes(status) },
    summary: only
      ? []
      : authoritySummary(
          authority.name,
          region.name,
          metrics.map((m) => measureStanding(v, authority.code, m)),
        ),
    metrics,
  };
}

/** A measure's label inside a sentence: "social worker turnover rate", but "ASYE retention". */
const inSentence = (label: string) =>
  /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;

/** Better, worse or the same as a group's pooled figure, by polarity; null when not compared. */
function versus(metric: MetricId, value: number | null, group: Group, released: boolean): Versus | null {
  const polarity = METRICS[metric].polarity;
  if (!released || value === null || polarity === 'neither' || group.status !== 'shown' || group.pooled === null)
    return null;
  const a = roundHalfAwayFromZero(value, 1);
  const b = roundHalfAwayFromZero(group.pooled, 1);
  if (a === b) return 'same';
  return (polarity === 'lower' ? a < b : a > b) ? 'better' : 'worse';
}

/** Quarters in a row, to the period, that an authority's value moved the same way (null under 2). */
function runOf(v: Viewing, code: string, metric: MetricId): MeasureStanding['run'] {
  const values = v.live.trend.map((p) => liveAt(v.live, code, p, metric).value);
  let quarters = 0;
  let sign = 0;
  for (let i = values.length - 1; i > 0; i--) {
    const now = values[i];
    const before = values[i - 1];
    if (now === null || now === undefined || before === null || before === undefined) break;
    const step = Math.sign(roundHalfAwayFromZero(now, 1) - roundHalfAwayFromZero(before, 1));
    if (step === 0 || (sign !== 0 && step !== sign)) break;
    sign = step;
    quarters++;
  }
  if (quarters < 2) return null;
  const polarity = METRICS[metric].polarity;
  const direction =
    polarity === 'neither'
      ? sign > 0
        ? 'rising'
        : 'falling'
      : (polarity === 'lower') === sign < 0
        ? 'improving'
        : 'worsening';
  return { direction, quarters };
}

/** A funnel verdict that is not "as expected", as better or worse by polarity. */
function signalOf(metric: MetricId, funnel: Position['funnel']): MeasureStanding['signal'] {
  if (!funnel || funnel.verdict === 'as-expected') return null;
  const polarity = METRICS[metric].polarity;
  const lower = funnel.verdict.endsWith('lower');
  const strength = funnel.verdict.startsWith('significantly') ? 'significantly' : 'possibly';
  const direction: Versus = polarity === 'neither' ? 'same' : (polarity === 'lower') === lower ? 'better' : 'worse';
  return polarity === 'neither' ? null : { strength, direction };
}

/** One measure of an authority's comparison, as its summary reads it. */
function measureStanding(v: Viewing, code: string, m: AuthorityMetric): MeasureStanding {
  const released = current(v);
  return {
    label: inSentence(m.metric.label),
    region: versus(m.metric.id, m.own.value, m.region.group, released),
    england: versus(m.metric.id, m.own.value, m.england.group, released),
    run: runOf(v, code, m.metric.id),
    signal: released ? signalOf(m.metric.id, m.region.funnel) : null,
    target: m.target ? { status: m.target.status, overdue: m.target.overdue } : null,
  };
}

/** The lead's summary: the region (live) against England (released), and the authorities that stand out. */
function leadSummary(
  v: Viewing,
  regionName: string,
  metrics: readonly RegionMetric[],
  names: ReadonlyMap<string, string>,
) {
  let better = 0;
  let worse = 0;
  let compared = 0;
  const standings = new Map<string, { worse: string[]; better: string[]; bandD: number; banded: number }>();
  for (const m of metrics) {
    const region = m.region;
    const polarity = m.metric.polarity;
    if (current(v) && region.status === 'shown' && region.pooled !== null && polarity !== 'neither') {
      const side = versus(m.metric.id, region.pooled, m.england, true);
      if (side !== null) {
        compared++;
        if (side === 'better') better++;
        if (side === 'worse') worse++;
      }
    }
    for (const a of m.authorities) {
      const s = standings.get(a.code) ?? { worse: [], better: [], bandD: 0, banded: 0 };
      const signal = signalOf(m.metric.id, a.region.funnel);
      if (signal?.strength === 'significantly' && signal.direction === 'worse')
        s.worse.push(inSentence(m.metric.label));
      if (signal?.strength === 'significantly' && signal.direction === 'better')
        s.better.push(inSentence(m.metric.label));
      if (a.region.band && polarity !== 'neither') {
        s.banded++;
        if (a.region.band === 'D') s.bandD++;
      }
      standings.set(a.code, s);
    }
  }
  return regionSummary(
    regionName,
    { better, worse, compared },
    [...standings].map(([code, s]) => ({
      name: names.get(code) ?? code,
      significantlyWorse: s.worse,
      significantlyBetter: s.better,
      bandD: s.bandD,
      banded: s.banded,
    })),
  );
}

/**
 * A released group's pooled value as a viewer who may not see it by name sees it, or null; England
 * (`region` null) beside the regions the viewer sees (`beside`).
 */
function releasedPooled(
  v: Viewing,
  period: string,
  metric: MetricId,
  region: string | null,
  beside: Beside,
): number | null {
  const released = v.trend.get(period);
  if (!released) return null;
  if (region === null && overlap(v.ref, released, metric, beside, v.minGroupSize)) return null;
  const groups = released.groups[metric];
  const shown = groupFigures(region === null ? groups.england : groups.regions.get(region), v.minGroupSize, {
    identified: false,
    values: false,
  });
  return shown.status === 'shown' ? shown.pooled : null;
}

/** DfE's census at a trend period that ends on census day (a Q2), if that year's is loaded. */
function censusAt(v: Viewing, period: string, metric: MetricId, regionCode: string) {
  const measure = PUBLISHED_MEASURES[metric];
  const end = quarterEndDate(period);
  const year = Number(end.slice(0, 4));
  const layer = v.censuses.get(year);
  if (!measure || !layer || censusDate(year) !== end) return null;
  return {
    year,
    label: `DfE, 30 Sep ${year}`,
    england: layer.national.get(measure)?.value ?? null,
    region: layer.regional.get(regionCode)?.get(measure)?.value ?? null,
  };
}

/** The trend of one metric for an authority user: own live values, and the groups' released pooled values. */
export function authorityTrend(v: Viewing, authority: AuthorityRef, metric: MetricId): AuthorityTrendPoint[] {
  return v.live.trend.map((p) => ({
    period: p,
    periodLabel: periodLabel(p),
    own: liveAt(v.live, authority.code, p, metric).value,
    region: releasedPooled(v, p, metric, authority.regionCode, { region: authority.regionCode, lead: false }),
    england: releasedPooled(v, p, metric, null, { region: authority.regionCode, lead: false }),
    neighbours: neighboursPooled(v, p, metric, authority),
    census: censusAt(v, p, metric, authority.regionCode),
  }));
}

/** The neighbours' group's pooled value at a trend period, as the viewer may see it, or null. */
function neighboursPooled(v: Viewing, period: string, metric: MetricId, authority: AuthorityRef): number | null {
  if (!v.neighbours) return null;
  const { prepared, withheld } = neighbourGroup(
    v,
    authority,
    metric,
    v.trend.get(period),
    v.neighbours.trend.get(period),
  );
  if (withheld) return null;
  const shown = groupFigures(prepared, v.minGroupSize, { identified: false, values: false });
  return shown.status === 'shown' && prepared ? shown.pooled : null;
}

const membersOf = (v: Viewing, regionCode: string) => v.ref.authorities.filter((a) => a.regionCode === regionCode);

/** The lead's own region at a period, live: every authority's live result. */
const liveRegionGroup = (v: Viewing, members: readonly AuthorityRef[], period: string, metric: MetricId) =>
  prepareGroup(
    members.map((a) => liveAt(v.live, a.code, period, metric)),
    metric,
  );

/** One metric for a regional lead: its region live and named, with counts; England and other regions released. */
function regionMetric(v: Viewing, regionCode: string, metric: MetricId, values: boolean): RegionMetric {
  const members = membersOf(v, regionCode);
  const region = liveRegionGroup(v, members, v.period, metric);
  const groups = v.main?.groups[metric];
  const liveResults = new Map(members.map((a) => [a.code, liveAt(v.live, a.code, v.period, metric)]));
  const hidden = v.main ? overlap(v.ref, v.main, metric, { region: regionCode, lead: true }, v.minGroupSize) : null;
  const england = v.main && current(v) && !hidden ? withLive(v.main, metric, null, liveResults) : null;
  return {
    metric: metricInfo(metric),
    region: groupFigures(region, v.minGroupSize, { identified: true, values: false }),
    england: hidden ?? groupFigures(groups?.england, v.minGroupSize, { identified: false, values }),
    published: published(v, metric, regionCode),
    otherRegions: v.ref.regions
      .filter((r) => r.code !== regionCode)
      .map((r) => ({
        code: r.code,
        name: r.name,
        group: groupFigures(groups?.regions.get(r.code), v.minGroupSize, { identified: false, values: false }),
      })),
    authorities: members.map((a) => {
      const own = liveResults.get(a.code) as MetricResult;
      return {
        code: a.currentCode,
        ...ownFigure(own),
        target: targetOf(v.live, a.code, metric),
        change: changes(v.live, a.code, metric),
        region: position(own, region, v.minGroupSize, true),
        england: england ? position(own, england, v.minGroupSize, false) : noPosition(groups?.england.summary.n ?? 0),
      };
    }),
  };
}

/** The comparisons of a regional lead: every metric, or one. */
export function regionView(v: Viewing, regionCode: string, only?: MetricId): RegionComparison {
  const metrics = (only ? [only] : METRIC_IDS).map((m) => regionMetric(v, regionCode, m, only !== undefined));
  const region = regionOf(v.ref, regionCode);
  const names = new Map(membersOf(v, regionCode).map((a) => [a.currentCode, a.name]));
  return {
    view: 'region' as const,
    ...header(v),
    region,
    summary: only ? [] : leadSummary(v, region.name, metrics, names),
    authorities: membersOf(v, regionCode).map((a) => {
      const status = v.live.status.get(a.code) ?? null;
      return {
        code: a.currentCode,
        name: a.name,
        returnStatus: status,
        counted: status !== null && COUNTED_STATUSES.includes(status),
      };
    }),
    metrics,
  };
}

/** The trend of one metric for a lead: each authority of the region and the region live, England released. */
export function regionTrend(v: Viewing, regionCode: string, metric: MetricId): RegionTrendPoint[] {
  const members = membersOf(v, regionCode);
  return v.live.trend.map((p) => {
    const region = groupFigures(liveRegionGroup(v, members, p, metric), v.minGroupSize, {
      identified: true,
      values: false,
    });
    return {
      period: p,
      periodLabel: periodLabel(p),
      region: region.status === 'shown' ? region.pooled : null,
      england: releasedPooled(v, p, metric, null, { region: regionCode, lead: true }),
      authorities: Object.fromEntries(members.map((a) => [a.currentCode, liveAt(v.live, a.code, p, metric).value])),
      census: censusAt(v, p, metric, regionCode),
    };
  });
}
