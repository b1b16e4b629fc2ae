/**
 * The agency annex (DESIGN section 4, issue 17): each authority's agency assignments open at quarter
 * end, saved whole as a new revision with optimistic concurrency, following its return's lifecycle
 * (changed while the return is a draft or sent back and the period is open; submitted and accepted
 * with it); the regions' price caps (history kept); the compliance figures; DfE's quarterly export;
 * and the retention of registration numbers.
 *
 * Registration numbers are personal data: they leave this module only for the authority's own users
 * (`showRegistrations`), are never audited or logged, and are removed once the assignment ended more
 * than AGENCY_REGISTRATION_RETENTION_DAYS ago.
 */
import {
  AGENCY_COMPLIANCE,
  AGENCY_COMPLIANCE_IDS,
  type AgencyAssignmentFacts,
  type AgencyCompliance,
  agencyBreaches,
  agencyCompliance,
  agencySpendPerFte,
  capInForce,
  chargeRatesAgainstCap,
  type AgencyCap as MetricsCap,
  periodLabel,
  quarterEndDate,
} from '@csc-workforce/metrics-core';
import {
  AGENCY_BREACH_LABELS,
  AGENCY_ROLE_LABELS,
  AGENCY_ROLE_TYPES,
  type AgencyAnnex,
  type AgencyAssignment,
  type AgencyCap,
  type AgencyCapInput,
  type AgencyComparison,
  type AgencyComplianceAnswer,
  type AgencyRoleType,
  agencyAnnexIssues,
  DFE_AGENCY_EXPORT_COLUMNS,
  PROBLEM_TYPES,
  type ProblemError,
  type RegionAgencyCompliance,
  type ReturnStatus,
} from '@csc-workforce/schemas';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import {
  agencyAnnexes,
  agencyAnnexRevisions,
  agencyAssignments,
  agencyCaps,
  authorities,
  periods,
  returns,
  users,
} from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { HttpProblem } from '../lib/problem.js';
import { getReturn, invalidStatus } from './returns.js';
import { assertRoundOpen, roundStatuses } from './round-gate.js';
import type { Table } from './spreadsheets-write.js';

/** The statuses of the return in which its annex can be changed (none: no return yet). */
const EDITABLE: readonly (ReturnStatus | null)[] = [null, 'draft', 'returned'];

type AssignmentRow = typeof agencyAssignments.$inferSelect;

/** The rules' view of a stored assignment (no registration number). */
const factsOf = (row: AssignmentRow): AgencyAssignmentFacts => ({
  roleType: row.roleType,
  hourlyRate: row.hourlyRate,
  startDate: row.startDate,
  pqeYears: row.pqeYears,
  references: row.referencesReceived,
  projectTeam: row.projectTeam,
  projectTeamApproved: row.projectTeamApproved,
  coolOff: row.coolOff,
});

async function headOf(db: Db, authorityCode: string, period: string) {
  const [row] = await db
    .select({ version: agencyAnnexes.version, updatedAt: agencyAnnexes.updatedAt, updatedByName: users.name })
    .from(agencyAnnexes)
    .leftJoin(users, eq(users.id, agencyAnnexes.updatedBy))
    .where(and(eq(agencyAnnexes.authorityCode, authorityCode), eq(agencyAnnexes.periodId, period)));
  return row ?? null;
}

/** The assignments of the annex's latest revision, in order (none without an annex). */
async function currentAssignments(db: Db, authorityCode: string, period: string): Promise<AssignmentRow[]> {
  return db
    .select({ a: agencyAssignments })
    .from(agencyAssignments)
    .innerJoin(
      agencyAnnexes,
      and(
        eq(agencyAnnexes.authorityCode, agencyAssignments.authorityCode),
        eq(agencyAnnexes.periodId, agencyAssignments.periodId),
        eq(agencyAnnexes.version, agencyAssignments.revision),
      ),
    )
    .where(and(eq(agencyAssignments.authorityCode, authorityCode), eq(agencyAssignments.periodId, period)))
    .orderBy(asc(agencyAssignments.line))
    .then((rows) => rows.map((r) => r.a));
}

async function returnStatusOf(db: Db, authorityCode: string, period: string): Promise<ReturnStatus | null> {
  const [row] = await db
    .select({ status: returns.status })
    .from(returns)
    .where(and(eq(returns.authorityCode, authorityCode), eq(returns.periodId, period)));
  return row?.status ?? null;
}

