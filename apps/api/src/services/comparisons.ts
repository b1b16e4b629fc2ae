/**
 * Comparisons: every authority's metrics for a period (from metrics-core), grouped by region and for
 * England, with DfE's latest published figures beside them. The answer depends on who asks (DESIGN
 * section 6), and is shaped here from one computed "pack" per period:
 *
 * - authority users see their own figures named, and their region and England only as group figures
 *   (rounded to one decimal place) and peer values (rounded, sorted, unlabelled); a group with fewer
 *   than `minGroupSize` contributors is withheld with the reason; counts of other authorities
 *   (numerators, denominators, the count metric `netChangeFte`) never appear; the groups are fixed,
 *   so no two requests can be subtracted to reveal one authority;
 * - a regional lead sees every authority of its region named, with counts, and the other regions
 *   only as regional aggregates.
 *
 * Only returns whose current status is `submitted` or `accepted` count, with the figures of their
 * current revision: a draft (including a submitted return reopened for a change) or a return sent
 * back counts for no one until it is submitted again.
 *
 * The pack is cached per period and rebuilt when anything it was built from changes. On the embedded
 * database the process is told of every change before the write returns (lib/changes.ts), so a read
 * costs no query at all; on a PostgreSQL server, shared by several instances, a cheap fingerprint
 * query (counts and version sums of the returns in its window, the authorities, the newest published
 * release) decides on every read, so that every instance agrees.
 */

import { gzipSync } from 'node:zlib';
import {
  compareWithGroup,
  computeMetricSeries,
  describeChange,
  type GroupSummary,
  METRIC_IDS,
  METRICS,
  type MetricId,
  type MetricResult,
  type MetricResults,
  type PeriodId,
  type PreparedGroup,
  periodLabel,
  periodWindow,
  prepareGroup,
  type QuarterlyFigures,
  roundHalfAwayFromZero,
  shiftPeriod,
} from '@csc-workforce/metrics-core';
import type {
  AuthorityComparison,
  AuthorityMetric,
  AuthorityTrendPoint,
  Changes,
  ComparablePeriod,
  Group,
  MetricInfo,
  OwnFigure,
  Position,
  PublishedFigures,
  PublishedValue,
  RegionComparison,
  RegionMetric,
  RegionTrendPoint,
  ReturnStatus,
  WithheldGroup,
} from '@csc-workforce/schemas';
import { sql } from 'drizzle-orm';
import { type Database, type Db, rowsOf } from '../db/client.js';
import type { StoredFigures } from './returns.js';

/** Quarters of the trend, ending at the period compared. */
const TREND_QUARTERS = 8;
/** Quarters of returns read for a pack: the trend, and 4 more for the metrics that need a year. */
const WINDOW_QUARTERS = TREND_QUARTERS + 4;
/** Statuses whose figures count in comparisons. */
const COUNTED_STATUSES: readonly ReturnStatus[] = ['submitted', 'accepted'];
/** How many packs (periods) are kept in memory. */
const CACHE_SIZE = 16;
/** How many shaped answers are kept (about 30 KB each at most). */
const ANSWERS_CACHED = 1000;

/** DfE's published measure for each metric that it publishes (its census definitions, 30 September). */
const PUBLISHED_MEASURES: Partial<Record<MetricId, string>> = {
  turnoverRate: 'turnover_rate_fte',
  vacancyRate: 'vacancy_rate_fte',
  agencyRate: 'agency_rate_fte',
  absenceRate: 'absence_rate_fte',
  averageCaseload: 'caseload_fte',
};

interface AuthorityRef {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
}

interface RegionRef {
  readonly code: string;
  readonly name: string;
}

/** A published figure: its value, or the DfE symbol in its place. */
interface PublishedLayer {
  readonly release: string;
  readonly year: number;
  /** measure → value for England. */
  readonly national: Map<string, PublishedValue>;
  /** region code → measure → value. */
  readonly regional: Map<string, Map<string, PublishedValue>>;
}

