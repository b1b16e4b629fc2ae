/**
 * A regional lead's import of the region's history (POST /api/returns/history-import): who may import
 * what, all or nothing, the authority's own returns kept unless asked, the audit, and the releases
 * that follow.
 */
import type { PeriodId } from '@csc-workforce/metrics-core';
import { historyImportSummarySchema } from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { csv, putReturn, rowOf, VALID_RETURN } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { readReferenceData } from '../../db/reference.js';
import { auditLog, comparisonReleases, periods, returnRevisions, returns } from '../../db/schema.js';
import { makeRelease } from '../../services/releases.js';

const reference = readReferenceData();
const WEST_MIDLANDS = 'E12000005';
const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const MANCHESTER = 'E08000003';
const wm = reference.authorities.filter((a) => a.regionCode === WEST_MIDLANDS).map((a) => a.code);

/** Quarters long past, that no test file of the API opens. */
const Q = ['2018-19-Q1', '2018-19-Q2', '2018-19-Q3', '2018-19-Q4'] as const;

describe.each(DB_KINDS)('a region’s history in one import (%s)', (kind) => {
  let ctx: TestContext;
  let as: Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    as = await signInAll(ctx, ['westMidlandsLead', 'northWestLead', 'admin', 'coventrySubmitter']);
  });
  afterAll(() => ctx?.close());

  const importFile = (who: TestUser, body: string, query = '') =>
    as[who].request('POST', `/api/returns/history-import${query}`, body, { 'content-type': 'text/csv' });

  /** Every row an import could touch, to prove that a refused one changed nothing. */
  const snapshot = async () => {
    const { db } = ctx.database;
    return JSON.stringify([
      await db.select().from(returns).orderBy(returns.authorityCode, returns.periodId),
      await db.select().from(returnRevisions).orderBy(returnRevisions.authorityCode, returnRevisions.periodId),
      await db.select().from(periods).orderBy(periods.id),
      await db.$count(auditLog),
      await db.$count(comparisonReleases),
    ]);
  };

  const returnOf = async (authority: string, period: string) => {
    const [row] = await ctx.database.db
      .select()
      .from(returns)
      .where(and(eq(returns.authorityCode, authority), eq(returns.periodId, period)));
    return row;
  };

  test('the template lists the region’s authorities; the example, filled in, imports as it is', async () => {
    const template = await as.westMidlandsLead.request('GET', '/api/returns/history-template.csv');
    expect(template.status).toBe(200);
    const rows = parse(await template.text(), { bom: true }) as string[][];
    expect(rows[0]?.slice(0, 3)).toEqual(['authority_code', 'period', 'permanent_headcount']);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...wm].sort());
    expect(await as.coventrySubmitter.request('GET', '/api/returns/history-template.csv')).toHaveProperty(
      'status',
      403,
    );

    const example = await as.westMidlandsLead.request('GET', '/api/returns/history-example.csv');
    expect(example.status).toBe(200);
    const text = await example.text();
    const exampleRows = (parse(text, { bom: true }) as string[][]).slice(1);
    expect(exampleRows).toHaveLength(4);
    expect(exampleRows.every((r) => wm.includes(r[0] as string))).toBe(true);
    // Checked only: the example is valid, and nothing is saved.
    const before = await snapshot();
    const checked = await importFile('westMidlandsLead', text, '?dryRun=true');
    expect(checked.status).toBe(200);
    const summary = historyImportSummarySchema.parse(await json(checked));
    expect(summary).toMatchObject({ dryRun: true, rows: 4, created: 4, kept: 0, released: [] });
    expect(summary.periodsCreated).toEqual(['2019-20-Q3', '2019-20-Q4']);
    expect(await snapshot()).toBe(before);
  });

  test('a lead imports its own region only; an admin any region', async () => {
    const before = await snapshot();
    const other = await importFile(
      'westMidlandsLead',
      csv([rowOf(Q[0], VALID_RETURN, COVENTRY), rowOf(Q[0], VALID_RETURN, MANCHESTER)]),
    );
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json(other);
    expect(problem.errors).toEqual([
      {
        row: 3,
        column: 'authority_code',
        message: expect.stringMatching(/^Manchester \(E08000003\) is not in your region/),
      },
    ]);
    expect(await snapshot()).toBe(before);
    // The North West lead may import Manchester, not Coventry; an authority's submitter nothing.
    expect((await importFile('northWestLead', csv([rowOf(Q[0], VALID_RETURN, COVENTRY)]))).status).toBe(422);
    expect((await importFile('coventrySubmitter', csv([rowOf(Q[0], VALID_RETURN, COVENTRY)]))).status).toBe(403);
    expect(await snapshot()).toBe(before);

    const admin = await importFile(
      'admin',
      csv([rowOf(Q[0], VALID_RETURN, MANCHESTER), rowOf(Q[0], VALID_RETURN, WARWICKSHIRE)]),
    );
    expect(admin.status).toBe(200);
    expect(await json(admin)).toMatchObject({ created: 2, periodsCreated: [Q[0]] });
    expect(await returnOf(MANCHESTER, Q[0])).toMatchObject({ status: 'accepted', version: 1, updatedBy: 'u-admin' });
  });

  test('one bad row refuses the whole file, naming every row and column; nothing is stored', async () => {
    const before = await snapshot();
    const file = csv([
      rowOf(Q[1], VALID_RETURN, COVENTRY),
      rowOf(Q[1], { ...VALID_RETURN, agencyHeadcount: -3 }, WARWICKSHIRE),
      rowOf('2099-00-Q1', VALID_RETURN, wm[2]),
      rowOf(Q[1], VALID_RETURN, COVENTRY),
      rowOf('2018/19 Q9', VALID_RETURN, 'E99999999'),
    ]);
    const res = await importFile('westMidlandsLead', file);
    expect(res.status).toBe(422);
    const problem = await json(res);
    expect(problem.title).toBe('The file has errors: nothing was imported');
    expect(problem.errors.map((e: { row: number; column?: string }) => [e.row, e.column])).toEqual([
      [3, 'agency_headcount'],
      [4, 'period'],
      [5, 'period'],
      [6, 'authority_code'],
      [6, 'period'],
    ]);
    expect(await snapshot()).toBe(before);

    // A future quarter, or one whose collection is open in the region, is not history.
    await ctx.database.db.insert(periods).values({ id: '2024-25-Q3', status: 'open' });
    const open = await importFile(
      'westMidlandsLead',
      csv([rowOf('2024-25-Q3', VALID_RETURN, COVENTRY), rowOf('2040-41-Q1', VALID_RETURN, COVENTRY)]),
    );
    expect(open.status).toBe(422);
    expect((await json(open)).errors).toEqual([
      { row: 2, column: 'period', message: expect.stringMatching(/collection of 2024-25 Q3 is open in West Midlands/) },
      { row: 3, column: 'period', message: expect.stringMatching(/2040-41 Q1 has not ended yet/) },
    ]);
  });

  test('an authority’s own return is kept unless the lead asks to replace it; each write is audited', async () => {
    const period = Q[2];
    await ctx.database.db.insert(periods).values({ id: period, status: 'closed' });
    await putReturn(ctx.database.db, COVENTRY, period, 'draft', { permanentHeadcount: 100 });
    await putReturn(ctx.database.db, COVENTRY, period, 'submitted', { permanentHeadcount: 100 });
    const auditBefore = await ctx.database.db.$count(auditLog);
    const [{ lastId } = { lastId: 0 }] = await ctx.database.db.select({ lastId: sql<number>`max(id)` }).from(auditLog);
    const file = csv(wm.slice(0, 6).map((code) => rowOf(period, VALID_RETURN, code)));

    const first = await importFile('westMidlandsLead', file);
    expect(first.status).toBe(200);
    const summary = await json(first);
    expect(summary).toMatchObject({ created: 5, kept: 1, updated: 0, periodsCreated: [] });
    expect(summary.keptReturns).toEqual([
      {
        row: wm.indexOf(COVENTRY) + 2,
        authorityCode: COVENTRY,
        period,
        periodLabel: '2018-19 Q3',
        status: 'submitted',
      },
    ]);
    expect(await returnOf(COVENTRY, period)).toMatchObject({ status: 'submitted', version: 2 });
    const imported = wm.slice(0, 6).filter((c) => c !== COVENTRY);
    for (const code of imported) {
      expect(await returnOf(code, period)).toMatchObject({ status: 'accepted', version: 1, updatedBy: 'u-wm-lead' });
    }
    const entries = await ctx.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.id} > ${lastId} AND ${auditLog.userId} = 'u-wm-lead'`);
    expect(
      entries
        .filter((e) => e.action === 'import-return-on-behalf')
        .map((e) => e.entityId)
        .sort(),
    ).toEqual(imported.map((code) => `${code}/${period}`).sort());
    expect(entries.find((e) => e.action === 'import-history')).toMatchObject({
      entity: 'region',
      entityId: WEST_MIDLANDS,
      detail: { created: 5, kept: 1, updated: 0, replace: false },
    });
    expect((await ctx.database.db.$count(auditLog)) - auditBefore).toBe(
      6 + (await ctx.database.db.$count(comparisonReleases, eq(comparisonReleases.periodId, period))),
    );

    // The same file again changes nothing; asked to replace, the lead's figures replace Coventry's.
    expect(await json(await importFile('westMidlandsLead', file))).toMatchObject({ unchanged: 5, kept: 1 });
    const replaced = await json(await importFile('westMidlandsLead', file, '?replace=true'));
    expect(replaced).toMatchObject({ updated: 1, unchanged: 5, kept: 0 });
    expect(await returnOf(COVENTRY, period)).toMatchObject({ status: 'accepted', version: 3, updatedBy: 'u-wm-lead' });
    const [audited] = await ctx.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import-return-on-behalf'), eq(auditLog.entityId, `${COVENTRY}/${period}`)));
    expect(audited).toMatchObject({ userId: 'u-wm-lead', detail: { version: 3, status: 'accepted' } });
  });

  test('the closed periods it fills are released at once; a period released before waits for its re-release', async () => {
    const [fresh, released] = [Q[3], '2017-18-Q4'];
    // A period released before the import, from one authority's return.
    await ctx.database.db.insert(periods).values({ id: released, status: 'closed' });
    await putReturn(ctx.database.db, wm[0] as string, released, 'accepted', { permanentHeadcount: 90 });
    const made = await makeRelease(ctx.database.db, released as PeriodId, {
      reason: 'collection-closed',
      by: null,
      now: ctx.deps.now(),
      k: 5,
    });
    expect(made.made).toBe(true);

    const file = csv(
      wm.slice(1, 7).flatMap((code) => [rowOf(fresh, VALID_RETURN, code), rowOf(released, VALID_RETURN, code)]),
    );
    const res = await importFile('westMidlandsLead', file);
    expect(res.status).toBe(200);
    const summary = await json(res);
    expect(summary).toMatchObject({
      created: 12,
      periodsCreated: [fresh],
      released: [fresh],
      awaitingRelease: [released],
    });
    const releases = await ctx.database.db
      .select()
      .from(comparisonReleases)
      .where(sql`${comparisonReleases.periodId} IN (${fresh}, ${released})`)
      .orderBy(comparisonReleases.periodId, comparisonReleases.sequence);
    expect(releases.map((r) => [r.periodId, r.sequence, r.returns])).toEqual([
      [released, 1, 1],
      [fresh, 1, 6],
    ]);
    // The lead sees the fresh period's release.
    const list = await as.westMidlandsLead.request('GET', `/api/periods/${fresh}/releases`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).toContain('"sequence":1');
  });
});
