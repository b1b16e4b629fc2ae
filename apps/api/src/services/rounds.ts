/**
 * Collection rounds: one region's collection of one period. A round's row (collection_rounds), when
 * there is one, decides whether the region's returns can be changed and when they are due; without one
 * the period's own status and due date apply (an admin opens or closes a period for every region).
 * The tracker lists every authority of the region with the state of its return.
 */
import { periodLabel, previousPeriod } from '@csc-workforce/metrics-core';
import {
  issuesToProblemErrors,
  PROBLEM_TYPES,
  type ProblemError,
  type ReturnFigures,
  type ReturnStatus,
  validateReturn,
} from '@csc-workforce/schemas';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { auditLog, authorities, users } from '../db/schema.js';
import type { Env } from '../env.js';
import { audit } from '../lib/audit.js';
import { londonToday } from '../lib/dates.js';
import { HttpProblem } from '../lib/problem.js';
import { enqueueMail, mails } from './mail/index.js';
import { listReturns } from './returns.js';

import type { RoundStatus } from './round-gate.js';

export type { RoundStatus };

/** The state of a region's round of a period. */
export interface Round {
  readonly period: string;
  readonly periodLabel: string;
  readonly regionCode: string;
  readonly regionName: string;
  /** Whether the region's returns can be changed: the round's own status, else the period's. */
  readonly status: RoundStatus;
  /** The period's status for every region (set by an admin). */
  readonly periodStatus: RoundStatus;
  /** When the region's returns are due: the round's own date, else the period's. */
  readonly dueDate: string | null;
  /** Whether the region has its own status or due date (set by its lead), or follows the period. */
  readonly regional: boolean;
  readonly updatedAt: string | null;
  readonly updatedByName: string | null;
}

interface RoundRow {
  period_id: string;
  period_status: RoundStatus;
  period_due: string | null;
  region_code: string;
  region_name: string;
  round_status: RoundStatus | null;
  round_due: string | null;
  updated_at: string | Date | null;
  updated_by_name: string | null;
}

const dateText = (value: string | Date | null): string | null =>
  value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

/** The region's round of the period, or null when the period or the region does not exist. */
export async function getRound(db: Db, period: string, regionCode: string): Promise<Round | null> {
  const [row] = rowsOf<RoundRow>(
    await db.execute(sql`
      SELECT p.id AS period_id, p.status AS period_status, p.due_date::text AS period_due,
        r.code AS region_code, r.name AS region_name, cr.status AS round_status, cr.due_date::text AS round_due,
        cr.updated_at, u.name AS updated_by_name
      FROM periods p CROSS JOIN regions r
      LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = r.code
      LEFT JOIN users u ON u.id = cr.updated_by
      WHERE p.id = ${period} AND r.code = ${regionCode}`),
  );
  if (!row) return null;
  return {
    period: row.period_id,
    periodLabel: periodLabel(row.period_id),
    regionCode: row.region_code,
    regionName: row.region_name,
    status: row.round_status ?? row.period_status,
    periodStatus: row.period_status,
    dueDate: dateText(row.round_due ?? row.period_due),
    regional: row.round_status !== null,
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at).toISOString(),
    updatedByName: row.updated_by_name,
  };
}

/** The statuses of the periods for one region (the period's, unless the region's round says otherwise). */
export async function regionRounds(
  db: Db,
  regionCode: string,
): Promise<Map<string, { status: RoundStatus; dueDate: string | null }>> {
  const rows = rowsOf<{ id: string; status: RoundStatus; due_date: string | null }>(
    await db.execute(sql`
      SELECT p.id, coalesce(cr.status, p.status) AS status, coalesce(cr.due_date, p.due_date)::text AS due_date
      FROM periods p LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = ${regionCode}`),
  );
  return new Map(rows.map((r) => [r.id, { status: r.status, dueDate: dateText(r.due_date) }]));
}

/** The tracker's state of an authority's return: its status, or `not_started` without one. */
export type TrackedStatus = ReturnStatus | 'not_started';

export interface TrackedAuthority {
  readonly code: string;
  readonly name: string;
  readonly status: TrackedStatus;
  readonly version: number | null;
  readonly updatedAt: string | null;
  readonly updatedByName: string | null;
  /** Past the due date and not yet submitted (or sent back and not submitted again). */
  readonly overdue: boolean;
  readonly errors: number;
  readonly warnings: ProblemError[];
  /** The return's comment, which explains its warnings. */
  readonly comment: string | null;
  readonly returnedReason: string | null;
  readonly lastRemindedAt: string | null;
  /** Active submitters the authority has (0: nobody to remind). */
  readonly submitters: number;
}

