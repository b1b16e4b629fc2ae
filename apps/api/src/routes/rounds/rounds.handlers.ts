/**
 * The collection rounds' handlers: for the regional lead of the region in the path only. The role (403)
 * and the region (another answers 404, as if it did not exist) are checked before the request is
 * validated, as each route declares (`requires` in rounds.routes.ts).
 */

import { type PeriodId, periodLabel } from '@csc-workforce/metrics-core';
import { PROBLEM_TYPES } from '@csc-workforce/schemas';
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { rowsOf } from '../../db/client.js';
import { audit } from '../../lib/audit.js';
import { requireUser } from '../../lib/auth.js';
import { describeError } from '../../lib/create-app.js';
import { HttpProblem, notFound } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import { regionView, viewingFor } from '../../services/comparisons/index.js';
import { enqueueMail, mailDeliveryFor, mails } from '../../services/mail/index.js';
import { packTable, packXlsx } from '../../services/regional-pack.js';
import { releaseClosedCollections } from '../../services/releases.js';
import type { RoundStatus } from '../../services/round-gate.js';
import { getRound, isSubmitted, type Round, submittersOf, tracker } from '../../services/rounds.js';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '../../services/spreadsheets.js';
import { tableToCsv } from '../../services/spreadsheets-write.js';
import type * as routes from './rounds.routes.js';

async function loadRound(c: Context<AppBindings>, period: string, region: string): Promise<Round> {
  const round = await getRound(c.get('deps').database.db, period, region);
  if (!round) throw notFound(`There is no collection period ${period}.`);
  return round;
}

/** Today in England, `YYYY-MM-DD`: what is overdue is decided by the date people see. */
const today = (now: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { region } = c.req.valid('param');
  const rows = rowsOf<{
    id: string;
    period_status: RoundStatus;
    round_status: RoundStatus | null;
    due_date: string | null;
    region_name: string;
    updated_at: string | Date | null;
    updated_by_name: string | null;
    authorities: number;
    submitted: number;
    accepted: number;
  }>(
    await c.get('deps').database.db.execute(sql`
      SELECT p.id, p.status AS period_status, cr.status AS round_status,
        coalesce(cr.due_date, p.due_date)::text AS due_date, rg.name AS region_name,
        cr.updated_at, u.name AS updated_by_name,
        (SELECT count(*)::int FROM authorities a WHERE a.region_code = rg.code AND a.retired_at IS NULL) AS authorities,
        (SELECT count(*)::int FROM returns r JOIN authorities a ON a.code = r.authority_code
          WHERE a.region_code = rg.code AND r.period_id = p.id AND r.status IN ('submitted', 'accepted')) AS submitted,
        (SELECT count(*)::int FROM returns r JOIN authorities a ON a.code = r.authority_code
          WHERE a.region_code = rg.code AND r.period_id = p.id AND r.status = 'accepted') AS accepted
      FROM periods p JOIN regions rg ON rg.code = ${region}
      LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = rg.code
      LEFT JOIN users u ON u.id = cr.updated_by
      ORDER BY p.id DESC`),
  );
  return c.json(
    rows.map((r) => ({
      period: r.id,
      periodLabel: periodLabel(r.id),
      regionCode: region,
      regionName: r.region_name,
      status: r.round_status ?? r.period_status,
      periodStatus: r.period_status,
      dueDate: r.due_date,
      regional: r.round_status !== null,
      updatedAt: r.updated_at === null ? null : new Date(r.updated_at).toISOString(),
      updatedByName: r.updated_by_name,
      authorities: Number(r.authorities),
      submitted: Number(r.submitted),
      accepted: Number(r.accepted),
    })),
    200,
  );
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { region, period } = c.req.valid('param');
  const round = await loadRound(c, period, region);
  const deps = c.get('deps');
  return c.json(await tracker(deps.database.db, round, today(deps.now())), 200);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const { region, period } = c.req.valid('param');
  const user = requireUser(c);
  const body = c.req.valid('json');
  const before = await loadRound(c, period, region);
  const deps = c.get('deps');
  const status = body.status ?? before.status;
  const dueGiven = body.dueDate !== undefined;
  const opening = before.status === 'closed' && status === 'open';
  const after = await deps.database.db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO collection_rounds (period_id, region_code, status, due_date, updated_at, updated_by)
      VALUES (${period}, ${region}, ${status}, ${body.dueDate ?? null}, ${deps.now().toISOString()}, ${user.id})
      ON CONFLICT (period_id, region_code) DO UPDATE SET status = excluded.status,
        due_date = CASE WHEN ${dueGiven} THEN excluded.due_date ELSE collection_rounds.due_date END,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
    const round = (await getRound(tx, period, region)) as Round;
    await audit(tx, {
      userId: user.id,
      action: opening ? 'open-round' : before.status === 'open' && status === 'closed' ? 'close-round' : 'update-round',
      entity: 'round',
      entityId: `${region}/${period}`,
      detail: body,
    });
    if (opening) {
      const codes = (await tracker(tx, round, today(deps.now()))).authorities.map((a) => a.code);
      const people = await submittersOf(tx, codes);
      await enqueueMail(
        tx,
        deps.env,
        people.map((person) => mails.roundOpened(deps.env, round, person)),
      );
    }
    return round;
  });
  if (opening) mailDeliveryFor(deps)?.kick();
  // A round closing may close the period's collection: its first release is then due.
  if (status === 'closed') await releaseClosedCollections({ ...deps, describeError });
  return c.json(after, 200);
};

export const remind: AppRouteHandler<typeof routes.remind> = async (c) => {
  const { region, period } = c.req.valid('param');
  const user = requireUser(c);
  const { message } = c.req.valid('json');
  const round = await loadRound(c, period, region);
  if (round.status !== 'open') {
    throw new HttpProblem(409, {
      type: PROBLEM_TYPES.periodClosed,
      title: 'The round is closed',
      detail: `The ${round.regionName} round of ${round.periodLabel} is closed: open it before you send reminders.`,
    });
  }
  const deps = c.get('deps');
  const result = await deps.database.db.transaction(async (tx) => {
    const state = await tracker(tx, round, today(deps.now()));
    const outstanding = state.authorities.filter((a) => !isSubmitted(a.status));
    if (outstanding.length === 0) {
      throw new HttpProblem(409, {
        type: PROBLEM_TYPES.nothingToRemind,
        title: 'Every authority has submitted',
        detail: `Every authority of ${round.regionName} has submitted its ${round.periodLabel} return: there is nobody to remind.`,
      });
    }
    const people = await submittersOf(
      tx,
      outstanding.map((a) => a.code),
    );
    const names = new Map(outstanding.map((a) => [a.code, a.name]));
    const written = await enqueueMail(
      tx,
      deps.env,
      people.map((person) =>
        mails.reminder(deps.env, round, person, names.get(person.authorityCode ?? '') ?? '', message || undefined),
      ),
    );
    const reached = new Set(people.map((p) => p.authorityCode));
    const reminded = outstanding.filter((a) => reached.has(a.code)).map((a) => ({ code: a.code, name: a.name }));
    await audit(tx, {
      userId: user.id,
      action: 'send-reminder',
      entity: 'round',
      entityId: `${region}/${period}`,
      detail: { authorities: reminded.map((a) => a.code), recipients: written },
    });
    return {
      reminded,
      recipients: written,
      withoutSubmitter: outstanding.filter((a) => !reached.has(a.code)).map((a) => ({ code: a.code, name: a.name })),
    };
  });
  mailDeliveryFor(deps)?.kick();
  return c.json(result, 200);
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
