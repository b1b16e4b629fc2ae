/**
 * Loading what comparisons are shaped from, in SQL: the reference (authorities, regions), DfE's
 * published figures, a period's figures as released (services/releases.ts), and the live figures of
 * the viewer's own authority or region.
 */
import {
  computeMetricSeries,
  computeMetrics,
  METRIC_IDS,
  type MetricId,
  type MetricResult,
  type MetricResults,
  type PeriodId,
  type PreparedGroup,
  periodWindow,
  prepareGroup,
  type QuarterlyFigures,
  quarterEndDate,
} from '@csc-workforce/metrics-core';
import type { PublishedValue, ReturnStatus } from '@csc-workforce/schemas';
import { sql } from 'drizzle-orm';
import { type Db, executePrepared, rowsOf } from '../../db/client.js';
import { IN_FORCE_ORDER } from '../published.js';
import { type ReleaseMeta, toQuarterly } from '../releases.js';
import type { StoredFigures } from '../returns.js';
import { type StoredTarget, targetsOf } from '../targets.js';

/** Quarters of the trend, ending at the period compared. */
export const TREND_QUARTERS = 8;
/** Quarters of returns read for live figures: the trend, and 4 more for the metrics that need a year. */
export const WINDOW_QUARTERS = TREND_QUARTERS + 4;
/** Statuses whose figures count in comparisons. */
export const COUNTED_STATUSES: readonly ReturnStatus[] = ['submitted', 'accepted'];

/** DfE's published measure for each metric that it publishes (its census definitions, 30 September). */
export const PUBLISHED_MEASURES: Partial<Record<MetricId, string>> = {
  turnoverRate: 'turnover_rate_fte',
  vacancyRate: 'vacancy_rate_fte',
  agencyRate: 'agency_rate_fte',
  absenceRate: 'absence_rate_fte',
  averageCaseload: 'caseload_fte',
  turnoverRateHeadcount: 'turnover_rate_headcount',
  agencyRateHeadcount: 'agency_rate_headcount',
  agencyCoverRate: 'agency_cover_rate_fte',
  vacancyAgencyCoverRate: 'vacancy_agency_cover_rate_fte',
};

export interface AuthorityRef {
  /** Its key (services/authority-codes.ts): what returns and releases are stored by. */
  readonly code: string;
  /** The code it shows: its current one. */
  readonly currentCode: string;
  readonly name: string;
  readonly regionCode: string;
}

export interface RegionRef {
  readonly code: string;
  readonly name: string;
}

/** The active authorities and the regions. */
export interface Reference {
  readonly authorities: readonly AuthorityRef[];
  readonly byCode: ReadonlyMap<string, AuthorityRef>;
  readonly regions: readonly RegionRef[];
  /** The statistical-neighbour model in force, and each authority's neighbours in it. */
  readonly neighbours: NeighbourCodes;
}

/** DfE's published figures: a value, or the DfE symbol in its place. */
export interface PublishedLayer {
  readonly release: string;
  readonly year: number;
  /** measure → value for England. */
  readonly national: Map<string, PublishedValue>;
  /** region code → measure → value. */
  readonly regional: Map<string, Map<string, PublishedValue>>;
}

/** A group at one period: England and each region. */
export interface Groups {
  readonly england: PreparedGroup;
  readonly regions: ReadonlyMap<string, PreparedGroup>;
}

/** A period's figures as its latest release holds them. Never changes: cached by release id. */
export interface Released {
  readonly meta: ReleaseMeta;
  readonly period: PeriodId;
  /** Every contributing authority's results at the period. */
  readonly results: ReadonlyMap<string, MetricResults>;
  /** The region each contributing authority was in when released. */
  readonly regionOf: ReadonlyMap<string, string>;
  readonly groups: Readonly<Record<MetricId, Groups>>;
  /** Whether any return released is demo data. */
  readonly demo: boolean;
}

