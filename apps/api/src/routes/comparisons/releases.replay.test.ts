/**
 * Releases, not live figures (DESIGN section 6): "No two answers that one authority user (or another
 * region's lead) can get, at any two times, differ by the contributions of fewer than k authorities."
 *
 * A collection is replayed through the API with MIN_GROUP_SIZE (k) = 3: two quarters submitted by 8
 * West Midlands and 6 North West authorities, the first released, then, event by event, a return
 * changed and resubmitted while the quarter is open, a late submission, the quarter closed (its first
 * release), a return sent back, resubmitted, saved again and resubmitted, accepted, a round reopened
 * and closed, an authority retired, a re-release asked for with too few changes (refused), and one
 * asked for after three more authorities in each changed region revised (made). After every event,
 * each viewer (the Coventry viewer and the Manchester submitter, authority users of two regions; the
 * North West and West Midlands leads) fetches every answer it can get of both quarters: the periods
 * list, the all-metrics answer, each metric's answer with its trend, and the CSV export. The answers
 * are read into observations of group figures, keyed by (viewer, period the figures are of, group,
 * metric), and a pure checker ({@link checkReplay}, with its own tests below) decides whether any two
 * differ by fewer than k authorities' contributions.
 *
 * Written against the contract of releases (the `release`/`notReleased` header of
 * packages/schemas/src/comparison.ts and `POST /api/periods/{period}/releases`), so that it passes
 * once group figures come from releases: the groups of an answer are keyed by `release.period` (an
 * answer for a period not released yet carries the last released period's groups), a trend point's
 * by its own period. While comparisons are live it fails, naming the event, the viewer, the group and
 * the peer values before and after.
 *
 * Not observed: an authority user's own figures and a lead's own region (live by design); positions
 * (rank, quartile, funnel, and the group size repeated in them), which place the viewer's own live
 * value among the group; the `start` of the periods list (derived from the counts, which are
 * checked); DfE's published figures (static); the XLSX export (the same table as the CSV).
 */
import {
  computeMetricSeries,
  METRIC_IDS,
  METRICS,
  type MetricId,
  type QuarterlyFigures,
  roundHalfAwayFromZero,
} from '@csc-workforce/metrics-core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  type Json,
  PASSWORD,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { users } from '../../db/schema.js';
import { hashPassword } from '../../lib/passwords.js';

// ——— The checker: pure functions over snapshots of observations ———

/** The figures of a group that an observation may hold. */
const STATS = ['n', 'pooled', 'mean', 'median', 'q1', 'q3', 'min', 'max', 'numerator', 'denominator'] as const;
type Stat = (typeof STATS)[number];
/** The figures that every viewer of a released group sees alike (rates, rounded for some viewers). */
const SHARED_STATS: readonly Stat[] = ['n', 'pooled', 'mean', 'median', 'q1', 'q3', 'min', 'max'];

/** One viewer's sight of one group's figures for one metric and period, from one place in one answer. */
interface Observation {
  readonly viewer: string;
  /** The period the figures are of (the release's period, or a trend point's). */
  readonly period: string;
  /** A region code, or 'england'. */
  readonly group: string;
  readonly metric: string;
  /** Where it was read, for messages. */
  readonly source: string;
  /** The release the answer names for these figures (`period#sequence`), when it names one. */
  readonly release?: string;
  readonly shown: boolean;
  /** Figures that the source rounded to 1 dp (the CSV): compared with others at 1 dp. */
  readonly rounded?: boolean;
  readonly stats: Readonly<Partial<Record<Stat, number | null>>>;
  /** Peer values (rounded, sorted), when the answer carries them. */
  readonly values?: readonly number[];
}

