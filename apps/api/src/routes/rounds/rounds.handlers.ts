/**
 * The collection rounds' handlers: for the regional lead of the region in the path only. The role (403)
 * and the region (another answers 404, as if it did not exist) are checked before the request is
 * validated, as each route declares (`requires` in rounds.routes.ts).
 */
import type { PeriodId } from '@csc-workforce/metrics-core';
import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { describeError } from '../../lib/create-app.js';
import { londonToday } from '../../lib/dates.js';
import { notFound } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import { codeBook } from '../../services/authority-codes.js';
import { regionView, viewingFor } from '../../services/comparisons/index.js';
import { mailDeliveryFor } from '../../services/mail/index.js';
import { packTable, packXlsx } from '../../services/regional-pack.js';
import { releaseClosedCollections } from '../../services/releases.js';
import { getRound, listRounds, type Round, sendReminders, tracker, updateRound } from '../../services/rounds.js';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '../../services/spreadsheets.js';
import { tableToCsv } from '../../services/spreadsheets-write.js';
import type * as routes from './rounds.routes.js';

async function loadRound(c: Context<AppBindings>, period: string, region: string): Promise<Round> {
  const round = await getRound(c.get('deps').database.db, period, region);
  if (!round) throw notFound(`There is no collection period ${period}.`);
  return round;
}

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { region } = c.req.valid('param');
  return c.json(await listRounds(c.get('deps').database.db, region), 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { region, period } = c.req.valid('param');
  const round = await loadRound(c, period, region);
  const deps = c.get('deps');
  const [found, codes] = await Promise.all([tracker(deps.database.db, round, londonToday(deps.now())), codeBook(c)]);
  // Each authority by its current code.
  return c.json({ ...found, authorities: found.authorities.map((a) => ({ ...a, code: codes.current(a.code) })) }, 200);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const { region, period } = c.req.valid('param');
  const user = requireUser(c);
  const body = c.req.valid('json');
  const before = await loadRound(c, period, region);
  const deps = c.get('deps');
  const { round, notified } = await updateRound(deps.database.db, deps, user.id, before, body);
  if (notified) mailDeliveryFor(deps)?.kick();
  // A round closing may close the period's collection: its first release is then due.
  if (round.status === 'closed') await releaseClosedCollections({ ...deps, describeError });
  return c.json(round, 200);
};

export const remind: AppRouteHandler<typeof routes.remind> = async (c) => {
  const { region, period } = c.req.valid('param');
  const user = requireUser(c);
  const { message } = c.req.valid('json');
  const round = await loadRound(c, period, region);
  const deps = c.get('deps');
  const result = await sendReminders(deps.database.db, deps, user.id, round, message);
  mailDeliveryFor(deps)?.kick();
  const codes = await codeBook(c);
  const shown = (list: readonly { code: string; name: string }[]) =>
    list.map((a) => ({ ...a, code: codes.current(a.code) }));
  return c.json({ ...result, reminded: shown(result.reminded), withoutSubmitter: shown(result.withoutSubmitter) }, 200);
};

export const pack: AppRouteHandler<typeof routes.pack> = async (c) => {
  const { region, period } = c.req.valid('param');
  const { format } = c.req.valid('query');
  await loadRound(c, period, region);
  const deps = c.get('deps');
  const found = await viewingFor(deps.database, deps.env, { kind: 'region', regionCode: region }, period as PeriodId);
  if (!found) throw notFound('The region is not on the platform.');
  const view = regionView(found.viewing, region);
  const bytes = format === 'csv' ? tableToCsv(packTable(view)) : await packXlsx(view, deps.now());
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': format === 'csv' ? `${CSV_MEDIA_TYPE}; charset=utf-8` : XLSX_MEDIA_TYPE,
    'content-disposition': `attachment; filename="regional-pack-${region}-${period}.${format}"`,
    'cache-control': 'private, no-store',
  });
};