/** @throws {HttpProblem} 404 when the period or the authority does not exist. */
async function authorityAndPeriod(db: Db, authorityCode: string, period: string) {
  const [authority] = await db
    .select({ name: authorities.name, regionCode: authorities.regionCode, retiredAt: authorities.retiredAt })
    .from(authorities)
    .where(eq(authorities.code, authorityCode));
  if (!authority) throw new HttpProblem(404, { detail: `No authority ${authorityCode} that you can see.` });
  const [known] = await db.select({ id: periods.id }).from(periods).where(eq(periods.id, period));
  if (!known) throw new HttpProblem(404, { detail: `There is no collection period ${period}.` });
  return authority;
}

/**
 * An authority's annex for a period: its latest revision, whether it can be changed now, and the
 * registration numbers only when `showRegistrations` (the authority's own users).
 * @throws {HttpProblem} 404 when the period does not exist.
 */
export async function getAnnex(
  db: Db,
  authorityCode: string,
  period: string,
  showRegistrations: boolean,
): Promise<AgencyAnnex> {
  const authority = await authorityAndPeriod(db, authorityCode, period);
  const [head, rows, status, rounds] = await Promise.all([
    headOf(db, authorityCode, period),
    currentAssignments(db, authorityCode, period),
    returnStatusOf(db, authorityCode, period),
    roundStatuses(db, authorityCode, [period]),
  ]);
  return {
    authorityCode,
    authorityName: authority.name,
    period,
    periodLabel: periodLabel(period),
    quarterEnd: quarterEndDate(period),
    version: head?.version ?? 0,
    returnStatus: status,
    editable: EDITABLE.includes(status) && rounds.get(period) === 'open' && authority.retiredAt === null,
    assignments: rows.map((row) => ({
      position: row.line,
      roleType: row.roleType,
      hourlyRate: row.hourlyRate,
      startDate: row.startDate,
      endDate: row.endDate,
      registrationNumber: showRegistrations ? row.registrationNumber : null,
      registrationRemoved: row.registrationRemovedAt !== null,
      pqeYears: row.pqeYears,
      references: row.referencesReceived,
      projectTeam: row.projectTeam,
      projectTeamApproved: row.projectTeamApproved,
      coolOff: row.coolOff,
    })),
    missingRegistrations: rows.filter((r) => r.registrationNumber === null && r.registrationRemovedAt === null).length,
    registrationNumbersShown: showRegistrations,
    updatedAt: head?.updatedAt.toISOString() ?? null,
    updatedByName: head?.updatedByName ?? null,
  };
}

/** The revisions of an annex, oldest first. */
export async function listAnnexRevisions(db: Db, authorityCode: string, period: string) {
  const rows = rowsOf<{ revision: number; action: string; created_at: string | Date; name: string | null; n: number }>(
    await db.execute(sql`
      SELECT r.revision, r.action, r.created_at, u.name,
        (SELECT count(*)::int FROM agency_assignments a WHERE a.authority_code = r.authority_code
           AND a.period_id = r.period_id AND a.revision = r.revision) AS n
      FROM agency_annex_revisions r LEFT JOIN users u ON u.id = r.created_by
      WHERE r.authority_code = ${authorityCode} AND r.period_id = ${period}
      ORDER BY r.revision`),
  );
  return rows.map((r) => ({
    revision: r.revision,
    assignments: r.n,
    createdAt: new Date(r.created_at).toISOString(),
    createdByName: r.name,
    action: r.action,
  }));
}

/**
 * The rules' problems of an annex as problem errors: by field path (`assignments.2.hourlyRate`), or by
 * the upload's row and column when `where` maps an assignment's index and field to them.
 */
export function annexErrors(
  assignments: readonly AgencyAssignment[],
  period: string,
  where?: (index: number, field: string) => { row: number; column: string },
): ProblemError[] {
  return agencyAnnexIssues(assignments, period).map((issue) => ({
    code: issue.code,
    ...(where ? where(issue.index, issue.field) : { field: `assignments.${issue.index}.${issue.field}` }),
    message: issue.message,
  }));
}

/** The 422 of an annex with errors. */
export function annexProblem(errors: readonly ProblemError[]): HttpProblem {
  return new HttpProblem(422, {
    type: PROBLEM_TYPES.validation,
    title: 'The annex has errors: nothing was saved',
    detail: errors.map((e) => e.message).join('; '),
    errors,
  });
}