/** Everything every viewer could get after one event. */
interface Snapshot {
  readonly event: string;
  readonly observations: readonly Observation[];
  /** Each viewer's list of comparable periods: period → authorities counted. */
  readonly periods: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

interface Violation {
  /** The index of the snapshot (0 is the baseline) and its event. */
  readonly at: number;
  readonly event: string;
  readonly viewer: string;
  /** 1: one snapshot disagrees with itself; 2: a group changed by fewer than k; 3: a period's count changed. */
  readonly rule: 1 | 2 | 3;
  readonly message: string;
}

/** What one viewer saw of one key in one snapshot: its observations merged. */
interface State {
  readonly shown: boolean;
  readonly stats: Partial<Record<Stat, number | null>>;
  readonly rounded: Partial<Record<Stat, boolean>>;
  values?: readonly number[];
  readonly releases: Set<string>;
  readonly sources: string[];
}

const r1 = (x: number) => roundHalfAwayFromZero(x, 1);
const keyOf = (o: { viewer: string; period: string; group: string; metric: string }) =>
  `${o.viewer}|${o.period}|${o.group}|${o.metric}`;
const splitKey = (key: string) => {
  const [viewer = '', period = '', group = '', metric = ''] = key.split('|');
  return { viewer, period, group, metric };
};

/** Two figures agree: exactly (to rounding noise), or at 1 dp when either was read rounded. */
function agree(a: number | null, b: number | null, rounded: boolean): boolean {
  if (a === null || b === null) return a === b;
  if (rounded) return r1(a) === r1(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

const sameValues = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => agree(v, b[i] ?? null, false));

/** Whether two states show the same figures (only figures both hold are compared). */
function sameFigures(a: State, b: State): boolean {
  if (a.shown !== b.shown) return false;
  for (const stat of STATS) {
    const x = a.stats[stat];
    const y = b.stats[stat];
    if (x === undefined || y === undefined) continue;
    if (!agree(x, y, Boolean(a.rounded[stat] || b.rounded[stat]))) return false;
  }
  if (a.values && b.values && !sameValues(a.values, b.values)) return false;
  return true;
}

/** Whether two viewers' states can be of the same group data: the figures all viewers see agree at 1 dp. */
function consistent(a: State, b: State): boolean {
  if (!a.shown || !b.shown) return false;
  for (const stat of SHARED_STATS) {
    const x = a.stats[stat];
    const y = b.stats[stat];
    if (x === undefined || y === undefined) continue;
    if (!agree(x, y, stat !== 'n')) return false;
  }
  return true;
}

/** The multiset difference of two lists of peer values. */
function valuesDiff(
  before: readonly number[],
  after: readonly number[],
): { removed: number[]; added: number[]; changed: number } {
  const left = new Map<number, number>();
  for (const v of before) left.set(v, (left.get(v) ?? 0) + 1);
  const added: number[] = [];
  for (const v of after) {
    const count = left.get(v) ?? 0;
    if (count > 0) left.set(v, count - 1);
    else added.push(v);
  }
  const removed = [...left].flatMap(([v, count]) => Array.from({ length: count }, () => v));
  // Each changed contribution removes at most one value and adds at most one.
  return { removed, added, changed: Math.max(removed.length, added.length) };
}

/** The observations of one snapshot merged by key; disagreements are violations of rule 1. */
function mergeSnapshot(snapshot: Snapshot, at: number): { states: Map<string, State>; violations: Violation[] } {
  const states = new Map<string, State>();
  const violations: Violation[] = [];
  const fail = (o: Observation, message: string) =>
    violations.push({ at, event: snapshot.event, viewer: o.viewer, rule: 1, message });
  for (const o of snapshot.observations) {
    const key = keyOf(o);
    const state = states.get(key);
    if (!state) {
      states.set(key, {
        shown: o.shown,
        stats: { ...o.stats },
        rounded: Object.fromEntries(Object.keys(o.stats).map((s) => [s, Boolean(o.rounded)])),
        ...(o.values ? { values: [...o.values] } : {}),
        releases: new Set(o.release ? [o.release] : []),
        sources: [o.source],
      });
      continue;
    }
    const where = `${describeKey(key)}: ${o.source} and ${state.sources[0]}`;
    if (state.shown !== o.shown) {
      fail(o, `${where} disagree: one shows the group, the other withholds it`);
      continue;
    }
    for (const [name, value] of Object.entries(o.stats) as [Stat, number | null][]) {
      const known = state.stats[name];
      if (known === undefined) {
        state.stats[name] = value;
        state.rounded[name] = Boolean(o.rounded);
      } else if (!agree(known, value, Boolean(o.rounded || state.rounded[name]))) {
        fail(o, `${where} disagree on ${name}: ${value} and ${known}`);
      } else if (state.rounded[name] && !o.rounded) {
        state.stats[name] = value;
        state.rounded[name] = false;
      }
    }
    if (o.values) {
      if (!state.values) state.values = [...o.values];
      else if (!sameValues(state.values, o.values))
        fail(o, `${where} disagree on the peer values: [${o.values}] and [${state.values}]`);
    }
    if (o.release) state.releases.add(o.release);
    state.sources.push(o.source);
  }
  return { states, violations };
}

function describeKey(key: string): string {
  const { period, group, metric } = splitKey(key);
  const name = group === 'england' ? 'England' : group === 'neighbours' ? 'the neighbours’ group' : `region ${group}`;
  return `${period} ${name} ${metric}`;
}

/** A figure for a message: to 3 decimal places at most. */
const show = (x: number | null | undefined) => (typeof x === 'number' ? String(Number(x.toFixed(3))) : String(x));

function describeState(s: State): string {
  if (!s.shown) return `withheld (n ${show(s.stats.n)})`;
  const figures = (['n', 'pooled', 'median', 'min', 'max'] as const)
    .filter((f) => s.stats[f] !== undefined)
    .map((f) => `${f} ${show(s.stats[f])}`);
  return `${figures.join(', ')}${s.values ? `, values [${s.values.join(', ')}]` : ''}`;
}

/** The releases one viewer's answers named for the figures of a period. */
function releasesOf(states: Map<string, State>, viewer: string, period: string): string {
  const found = new Set<string>();
  for (const [key, state] of states) {
    const k = splitKey(key);
    if (k.viewer === viewer && k.period === period) for (const r of state.releases) found.add(r);
  }
  return [...found].sort().join(',');
}

/**
 * Checks a replay: each snapshot against itself (rule 1), and against every earlier one (rules 2, 3).
 *
 * Rule 2. For each key (viewer, period of the figures, group, metric) whose figures change between two
 * times at which it was shown, the changed contributions are at least max(|removed|, |added|) of the
 * multiset difference of its peer values, and must be at least k. Every pair of distinct shown states
 * of a key is compared (not only successive ones), so that hiding a group for a while and showing it
 * again changed does not escape. Where the viewer's answers carry no peer values for the key (a lead's
 * other regions), another viewer's values for the same group, period and metric at the same two times
 * count as evidence, if that viewer's figures are the same as this one's (n and the rates at 1 dp), so
 * that both are the same group data; without such evidence the change cannot be shown to be ≥ k and
 * fails.
 *
 * Transitions to and from withheld: withheld → shown is allowed (nothing shown before could be
 * subtracted, and the shown figures are still compared with any earlier shown ones). Shown → withheld,
 * and a withheld group whose count of contributors changes, reveal that the group's membership changed,
 * so they are allowed only when the group changed by at least k (its count moved by k or more, or some
 * viewer's peer values of the group changed by k or more at the same event), or when the answers name a
 * different release of the period than before (a new release may withhold what the previous one
 * showed); otherwise they fail.
 *
 * Rule 3. A period's count of authorities in a viewer's periods list may change only at an event at
 * which some group of that period changed by at least k (by peer values) or was first shown.
 */
function checkReplay(snapshots: readonly Snapshot[], k: number): Violation[] {
  const violations: Violation[] = [];
  const merged: Map<string, State>[] = [];
  /** Each key's states at the times it was observed. */
  const history = new Map<string, { at: number; state: State }[]>();
  const viewers = new Set<string>();

  /** The changed contributions between two states with values, or null without values. */
  const changedBetween = (a: State | undefined, b: State | undefined): number | null =>
    a?.shown && b?.shown && a.values && b.values ? valuesDiff(a.values, b.values).changed : null;

  /** Whether any viewer's values of the group changed by k or more between two times. */
  const groupChangedByK = (period: string, group: string, s: number, t: number) => {
    for (const [key, state] of merged[t] ?? []) {
      const x = splitKey(key);
      if (x.period !== period || x.group !== group) continue;
      if ((changedBetween(merged[s]?.get(key), state) ?? 0) >= k) return true;
    }
    return false;
  };

  snapshots.forEach((snapshot, t) => {
    const { states, violations: own } = mergeSnapshot(snapshot, t);
    violations.push(...own);
    merged.push(states);
    for (const key of states.keys()) viewers.add(splitKey(key).viewer);
    const fail = (viewer: string, rule: 2 | 3, message: string) =>
      violations.push({ at: t, event: snapshot.event, viewer, rule, message });

    for (const [key, current] of states) {
      const seen = history.get(key) ?? [];
      history.set(key, [...seen, { at: t, state: current }]);
      const last = seen.at(-1);
      if (!last || sameFigures(last.state, current)) continue;
      const { viewer, period, group, metric } = splitKey(key);
      const name = describeKey(key);
      const releaseChanged =
        releasesOf(merged[last.at] as Map<string, State>, viewer, period) !== releasesOf(states, viewer, period);

      if (!current.shown) {
        const before = last.state.stats.n ?? null;
        const after = current.stats.n ?? null;
        const fell = before !== null && after !== null ? Math.abs(before - after) : 0;
        if (fell < k && !releaseChanged && !groupChangedByK(period, group, last.at, t)) {
          fail(
            viewer,
            2,
            `${name}: ${describeState(last.state)} → ${describeState(current)}, with no new release and no change of k or more in the group`,
          );
        }
        continue;
      }
      // Shown now, and changed: compare with every earlier distinct shown state (the latest time of each).
      const earlier: { at: number; state: State }[] = [];
      for (const entry of [...seen].reverse()) {
        if (!entry.state.shown || sameFigures(entry.state, current)) continue;
        if (earlier.some((e) => sameFigures(e.state, entry.state))) continue;
        earlier.push(entry);
      }
      for (const { at: s, state: before } of earlier) {
        const when = s === last.at ? '' : ` (as shown after event #${s})`;
        const changed = changedBetween(before, current);
        if (changed !== null) {
          if (changed < k) {
            const diff = valuesDiff(before.values ?? [], current.values ?? []);
            fail(
              viewer,
              2,
              `${name}${when}: ${describeState(before)} → ${describeState(current)}: values removed [${diff.removed}], added [${diff.added}]: ${changed} contribution(s) changed, fewer than k = ${k}`,
            );
          }
          continue;
        }
        // No values of its own: another viewer's values of the same group data, at the same two times.
        const evidence: { viewer: string; changed: number }[] = [];
        for (const other of viewers) {
          if (other === viewer) continue;
          const otherKey = keyOf({ viewer: other, period, group, metric });
          const a = merged[s]?.get(otherKey);
          const b = states.get(otherKey);
          const n = changedBetween(a, b);
          if (n === null || !a || !b || !consistent(a, before) || !consistent(b, current)) continue;
          evidence.push({ viewer: other, changed: n });
        }
        if (evidence.some((e) => e.changed >= k)) continue;
        fail(
          viewer,
          2,
          evidence.length > 0
            ? `${name}${when}: ${describeState(before)} → ${describeState(current)}: the same group's peer values as ${evidence[0]?.viewer} sees them changed by ${Math.max(...evidence.map((e) => e.changed))} contribution(s), fewer than k = ${k}`
            : `${name}${when}: ${describeState(before)} → ${describeState(current)}: figures changed, and no peer values show that k = ${k} or more contributions changed`,
        );
      }
    }

    // Rule 3: the periods lists.
    const previous = snapshots[t - 1];
    if (!previous) return;
    for (const [viewer, counts] of Object.entries(snapshot.periods)) {
      const before = previous.periods[viewer] ?? {};
      for (const period of new Set([...Object.keys(before), ...Object.keys(counts)])) {
        if (before[period] === counts[period]) continue;
        let justified = false;
        for (const [key, state] of states) {
          const x = splitKey(key);
          if (x.period !== period || !state.shown) continue;
          const was = merged[t - 1]?.get(key);
          if (!was?.shown || (changedBetween(was, state) ?? 0) >= k) {
            justified = true;
            break;
          }
        }
        if (!justified) {
          fail(
            viewer,
            3,
            `the periods list counts ${counts[period] ?? 'nothing'} authorities for ${period} (was ${before[period] ?? 'nothing'}), but no group of ${period} changed by k = ${k} or more`,
          );
        }
      }
    }
  });
  return violations;
}

/**
 * The violations, event by event: how many of each rule; for the first event with any, the first of
 * each viewer; for the later ones, the first.
 */
function report(snapshots: readonly Snapshot[], violations: readonly Violation[]): string {
  const lines: string[] = [];
  snapshots.forEach((snapshot, at) => {
    const here = violations.filter((v) => v.at === at);
    if (here.length === 0) return;
    const rules = ([1, 2, 3] as const)
      .map((rule) => [rule, here.filter((v) => v.rule === rule).length] as const)
      .filter(([, n]) => n > 0)
      .map(([rule, n]) => `rule ${rule}: ${n}`);
    lines.push(`after event #${at} "${snapshot.event}": ${here.length} violation(s) (${rules.join(', ')})`);
    const first = new Map<string, Violation>();
    // Differences of peer values first: they show the leak best.
    for (const v of [...here].sort((a, b) => Number(a.rule !== 2) - Number(b.rule !== 2)))
      if (!first.has(v.viewer)) first.set(v.viewer, v);
    const shown = lines.length === 1 ? [...first.values()] : [...first.values()].slice(0, 1);
    for (const v of shown) lines.push(`  [rule ${v.rule}] ${v.viewer}: ${v.message}`);
  });
  return lines.join('\n');
}

// ——— Reading the answers into observations ———

/** The figures of a group object of an answer (shown or withheld). */
function groupObservation(base: Omit<Observation, 'shown' | 'stats' | 'values'>, group: Json): Observation | null {
  if (!group || typeof group !== 'object') return null;
  if (group.status === 'withheld')
    return { ...base, shown: false, stats: typeof group.n === 'number' ? { n: group.n } : {} };
  const stats: Partial<Record<Stat, number | null>> = {};
  for (const stat of STATS) if (typeof group[stat] === 'number' || group[stat] === null) stats[stat] = group[stat];
  return { ...base, shown: true, stats, ...(Array.isArray(group.values) ? { values: group.values } : {}) };
}

/**
 * The observations of a JSON comparison answer (all metrics, or one with its trend). The groups are
 * keyed by the period of the release they come from (`release.period`, the period compared while none
 * is named); a trend point's by its own period. An authority user's own figures and a lead's own region
 * are live by design and not observed; neither are positions (rank, quartile, funnel), which place the
 * viewer's own live value among the group's.
 */
function observeAnswer(viewer: string, answer: Json, source: string): Observation[] {
  const out: Observation[] = [];
  const period: string = answer.release?.period ?? answer.period;
  const release: string | undefined = answer.release
    ? `${answer.release.period}#${answer.release.sequence}`
    : undefined;
  const push = (o: Observation | null) => {
    if (o) out.push(o);
  };
  for (const m of answer.metrics ?? []) {
    const base = { viewer, period, metric: m.metric.id, source, ...(release ? { release } : {}) };
    if (answer.view === 'authority') {
      push(groupObservation({ ...base, group: answer.region.code }, m.region?.group));
      push(groupObservation({ ...base, group: 'england' }, m.england?.group));
      // The statistical neighbours' group, keyed by the release it names for itself.
      if (m.neighbours) {
        const own = answer.neighbours?.release;
        push(
          groupObservation(
            {
              ...base,
              group: 'neighbours',
              period: own?.period ?? period,
              ...(own ? { release: `${own.period}#${own.sequence}` } : {}),
            },
            m.neighbours.group,
          ),
        );
      }
    } else {
      push(groupObservation({ ...base, group: 'england' }, m.england));
      for (const r of m.otherRegions ?? []) push(groupObservation({ ...base, group: r.code }, r.group));
    }
  }
  const metric = answer.metrics?.[0]?.metric.id;
  for (const point of answer.trend ?? []) {
    // A null is a group withheld or a figure that cannot be computed: nothing to observe.
    const base = { viewer, period: point.period, metric, source: `${source} trend point ${point.period}` };
    if (answer.view === 'authority' && typeof point.region === 'number')
      out.push({ ...base, group: answer.region.code, shown: true, stats: { pooled: point.region } });
    if (typeof point.england === 'number')
      out.push({ ...base, group: 'england', shown: true, stats: { pooled: point.england } });
    if (answer.view === 'authority' && typeof point.neighbours === 'number')
      out.push({ ...base, group: 'neighbours', shown: true, stats: { pooled: point.neighbours } });
  }
  return out;
}

const METRIC_BY_LABEL = new Map<string, MetricId>(METRIC_IDS.map((id) => [METRICS[id].label, id]));
const cell = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));

