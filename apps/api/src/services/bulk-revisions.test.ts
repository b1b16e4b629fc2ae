/**
 * The bulk write of the imports (services/bulk-revisions.ts) on both databases: its rows reach the
 * database intact (COPY's text format on PGlite, JSON on PostgreSQL), and a refused row is named by
 * its index, whatever refused it.
 */
import { FIGURE_FIELDS } from '@csc-workforce/metrics-core';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, DB_KINDS, TEST_USERS, type TestContext } from '../../test/harness.js';
import { auditLog, authorities, collectionRounds, periods, returnRevisions, returns } from '../db/schema.js';
import { type BulkRevision, type BulkWrite, writeBulkRevisions } from './bulk-revisions.js';
import type { StoredFigures } from './returns.js';

const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const OPEN = ['2040-41-Q1', '2040-41-Q2', '2040-41-Q3'] as const;
const CLOSED = '2040-41-Q4';

const figures = (headcount: number): StoredFigures => ({
  ...Object.fromEntries(FIGURE_FIELDS.map((f) => [f, null])),
  permanentHeadcount: headcount,
  permanentFte: headcount - 0.5,
});

/** One return's revision: Coventry's unless another authority is given. */
const revision = (
  period: string,
  expectedVersion: number,
  headcount: number,
  comment: string | null = null,
  authorityCode = COVENTRY,
): BulkRevision => ({ authorityCode, period, expectedVersion, figures: figures(headcount), comment });

const write = (at: Date, over: Partial<BulkWrite> = {}): BulkWrite => ({
  status: 'draft',
  action: 'import-return',
  userId: TEST_USERS.coventrySubmitter.id,
  at,
  clearReason: false,
  requireOpenPeriod: true,
  fromStatuses: ['draft', 'submitted', 'returned'],
  refuseRetired: true,
  ...over,
});

/** Runs a bulk write in a transaction that is undone when a row was refused, as the imports do. */
async function inTransaction(ctx: TestContext, rows: BulkRevision[], how: BulkWrite): Promise<number> {
  class Undo extends Error {
    constructor(readonly index: number) {
      super('undo');
    }
  }
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const refused = await writeBulkRevisions(tx, rows, how);
      if (refused >= 0) throw new Undo(refused);
      return refused;
    });
  } catch (error) {
    if (error instanceof Undo) return error.index;
    throw error;
  }
}