export interface AnnexWrite {
  readonly authorityCode: string;
  readonly period: string;
  readonly expectedVersion: number;
  readonly assignments: readonly AgencyAssignment[];
  readonly userId: string;
  readonly at: Date;
  readonly action: 'save' | 'import';
  readonly demo?: boolean;
}

/**
 * Saves the whole list of assignments as a new revision, if nobody saved since `expectedVersion`, the
 * period is open for the authority and its return is a draft, sent back, or not started. Audited
 * (counts only: never a registration number).
 * @returns the new version.
 * @throws {HttpProblem} 422 with each problem by field; 409 for a newer version, a closed period, a
 *   retired authority, or a return submitted or accepted; 404 for a period that does not exist.
 */
export async function saveAnnex(db: Db, write: AnnexWrite): Promise<number> {
  const errors = annexErrors(write.assignments, write.period);
  if (errors.length > 0) throw annexProblem(errors);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await assertRoundOpen(t, write.authorityCode, write.period);
    // The return's row is locked while the annex is written, so that a submission waits for it.
    const [ret] = rowsOf<{ status: ReturnStatus }>(
      await tx.execute(
        sql`SELECT status FROM returns WHERE authority_code = ${write.authorityCode} AND period_id = ${write.period} FOR UPDATE`,
      ),
    );
    const status = ret?.status ?? null;
    if (!EDITABLE.includes(status)) {
      throw invalidStatus(
        status as ReturnStatus,
        status === 'accepted'
          ? 'The regional lead has accepted this quarter’s return, so its agency annex is locked. If it needs a change, ask your regional lead to send the return back.'
          : 'This quarter’s return has been submitted, so its agency annex is submitted with it. If it needs a change, ask your regional lead to send the return back.',
      );
    }
    const stamp = write.at;
    const moved =
      write.expectedVersion === 0
        ? await tx
            .insert(agencyAnnexes)
            .values({
              authorityCode: write.authorityCode,
              periodId: write.period,
              version: 1,
              demo: write.demo ?? false,
              updatedAt: stamp,
              updatedBy: write.userId,
            })
            .onConflictDoNothing()
            .returning({ version: agencyAnnexes.version })
        : await tx
            .update(agencyAnnexes)
            .set({ version: sql`${agencyAnnexes.version} + 1`, updatedAt: stamp, updatedBy: write.userId })
            .where(
              and(
                eq(agencyAnnexes.authorityCode, write.authorityCode),
                eq(agencyAnnexes.periodId, write.period),
                eq(agencyAnnexes.version, write.expectedVersion),
              ),
            )
            .returning({ version: agencyAnnexes.version });
    const version = moved[0]?.version;
    if (version === undefined) {
      const current = await headOf(t, write.authorityCode, write.period);
      throw new HttpProblem(409, {
        type: PROBLEM_TYPES.conflict,
        title: 'Someone else changed this annex',
        detail: current
          ? `You are editing version ${write.expectedVersion}, but version ${current.version} has been saved since (by someone else, or in another window). Reload the annex to see their changes; nothing of yours was saved.`
          : `You are editing version ${write.expectedVersion}, but the annex has not been saved yet: reload it.`,
      });
    }
    await tx.insert(agencyAnnexRevisions).values({
      authorityCode: write.authorityCode,
      periodId: write.period,
      revision: version,
      action: write.action,
      createdAt: stamp,
      createdBy: write.userId,
    });
    if (write.assignments.length > 0) {
      await tx.insert(agencyAssignments).values(
        write.assignments.map((a, n) => ({
          authorityCode: write.authorityCode,
          periodId: write.period,
          revision: version,
          line: n + 1,
          roleType: a.roleType,
          hourlyRate: a.hourlyRate,
          startDate: a.startDate,
          endDate: a.endDate,
          registrationNumber: a.registrationNumber ? a.registrationNumber : null,
          pqeYears: a.pqeYears,
          referencesReceived: a.references,
          projectTeam: a.projectTeam,
          projectTeamApproved: a.projectTeamApproved,
          coolOff: a.coolOff,
        })),
      );
    }
    await audit(tx, {
      userId: write.userId,
      action: write.action === 'import' ? 'import-agency-annex' : 'save-agency-annex',
      entity: 'agency-annex',
      entityId: `${write.authorityCode}/${write.period}`,
      detail: {
        version,
        assignments: write.assignments.length,
        missingRegistrations: write.assignments.filter((a) => !a.registrationNumber).length,
      },
      at: stamp,
    });
    return version;
  });
}

