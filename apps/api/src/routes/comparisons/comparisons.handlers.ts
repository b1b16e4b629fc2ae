import { METRICS, type MetricId, type PeriodId } from '@csc-workforce/metrics-core';
import type { Context } from 'hono';
import type { Db } from '../../db/client.js';
import { requireUser } from '../../lib/auth.js';
import { forbidden, HttpProblem } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler, CurrentUser } from '../../lib/types.js';
import {
  authorityTrend,
  authorityView,
  ComparisonStore,
  comparablePeriods,
  regionTrend,
  regionView,
} from '../../services/comparisons.js';
import { authorityTable, comparisonXlsx, regionTable } from '../../services/comparisons-export.js';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '../../services/spreadsheets.js';
import { tableToCsv } from '../../services/spreadsheets-write.js';
import type * as routes from './comparisons.routes.js';

/** One store per database, so that every request of an app shares its packs. */
const stores = new WeakMap<Db, ComparisonStore>();
function storeOf(db: Db): ComparisonStore {
  let store = stores.get(db);
  if (!store) {
    store = new ComparisonStore(db);
    stores.set(db, store);
  }
  return store;
}

/** Who is asking, decided on the server: an authority user or a regional lead; others are refused. */
type Audience = { kind: 'authority'; authorityCode: string } | { kind: 'region'; regionCode: string };

function audienceOf(user: CurrentUser): Audience {
  if ((user.role === 'authority_submitter' || user.role === 'authority_viewer') && user.authorityCode) {
    return { kind: 'authority', authorityCode: user.authorityCode };
  }
  if (user.role === 'regional_lead' && user.regionCode) return { kind: 'region', regionCode: user.regionCode };
  throw forbidden('Comparisons are for authority users and regional leads.');
}

async function viewFor(c: Context<AppBindings>, period: PeriodId, metric?: MetricId) {
  const audience = audienceOf(requireUser(c));
  const { database, env } = c.get('deps');
  const pack = await storeOf(database.db).pack(period);
  const k = env.MIN_GROUP_SIZE;
  if (audience.kind === 'authority') {
    const view = authorityView(pack, audience.authorityCode, k, metric);
    if (!view) throw new HttpProblem(404, { detail: 'Your authority is not active on the platform.' });
    return {
      view,
      trend: () => authorityTrend(pack, audience.authorityCode, metric as MetricId, k),
    } as const;
  }
  if (!pack.regions.some((r) => r.code === audience.regionCode)) {
    throw new HttpProblem(404, { detail: 'Your region is not on the platform.' });
  }
  return {
    view: regionView(pack, audience.regionCode, k, metric),
    trend: () => regionTrend(pack, audience.regionCode, metric as MetricId, k),
  } as const;
}

export const periods: AppRouteHandler<typeof routes.periods> = async (c) => {
  audienceOf(requireUser(c));
  return c.json({ periods: await comparablePeriods(c.get('deps').database.db) }, 200);
};

export const all: AppRouteHandler<typeof routes.all> = async (c) => {
  const { period } = c.req.valid('param');
  const { view } = await viewFor(c, period as PeriodId);
  c.header('cache-control', 'private, no-store');
  return c.json(view, 200);
};

export const one: AppRouteHandler<typeof routes.one> = async (c) => {
  const { period, metric } = c.req.valid('param');
  const { view, trend } = await viewFor(c, period as PeriodId, metric);
  c.header('cache-control', 'private, no-store');
  return c.json({ ...view, trend: trend() } as never, 200);
};

export const exportTable: AppRouteHandler<typeof routes.exportTable> = async (c) => {
  const { period } = c.req.valid('param');
  const { format } = c.req.valid('query');
  const { view } = await viewFor(c, period as PeriodId);
  const table = view.view === 'authority' ? authorityTable(view) : regionTable(view);
  const who = view.view === 'authority' ? view.authority.code : view.region.code;
  const filename = `comparison-${who}-${period}.${format}`;
  const title =
    view.view === 'authority'
      ? `${view.authority.name}: how we compare, ${view.periodLabel}`
      : `${view.region.name}: the region's authorities, ${view.periodLabel}`;
  const bytes =
    format === 'csv'
      ? tableToCsv(table)
      : await comparisonXlsx(
          table,
          Object.values(METRICS).map((m) => ({ label: m.label, formula: m.formula, polarity: m.polarity })),
          title,
        );
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': format === 'csv' ? `${CSV_MEDIA_TYPE}; charset=utf-8` : XLSX_MEDIA_TYPE,
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'private, no-store',
  });
};