/** Live figures of some authorities (the viewer's own, or a lead's region's) over the trend. */
export interface Live {
  readonly period: PeriodId;
  readonly trend: readonly PeriodId[];
  readonly results: ReadonlyMap<string, ReadonlyMap<string, MetricResults>>;
  /** Each authority's return status at the period (null: no return). */
  readonly status: ReadonlyMap<string, ReturnStatus | null>;
  readonly demo: boolean;
  /** Each authority's targets, by metric. */
  readonly targets: ReadonlyMap<string, ReadonlyMap<MetricId, StoredTarget>>;
}

/** Values as a comma-separated list of parameters, for `IN (…)`. */
export const list = (items: readonly string[]) =>
  sql.join(
    items.map((i) => sql`${i}`),
    sql`, `,
  );

/** The order that puts the statistical-neighbour model in force first: chosen last, then loaded last. */
export const MODEL_IN_FORCE_ORDER = sql`in_force_since DESC NULLS LAST, loaded_at DESC, id`;

/** Every authority's neighbours in the model in force, and the model (null: none matches). */
export interface NeighbourCodes {
  readonly model: { readonly id: string; readonly name: string } | null;
  /** Authority code → its neighbours' codes, nearest first (those the exchange knows, retired or not). */
  readonly of: ReadonlyMap<string, readonly string[]>;
}

/**
 * Every authority's neighbours in the model in force, as the exchange's codes (those it knows,
 * nearest first), and the model; an empty map when none is loaded.
 */
export async function loadNeighbourCodes(db: Db): Promise<NeighbourCodes> {
  const rows = rowsOf<{
    model_id: string;
    model_name: string;
    authority: string;
    neighbour: string;
  }>(
    await db.execute(sql`
      WITH m AS (SELECT id, name FROM neighbour_models ORDER BY ${MODEL_IN_FORCE_ORDER} LIMIT 1)
      SELECT m.id AS model_id, m.name AS model_name, a.code AS authority, n.code AS neighbour
      FROM m JOIN neighbour_pairs p ON p.model_id = m.id
      JOIN authorities a ON a.old_la_code = p.la_number
      JOIN authorities n ON n.old_la_code = p.neighbour_la_number
      ORDER BY a.code, p.rank`),
  );
  const of = new Map<string, string[]>();
  for (const r of rows) {
    const list = of.get(r.authority) ?? [];
    if (!list.includes(r.neighbour) && r.neighbour !== r.authority) list.push(r.neighbour);
    of.set(r.authority, list);
  }
  const first = rows[0];
  return { model: first ? { id: first.model_id, name: first.model_name } : null, of };
}

export async function loadReference(db: Db): Promise<Reference> {
  const authorities = rowsOf<{ code: string; current_code: string | null; name: string; region_code: string }>(
    await db.execute(
      sql`SELECT code, current_code, name, region_code FROM authorities WHERE retired_at IS NULL ORDER BY name, code`,
    ),
  ).map((r) => ({ code: r.code, currentCode: r.current_code ?? r.code, name: r.name, regionCode: r.region_code }));
  const regions = rowsOf<RegionRef>(await db.execute(sql`SELECT code, name FROM regions ORDER BY name`));
  return {
    authorities,
    byCode: new Map(authorities.map((a) => [a.code, a])),
    regions,
    neighbours: await loadNeighbourCodes(db),
  };
}

/**
 * DfE's published figures by census year (national and regional, the measures comparisons use). For
 * each year the newest release holding it is in force (the one reaching the latest year, then the one
 * loaded last), whatever the order they were loaded in: an older release loaded later adds the years
 * only it has, without taking over the others.
 */