/**
 * The observations of a CSV export. It names no release, so its groups are keyed as the all-metrics
 * JSON answer of the same period fetched in the same snapshot keys its own (`answer`). An authority
 * user's table has per metric the region's pooled value, range, median and count, and England's pooled
 * value; a lead's has England's row (pooled, Σ numerator, Σ denominator and its count in the note).
 * Its figures are rounded to 1 dp, so they are compared with the JSON's at 1 dp.
 */
function observeCsv(viewer: string, answer: Json, text: string, source: string): Observation[] {
  const rows: string[][] = parse(text, { bom: true, relax_column_count: true });
  const head = rows.findIndex((r) => r[0] === 'metric');
  const columns = rows[head];
  if (!columns) throw new Error(`${source}: no header row starting with "metric" in the CSV export`);
  const period: string = answer.release?.period ?? answer.period;
  const release: string | undefined = answer.release
    ? `${answer.release.period}#${answer.release.sequence}`
    : undefined;
  const col = (name: string | ((c: string) => boolean)) => {
    const i = columns.findIndex(typeof name === 'string' ? (c) => c === name : name);
    if (i < 0) throw new Error(`${source}: no column ${String(name)} in the CSV export`);
    return i;
  };
  const out: Observation[] = [];
  const base = (metric: MetricId, group: string) => ({
    viewer,
    period,
    group,
    metric,
    source,
    rounded: true,
    ...(release ? { release } : {}),
  });
  const note = col('note');
  if (answer.view === 'authority') {
    const region = col((c) => c.endsWith('(pooled)') && c !== 'England (pooled)' && !c.startsWith('statistical'));
    const neighbours = col('statistical neighbours (pooled)');
    const [neighboursMedian, neighboursN] = [col('statistical neighbours median'), col('neighbours contributing')];
    const [from, to, median, n, england] = [
      col('region range from'),
      col('region range to'),
      col('region median'),
      col('authorities in region'),
      col('England (pooled)'),
    ];
    for (const row of rows.slice(head + 1)) {
      const metric = METRIC_BY_LABEL.get(row[0] ?? '');
      if (!metric) continue;
      const text = row[note] ?? '';
      out.push(
        text.includes('Region: ')
          ? { ...base(metric, answer.region.code), shown: false, stats: { n: cell(row[n]) } }
          : {
              ...base(metric, answer.region.code),
              shown: true,
              stats: {
                pooled: cell(row[region]),
                min: cell(row[from]),
                max: cell(row[to]),
                median: cell(row[median]),
                n: cell(row[n]),
              },
            },
      );
      out.push(
        text.includes('England: ')
          ? { ...base(metric, 'england'), shown: false, stats: {} }
          : { ...base(metric, 'england'), shown: true, stats: { pooled: cell(row[england]) } },
      );
      // The neighbours' group, keyed by its own release as the JSON answer names it.
      if (answer.neighbours) {
        const own = answer.neighbours.release;
        const at = {
          ...base(metric, 'neighbours'),
          period: own?.period ?? period,
          ...(own ? { release: `${own.period}#${own.sequence}` } : {}),
        };
        out.push(
          text.includes('Neighbours: ')
            ? { ...at, shown: false, stats: { n: cell(row[neighboursN]) } }
            : {
                ...at,
                shown: true,
                stats: {
                  pooled: cell(row[neighbours]),
                  median: cell(row[neighboursMedian]),
                  n: cell(row[neighboursN]),
                },
              },
        );
      }
    }
    return out;
  }
  const [code, name, value, numerator, denominator] = [
    col('code'),
    col('name'),
    col(answer.periodLabel),
    col('numerator'),
    col('denominator'),
  ];
  for (const row of rows.slice(head + 1)) {
    const metric = METRIC_BY_LABEL.get(row[0] ?? '');
    if (!metric || row[code] !== 'E92000001' || row[name] !== 'England') continue;
    const count = /pooled over (\d+) authorities/.exec(row[note] ?? '');
    if (!count) {
      out.push({ ...base(metric, 'england'), shown: false, stats: {} });
      continue;
    }
    const stats: Partial<Record<Stat, number | null>> = { pooled: cell(row[value]), n: Number(count[1]) };
    // Sums left blank (rates only) are simply not observed.
    if (cell(row[numerator]) !== null) stats.numerator = cell(row[numerator]);
    if (cell(row[denominator]) !== null) stats.denominator = cell(row[denominator]);
    out.push({ ...base(metric, 'england'), shown: true, stats });
  }
  return out;
}