interface Groups {
  readonly england: PreparedGroup;
  readonly regions: Map<string, PreparedGroup>;
}

/** Everything a period's comparisons are shaped from. */
export interface Pack {
  readonly fingerprint: string;
  readonly period: PeriodId;
  readonly trend: readonly PeriodId[];
  readonly authorities: readonly AuthorityRef[];
  readonly byCode: ReadonlyMap<string, AuthorityRef>;
  readonly regions: readonly RegionRef[];
  /** Every authority's results at each trend period. */
  readonly results: ReadonlyMap<string, ReadonlyMap<string, MetricResults>>;
  /** Every authority's return status at the period (null: no return). */
  readonly status: ReadonlyMap<string, ReturnStatus | null>;
  /** Groups at each trend period, per metric. */
  readonly groups: ReadonlyMap<string, Record<MetricId, Groups>>;
  /** Whether any counted return is demo data. */
  readonly demo: boolean;
  readonly published: PublishedLayer | null;
}

const quoteList = (items: readonly string[]) =>
  sql.join(
    items.map((i) => sql`${i}`),
    sql`, `,
  );

/** The tables a pack is built from. */
const PACK_TABLES = [
  'returns',
  'return_revisions',
  'authorities',
  'regions',
  'published_releases',
  'published_figures',
];

/** One query: what a pack for these periods depends on. Changes whenever any of it changes. */
async function fingerprintOf(db: Db, periods: readonly string[]): Promise<string> {
  const [row] = rowsOf<{ r: string; a: string; p: string | null }>(
    await db.execute(sql`
      SELECT
        (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM returns WHERE period_id IN (${quoteList(periods)})) AS r,
        (SELECT count(*) || ':' || md5(coalesce(string_agg(code || '|' || region_code || '|' || name || '|' || coalesce(retired_at::text, ''), ',' ORDER BY code), ''))
           FROM authorities) AS a,
        (SELECT id FROM published_releases ORDER BY loaded_at DESC, id DESC LIMIT 1) AS p`),
  );
  return `${row?.r}/${row?.a}/${row?.p ?? ''}`;
}

async function loadPublished(db: Db): Promise<PublishedLayer | null> {
  const measures = Object.values(PUBLISHED_MEASURES);
  const rows = rowsOf<{
    release: string;
    year: number;
    level: string;
    area: string;
    measure: string;
    value: number | null;
    symbol: string | null;
  }>(
    await db.execute(sql`
      WITH latest AS (SELECT id, name, last_year FROM published_releases ORDER BY loaded_at DESC, id DESC LIMIT 1)
      SELECT l.name AS release, f.time_period AS year, f.geographic_level AS level, f.area_code AS area,
             f.measure, f.value, f.symbol
      FROM latest l JOIN published_figures f ON f.release_id = l.id AND f.time_period = l.last_year
      WHERE f.geographic_level IN ('National', 'Regional') AND f.measure IN (${quoteList(measures)})`),
  );
  const first = rows[0];
  if (!first) return null;
  const national = new Map<string, PublishedValue>();
  const regional = new Map<string, Map<string, PublishedValue>>();
  for (const row of rows) {
    const figure = { value: row.value === null ? null : Number(row.value), symbol: row.symbol };
    if (row.level === 'National') national.set(row.measure, figure);
    else {
      const area = regional.get(row.area) ?? new Map<string, PublishedValue>();
      area.set(row.measure, figure);
      regional.set(row.area, area);
    }
  }
  return { release: first.release, year: Number(first.year), national, regional };
}

/** Figures as metrics-core reads them: the stored figures of one return, with its period. */
function toQuarterly(period: string, figures: StoredFigures): QuarterlyFigures {
  const out: Record<string, unknown> = { period };
  for (const [field, value] of Object.entries(figures)) if (typeof value === 'number') out[field] = value;
  return out as unknown as QuarterlyFigures;
}