export interface Tracker {
  readonly round: Round;
  readonly overdue: boolean;
  readonly summary: {
    readonly authorities: number;
    /** Submitted or accepted: "11 of 14 submitted". */
    readonly submitted: number;
    readonly notStarted: number;
    readonly draft: number;
    /** Submitted and waiting for the lead. */
    readonly awaitingReview: number;
    readonly returned: number;
    readonly accepted: number;
  };
  readonly authorities: TrackedAuthority[];
}

/** Whether the status counts as submitted for the tracker (waiting for, or past, the lead's review). */
export const isSubmitted = (status: TrackedStatus) => status === 'submitted' || status === 'accepted';

/** Reminders sent for the round: the newest time each authority was reminded. */
async function lastReminders(db: Db, round: Round): Promise<Map<string, string>> {
  const rows = await db
    .select({ at: auditLog.at, detail: auditLog.detail })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'send-reminder'),
        eq(auditLog.entity, 'round'),
        eq(auditLog.entityId, `${round.regionCode}/${round.period}`),
      ),
    )
    .orderBy(desc(auditLog.at));
  const out = new Map<string, string>();
  for (const row of rows) {
    const codes = (row.detail as { authorities?: unknown }).authorities;
    if (!Array.isArray(codes)) continue;
    for (const code of codes) if (typeof code === 'string' && !out.has(code)) out.set(code, row.at.toISOString());
  }
  return out;
}

/** How many active submitters each authority has. */
async function submitterCounts(db: Db, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: users.authorityCode, n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(inArray(users.authorityCode, [...codes]), eq(users.role, 'authority_submitter'), eq(users.active, true)))
    .groupBy(users.authorityCode);
  return new Map(rows.map((r) => [r.code ?? '', Number(r.n)]));
}

/**
 * The submission tracker of a region's round: every authority of the region (retired ones only when
 * they have a return), the state of its return, its validation results and reminders.
 * @param today - `YYYY-MM-DD`, for what is overdue.
 */
export async function tracker(db: Db, round: Round, today: string): Promise<Tracker> {
  const region = await db
    .select({ code: authorities.code, name: authorities.name, retiredAt: authorities.retiredAt })
    .from(authorities)
    .where(eq(authorities.regionCode, round.regionCode))
    .orderBy(authorities.name);
  const [current, previous, reminded] = await Promise.all([
    listReturns(db, { regionCode: round.regionCode, period: round.period }),
    listReturns(db, { regionCode: round.regionCode, period: previousPeriod(round.period) }),
    lastReminders(db, round),
  ]);
  const byCode = new Map(current.map((r) => [r.authorityCode, r]));
  const previousByCode = new Map<string, ReturnFigures>(previous.map((r) => [r.authorityCode, r.figures]));
  const listed = region.filter((a) => a.retiredAt === null || byCode.has(a.code));
  const submitters = await submitterCounts(
    db,
    listed.map((a) => a.code),
  );
  const pastDue = round.dueDate !== null && today > round.dueDate;
  const rows: TrackedAuthority[] = listed.map((a) => {
    const record = byCode.get(a.code);
    const status: TrackedStatus = record?.status ?? 'not_started';
    let errors = 0;
    let warnings: ProblemError[] = [];
    if (record) {
      const prior = previousByCode.get(a.code);
      const result = validateReturn(record.figures, {
        stage: 'submit',
        period: round.period,
        ...(prior ? { previous: prior } : {}),
      });
      errors = result.errors.length;
      warnings = issuesToProblemErrors(result.warnings, { pathPrefix: 'figures' });
    }
    return {
      code: a.code,
      name: a.name,
      status,
      version: record?.version ?? null,
      updatedAt: record?.updatedAt ?? null,
      updatedByName: record?.updatedByName ?? null,
      overdue: pastDue && !isSubmitted(status),
      errors,
      warnings,
      comment: record?.figures.comment ?? null,
      returnedReason: record?.status === 'returned' ? record.returnedReason : null,
      lastRemindedAt: reminded.get(a.code) ?? null,
      submitters: submitters.get(a.code) ?? 0,
    };
  });
  const count = (s: TrackedStatus) => rows.filter((r) => r.status === s).length;
  return {
    round,
    overdue: rows.some((r) => r.overdue),
    summary: {
      authorities: rows.length,
      submitted: rows.filter((r) => isSubmitted(r.status)).length,
      notStarted: count('not_started'),
      draft: count('draft'),
      awaitingReview: count('submitted'),
      returned: count('returned'),
      accepted: count('accepted'),
    },
    authorities: rows,
  };
}