describe.each(DB_KINDS)('bulk revisions (%s)', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
    const now = new Date();
    await ctx.database.db
      .insert(periods)
      .values([
        ...OPEN.map((id) => ({ id, status: 'open' as const, updatedAt: now })),
        { id: CLOSED, status: 'closed' as const, updatedAt: now },
      ]);
  });
  afterAll(() => ctx.close());

  const stored = async (authority: string) =>
    ctx.database.db
      .select({ period: returns.periodId, version: returns.version, status: returns.status })
      .from(returns)
      .where(and(eq(returns.authorityCode, authority), inArray(returns.periodId, [...OPEN, CLOSED])))
      .orderBy(asc(returns.periodId));

  test('creates and updates, each with its revision and audit entry; text and figures arrive intact', async () => {
    const awkward = 'Tab\there, a line\nbreak, \\N and a backslash \\, "quotes", ünïcödé ✓, \r and \\t';
    const at = new Date('2041-05-01T10:00:00.123Z');
    expect(await inTransaction(ctx, [revision(OPEN[0], 0, 10, awkward), revision(OPEN[1], 0, 11)], write(at))).toBe(-1);
    const later = new Date('2041-05-02T10:00:00Z');
    expect(await inTransaction(ctx, [revision(OPEN[1], 1, 12, 'second')], write(later))).toBe(-1);
    expect(await stored(COVENTRY)).toEqual([
      { period: OPEN[0], version: 1, status: 'draft' },
      { period: OPEN[1], version: 2, status: 'draft' },
    ]);
    const revisions = await ctx.database.db
      .select()
      .from(returnRevisions)
      .where(and(eq(returnRevisions.authorityCode, COVENTRY), inArray(returnRevisions.periodId, OPEN)))
      .orderBy(asc(returnRevisions.periodId), asc(returnRevisions.revision));
    expect(revisions.map((r) => [r.periodId, r.revision, r.status, r.comment, r.createdBy])).toEqual([
      [OPEN[0], 1, 'draft', awkward, TEST_USERS.coventrySubmitter.id],
      [OPEN[1], 1, 'draft', null, TEST_USERS.coventrySubmitter.id],
      [OPEN[1], 2, 'draft', 'second', TEST_USERS.coventrySubmitter.id],
    ]);
    expect(revisions[0]?.figures).toEqual(figures(10));
    expect(revisions[2]?.figures).toEqual(figures(12));
    expect(revisions[0]?.createdAt.toISOString()).toBe(at.toISOString());
    const entries = await ctx.database.db
      .select({ entityId: auditLog.entityId, action: auditLog.action, detail: auditLog.detail, at: auditLog.at })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import-return'), sql`${auditLog.entityId} LIKE ${`${COVENTRY}/2040-41-%`}`))
      .orderBy(asc(auditLog.id));
    expect(entries.map((e) => [e.entityId, e.detail])).toEqual([
      [`${COVENTRY}/${OPEN[0]}`, { version: 1, status: 'draft' }],
      [`${COVENTRY}/${OPEN[1]}`, { version: 1, status: 'draft' }],
      [`${COVENTRY}/${OPEN[1]}`, { version: 2, status: 'draft' }],
    ]);
  });

  test('the first row refused (in the given order) is named, whatever refused it; nothing stays', async () => {
    const before = await stored(COVENTRY);
    const at = new Date('2041-06-01T10:00:00Z');
    const ok = revision(OPEN[2], 0, 1);
    // A version that moved on.
    const stale = revision(OPEN[1], 1, 2);
    expect(await inTransaction(ctx, [ok, stale], write(at))).toBe(1);
    // A return that exists already, written as new.
    const exists = { ...stale, period: OPEN[0], expectedVersion: 0 };
    expect(await inTransaction(ctx, [ok, exists], write(at))).toBe(1);
    // A closed period, unless the write does not ask for an open one.
    const closed = { ...ok, period: CLOSED };
    expect(await inTransaction(ctx, [ok, closed], write(at))).toBe(1);
    // A status the write may not start from.
    expect(
      await inTransaction(ctx, [ok, { ...stale, expectedVersion: 2 }], write(at, { fromStatuses: ['submitted'] })),
    ).toBe(1);
    expect(await stored(COVENTRY)).toEqual(before);
    // A round closed in the authority's region closes the period for it only.
    await ctx.database.db
      .insert(collectionRounds)
      .values({ periodId: OPEN[2], regionCode: 'E12000005', status: 'closed', updatedAt: at });
    expect(await inTransaction(ctx, [ok], write(at))).toBe(0);
    // A retired authority's rows, unless the write lets them through.
    const warwickshire = { ...ok, authorityCode: WARWICKSHIRE, period: OPEN[0] };
    await ctx.database.db.update(authorities).set({ retiredAt: at }).where(eq(authorities.code, WARWICKSHIRE));
    try {
      expect(await inTransaction(ctx, [warwickshire], write(at))).toBe(0);
      expect(await stored(WARWICKSHIRE)).toEqual([]);
      expect(await inTransaction(ctx, [warwickshire], write(at, { refuseRetired: false }))).toBe(-1);
      expect(await stored(WARWICKSHIRE)).toEqual([{ period: OPEN[0], version: 1, status: 'draft' }]);
    } finally {
      await ctx.database.db.update(authorities).set({ retiredAt: null }).where(eq(authorities.code, WARWICKSHIRE));
    }
  });

  test('a second write of the same return is refused by its index; a write after a refusal in the same transaction runs', async () => {
    const at = new Date('2041-07-01T10:00:00Z');
    const row = revision(OPEN[1], 0, 3, null, WARWICKSHIRE);
    expect(await inTransaction(ctx, [row, { ...row, figures: figures(4) }], write(at))).toBe(1);
    expect(await stored(WARWICKSHIRE)).toEqual([{ period: OPEN[0], version: 1, status: 'draft' }]);
    // A caller that goes on after a refusal, in the same transaction: the next write is not stopped
    // by what the refused one left.
    const versions = await ctx.database.db.transaction(async (tx) => {
      const refused = await writeBulkRevisions(tx, [{ ...row, expectedVersion: 5 }], write(at));
      const written = await writeBulkRevisions(tx, [row], write(at));
      return [refused, written];
    });
    expect(versions).toEqual([0, -1]);
    expect(await stored(WARWICKSHIRE)).toEqual([
      { period: OPEN[0], version: 1, status: 'draft' },
      { period: OPEN[1], version: 1, status: 'draft' },
    ]);
  });
});