export async function loadPublished(db: Db): Promise<Map<number, PublishedLayer>> {
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
      SELECT DISTINCT ON (f.time_period, f.geographic_level, f.area_code, f.measure)
             r.name AS release, f.time_period AS year, f.geographic_level AS level, f.area_code AS area,
             f.measure, f.value, f.symbol
      FROM published_figures f JOIN published_releases r ON r.id = f.release_id AND r.withdrawn_at IS NULL
      WHERE f.geographic_level IN ('National', 'Regional') AND f.measure IN (${list(measures)})
      ORDER BY f.time_period, f.geographic_level, f.area_code, f.measure, ${IN_FORCE_ORDER}`),
  );
  const out = new Map<number, PublishedLayer>();
  for (const row of rows) {
    const year = Number(row.year);
    let layer = out.get(year);
    if (!layer) {
      layer = { release: row.release, year, national: new Map(), regional: new Map() };
      out.set(year, layer);
    }
    const figure = { value: row.value === null ? null : Number(row.value), symbol: row.symbol };
    if (row.level === 'National') {
      layer.national.set(row.measure, figure);
      (layer as { release: string }).release = row.release;
    } else {
      const area = layer.regional.get(row.area) ?? new Map<string, PublishedValue>();
      area.set(row.measure, figure);
      layer.regional.set(row.area, area);
    }
  }
  return out;
}

/** The date of DfE's census of a year: its workforce as at 30 September. */
export const censusDate = (year: number) => `${year}-09-30`;

/**
 * DfE's census in force beside a period: the newest loaded census at or before the period's end
 * (a Q2 ends on census day itself; Q3, Q4 and the next Q1 stand beside that census too).
 */
export function censusFor(published: ReadonlyMap<number, PublishedLayer>, period: string): PublishedLayer | null {
  const end = quarterEndDate(period);
  let best: PublishedLayer | null = null;
  for (const layer of published.values()) {
    if (censusDate(layer.year) <= end && (!best || layer.year > best.year)) best = layer;
  }
  return best;
}

const parse = (figures: unknown): StoredFigures =>
  (typeof figures === 'string' ? JSON.parse(figures) : figures) as StoredFigures;

/** Groups of results, England and per region, for every metric. */
export function groupsOf(
  results: ReadonlyMap<string, MetricResults>,
  regionOf: (code: string) => string | undefined,
  regions: readonly RegionRef[],
): Record<MetricId, Groups> {
  const out = {} as Record<MetricId, Groups>;
  for (const metric of METRIC_IDS) {
    const all: MetricResult[] = [];
    const members = new Map<string, MetricResult[]>();
    for (const [code, r] of results) {
      const result = r[metric] as MetricResult;
      all.push(result);
      const region = regionOf(code);
      if (region === undefined) continue;
      const group = members.get(region) ?? [];
      group.push(result);
      members.set(region, group);
    }
    const byRegion = new Map<string, PreparedGroup>();
    for (const r of regions) byRegion.set(r.code, prepareGroup(members.get(r.code) ?? [], metric));
    out[metric] = { england: prepareGroup(all, metric), regions: byRegion };
  }
  return out;
}

/** A period's figures as a release holds them. */
export async function loadReleased(db: Db, meta: ReleaseMeta, regions: readonly RegionRef[]): Promise<Released> {
  const rows = rowsOf<{
    authority_code: string;
    period_id: string;
    region_code: string;
    figures: unknown;
    demo: boolean;
  }>(
    await db.execute(sql`
      SELECT rr.authority_code, rr.period_id, rr.region_code, v.figures, r.demo
      FROM comparison_release_returns rr
      JOIN return_revisions v
        ON v.authority_code = rr.authority_code AND v.period_id = rr.period_id AND v.revision = rr.revision
      JOIN returns r ON r.authority_code = rr.authority_code AND r.period_id = rr.period_id
      WHERE rr.release_id = ${meta.id}`),
  );
  const histories = new Map<string, QuarterlyFigures[]>();
  const regionOf = new Map<string, string>();
  let demo = false;
  for (const row of rows) {
    const history = histories.get(row.authority_code) ?? [];
    history.push(toQuarterly(row.period_id, parse(row.figures)));
    histories.set(row.authority_code, history);
    if (row.period_id === meta.period) {
      regionOf.set(row.authority_code, row.region_code);
      demo ||= row.demo;
    }
  }
  const results = new Map<string, MetricResults>();
  for (const [code, history] of histories) {
    if (regionOf.has(code)) results.set(code, computeMetrics(history, meta.period));
  }
  return {
    meta,
    period: meta.period,
    results,
    regionOf,
    groups: groupsOf(results, (code) => regionOf.get(code), regions),
    demo,
  };
}

/** The live, counted figures of some authorities over the trend ending at `period`. */
export async function loadLive(db: Db, codes: readonly string[], period: PeriodId): Promise<Live> {
  const window = periodWindow(period, WINDOW_QUARTERS);
  const trend = periodWindow(period, TREND_QUARTERS);
  const rows =
    codes.length === 0
      ? []
      : rowsOf<{
          authority_code: string;
          period_id: string;
          status: ReturnStatus;
          demo: boolean;
          figures: unknown;
        }>(
          await db.execute(sql`
            SELECT r.authority_code, r.period_id, r.status, r.demo,
                   CASE WHEN r.status IN ('submitted', 'accepted') THEN v.figures END AS figures
            FROM returns r
            JOIN return_revisions v
              ON v.authority_code = r.authority_code AND v.period_id = r.period_id AND v.revision = r.version
            WHERE r.authority_code IN (${list(codes)}) AND r.period_id IN (${list(window)})`),
        );
  const histories = new Map<string, QuarterlyFigures[]>();
  const status = new Map<string, ReturnStatus | null>(codes.map((c) => [c, null]));
  let demo = false;
  for (const row of rows) {
    if (row.period_id === period) status.set(row.authority_code, row.status);
    if (!row.figures || !COUNTED_STATUSES.includes(row.status)) continue;
    const history = histories.get(row.authority_code) ?? [];
    history.push(toQuarterly(row.period_id, parse(row.figures)));
    histories.set(row.authority_code, history);
    demo ||= row.demo;
  }
  const results = new Map<string, ReadonlyMap<string, MetricResults>>();
  for (const code of codes) results.set(code, computeMetricSeries(histories.get(code) ?? [], trend));
  return { period, trend, results, status, demo, targets: await targetsOf(db, codes) };
}

/** Periods in which any of `codes` has a counted return. */
export async function countedPeriodsOf(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = rowsOf<{ period_id: string }>(
    await db.execute(sql`
      SELECT DISTINCT period_id FROM returns
      WHERE authority_code IN (${list(codes)}) AND status IN ('submitted', 'accepted')`),
  );
  return new Set(rows.map((r) => r.period_id));
}

/** A fingerprint of the reference and DfE's figures (for a server shared by several instances). */
export async function referenceFingerprint(db: Db): Promise<string> {
  // Asked on every comparison on a PostgreSQL server: prepared (db/client.ts, executePrepared).
  const [row] = rowsOf<{ a: string; p: string | null; n: string | null }>(
    await executePrepared(
      db,
      'csc_reference_fingerprint',
      sql`
      SELECT
        (SELECT count(*) || ':' || md5(coalesce(string_agg(code || '|' || coalesce(current_code, '') || '|' || region_code || '|' || name || '|' || coalesce(retired_at::text, ''), ',' ORDER BY code), ''))
           FROM authorities) AS a,
        (SELECT md5(coalesce(string_agg(id || coalesce(withdrawn_at::text, ''), ',' ORDER BY id), '')) FROM published_releases) AS p,
        (SELECT md5(coalesce(string_agg(id || coalesce(in_force_since::text, ''), ',' ORDER BY id), '')) FROM neighbour_models) AS n`,
    ),
  );
  return `${row?.a}/${row?.p ?? ''}/${row?.n ?? ''}`;
}

/** A fingerprint of some authorities' returns (for a server shared by several instances). */
export async function liveFingerprint(db: Db, codes: readonly string[]): Promise<string> {
  if (codes.length === 0) return 'none';
  // Prepared, one statement per number of authorities (one, or a region's).
  const [row] = rowsOf<{ f: string }>(
    await executePrepared(
      db,
      `csc_live_fingerprint_${codes.length}`,
      sql`
      SELECT (SELECT count(*) || ':' || md5(coalesce(string_agg(authority_code || period_id || ':' || version || status, ',' ORDER BY authority_code, period_id), ''))
                FROM returns WHERE authority_code IN (${list(codes)}))
          || '/' ||
             (SELECT count(*) || ':' || md5(coalesce(string_agg(authority_code || metric || value::text || by_period || coalesce(note, ''), ',' ORDER BY authority_code, metric), ''))
                FROM metric_targets WHERE authority_code IN (${list(codes)})) AS f`,
    ),
  );
  return row?.f ?? '';
}
