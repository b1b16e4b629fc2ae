import { METRICS, type MetricId, type PeriodId } from '@csc-workforce/metrics-core';
import type { Comparison, MetricComparison } from '@csc-workforce/schemas';
import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { forbidden, HttpProblem } from '../../lib/problem.js';
import { replayOf } from '../../lib/replay.js';
import { completeResponse } from '../../lib/response-headers.js';
import type { AppBindings, AppRouteHandler, CurrentUser } from '../../lib/types.js';
import {
  type Answer,
  authorityTrend,
  authorityView,
  comparablePeriods,
  comparisonStoreOf,
  regionTrend,
  regionView,
  startPeriod,
  type Viewer,
  viewingFor,
} from '../../services/comparisons/index.js';
import { authorityTable, comparisonXlsx, regionTable } from '../../services/comparisons-export.js';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '../../services/spreadsheets.js';
import { tableToCsv } from '../../services/spreadsheets-write.js';
import type * as routes from './comparisons.routes.js';

/** Who is asking, decided on the server: an authority user or a regional lead; others are refused. */
function viewerOf(user: CurrentUser): Viewer {
  if ((user.role === 'authority_submitter' || user.role === 'authority_viewer') && user.authorityCode) {
    return { kind: 'authority', authorityCode: user.authorityCode };
  }
  if (user.role === 'regional_lead' && user.regionCode) return { kind: 'region', regionCode: user.regionCode };
  throw forbidden('Comparisons are for authority users and regional leads.');
}

/**
 * The caller's comparison of a period (one metric or all): `view()` shapes it, `json()` gives it
 * serialised, shaped once for as long as nothing it is made from changes. On the embedded database a
 * repeated question is answered from the cache before anything is loaded.
 */
function viewFor(c: Context<AppBindings>, period: PeriodId, metric?: MetricId) {
  const viewer = viewerOf(requireUser(c));
  const { database, env } = c.get('deps');
  const store = comparisonStoreOf(database);
  const key = `${viewer.kind === 'authority' ? `a:${viewer.authorityCode}` : `r:${viewer.regionCode}`}:${env.MIN_GROUP_SIZE}:${period}:${metric ?? '*'}`;
  const load = async () => {
    const found = await viewingFor(database, env, viewer, period);
    if (!found) {
      throw new HttpProblem(404, {
        detail:
          viewer.kind === 'authority'
            ? 'Your authority is not active on the platform.'
            : 'Your region is not on the platform.',
      });
    }
    const { viewing, authority } = found;
    const shape = (withTrend: boolean): Comparison | MetricComparison => {
      if (authority) {
        const view = authorityView(viewing, authority, metric);
        return withTrend ? { ...view, trend: authorityTrend(viewing, authority, metric as MetricId) } : view;
      }
      const regionCode = (viewer as { regionCode: string }).regionCode;
      const view = regionView(viewing, regionCode, metric);
      return withTrend ? { ...view, trend: regionTrend(viewing, regionCode, metric as MetricId) } : view;
    };
    return { stamp: found.stamp, shape };
  };
  return {
    view: async () => (await load()).shape(false) as Comparison,
    json: async (withTrend: boolean): Promise<Answer> => {
      const quick = store.quickStamp();
      const hit = quick === null ? null : store.cached(`${key}:${withTrend}`, quick);
      if (hit) return hit;
      const { stamp, shape } = await load();
      return store.answer(`${key}:${withTrend}`, quick ?? stamp, () => shape(withTrend));
    },
  } as const;
}

/**
 * A JSON answer that no shared cache keeps (it is the caller's own view), compressed for clients that
 * accept it (browsers do): once per answer, not per request, and sent with its headers in one piece.
 */
const JSON_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'private, no-store',
  vary: 'accept-encoding',
};
const ENCODED_HEADERS = {
  br: { ...JSON_HEADERS, 'content-encoding': 'br' },
  gzip: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
};

function jsonAnswer(c: Context<AppBindings>, answer: Answer) {
  const respond = (acceptEncoding: string | undefined) => {
    const { body, encoding } = answer.encoded(acceptEncoding);
    return { body, headers: encoding ? ENCODED_HEADERS[encoding] : JSON_HEADERS };
  };
  // Asked again by the same caller while nothing changes, it is replayed (lib/replay.ts).
  replayOf(c.get('deps'))?.remember(c, respond);
  const { body, headers } = respond(c.req.header('accept-encoding'));
  return completeResponse(c, body, headers);
}

export const periods: AppRouteHandler<typeof routes.periods> = async (c) => {
  const viewer = viewerOf(requireUser(c));
  const found = await comparablePeriods(c.get('deps').database, viewer);
  return c.json({ periods: found, start: startPeriod(found, c.get('deps').env.MIN_GROUP_SIZE) }, 200);
};

export const all: AppRouteHandler<typeof routes.all> = async (c) => {
  const { period } = c.req.valid('param');
  return jsonAnswer(c, await viewFor(c, period as PeriodId).json(false)) as never;
};

export const one: AppRouteHandler<typeof routes.one> = async (c) => {
  const { period, metric } = c.req.valid('param');
  return jsonAnswer(c, await viewFor(c, period as PeriodId, metric).json(true)) as never;
};

export const exportTable: AppRouteHandler<typeof routes.exportTable> = async (c) => {
  const { period } = c.req.valid('param');
  const { format } = c.req.valid('query');
  const view = await viewFor(c, period as PeriodId).view();
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