async function buildPack(db: Db, period: PeriodId, fingerprint: string): Promise<Pack> {
  const window = periodWindow(period, WINDOW_QUARTERS);
  const trend = periodWindow(period, TREND_QUARTERS);
  const authorityRows = rowsOf<{ code: string; name: string; region_code: string }>(
    await db.execute(sql`SELECT code, name, region_code FROM authorities WHERE retired_at IS NULL ORDER BY name, code`),
  );
  const regionRows = rowsOf<RegionRef>(await db.execute(sql`SELECT code, name FROM regions ORDER BY name`));
  const returnRows = rowsOf<{
    authority_code: string;
    period_id: string;
    status: ReturnStatus;
    demo: boolean;
    figures: StoredFigures | null;
  }>(
    await db.execute(sql`
      SELECT r.authority_code, r.period_id, r.status, r.demo,
             CASE WHEN r.status IN ('submitted', 'accepted') THEN v.figures END AS figures
      FROM returns r
      JOIN return_revisions v
        ON v.authority_code = r.authority_code AND v.period_id = r.period_id AND v.revision = r.version
      WHERE r.period_id IN (${quoteList(window)})`),
  );
  const authorities = authorityRows.map((r) => ({ code: r.code, name: r.name, regionCode: r.region_code }));
  const byCode = new Map(authorities.map((a) => [a.code, a]));
  const histories = new Map<string, QuarterlyFigures[]>();
  const status = new Map<string, ReturnStatus | null>(authorities.map((a) => [a.code, null]));
  let demo = false;
  for (const row of returnRows) {
    if (!byCode.has(row.authority_code)) continue;
    if (row.period_id === period) status.set(row.authority_code, row.status);
    if (!row.figures || !COUNTED_STATUSES.includes(row.status)) continue;
    const figures = typeof row.figures === 'string' ? (JSON.parse(row.figures) as StoredFigures) : row.figures;
    const history = histories.get(row.authority_code) ?? [];
    history.push(toQuarterly(row.period_id, figures));
    histories.set(row.authority_code, history);
    demo ||= row.demo;
  }
  const results = new Map<string, ReadonlyMap<string, MetricResults>>();
  for (const a of authorities) results.set(a.code, computeMetricSeries(histories.get(a.code) ?? [], trend));
  const groups = new Map<string, Record<MetricId, Groups>>();
  for (const p of trend) {
    const byMetric = {} as Record<MetricId, Groups>;
    for (const metric of METRIC_IDS) {
      const members = new Map<string, MetricResult[]>();
      const all: MetricResult[] = [];
      for (const a of authorities) {
        const result = results.get(a.code)?.get(p)?.[metric] as MetricResult;
        all.push(result);
        const list = members.get(a.regionCode) ?? [];
        list.push(result);
        members.set(a.regionCode, list);
      }
      const regions = new Map<string, PreparedGroup>();
      for (const r of regionRows) regions.set(r.code, prepareGroup(members.get(r.code) ?? [], metric));
      byMetric[metric] = { england: prepareGroup(all, metric), regions };
    }
    groups.set(p, byMetric);
  }
  return {
    fingerprint,
    period,
    trend,
    authorities,
    byCode,
    regions: regionRows,
    results,
    status,
    groups,
    demo,
    published: await loadPublished(db),
  };
}

/** An answer serialised once, and gzipped once when a client first asks for it so. */
export class Answer {
  private gzipped: Buffer | undefined;
  constructor(
    readonly pack: Pack,
    readonly json: string,
  ) {}
  get gzip(): Buffer {
    this.gzipped ??= gzipSync(this.json);
    return this.gzipped;
  }
}

/**
 * The packs of recent periods, rebuilt when their fingerprint changes. One per app: it holds nothing
 * another instance would need, since every read checks the database's fingerprint first.
 */
export class ComparisonStore {
  private readonly packs = new Map<string, Promise<Pack>>();
  /** Answers already shaped and serialised, by pack and viewer: most requests are repeats. */
  private readonly answers = new Map<string, Answer>();
  private readonly db: Db;