// ---------------------------------------------------------------------------------------------
// Price caps

type CapRow = typeof agencyCaps.$inferSelect & { setByName: string | null };

/** @throws {HttpProblem} 404 for a region that does not exist. */
async function assertRegion(db: Db, regionCode: string): Promise<void> {
  const [region] = rowsOf(await db.execute(sql`SELECT 1 FROM regions WHERE code = ${regionCode}`));
  if (!region) throw new HttpProblem(404, { detail: `No region ${regionCode}.` });
}

async function capRows(db: Db, regionCode: string): Promise<CapRow[]> {
  const rows = await db
    .select({ cap: agencyCaps, setByName: users.name })
    .from(agencyCaps)
    .leftJoin(users, eq(users.id, agencyCaps.setBy))
    .where(eq(agencyCaps.regionCode, regionCode))
    .orderBy(desc(agencyCaps.effectiveFrom), desc(agencyCaps.setAt), desc(agencyCaps.id));
  return rows.map((r) => ({ ...r.cap, setByName: r.setByName }));
}

const asMetricsCap = (row: typeof agencyCaps.$inferSelect): MetricsCap => ({
  roleType: row.roleType,
  hourlyCap: row.hourlyCap,
  effectiveFrom: row.effectiveFrom,
  setAt: `${row.setAt.toISOString()}#${String(row.id).padStart(12, '0')}`,
});

/** The caps of a region in the form the metrics read them. */
export async function capsForMetrics(db: Db, regionCode: string): Promise<MetricsCap[]> {
  return (await capRows(db, regionCode)).map(asMetricsCap);
}

/**
 * Every cap of a region ever set (history kept), by role in the list's order, newest first; each says
 * whether it is the one in force for its role `today` (`YYYY-MM-DD`).
 * @throws {HttpProblem} 404 for a region that does not exist.
 */
export async function listCaps(db: Db, regionCode: string, today: string): Promise<AgencyCap[]> {
  await assertRegion(db, regionCode);
  const rows = await capRows(db, regionCode);
  const metricsCaps = rows.map(asMetricsCap);
  const inForce = new Set(
    AGENCY_ROLE_TYPES.map((role) => capInForce(metricsCaps, role, today)).filter((c): c is MetricsCap => c !== null),
  );
  const order = (role: string) => AGENCY_ROLE_TYPES.indexOf(role as AgencyRoleType);
  return rows
    .map((row, n) => ({ row, inForce: inForce.has(metricsCaps[n] as MetricsCap) }))
    .sort((a, b) => order(a.row.roleType) - order(b.row.roleType))
    .map(({ row, inForce }) => ({
      id: row.id,
      regionCode: row.regionCode,
      roleType: row.roleType,
      roleLabel: AGENCY_ROLE_LABELS[row.roleType],
      hourlyCap: row.hourlyCap,
      effectiveFrom: row.effectiveFrom,
      setAt: row.setAt.toISOString(),
      setByName: row.setByName,
      inForce,
    }));
}

/**
 * Sets a new cap for a role of a region from a date (earlier caps are kept: an assignment is judged
 * by the cap in force at its start). Audited with the cap it replaces from that date.
 * @throws {HttpProblem} 404 for a region that does not exist.
 */
export async function setCap(
  db: Db,
  options: { regionCode: string; input: AgencyCapInput; userId: string; at: Date },
): Promise<AgencyCap> {
  const { regionCode, input } = options;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await assertRegion(t, regionCode);
    const before = capInForce(await capsForMetrics(t, regionCode), input.roleType, input.effectiveFrom);
    const [row] = await tx
      .insert(agencyCaps)
      .values({
        regionCode,
        roleType: input.roleType,
        hourlyCap: input.hourlyCap,
        effectiveFrom: input.effectiveFrom,
        setAt: options.at,
        setBy: options.userId,
      })
      .returning({ id: agencyCaps.id });
    await audit(tx, {
      userId: options.userId,
      action: 'set-agency-cap',
      entity: 'agency-cap',
      entityId: `${regionCode}/${input.roleType}`,
      detail: {
        hourlyCap: input.hourlyCap,
        effectiveFrom: input.effectiveFrom,
        before: before ? { hourlyCap: before.hourlyCap, effectiveFrom: before.effectiveFrom } : null,
      },
      at: options.at,
    });
    const all = await listCaps(t, regionCode, options.at.toISOString().slice(0, 10));
    const cap = all.find((c) => c.id === row?.id);
    if (!cap) throw new Error('The cap was set but cannot be read back');
    return cap;
  });
}

