/**
 * Comparisons: every authority's metrics for a period (from metrics-core), grouped by region and for
 * England, with DfE's published figures beside them, shaped for the viewer (DESIGN sections 5 and 6).
 *
 * - load.ts reads what answers are made from (released figures, live figures, the reference);
 * - store.ts caches it (released figures once per release, live figures per viewer);
 * - shape.ts decides what each role sees: the privacy core.
 *
 * Group figures come only from releases (services/releases.ts); a viewer's own figures are live.
 */
import {
  comparePeriods,
  METRIC_IDS,
  type MetricId,
  type PeriodId,
  periodLabel,
  periodWindow,
  shiftPeriod,
} from '@csc-workforce/metrics-core';
import type { AuthorityTrendPoint, ComparablePeriod, NotReleased } from '@csc-workforce/schemas';
import type { Database } from '../../db/client.js';
import { longDate } from '../../lib/dates.js';
import type { ReleaseMeta } from '../releases.js';
import { type AuthorityRef, censusFor, type Reference, type Released, TREND_QUARTERS } from './load.js';
import { neighbourRelease } from './neighbours.js';
import { authorityTrend, type NeighbourViewing, type Viewing } from './shape.js';
import { comparisonStoreOf } from './store.js';

export type { AuthorityRef, Live, Reference, RegionRef, Released } from './load.js';
export { TREND_QUARTERS } from './load.js';
export {
  authorityTrend,
  authorityView,
  metricInfo,
  regionTrend,
  regionView,
  releaseStamp,
  type Viewing,
} from './shape.js';
export { Answer, ComparisonStore, comparisonStoreOf } from './store.js';

/** Who is asking: an authority user, or a regional lead. */
export type Viewer = { kind: 'authority'; authorityCode: string } | { kind: 'region'; regionCode: string };

/** What the release rule needs from the configuration. */
export interface ViewSettings {
  readonly MIN_GROUP_SIZE: number;
  readonly RELEASE_AFTER_DUE_DAYS: number;
}

/** The newest release of a period before `period`, or null. */
function lastReleasedBefore(latest: ReadonlyMap<string, ReleaseMeta>, period: string): ReleaseMeta | null {
  let best: ReleaseMeta | null = null;
  for (const meta of latest.values()) {
    if (comparePeriods(meta.period, period) < 0 && (!best || comparePeriods(meta.period, best.period) > 0)) best = meta;
  }
  return best;
}

function notReleasedMessage(
  viewer: Viewer,
  period: string,
  expectedBy: string | null,
  base: Released | null,
): NotReleased {
  const when = `Comparisons for ${periodLabel(period)} are released when every region’s collection has closed${
    expectedBy ? `, by ${longDate(expectedBy)} at the latest` : ''
  }.`;
  const own =
    viewer.kind === 'authority' ? 'Until then your own figures are live' : 'Until then your region’s figures are live';
  const beside = base
    ? `, beside ${periodLabel(base.period)} as released and DfE’s published figures.`
    : ', beside DfE’s published figures: no earlier quarter has been released.';
  return { message: `${when} ${own}${beside}`, expectedBy };
}

/**
 * Everything an answer about `period` is shaped from, for one viewer, and a stamp that changes when
 * any of it does; null when the viewer's authority (or region) is not on the platform.
 */
export async function viewingFor(
  database: Database,
  settings: ViewSettings,
  viewer: Viewer,
  period: PeriodId,
): Promise<{ viewing: Viewing; stamp: string; authority: AuthorityRef | null } | null> {
  const store = comparisonStoreOf(database);
  const { stamp: refStamp, ref, published } = await store.reference();
  let authority: AuthorityRef | null = null;
  let codes: string[];
  if (viewer.kind === 'authority') {
    authority = ref.byCode.get(viewer.authorityCode) ?? null;
    if (!authority) return null;
    codes = [authority.code];
  } else {
    if (!ref.regions.some((r) => r.code === viewer.regionCode)) return null;
    codes = ref.authorities.filter((a) => a.regionCode === viewer.regionCode).map((a) => a.code);
  }
  const { stamp: releaseStamp, latest } = await store.releases();
  const own = latest.get(period);
  const mainMeta = own ?? lastReleasedBefore(latest, period);
  const main = mainMeta ? await store.released(mainMeta, ref) : null;
  const trend = new Map<string, Released>();
  for (const p of periodWindow(period, TREND_QUARTERS)) {
    const meta = latest.get(p);
    if (meta) trend.set(p, meta.id === main?.meta.id ? main : await store.released(meta, ref));
  }
  const neighbours = authority
    ? await neighbourViewing(store, ref, releaseStamp, authority.code, main, [...trend.keys()], settings.MIN_GROUP_SIZE)
    : null;
  const scope = viewer.kind === 'authority' ? `a:${viewer.authorityCode}` : `r:${viewer.regionCode}`;
  const { stamp: liveStamp, live } = await store.live(scope, codes, period);
  const expectedBy = own ? null : await store.expectedBy(period, settings.RELEASE_AFTER_DUE_DAYS);
  return {
    viewing: {
      period,
      ref,
      published: censusFor(published, period),
      censuses: published,
      main,
      notReleased: own ? null : notReleasedMessage(viewer, period, expectedBy, main),
      trend,
      neighbours,
      live,
      minGroupSize: settings.MIN_GROUP_SIZE,
    },
    stamp: `${refStamp}|${releaseStamp}|${liveStamp}|${expectedBy ?? ''}`,
    authority,
  };
}