// ——— The checker's own tests ———

describe('the release checker', () => {
  const K = 3;
  const group = (values: number[], extra: Partial<Observation> = {}): Observation => ({
    viewer: 'v',
    period: 'P',
    group: 'R',
    metric: 'vacancyRate',
    source: 'one metric',
    shown: true,
    stats: { n: values.length, pooled: values.reduce((s, v) => s + v, 0) / values.length },
    values,
    ...extra,
  });
  const snap = (event: string, observations: Observation[], periods = {}): Snapshot => ({
    event,
    observations,
    periods,
  });

  test('a change of one authority’s value fails, naming the event, the group and the values', () => {
    const violations = checkReplay(
      [snap('start', [group([10, 20, 30, 40, 50])]), snap('one resubmits', [group([10, 20, 30, 40, 55])])],
      K,
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ at: 1, event: 'one resubmits', viewer: 'v', rule: 2 });
    expect(violations[0]?.message).toMatch(/P region R vacancyRate: .*removed \[50\], added \[55\]: 1 contribution/);
  });

  test('a change of k authorities’ values passes; so does no change at all', () => {
    expect(
      checkReplay(
        [
          snap('start', [group([10, 20, 30, 40, 50])]),
          snap('nothing', [group([10, 20, 30, 40, 50])]),
          snap('release', [group([11, 21, 31, 40, 50])]),
        ],
        K,
      ),
    ).toEqual([]);
  });

  test('one authority leaving or joining is one contribution; a group shrinking by k is k', () => {
    expect(checkReplay([snap('a', [group([1, 2, 3, 4])]), snap('b', [group([1, 2, 3])])], K)).toHaveLength(1);
    expect(checkReplay([snap('a', [group([1, 2, 3])]), snap('b', [group([1, 2, 3, 4])])], K)).toHaveLength(1);
    expect(checkReplay([snap('a', [group([1, 2, 3, 4, 5, 6])]), snap('b', [group([1, 2, 3])])], K)).toEqual([]);
  });

  test('a figure that changes while the rounded values stay the same is a change of no contribution: it fails', () => {
    const a = group([1, 2, 3], { stats: { n: 3, pooled: 2 } });
    const b = group([1, 2, 3], { stats: { n: 3, pooled: 2.1 } });
    expect(checkReplay([snap('a', [a]), snap('b', [b])], K)[0]?.message).toMatch(/0 contribution/);
  });

  test('figures that change with no peer values anywhere fail; another viewer’s values of the same group can prove k', () => {
    const lead = (pooled: number): Observation => ({
      viewer: 'lead',
      period: 'P',
      group: 'R',
      metric: 'vacancyRate',
      source: 'other regions',
      shown: true,
      stats: { n: 3, pooled },
    });
    const alone = checkReplay([snap('a', [lead(2)]), snap('b', [lead(3)])], K);
    expect(alone[0]?.message).toMatch(/no peer values show/);
    // An authority user of the region sees the same figures with values: 3 changed.
    const withEvidence = (values: number[], pooled: number) => [
      lead(pooled),
      group(values, { stats: { n: 3, pooled } }),
    ];
    expect(checkReplay([snap('a', withEvidence([1, 2, 3], 2)), snap('b', withEvidence([4, 5, 6], 3))], K)).toEqual([]);
    // 1 changed: the lead's change fails as well as the authority user's.
    const one = checkReplay([snap('a', withEvidence([1, 2, 3], 2)), snap('b', withEvidence([1, 2, 6], 3))], K);
    expect(one.map((v) => v.viewer).sort()).toEqual(['lead', 'v']);
    // Evidence of other figures (another group's data) proves nothing.
    const unlike = (values: number[], pooled: number) => [lead(pooled), group(values, { stats: { n: 3, pooled: 9 } })];
    expect(checkReplay([snap('a', unlike([1, 2, 3], 2)), snap('b', unlike([4, 5, 6], 3))], K)[0]?.message).toMatch(
      /no peer values show/,
    );
  });

  test('within one snapshot, every sight of a group agrees: a trend point, the CSV at 1 dp, the peer values', () => {
    const main = group([1, 2, 3], { stats: { n: 3, pooled: 2.04 } });
    const trend: Observation = { ...main, source: 'trend', stats: { pooled: 2.04 }, values: undefined };
    const csv: Observation = { ...main, source: 'csv', rounded: true, stats: { pooled: 2 }, values: undefined };
    expect(checkReplay([snap('a', [main, trend, csv])], K)).toEqual([]);
    const wrongTrend = { ...trend, stats: { pooled: 2.5 } };
    expect(checkReplay([snap('a', [main, wrongTrend])], K)[0]).toMatchObject({ rule: 1 });
    expect(checkReplay([snap('a', [main, { ...csv, stats: { pooled: 2.1 } }])], K)[0]).toMatchObject({ rule: 1 });
    const otherValues = group([1, 2, 4], { stats: { n: 3, pooled: 2.04 } });
    expect(checkReplay([snap('a', [main, otherValues])], K)[0]?.message).toMatch(/peer values/);
    expect(checkReplay([snap('a', [main, { ...main, shown: false, stats: { n: 3 } }])], K)[0]?.message).toMatch(
      /withholds/,
    );
  });

  test('shown → withheld needs a new release or a change of k; withheld counts that move by one fail', () => {
    const withheld = (n: number, release?: string): Observation => ({
      ...group([]),
      values: undefined,
      shown: false,
      stats: { n },
      ...(release ? { release } : {}),
    });
    const shown = (values: number[], release?: string) => group(values, release ? { release } : {});
    expect(checkReplay([snap('a', [shown([1, 2, 3])]), snap('b', [withheld(2)])], K)).toHaveLength(1);
    expect(checkReplay([snap('a', [shown([1, 2, 3], 'P#1')]), snap('b', [withheld(2, 'P#2')])], K)).toEqual([]);
    expect(checkReplay([snap('a', [withheld(2)]), snap('b', [withheld(1)])], K)).toHaveLength(1);
    expect(checkReplay([snap('a', [withheld(2)]), snap('b', [withheld(2)])], K)).toEqual([]);
    // withheld → shown is allowed: there was nothing to subtract.
    expect(checkReplay([snap('a', [withheld(2)]), snap('b', [shown([1, 2, 3])])], K)).toEqual([]);
  });

  test('any two times are compared: shown, withheld for a while, then shown one value different, fails', () => {
    const violations = checkReplay(
      [
        snap('a', [group([1, 2, 3, 4], { release: 'P#1' })]),
        snap('b', [{ ...group([]), values: undefined, shown: false, stats: { n: 4 }, release: 'P#2' }]),
        snap('c', [group([1, 2, 3, 5], { release: 'P#3' })]),
      ],
      K,
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toMatch(/as shown after event #0/);
  });

  test('a period’s count in the periods list changes only with a change of k in its groups', () => {
    const periods = (n: number) => ({ v: { P: n } });
    expect(
      checkReplay([snap('a', [group([1, 2, 3, 4])], periods(4)), snap('b', [group([1, 2, 3, 4])], periods(5))], K)[0],
    ).toMatchObject({ rule: 3 });
    expect(
      checkReplay([snap('a', [group([1, 2, 3, 4])], periods(4)), snap('b', [group([5, 6, 7, 4])], periods(5))], K),
    ).toEqual([]);
    // A period first released: its groups appear, and so may its count.
    expect(checkReplay([snap('a', [], periods(0)), snap('b', [group([1, 2, 3])], periods(3))], K)).toEqual([]);
  });

  test('observations: groups keyed by the release’s period, trend points by their own, own figures ignored', () => {
    const answer = {
      view: 'authority',
      period: 'Q',
      release: { period: 'P', sequence: 2 },
      region: { code: 'R' },
      metrics: [
        {
          metric: { id: 'vacancyRate' },
          own: { value: 12.345 },
          region: { group: { status: 'shown', n: 3, pooled: 2, values: [1, 2, 3] }, rank: 1 },
          england: { group: { status: 'withheld', reason: 'group-too-small', n: 2 } },
        },
      ],
      trend: [
        { period: 'P', own: 1, region: 2, england: null },
        { period: 'Q', own: 1, region: null, england: null },
      ],
    };
    expect(observeAnswer('v', answer, 'Q vacancyRate')).toEqual([
      {
        viewer: 'v',
        period: 'P',
        group: 'R',
        metric: 'vacancyRate',
        source: 'Q vacancyRate',
        release: 'P#2',
        shown: true,
        stats: { n: 3, pooled: 2 },
        values: [1, 2, 3],
      },
      {
        viewer: 'v',
        period: 'P',
        group: 'england',
        metric: 'vacancyRate',
        source: 'Q vacancyRate',
        release: 'P#2',
        shown: false,
        stats: { n: 2 },
      },
      {
        viewer: 'v',
        period: 'P',
        group: 'R',
        metric: 'vacancyRate',
        source: 'Q vacancyRate trend point P',
        shown: true,
        stats: { pooled: 2 },
      },
    ]);
  });
});

// ——— The replay ———

/** k for the replay: small, so that a few authorities per region make groups. */
const K = 3;
const PREVIOUS = '2024-25-Q1';
const PERIOD = '2024-25-Q2';
const WEST_MIDLANDS = 'E12000005';
const NORTH_WEST = 'E12000002';
const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const WOLVERHAMPTON = 'E08000031';
const MANCHESTER = 'E08000003';
const SALFORD = 'E08000006';
/** The West Midlands authorities of the replay (Wolverhampton submits for the period only during it). */
const WM = [COVENTRY, WARWICKSHIRE, 'E08000025', 'E08000027', 'E08000028', 'E08000029', 'E08000030', WOLVERHAMPTON];
/** The North West authorities of the replay (Salford is retired during it). */
const NW = [MANCHESTER, 'E08000001', 'E08000002', 'E08000004', 'E08000005', SALFORD];
const ALL = [...WM, ...NW];
/** Those that revise after the first re-release was refused: three more in each region that changed. */
const REVISERS = [COVENTRY, 'E08000025', 'E08000027', MANCHESTER, 'E08000001', 'E08000002'];

/** A valid return whose rates all depend on `seed` (1 to about 200). */
function figuresFor(seed: number) {
  const permanentHeadcount = 200 + 3 * seed;
  const under2 = 40 + seed;
  const fiveTo10 = 60 + (seed % 17);
  const leaversHeadcount = 10 + (seed % 13);
  const startersHeadcount = 8 + (seed % 11);
  return {
    permanentHeadcount,
    permanentFte: roundHalfAwayFromZero(permanentHeadcount - 10 - 0.37 * seed, 1),
    agencyHeadcount: 20 + (seed % 23),
    agencyFte: roundHalfAwayFromZero(19.5 + (seed % 23) - 0.1 * (seed % 5), 1),
    vacanciesFte: roundHalfAwayFromZero(15 + 1.3 * seed, 1),
    caseHoldingFte: 150 + seed,
    casesHeld: 2000 + 37 * seed,
    serviceUnder2Years: under2,
    service2To5Years: 50,
    service5To10Years: fiveTo10,
    service10To20Years: 30,
    service20PlusYears: permanentHeadcount - under2 - 50 - fiveTo10 - 30,
    asyeHeadcount: 10 + (seed % 19),
    startersHeadcount,
    startersFte: startersHeadcount - 0.5,
    leaversHeadcount,
    leaversFte: roundHalfAwayFromZero(leaversHeadcount - 0.1 * (seed % 7), 1),
    leaversToAgency: 1 + (seed % 5),
    leaversServiceUnder2Years: 2 + (seed % 7),
    sicknessAbsenceDays: 400 + 11 * seed,
    asyeStarted: 3 + (seed % 3),
    asyeLeft: seed % 2,
    comment: 'Replay figures: checked with the service.',
  };
}
type Figures = ReturnType<typeof figuresFor>;

/** Each authority's rounded metric values at the period, from its figures of the two quarters. */
function valuesAt(figures: ReadonlyMap<string, { previous: Figures; current: Figures }>, codes: readonly string[]) {
  const out = new Map<MetricId, number[]>();
  for (const code of codes) {
    const f = figures.get(code);
    if (!f) continue;
    const history = [
      { period: PREVIOUS, ...f.previous },
      { period: PERIOD, ...f.current },
    ] as unknown as QuarterlyFigures[];
    const results = computeMetricSeries(history, [PERIOD]).get(PERIOD);
    for (const metric of METRIC_IDS) {
      const value = results?.[metric].value;
      if (value === null || value === undefined) continue;
      out.set(metric, [...(out.get(metric) ?? []), roundHalfAwayFromZero(value, 1)]);
    }
  }
  return out;
}

/**
 * Who looks: two authority users of different regions, and two leads (each checked on England and
 * the other regions; its own region is live and named by design).
 */
const VIEWERS: readonly TestUser[] = ['coventryViewer', 'manchesterSubmitter', 'northWestLead', 'westMidlandsLead'];

describe.each(DB_KINDS)('releases, replayed on %s: no two answers differ by fewer than k authorities', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;
  /** A signed-in submitter for each authority of the replay. */
  const submitters = new Map<string, Client['request']>();

  beforeAll(async () => {
    ctx = await createTestContext(kind, { MIN_GROUP_SIZE: String(K) });
    Object.assign(
      clients,
      await signInAll(ctx, [
        'admin',
        'coventrySubmitter',
        'coventryViewer',
        'warwickshireSubmitter',
        'manchesterSubmitter',
        'westMidlandsLead',
        'northWestLead',
      ]),
    );
    submitters.set(COVENTRY, clients.coventrySubmitter.request);
    submitters.set(WARWICKSHIRE, clients.warwickshireSubmitter.request);
    submitters.set(MANCHESTER, clients.manchesterSubmitter.request);
    // A submitter for every other authority of the replay.
    const passwordHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    const others = ALL.filter((code) => !submitters.has(code));
    const email = (code: string) => `submitter@${code.toLowerCase()}.replay.example`;
    await ctx.database.db.insert(users).values(
      others.map((code) => ({
        id: `u-replay-${code}`,
        email: email(code),
        name: `Submitter ${code}`,
        role: 'authority_submitter' as const,
        authorityCode: code,
        passwordHash,
      })),
    );
    for (const code of others) {
      const res = await ctx.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: email(code), password: PASSWORD }),
      });
      expect(res.status, `sign-in of the submitter of ${code}`).toBe(200);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      submitters.set(code, async (method, path, body) =>
        ctx.app.request(path, {
          method,
          headers: {
            cookie,
            'x-csrf-token': csrfToken,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
    }
  }, 120_000);
  afterAll(() => ctx.close());

  test('every answer of every viewer, after every event of a collection, differs from any other by k or more', async () => {
    const figures = new Map<string, { previous: Figures; current: Figures }>();
    const versions = new Map<string, number>();

    const call = async (who: Client['request'], method: string, path: string, body: unknown, expected: number) => {
      const res = await who(method, path, body);
      const text = await res.text();
      expect(res.status, `${method} ${path}: ${text}`).toBe(expected);
      return text ? JSON.parse(text) : null;
    };
    /** The authority saves figures for a period (a draft: no longer counted until submitted). */
    const save = async (code: string, period: string, f: Figures) => {
      const version = versions.get(`${code}/${period}`) ?? 0;
      const request = submitters.get(code) as Client['request'];
      const body = await call(
        request,
        'PUT',
        `/api/returns/${code}/${period}`,
        { version, figures: f },
        version === 0 ? 201 : 200,
      );
      versions.set(`${code}/${period}`, body.version);
      const held = figures.get(code) ?? { previous: f, current: f };
      figures.set(code, period === PREVIOUS ? { ...held, previous: f } : { ...held, current: f });
    };
    const submit = async (code: string, period: string) => {
      const request = submitters.get(code) as Client['request'];
      const body = await call(
        request,
        'POST',
        `/api/returns/${code}/${period}/submit`,
        {
          version: versions.get(`${code}/${period}`),
          declaration: true,
        },
        200,
      );
      versions.set(`${code}/${period}`, body.version);
    };
    const decide = async (code: string, action: 'accept' | 'send-back') => {
      const body = await call(
        clients.westMidlandsLead.request,
        'POST',
        `/api/returns/${code}/${PERIOD}/${action}`,
        { version: versions.get(`${code}/${PERIOD}`), ...(action === 'send-back' ? { reason: 'Please check.' } : {}) },
        200,
      );
      versions.set(`${code}/${PERIOD}`, body.version);
    };
    const round = (lead: 'westMidlandsLead' | 'northWestLead', status: 'open' | 'closed') =>
      call(
        clients[lead].request,
        'PATCH',
        `/api/regions/${lead === 'westMidlandsLead' ? WEST_MIDLANDS : NORTH_WEST}/rounds/${PERIOD}`,
        { status },
        200,
      );
    /** An admin asks for a re-release now: the status answered. */
    const releaseNow = async () => (await clients.admin.request('POST', `/api/periods/${PERIOD}/releases`, {})).status;

    // Both quarters open (due far ahead, so that only the events below release anything).
    for (const id of [PREVIOUS, PERIOD])
      await call(clients.admin.request, 'POST', '/api/periods', { id, status: 'open', dueDate: '2099-12-31' }, 201);
    // Every authority submits the previous quarter, and all but Wolverhampton this one.
    for (const [i, code] of ALL.entries()) {
      for (const [period, seed] of [
        [PREVIOUS, 1 + i],
        [PERIOD, 21 + i],
      ] as const) {
        if (period === PERIOD && code === WOLVERHAMPTON) continue;
        await save(code, period, figuresFor(seed));
        await submit(code, period);
      }
    }
    // ——— Snapshots ———
    const snapshots: Snapshot[] = [];
    const getText = async (viewer: TestUser, path: string) => {
      const res = await clients[viewer].request('GET', path);
      const text = await res.text();
      expect(res.status, `${viewer} GET ${path}: ${text.slice(0, 300)}`).toBe(200);
      return text;
    };
    const snapshot = async (event: string) => {
      const observations: Observation[] = [];
      const periods: Record<string, Record<string, number>> = {};
      for (const name of VIEWERS) {
        const list = JSON.parse(await getText(name, '/api/comparisons'));
        periods[name] = Object.fromEntries(
          list.periods.map((p: { id: string; authorities: number }) => [p.id, p.authorities]),
        );
        for (const period of [PREVIOUS, PERIOD]) {
          const all = JSON.parse(await getText(name, `/api/comparisons/${period}`));
          observations.push(...observeAnswer(name, all, `${period} all metrics`));
          for (const metric of METRIC_IDS) {
            const one = JSON.parse(await getText(name, `/api/comparisons/${period}/metrics/${metric}`));
            observations.push(...observeAnswer(name, one, `${period} ${metric}`));
          }
          const csv = await getText(name, `/api/comparisons/${period}/export?format=csv`);
          observations.push(...observeCsv(name, all, csv, `${period} CSV export`));
        }
      }
      snapshots.push({ event, observations, periods });
    };
    /** Does something, then takes a snapshot: its index. */
    const event = async (name: string, action: () => Promise<unknown>) => {
      await action();
      await snapshot(name);
      return snapshots.length - 1;
    };

    // ——— The replay ———
    await snapshot('the previous quarter and this one submitted; nothing released');
    const previousReleased = await event(`an admin closes ${PREVIOUS}: its first release`, () =>
      call(clients.admin.request, 'PATCH', `/api/periods/${PREVIOUS}`, { status: 'closed' }, 200),
    );
    await event(`Warwickshire changes its ${PERIOD} return (a draft again)`, () =>
      save(WARWICKSHIRE, PERIOD, figuresFor(40)),
    );
    await event('Warwickshire resubmits', () => submit(WARWICKSHIRE, PERIOD));
    await event('Wolverhampton saves its first draft', () => save(WOLVERHAMPTON, PERIOD, figuresFor(43)));
    await event('Wolverhampton submits', () => submit(WOLVERHAMPTON, PERIOD));
    const periodReleased = await event(`an admin closes ${PERIOD}, every region's round: its first release`, () =>
      call(clients.admin.request, 'PATCH', `/api/periods/${PERIOD}`, { status: 'closed' }, 200),
    );
    const atFirstRelease = new Map(figures);
    await event('the West Midlands lead reopens the round', () => round('westMidlandsLead', 'open'));
    await event('the lead sends Warwickshire’s return back', () => decide(WARWICKSHIRE, 'send-back'));
    await event('Warwickshire saves new figures', () => save(WARWICKSHIRE, PERIOD, figuresFor(41)));
    await event('Warwickshire resubmits', () => submit(WARWICKSHIRE, PERIOD));
    await event('Warwickshire saves again after submitting', () => save(WARWICKSHIRE, PERIOD, figuresFor(42)));
    await event('Warwickshire resubmits again', () => submit(WARWICKSHIRE, PERIOD));
    await event('the lead accepts Warwickshire’s return', () => decide(WARWICKSHIRE, 'accept'));
    await event('the West Midlands lead closes the round', () => round('westMidlandsLead', 'closed'));
    await event('the West Midlands lead reopens the round', () => round('westMidlandsLead', 'open'));
    await event('the West Midlands lead closes the round again', () => round('westMidlandsLead', 'closed'));
    await event('an admin retires Salford', () =>
      call(clients.admin.request, 'PATCH', `/api/authorities/${SALFORD}`, { retired: true }, 200),
    );
    let refused = 0;
    await event('an admin asks for a re-release: 2 authorities changed, fewer than k', async () => {
      refused = await releaseNow();
    });
    await event('the West Midlands lead reopens the round', () => round('westMidlandsLead', 'open'));
    await event('the North West lead opens its round', () => round('northWestLead', 'open'));
    for (const [i, code] of REVISERS.entries()) {
      await event(`${code} revises its return (a draft)`, () => save(code, PERIOD, figuresFor(61 + 7 * i)));
      await event(`${code} resubmits`, () => submit(code, PERIOD));
    }
    // The data make the last re-release a change of k or more (by rounded peer values) in every group
    // and metric it changes, so that it may be made and shows as such.
    const now = new Map([...figures].filter(([code]) => code !== SALFORD));
    for (const [group, codes] of [
      [WEST_MIDLANDS, WM],
      [NORTH_WEST, NW],
      ['england', ALL],
    ] as const) {
      const before = valuesAt(atFirstRelease, codes);
      const after = valuesAt(now, codes);
      for (const [metric, values] of before) {
        expect(valuesDiff(values, after.get(metric) ?? []).changed, `${group} ${metric}`).toBeGreaterThanOrEqual(K);
      }
    }
    let accepted = 0;
    const reReleased = await event(
      `an admin asks for a re-release: ${REVISERS.length + 2} authorities changed`,
      async () => {
        accepted = await releaseNow();
      },
    );

    // Every kind of answer was read into observations (else the check would pass on nothing).
    for (const name of VIEWERS) {
      const seen = (snapshots.at(-1)?.observations ?? []).filter((o) => o.viewer === name && o.shown);
      expect(
        seen.some((o) => o.source.endsWith('CSV export')),
        `${name}: the CSV export`,
      ).toBe(true);
      expect(
        seen.some((o) => o.source.includes('trend point')),
        `${name}: the trends`,
      ).toBe(true);
      expect(
        seen.some((o) => o.group === 'england'),
        `${name}: England`,
      ).toBe(true);
      expect(
        seen.some((o) => o.group !== 'england' && o.group !== 'neighbours'),
        `${name}: a region`,
      ).toBe(true);
      if (!name.endsWith('Lead'))
        expect(
          seen.some((o) => o.values),
          `${name}: peer values`,
        ).toBe(true);
    }

    // The statistical neighbours' group: Manchester's (Birmingham, Salford, Wolverhampton of the
    // replay: 3, shown) with its peer values, Coventry's (Walsall, Bolton: 2, withheld).
    const neighbours = (viewer: string) =>
      (snapshots.at(-1)?.observations ?? []).filter((o) => o.viewer === viewer && o.group === 'neighbours');
    expect(neighbours('manchesterSubmitter').some((o) => o.shown && o.values)).toBe(true);
    expect(neighbours('manchesterSubmitter').some((o) => o.source.includes('trend point'))).toBe(true);
    expect(neighbours('coventryViewer').some((o) => !o.shown && o.stats.n === 2)).toBe(true);

    const violations = checkReplay(snapshots, K);
    expect(violations.length, `Anonymity of releases (k = ${K}):\n${report(snapshots, violations)}\n`).toBe(0);

    // The requests for re-releases were answered as the contract says.
    expect([404, 409], 'the re-release with fewer than k changed is refused').toContain(refused);
    expect(accepted, 'the re-release with k or more changed is made').toBe(201);
    // Every answer names the release its groups come from: the previous quarter's until this one is
    // released, then this one's first release, then the re-release.
    const named = (at: number, viewer: string) =>
      snapshots[at]?.observations.find((o) => o.viewer === viewer && o.source === `${PERIOD} all metrics`)?.release;
    for (const name of VIEWERS) {
      for (let at = previousReleased; at < periodReleased; at++)
        expect(named(at, name), `${name} after event #${at}`).toBe(`${PREVIOUS}#1`);
      for (let at = periodReleased; at < reReleased; at++)
        expect(named(at, name), `${name} after event #${at}`).toBe(`${PERIOD}#1`);
      expect(named(reReleased, name), name).toMatch(new RegExp(`^${PERIOD}#([2-9]|\\d{2,})$`));
    }
    // And the re-release shows: every group of the period that changed is seen changed.
    const valuesOf = (at: number, viewer: string, group: string) =>
      snapshots[at]?.observations.find(
        (o) =>
          o.viewer === viewer && o.period === PERIOD && o.group === group && o.metric === 'vacancyRate' && o.values,
      )?.values;
    for (const [viewer, group] of [
      ['coventryViewer', WEST_MIDLANDS],
      ['coventryViewer', 'england'],
      ['manchesterSubmitter', NORTH_WEST],
    ] as const) {
      expect(valuesOf(reReleased, viewer, group), `${viewer} ${group}`).toBeDefined();
      expect(valuesOf(reReleased, viewer, group), `${viewer} ${group}`).not.toEqual(
        valuesOf(reReleased - 1, viewer, group),
      );
    }
  }, 300_000);
});