// ---------------------------------------------------------------------------------------------
// Compliance

const measuresOf = (c: AgencyCompliance) =>
  AGENCY_COMPLIANCE_IDS.map((id) => ({
    id,
    label: AGENCY_COMPLIANCE[id].label,
    formula: AGENCY_COMPLIANCE[id].formula,
    polarity: AGENCY_COMPLIANCE[id].polarity,
    value: c[id].value,
    numerator: c[id].numerator,
    denominator: c[id].denominator,
  }));

/** The compliance of assignments already read, with the caps of their region. */
function complianceFrom(
  base: { authorityCode: string; authorityName: string; period: string; returnStatus: ReturnStatus | null },
  rows: readonly AssignmentRow[],
  hasAnnex: boolean,
  caps: readonly MetricsCap[],
  figures: { agencySpend?: number | null | undefined; agencyFte?: number | null | undefined } | null,
): AgencyComplianceAnswer {
  const facts = rows.map(factsOf);
  const spend = agencySpendPerFte(figures?.agencySpend ?? null, figures?.agencyFte ?? null);
  return {
    ...base,
    periodLabel: periodLabel(base.period),
    hasAnnex,
    assignments: rows.length,
    measures: measuresOf(agencyCompliance(facts, caps)),
    rates: chargeRatesAgainstCap(facts, caps, AGENCY_ROLE_TYPES).map((r) => ({
      roleType: r.roleType as AgencyRoleType,
      roleLabel: AGENCY_ROLE_LABELS[r.roleType as AgencyRoleType],
      assignments: r.assignments,
      averageRate: r.averageRate,
      capped: r.capped,
      averageCap: r.averageCap,
      percentOfCap: r.percentOfCap,
    })),
    spendPerAgencyFte: { value: spend.value, reason: spend.reason ?? null },
    missingRegistrations: rows.filter((r) => r.registrationNumber === null && r.registrationRemovedAt === null).length,
    breaches: rows.flatMap((row, n) => {
      const found = agencyBreaches(facts[n] as AgencyAssignmentFacts, caps);
      if (found.length === 0) return [];
      return [
        {
          position: row.line,
          roleType: row.roleType,
          roleLabel: AGENCY_ROLE_LABELS[row.roleType],
          hourlyRate: row.hourlyRate,
          startDate: row.startDate,
          capInForce: capInForce(caps, row.roleType, row.startDate)?.hourlyCap ?? null,
          breaches: found.map((code) => ({ code, label: AGENCY_BREACH_LABELS[code] })),
        },
      ];
    }),
  };
}

/**
 * An authority's compliance with the agency rules in a quarter, and its breaches (for its own users
 * and its lead only: the caller's route sees to that).
 * @throws {HttpProblem} 404 when the period does not exist.
 */
export async function authorityCompliance(
  db: Db,
  authorityCode: string,
  period: string,
): Promise<AgencyComplianceAnswer> {
  const authority = await authorityAndPeriod(db, authorityCode, period);
  const [rows, head, status, caps, ret] = await Promise.all([
    currentAssignments(db, authorityCode, period),
    headOf(db, authorityCode, period),
    returnStatusOf(db, authorityCode, period),
    capsForMetrics(db, authority.regionCode),
    getReturn(db, authorityCode, period),
  ]);
  return complianceFrom(
    { authorityCode, authorityName: authority.name, period, returnStatus: status },
    rows,
    head !== null,
    caps,
    ret?.figures ?? null,
  );
}

/**
 * A region's compliance in a quarter, every current authority named (for its lead), with the region
 * pooled: Σ numerators ÷ Σ denominators.
 * @throws {HttpProblem} 404 when the period does not exist.
 */