/**
 * An authority's neighbours in the model in force, and the release each period's neighbour group
 * comes from (see neighbours.ts); null when the authority is not in the model.
 */
async function neighbourViewing(
  store: ReturnType<typeof comparisonStoreOf>,
  ref: Reference,
  stamp: string,
  code: string,
  main: Released | null,
  trendPeriods: readonly string[],
  k: number,
): Promise<NeighbourViewing | null> {
  // A neighbour retired since stays a member: its contribution leaves the group with a release, as
  // it leaves the region's (dropped at once, the group would change by its contribution alone).
  const codes = ref.neighbours.of.get(code);
  const model = ref.neighbours.model;
  if (!codes || codes.length === 0 || !model) return null;
  const releaseOf = (period: string) =>
    store.neighbourRelease(period, stamp, codes, k, async () => {
      const metas = await store.periodReleases(period, stamp);
      const released = await Promise.all(metas.map((m) => store.released(m, ref)));
      return neighbourRelease(released, codes, METRIC_IDS, k);
    });
  const trend = new Map<string, Released>();
  for (const p of trendPeriods) {
    const r = await releaseOf(p);
    if (r) trend.set(p, r);
  }
  return { model, codes, main: main ? (trend.get(main.period) ?? (await releaseOf(main.period))) : null, trend };
}

/**
 * The periods a viewer can compare, newest first: every released period, and the periods in which
 * the viewer's own authority (or region) has a counted return not released yet.
 */
export async function comparablePeriods(database: Database, viewer: Viewer): Promise<ComparablePeriod[]> {
  const store = comparisonStoreOf(database);
  const { latest } = await store.releases();
  const { ref } = await store.reference();
  const codes =
    viewer.kind === 'authority'
      ? [viewer.authorityCode]
      : ref.authorities.filter((a) => a.regionCode === viewer.regionCode).map((a) => a.code);
  const scope = viewer.kind === 'authority' ? `a:${viewer.authorityCode}` : `r:${viewer.regionCode}`;
  const ids = new Set([...latest.keys(), ...(await store.countedPeriods(scope, codes))]);
  return [...ids]
    .sort((a, b) => comparePeriods(b, a))
    .map((id) => ({
      id,
      label: periodLabel(id),
      authorities: latest.get(id)?.returns ?? 0,
      released: latest.has(id),
    }));
}

/**
 * Where comparisons start: the newest period with the viewer's own figures not released yet (its
 * collection under way), else the newest released period with at least `minGroupSize` authorities,
 * else the newest; null when there is none.
 */
export function startPeriod(periods: readonly ComparablePeriod[], minGroupSize: number): string | null {
  const newestReleased = periods.find((p) => p.released && p.authorities >= minGroupSize);
  const newestOwn = periods.find((p) => !p.released);
  if (newestOwn && (!newestReleased || comparePeriods(newestOwn.id, newestReleased.id) > 0)) return newestOwn.id;
  return (newestReleased ?? periods[0])?.id ?? null;
}

/**
 * A note's evidence for one metric: its authority's own series (live: the authority published it)
 * with its region's and England's released pooled values, over `periods`.
 */
export async function evidenceTrend(
  database: Database,
  settings: ViewSettings,
  authorityCode: string,
  metric: MetricId,
  periods: readonly PeriodId[],
): Promise<{ trend: AuthorityTrendPoint[]; demo: boolean }> {
  const points = new Map<string, AuthorityTrendPoint>();
  let demo = false;
  const first = periods[0];
  for (
    let end = periods.at(-1);
    end && first && comparePeriods(end, first) >= 0;
    end = shiftPeriod(end, -TREND_QUARTERS)
  ) {
    const found = await viewingFor(database, settings, { kind: 'authority', authorityCode }, end);
    if (!found?.authority) break;
    demo ||= found.viewing.live.demo;
    // A note's evidence is read by other authorities' users: the neighbours' group (worked out for
    // the note's own authority as viewer) is left out.
    for (const { neighbours: _, ...point } of authorityTrend(found.viewing, found.authority, metric))
      points.set(point.period, point);
  }
  return { trend: periods.map((p) => points.get(p)).filter((p) => p !== undefined), demo };
}