/** The active submitters of some authorities: who is told of their returns. */
export async function submittersOf(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ email: users.email, name: users.name, authorityCode: users.authorityCode })
    .from(users)
    .where(
      and(inArray(users.authorityCode, [...codes]), eq(users.role, 'authority_submitter'), eq(users.active, true)),
    );
}

/** Every period's round of a region, newest first, with how many of its authorities have submitted. */
export async function listRounds(db: Db, region: string) {
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
    await db.execute(sql`
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
  return rows.map((r) => ({
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
  }));
}

/**
 * A change of a round: its status, its due date, or both; and whether its opening e-mails the region's
 * submitters (`notify`, true unless false).
 */
export type RoundChange = {
  readonly status?: RoundStatus | undefined;
  readonly dueDate?: string | null | undefined;
  readonly notify?: boolean | undefined;
};

/**
 * Opens or closes a region's round, or sets its due date, in one transaction with its audit entry and,
 * when it opens and `notify` is not false, the mails to the submitters of the region's authorities (kick
 * delivery after). The audit entry records the status and due date sent, as before `notify` existed.
 * @returns the round as it now is, and whether mails were written for its opening.
 */
export async function updateRound(
  db: Db,
  deps: { readonly env: Env; readonly now: () => Date },
  userId: string,
  before: Round,
  change: RoundChange,
): Promise<{ round: Round; opened: boolean; notified: boolean }> {
  const { period, regionCode: region } = before;
  const { notify, ...recorded } = change;
  const status = change.status ?? before.status;
  const dueGiven = change.dueDate !== undefined;
  const opening = before.status === 'closed' && status === 'open';
  const round = await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO collection_rounds (period_id, region_code, status, due_date, updated_at, updated_by)
      VALUES (${period}, ${region}, ${status}, ${change.dueDate ?? null}, ${deps.now().toISOString()}, ${userId})
      ON CONFLICT (period_id, region_code) DO UPDATE SET status = excluded.status,
        due_date = CASE WHEN ${dueGiven} THEN excluded.due_date ELSE collection_rounds.due_date END,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
    const round = (await getRound(tx, period, region)) as Round;
    await audit(tx, {
      userId,
      action: opening ? 'open-round' : before.status === 'open' && status === 'closed' ? 'close-round' : 'update-round',
      entity: 'round',
      entityId: `${region}/${period}`,
      detail: recorded,
    });
    if (opening && notify !== false) {
      const codes = (await tracker(tx, round, londonToday(deps.now()))).authorities.map((a) => a.code);
      const people = await submittersOf(tx, codes);
      await enqueueMail(
        tx,
        deps.env,
        people.map((person) => mails.roundOpened(deps.env, round, person)),
      );
    }
    return round;
  });
  return { round, opened: opening, notified: opening && notify !== false };
}

/**
 * Reminds the submitters of every authority of an open round that has not submitted, with the lead's
 * message, in one transaction with its audit entry (kick delivery after).
 * @returns who was reminded, how many mails were written, and the authorities with no submitter.
 * @throws {HttpProblem} 409 when the round is closed, or every authority has submitted.
 */
export async function sendReminders(
  db: Db,
  deps: { readonly env: Env; readonly now: () => Date },
  userId: string,
  round: Round,
  message: string | undefined,
) {
  if (round.status !== 'open') {
    throw new HttpProblem(409, {
      type: PROBLEM_TYPES.periodClosed,
      title: 'The round is closed',
      detail: `The ${round.regionName} round of ${round.periodLabel} is closed: open it before you send reminders.`,
    });
  }
  const today = londonToday(deps.now());
  return db.transaction(async (tx) => {
    const state = await tracker(tx, round, today);
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
        mails.reminder(
          deps.env,
          round,
          person,
          names.get(person.authorityCode ?? '') ?? '',
          message || undefined,
          today,
        ),
      ),
    );
    const reached = new Set(people.map((p) => p.authorityCode));
    const reminded = outstanding.filter((a) => reached.has(a.code)).map((a) => ({ code: a.code, name: a.name }));
    await audit(tx, {
      userId,
      action: 'send-reminder',
      entity: 'round',
      entityId: `${round.regionCode}/${round.period}`,
      detail: { authorities: reminded.map((a) => a.code), recipients: written },
    });
    return {
      reminded,
      recipients: written,
      withoutSubmitter: outstanding.filter((a) => !reached.has(a.code)).map((a) => ({ code: a.code, name: a.name })),
    };
  });
}