export async function regionCompliance(db: Db, regionCode: string, period: string): Promise<RegionAgencyCompliance> {
  const [known] = await db.select({ id: periods.id }).from(periods).where(eq(periods.id, period));
  if (!known) throw new HttpProblem(404, { detail: `There is no collection period ${period}.` });
  const members = await db
    .select({ code: authorities.code, name: authorities.name })
    .from(authorities)
    .where(and(eq(authorities.regionCode, regionCode), isNull(authorities.retiredAt)))
    .orderBy(asc(authorities.name));
  const caps = await capsForMetrics(db, regionCode);
  const list: AgencyComplianceAnswer[] = [];
  const all: AssignmentRow[] = [];
  for (const member of members) {
    const [rows, head, status, ret] = await Promise.all([
      currentAssignments(db, member.code, period),
      headOf(db, member.code, period),
      returnStatusOf(db, member.code, period),
      getReturn(db, member.code, period),
    ]);
    all.push(...rows);
    list.push(
      complianceFrom(
        { authorityCode: member.code, authorityName: member.name, period, returnStatus: status },
        rows,
        head !== null,
        caps,
        ret?.figures ?? null,
      ),
    );
  }
  return {
    regionCode,
    period,
    periodLabel: periodLabel(period),
    authorities: list,
    pooled: measuresOf(agencyCompliance(all.map(factsOf), caps)),
  };
}

// ---------------------------------------------------------------------------------------------
// DfE's quarterly agency data

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/**
 * The authority's quarterly agency data for DfE: one row per assignment with the items DfE's list
 * asks for (role type, hourly rate, start and end dates, Social Work England registration number,
 * project team), then whether it complies with the rules and, if not, why. The columns are
 * {@link DFE_AGENCY_EXPORT_COLUMNS}: the layout follows DfE's list of items, not a template of DfE's
 * (none is published yet). Holds registration numbers: for the authority's own users only.
 */