  constructor(private readonly database: Database) {
    this.db = database.db;
  }

  /** The pack of a period, from the cache when nothing it depends on has changed. */
  async pack(period: PeriodId): Promise<Pack> {
    const fingerprint = this.database.changes
      ? `feed:${this.database.changes.stamp(PACK_TABLES)}`
      : await fingerprintOf(this.db, periodWindow(period, WINDOW_QUARTERS));
    const cached = this.packs.get(period);
    if (cached) {
      try {
        const pack = await cached;
        if (pack.fingerprint === fingerprint) {
          // Most recently used last.
          this.packs.delete(period);
          this.packs.set(period, cached);
          return pack;
        }
      } catch {
        // A failed build is retried below.
      }
    }
    const building = buildPack(this.db, period, fingerprint);
    this.packs.set(period, building);
    building.catch(() => this.packs.delete(period));
    while (this.packs.size > CACHE_SIZE) {
      const oldest = this.packs.keys().next().value as string;
      this.packs.delete(oldest);
    }
    return building;
  }

  /**
   * The JSON of an answer shaped from `pack` for one viewer (`key` names the viewer and the question),
   * serialised once per pack: a later pack (anything changed) makes a new one.
   */
  answer(pack: Pack, key: string, shape: () => unknown): Answer {
    const cached = this.answers.get(key);
    if (cached && cached.pack === pack) return cached;
    const answer = new Answer(pack, JSON.stringify(shape()));
    this.answers.delete(key);
    this.answers.set(key, answer);
    while (this.answers.size > ANSWERS_CACHED) {
      const oldest = this.answers.keys().next().value as string;
      this.answers.delete(oldest);
    }
    return answer;
  }
}

/** One store per database, so that every request of an app (comparisons, notes' evidence) shares its packs. */
const stores = new WeakMap<Database, ComparisonStore>();

/** The comparison store of a database. */
export function comparisonStoreOf(database: Database): ComparisonStore {
  let store = stores.get(database);
  if (!store) {
    store = new ComparisonStore(database);
    stores.set(database, store);
  }
  return store;
}

// ——— Shaping: what each role may see ———

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

/**
 * A group's figures for a viewer: rounded to 1 dp without its sums for authority users (`identified`
 * false), whole for leads. Withheld below the minimum size, and for authority users for counts.
 */