export async function dfeAgencyExport(db: Db, authorityCode: string, period: string): Promise<Table> {
  const authority = await authorityAndPeriod(db, authorityCode, period);
  const [rows, caps] = await Promise.all([
    currentAssignments(db, authorityCode, period),
    capsForMetrics(db, authority.regionCode),
  ]);
  const end = quarterEndDate(period);
  return {
    columns: DFE_AGENCY_EXPORT_COLUMNS,
    rows: rows.map((row) => {
      const breaches = agencyBreaches(factsOf(row), caps);
      return [
        authorityCode,
        authority.name,
        period,
        end,
        AGENCY_ROLE_LABELS[row.roleType],
        row.hourlyRate,
        row.startDate,
        row.endDate,
        row.registrationNumber ?? '',
        yesNo(row.projectTeam),
        yesNo(row.projectTeamApproved),
        yesNo(breaches.length === 0),
        breaches.map((b) => AGENCY_BREACH_LABELS[b]).join('; '),
      ];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Retention of registration numbers

/**
 * Removes the registration numbers of assignments that ended more than `retentionDays` before `now`,
 * in every revision (the rest of the assignment is kept; `registration_removed_at` says it was
 * removed, so it is not counted as missing). Audited with the count when any was removed.
 * @returns how many were removed.
 */
export async function sweepRegistrations(db: Db, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    const removed = await tx
      .update(agencyAssignments)
      .set({ registrationNumber: null, registrationRemovedAt: now })
      .where(sql`${agencyAssignments.registrationNumber} IS NOT NULL AND ${agencyAssignments.endDate} < ${cutoff}`)
      .returning({ line: agencyAssignments.line });
    if (removed.length > 0) {
      await audit(tx, {
        userId: null,
        action: 'remove-agency-registrations',
        entity: 'agency-annex',
        entityId: 'retention',
        detail: { removed: removed.length, endedBefore: cutoff, retentionDays },
        at: now,
      });
    }
    return removed.length;
  });
}

/** Runs {@link sweepRegistrations} now and once a day; never throws (errors go to `onError`). */
export class RegistrationSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly retentionDays: number,
    private readonly now: () => Date,
    private readonly onError: (error: unknown) => void,
    private readonly onRemoved: (count: number) => void = () => {},
  ) {}

  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => void this.sweep(), 86_400_000);
      this.timer.unref();
      void this.sweep();
    }
    return this;
  }

  /** One sweep. */
  async sweep(): Promise<void> {
    try {
      const n = await sweepRegistrations(this.db, this.now(), this.retentionDays);
      if (n > 0) this.onRemoved(n);
    } catch (error) {
      this.onError(error);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Anonymised comparison: the region and England from releases

interface ReleasedAnnexRow {
  authority_code: string;
  region_code: string;
  line: number | null;
  role_type: AgencyRoleType | null;
  hourly_rate: string | number | null;
  start_date: string | Date | null;
  pqe_years: string | number | null;
  references_received: number | null;
  project_team: boolean | null;
  project_team_approved: boolean | null;
  cool_off: boolean | null;
}

const isoDate = (v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** One authority's part of a release's agency groups: its region and its annex's compliance. */
export interface Contribution {
  readonly region: string;
  readonly compliance: ReturnType<typeof agencyCompliance>;
}

/**
 * Each authority counted in a release with the annex as it stood when the return revision the release
 * counted was made (the annex is locked while its return is submitted or accepted, so that is the
 * annex submitted with it), judged by the caps its region had set by the release's date.
 */
async function releasedContributions(
  db: Db,
  period: string,
  releaseId: number,
  releasedAt: Date,
): Promise<Map<string, Contribution>> {
  const rows = rowsOf<ReleasedAnnexRow>(
    await db.execute(sql`
      WITH counted AS (
        SELECT rr.authority_code, rr.region_code, v.created_at
        FROM comparison_release_returns rr
        JOIN return_revisions v ON v.authority_code = rr.authority_code AND v.period_id = rr.period_id
          AND v.revision = rr.revision
        WHERE rr.release_id = ${releaseId} AND rr.period_id = ${period}
      ),
      annex AS (
        SELECT c.authority_code, c.region_code,
          (SELECT max(ar.revision) FROM agency_annex_revisions ar
            WHERE ar.authority_code = c.authority_code AND ar.period_id = ${period} AND ar.created_at <= c.created_at) AS revision
        FROM counted c
      )
      SELECT a.authority_code, a.region_code, s.line, s.role_type, s.hourly_rate, s.start_date, s.pqe_years,
        s.references_received, s.project_team, s.project_team_approved, s.cool_off
      FROM annex a
      LEFT JOIN agency_assignments s ON s.authority_code = a.authority_code AND s.period_id = ${period}
        AND s.revision = a.revision
      WHERE a.revision IS NOT NULL`),
  );
  const capRowsAt = await db.select().from(agencyCaps).where(sql`${agencyCaps.setAt} <= ${releasedAt.toISOString()}`);
  const capsByRegion = new Map<string, MetricsCap[]>();
  for (const row of capRowsAt) {
    const list = capsByRegion.get(row.regionCode) ?? [];
    list.push(asMetricsCap(row));
    capsByRegion.set(row.regionCode, list);
  }
  const byAuthority = new Map<string, { region: string; facts: AgencyAssignmentFacts[] }>();
  for (const r of rows) {
    const entry = byAuthority.get(r.authority_code) ?? { region: r.region_code, facts: [] };
    if (r.line !== null && r.role_type !== null && r.start_date !== null) {
      entry.facts.push({
        roleType: r.role_type,
        hourlyRate: Number(r.hourly_rate),
        startDate: isoDate(r.start_date),
        pqeYears: Number(r.pqe_years),
        references: Number(r.references_received),
        projectTeam: r.project_team === true,
        projectTeamApproved: r.project_team_approved === true,
        coolOff: r.cool_off === true,
      });
    }
    byAuthority.set(r.authority_code, entry);
  }
  return new Map(
    [...byAuthority].map(([code, a]) => [
      code,
      { region: a.region, compliance: agencyCompliance(a.facts, capsByRegion.get(a.region) ?? []) },
    ]),
  );
}

/** Whether two authorities' contributions are the same: the same region, every measure's counts. */
const sameContribution = (a: Contribution | undefined, b: Contribution | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.region === b.region &&
  AGENCY_COMPLIANCE_IDS.every(
    (id) =>
      a.compliance[id].numerator === b.compliance[id].numerator &&
      a.compliance[id].denominator === b.compliance[id].denominator,
  );

/**
 * Whether two releases' agency groups may both be shown: in England and in every region, the
 * authorities whose contributions differ (added, removed or changed) are none or at least `k`.
 */
export function differsSafely(
  before: ReadonlyMap<string, Contribution>,
  after: ReadonlyMap<string, Contribution>,
  k: number,
): boolean {
  const changedByRegion = new Map<string, number>();
  let changed = 0;
  for (const code of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(code);
    const b = after.get(code);
    if (sameContribution(a, b)) continue;
    changed += 1;
    for (const region of new Set([a?.region, b?.region])) {
      if (region !== undefined) changedByRegion.set(region, (changedByRegion.get(region) ?? 0) + 1);
    }
  }
  const safe = (n: number) => n === 0 || n >= k;
  return safe(changed) && [...changedByRegion.values()].every(safe);
}

/**
 * An authority's compliance (live, its own) beside its region's and England's, pooled, as rates only.
 *
 * The groups come from releases (DESIGN section 6), never from live annexes: the period's first
 * release, then each re-release whose annexes differ from every release used before by no authority or
 * by at least `k`, in England and in every region (`differsSafely`). The release's own rule counts the
 * returns' metrics, which an annex resubmitted alone does not change: without this, a re-release could
 * carry one authority's new annex and the groups before and after it would give that annex away. A
 * measure of a group is shown only when at least `k` authorities contributed to it, and the region's
 * only when England differs
 * from it by none or at least `k` (so that one cannot be subtracted from the other).
 * @throws {HttpProblem} 404 when the period does not exist.
 */
export async function agencyComparison(
  db: Db,
  authorityCode: string,
  period: string,
  k: number,
): Promise<AgencyComparison> {
  const authority = await authorityAndPeriod(db, authorityCode, period);
  const own = await authorityCompliance(db, authorityCode, period);
  const base = {
    authorityCode,
    period,
    periodLabel: periodLabel(period),
    minGroupSize: k,
    own: own.measures,
  };
  const releases = rowsOf<{ id: number; sequence: number; released_at: string | Date }>(
    await db.execute(
      sql`SELECT id, sequence, released_at FROM comparison_releases WHERE period_id = ${period} ORDER BY sequence`,
    ),
  );
  if (releases.length === 0) return { ...base, release: null, groups: [] };
  // The first release, then each later one whose annexes differ from every release used before by no
  // authority or by at least k, in England and in every region: so that no two answers, whenever
  // asked, differ by fewer than k authorities' annexes (the release's own rule counts the returns'
  // metrics, which an annex resubmitted alone does not change).
  const used: { release: (typeof releases)[number]; contributions: Map<string, Contribution> }[] = [];
  for (const release of releases) {
    const contributions = await releasedContributions(db, period, release.id, new Date(release.released_at));
    if (used.length === 0 || used.every((u) => differsSafely(u.contributions, contributions, k))) {
      used.push({ release, contributions });
    }
  }
  const chosen = used.at(-1) as (typeof used)[number];
  const releasedAt = new Date(chosen.release.released_at);
  const contributions = [...chosen.contributions.values()];
  const pool = (members: typeof contributions) =>
    AGENCY_COMPLIANCE_IDS.map((id) => {
      const counted = members.filter((m) => m.compliance[id].denominator > 0);
      const num = counted.reduce((n, m) => n + m.compliance[id].numerator, 0);
      const den = counted.reduce((n, m) => n + m.compliance[id].denominator, 0);
      return { id, authorities: counted.length, value: den > 0 ? (num / den) * 100 : null };
    });
  const england = pool(contributions);
  const region = pool(contributions.filter((c) => c.region === authority.regionCode));
  const shown = (
    measures: ReturnType<typeof pool>,
    other?: ReturnType<typeof pool>,
  ): AgencyComparison['groups'][number]['measures'] =>
    measures.map((m, i) => {
      const apart = other ? (other[i]?.authorities ?? 0) - m.authorities : 0;
      const withheld =
        m.authorities < k
          ? `Fewer than ${k} authorities contributed to this figure`
          : apart > 0 && apart < k
            ? `England differs from this group by fewer than ${k} authorities`
            : null;
      return {
        id: m.id,
        label: AGENCY_COMPLIANCE[m.id].label,
        value: withheld || m.value === null ? null : Math.round(m.value * 10) / 10,
        authorities: m.authorities,
        withheld,
      };
    });
  const [regionName] = rowsOf<{ name: string }>(
    await db.execute(sql`SELECT name FROM regions WHERE code = ${authority.regionCode}`),
  );
  return {
    ...base,
    release: { sequence: chosen.release.sequence, releasedAt: releasedAt.toISOString() },
    groups: [
      { id: 'region', label: regionName?.name ?? 'Your region', measures: shown(region, england) },
      { id: 'england', label: 'England', measures: shown(england) },
    ],
  };
}