function groupFigures(
  prepared: PreparedGroup,
  minGroupSize: number,
  options: { identified: boolean; values: boolean },
): Group {
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

/** An authority's place in a group: rank, quartile, funnel; all null when withheld. */
function position(own: MetricResult, prepared: PreparedGroup, minGroupSize: number, identified: boolean): Position {
  const c = compareWithGroup(own, prepared, { minGroupSize });
  const hidden = !identified && METRICS[own.metric].kind === 'count';
  const f = c.funnel;
  return {
    rank: hidden ? null : c.rank,
    quartile: hidden ? null : c.quartile,
    n: prepared.summary.n,
    funnel:
      hidden || !f
        ? null
        : {
            target: identified ? f.target : (r1(f.target) as number),
            denominator: f.denominator,
            limits95: { lower: f.limits95.lower, upper: f.limits95.upper },
            limits998: { lower: f.limits998.lower, upper: f.limits998.upper },
            band: f.band,
            assessment: f.assessment,
          },
  };
}

const ownFigure = (r: MetricResult): OwnFigure => ({
  value: r.value,
  numerator: r.numerator,
  denominator: r.denominator,
  reason: r.reason ?? null,
});

function published(pack: Pack, metric: MetricId, regionCode: string | null): PublishedFigures | null {
  const measure = PUBLISHED_MEASURES[metric];
  if (!pack.published || !measure) return null;
  return {
    national: pack.published.national.get(measure) ?? null,
    region: regionCode ? (pack.published.regional.get(regionCode)?.get(measure) ?? null) : null,
  };
}

const resultAt = (pack: Pack, code: string, period: string, metric: MetricId): MetricResult =>
  pack.results.get(code)?.get(period)?.[metric] as MetricResult;

function changes(pack: Pack, code: string, metric: MetricId): Changes {
  const at = (offset: number) => {
    const p = shiftPeriod(pack.period, offset);
    return pack.trend.includes(p) ? (resultAt(pack, code, p, metric).value ?? null) : null;
  };
  const now = resultAt(pack, code, pack.period, metric).value;
  return {
    previousQuarter: describeChange(metric, at(-1), now),
    sameQuarterLastYear: describeChange(metric, at(-4), now),
  };
}

function header(pack: Pack, minGroupSize: number) {
  return {
    period: pack.period,
    periodLabel: periodLabel(pack.period),
    minGroupSize,
    demo: pack.demo,
    published: pack.published
      ? {
          release: pack.published.release,
          year: pack.published.year,
          label: `DfE, 30 Sep ${pack.published.year}`,
        }
      : null,
  };
}

const regionOf = (pack: Pack, code: string): RegionRef =>
  pack.regions.find((r) => r.code === code) ?? { code, name: code };

/** One metric for an authority user: own figures named, groups anonymised. */
function authorityMetric(
  pack: Pack,
  authority: AuthorityRef,
  metric: MetricId,
  minGroupSize: number,
  values: boolean,
): AuthorityMetric {
  const own = resultAt(pack, authority.code, pack.period, metric);
  const groups = pack.groups.get(pack.period)?.[metric] as Groups;
  const region = groups.regions.get(authority.regionCode) as PreparedGroup;
  return {
    metric: metricInfo(metric),
    own: ownFigure(own),
    change: changes(pack, authority.code, metric),
    region: {
      group: groupFigures(region, minGroupSize, { identified: false, values }),
      ...position(own, region, minGroupSize, false),
    },
    england: {
      group: groupFigures(groups.england, minGroupSize, { identified: false, values }),
      ...position(own, groups.england, minGroupSize, false),
    },
    published: published(pack, metric, authority.regionCode),
  };
}

/** The comparisons of an authority user: every metric, or one. */
export function authorityView(
  pack: Pack,
  authorityCode: string,
  minGroupSize: number,
  only?: MetricId,
): AuthorityComparison | null {
  const authority = pack.byCode.get(authorityCode);
  if (!authority) return null;
  const status = pack.status.get(authority.code) ?? null;
  return {
    view: 'authority' as const,
    ...header(pack, minGroupSize),
    authority: { code: authority.code, name: authority.name },
    region: regionOf(pack, authority.regionCode),
    ownReturn: { status, counted: status !== null && COUNTED_STATUSES.includes(status) },
    // Peer values are for one metric's charts: the all-metrics answer leaves them out.
    metrics: (only ? [only] : METRIC_IDS).map((m) =>
      authorityMetric(pack, authority, m, minGroupSize, only !== undefined),
    ),
  };
}

/** The trend of one metric for an authority user: own values, and the groups' pooled values when shown. */
export function authorityTrend(
  pack: Pack,
  authorityCode: string,
  metric: MetricId,
  minGroupSize: number,
): AuthorityTrendPoint[] {
  const authority = pack.byCode.get(authorityCode);
  if (!authority) return [];
  return pack.trend.map((p) => {
    const groups = pack.groups.get(p)?.[metric] as Groups;
    const pooled = (g: PreparedGroup) => {
      const shown = groupFigures(g, minGroupSize, { identified: false, values: false });
      return shown.status === 'shown' ? shown.pooled : null;
    };
    return {
      period: p,
      periodLabel: periodLabel(p),
      own: resultAt(pack, authority.code, p, metric).value,
      region: pooled(groups.regions.get(authority.regionCode) as PreparedGroup),
      england: pooled(groups.england),
    };
  });
}

/** One metric for a regional lead: its region's authorities named, with counts; other regions aggregated. */
function regionMetric(
  pack: Pack,
  regionCode: string,
  metric: MetricId,
  minGroupSize: number,
  values: boolean,
): RegionMetric {
  const groups = pack.groups.get(pack.period)?.[metric] as Groups;
  const region = groups.regions.get(regionCode) as PreparedGroup;
  const members = pack.authorities.filter((a) => a.regionCode === regionCode);
  return {
    metric: metricInfo(metric),
    region: groupFigures(region, minGroupSize, { identified: true, values: false }),
    england: groupFigures(groups.england, minGroupSize, { identified: true, values }),
    published: published(pack, metric, regionCode),
    otherRegions: pack.regions
      .filter((r) => r.code !== regionCode)
      .map((r) => ({
        code: r.code,
        name: r.name,
        group: groupFigures(groups.regions.get(r.code) as PreparedGroup, minGroupSize, {
          identified: true,
          values: false,
        }),
      })),
    authorities: members.map((a) => {
      const own = resultAt(pack, a.code, pack.period, metric);
      return {
        code: a.code,
        ...ownFigure(own),
        change: changes(pack, a.code, metric),
        region: position(own, region, minGroupSize, true),
        england: position(own, groups.england, minGroupSize, true),
      };
    }),
  };
}

/** The comparisons of a regional lead: every metric, or one. */
export function regionView(pack: Pack, regionCode: string, minGroupSize: number, only?: MetricId): RegionComparison {
  const members = pack.authorities.filter((a) => a.regionCode === regionCode);
  return {
    view: 'region' as const,
    ...header(pack, minGroupSize),
    region: regionOf(pack, regionCode),
    authorities: members.map((a) => {
      const status = pack.status.get(a.code) ?? null;
      return {
        code: a.code,
        name: a.name,
        returnStatus: status,
        counted: status !== null && COUNTED_STATUSES.includes(status),
      };
    }),
    metrics: (only ? [only] : METRIC_IDS).map((m) =>
      regionMetric(pack, regionCode, m, minGroupSize, only !== undefined),
    ),
  };
}

/** The trend of one metric for a lead: each authority of the region, and the groups' pooled values. */
export function regionTrend(
  pack: Pack,
  regionCode: string,
  metric: MetricId,
  minGroupSize: number,
): RegionTrendPoint[] {
  const members = pack.authorities.filter((a) => a.regionCode === regionCode);
  return pack.trend.map((p) => {
    const groups = pack.groups.get(p)?.[metric] as Groups;
    const pooled = (g: PreparedGroup) => {
      const shown = groupFigures(g, minGroupSize, { identified: true, values: false });
      return shown.status === 'shown' ? shown.pooled : null;
    };
    return {
      period: p,
      periodLabel: periodLabel(p),
      region: pooled(groups.regions.get(regionCode) as PreparedGroup),
      england: pooled(groups.england),
      authorities: Object.fromEntries(members.map((a) => [a.code, resultAt(pack, a.code, p, metric).value])),
    };
  });
}

/** Periods with at least one counted return, newest first, with how many authorities count. */
export async function comparablePeriods(db: Db): Promise<ComparablePeriod[]> {
  const rows = rowsOf<{ period_id: string; n: number }>(
    await db.execute(sql`
      SELECT r.period_id, count(*)::int AS n FROM returns r JOIN authorities a ON a.code = r.authority_code
      WHERE r.status IN ('submitted', 'accepted') AND a.retired_at IS NULL
      GROUP BY r.period_id ORDER BY r.period_id DESC`),
  );
  return rows.map((r) => ({ id: r.period_id, label: periodLabel(r.period_id), authorities: Number(r.n) }));
}

/**
 * Where comparisons start: the newest of the periods (newest first) that at least `minGroupSize`
 * authorities have submitted for, or else the newest; null when there is none.
 */
export function startPeriod(periods: readonly ComparablePeriod[], minGroupSize: number): string | null {
  return (periods.find((p) => p.authorities >= minGroupSize) ?? periods[0])?.id ?? null;
}
