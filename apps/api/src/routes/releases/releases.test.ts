import { computeMetrics, type MetricResults } from '@csc-workforce/metrics-core';
import { comparisonReleaseSchema, comparisonReleasesSchema, releaseContentsSchema } from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { figuresWithVacancyRate, putReturn } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { rowsOf } from '../../db/client.js';
import { readReferenceData } from '../../db/reference.js';
import { auditLog, periods, returnRevisions, returns } from '../../db/schema.js';
import { makeDueReleases, makeRelease, safeChanges } from '../../services/releases.js';

const reference = readReferenceData();
const WEST_MIDLANDS = 'E12000005';
const NORTH_WEST = 'E12000002';
const COVENTRY = 'E08000026';
const DAY = 86_400_000;
const inRegion = (code: string) => reference.authorities.filter((a) => a.regionCode === code).map((a) => a.code);
const wm = inRegion(WEST_MIDLANDS);
const nw = inRegion(NORTH_WEST);

const figures = figuresWithVacancyRate;

describe('the k rule', () => {
  const results = (rate: number): MetricResults =>
    computeMetrics([{ period: '2030-31-Q1', ...figures(rate) } as never], '2030-31-Q1');
  const snapshot = (entries: [string, string, number][]) =>
    new Map(entries.map(([code, region, rate]) => [code, { region, results: results(rate) }]));

  test('changes wait in a group where fewer than k authorities changed; the others are released', () => {
    const before = snapshot([
      ['a1', 'A', 10],
      ['a2', 'A', 11],
      ['a3', 'A', 12],
      ['b1', 'B', 20],
    ]);
    const after = snapshot([
      ['a1', 'A', 15],
      ['a2', 'A', 16],
      ['a3', 'A', 17],
      ['b1', 'B', 25],
    ]);
    expect([...safeChanges(before, after, new Set(['a1', 'a2', 'a3', 'b1']), 3)].sort()).toEqual(['a1', 'a2', 'a3']);
    // With k = 4 region A has too few as well, and then England: nothing is released.
    expect(safeChanges(before, after, new Set(['a1', 'a2', 'a3', 'b1']), 4).size).toBe(0);
  });

  test('an authority whose figures changed in no metric counts for no group', () => {
    const before = snapshot([['a1', 'A', 10]]);
    const after = snapshot([['a1', 'A', 10]]);
    expect([...safeChanges(before, after, new Set(['a1']), 5)]).toEqual(['a1']);
  });

  test('a change undone counts against the earlier release it returns to', () => {
    const first = snapshot([
      ['a1', 'A', 10],
      ['a2', 'A', 11],
      ['a3', 'A', 12],
    ]);
    const latest = snapshot([
      ['a1', 'A', 15],
      ['a2', 'A', 16],
      ['a3', 'A', 17],
    ]);
    const next = snapshot([
      ['a1', 'A', 10],
      ['a2', 'A', 11],
      ['a3', 'A', 30],
    ]);
    const all = new Set(['a1', 'a2', 'a3']);
    // Three changed since the latest release, but the first and the new one differ by a3 alone.
    expect(safeChanges(latest, next, all, 3).size).toBe(3);
    expect(safeChanges(latest, next, all, 3, [{ results: first, codes: all }]).size).toBe(0);
  });

  test('an authority joining or leaving a group is a change of that group', () => {
    const before = snapshot([['a1', 'A', 10]]);
    const after = new Map();
    expect(safeChanges(before, after, new Set(['a1']), 2).size).toBe(0);
  });
});

describe.each(DB_KINDS)('comparison releases on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;
  const P = '2030-31-Q1';
  const LATE = '2030-31-Q2';

  const put = (authority: string, period: string, status: 'draft' | 'submitted', rate: number) =>
    putReturn(ctx.database.db, authority, period, status, figures(rate));

  /** Moves the clock on, and signs everyone in again (sessions end after 12 hours). */
  async function later(ms: number) {
    ctx.advance(ms);
    clients = await signInAll(ctx, Object.keys(clients) as TestUser[]);
  }

  const due = () => makeDueReleases(ctx.database.db, ctx.deps.env, ctx.deps.now());

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    clients = await signInAll(ctx, [
      'admin',
      'coventrySubmitter',
      'coventryViewer',
      'westMidlandsLead',
      'northWestLead',
    ] as TestUser[]);
    await ctx.database.db.insert(periods).values([
      { id: P, status: 'open', dueDate: '2030-08-11' },
      { id: LATE, status: 'open', dueDate: '2030-11-10' },
    ]);
    for (const [i, code] of wm.slice(0, 8).entries()) await put(code, P, 'submitted', 10 + i);
    for (const [i, code] of nw.slice(0, 6).entries()) await put(code, P, 'submitted', 20 + i);
  }, 120_000);
  afterAll(() => ctx.close());

  test('only leads and admins list releases, only admins make them; identity comes first', async () => {
    const path = `/api/periods/${P}/releases`;
    expect((await ctx.app.request(path)).status).toBe(401);
    expect((await ctx.app.request(path, { method: 'POST' })).status).toBe(401);
    for (const who of ['coventrySubmitter', 'coventryViewer'] as const) {
      expect((await clients[who].request('GET', path)).status, who).toBe(403);
      expect((await clients[who].request('POST', path)).status, who).toBe(403);
      expect((await clients[who].request('GET', `${path}/1`)).status, who).toBe(403);
    }
    expect((await clients.westMidlandsLead.request('POST', path)).status).toBe(403);
    expect((await clients.admin.request('GET', '/api/periods/2031-32-Q1/releases')).status).toBe(404);
    expect((await clients.admin.request('GET', `${path}/0`)).status).toBe(400);
    expect((await clients.admin.request('GET', `${path}/1`)).status).toBe(404);
  });

  test('a region closing its round releases nothing while other regions collect; the period closing releases it', async () => {
    const close = await clients.westMidlandsLead.request('PATCH', `/api/regions/${WEST_MIDLANDS}/rounds/${P}`, {
      status: 'closed',
    });
    expect(close.status).toBe(200);
    let list = await json(await clients.westMidlandsLead.request('GET', `/api/periods/${P}/releases`));
    expect(comparisonReleasesSchema.safeParse(list).error).toBeUndefined();
    expect(list.releases).toEqual([]);
    expect(list.pending.message).toMatch(/has not been released yet/);
    // What waits is the period's own counted returns (the lead sees their region's count only: the
    // other regions' submissions are live events of their authorities).
    expect(list.pending.changed).toBe(8);
    expect(list.pending.regions).toEqual([{ code: WEST_MIDLANDS, name: 'West Midlands', changed: 8 }]);
    // Before the release the Coventry viewer's answer says when it will be.
    const before = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${P}`));
    expect(before.notReleased.message).toMatch(/by 8 September 2030 at the latest/);
    expect(before.notReleased.expectedBy).toBe('2030-09-08');

    expect((await clients.admin.request('PATCH', `/api/periods/${P}`, { status: 'closed' })).status).toBe(200);
    list = await json(await clients.westMidlandsLead.request('GET', `/api/periods/${P}/releases`));
    expect(list.releases).toHaveLength(1);
    expect(list.releases[0]).toMatchObject({ sequence: 1, reason: 'collection-closed', returns: 14, changed: null });
    // A lead sees their own region's counts only.
    expect(list.releases[0].regions).toEqual([
      { code: WEST_MIDLANDS, name: 'West Midlands', returns: 8, changed: null },
    ]);
    const admin = await json(await clients.admin.request('GET', `/api/periods/${P}/releases`));
    expect(admin.releases[0].regions).toHaveLength(9);
    const after = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${P}`));
    expect(after.notReleased).toBeNull();
    expect(after.release).toMatchObject({ period: P, sequence: 1 });
    expect(after.release.label).toMatch(/^released \d{1,2} \w+ \d{4}$/);
  });

  test('what a release holds: each counted return and its revision, a lead their own region’s only', async () => {
    const lead = await json(await clients.westMidlandsLead.request('GET', `/api/periods/${P}/releases/1`));
    expect(releaseContentsSchema.safeParse(lead).error).toBeUndefined();
    expect(lead.returns.map((r: { authorityCode: string }) => r.authorityCode).sort()).toEqual(wm.slice(0, 8).sort());
    expect(lead.returns.every((r: { revision: number }) => r.revision === 1)).toBe(true);
    const admin = await json(await clients.admin.request('GET', `/api/periods/${P}/releases/1`));
    expect(admin.returns).toHaveLength(14);
  });

  test('releases never change: the database refuses to update or delete one', async () => {
    await expect(ctx.database.db.execute(sql`UPDATE comparison_releases SET returns = 0`)).rejects.toThrow();
    await expect(ctx.database.db.execute(sql`DELETE FROM comparison_release_returns`)).rejects.toThrow();
    const [row] = rowsOf<{ returns: number }>(
      await ctx.database.db.execute(sql`SELECT returns FROM comparison_releases`),
    );
    expect(Number(row?.returns)).toBe(14);
  });

  test('revisions wait for the schedule, and for k changed contributions in every group they change', async () => {
    // Five West Midlands authorities revise their figures (k = 5), one North West authority too.
    for (const [i, code] of wm.slice(0, 5).entries()) await put(code, P, 'submitted', 30 + i);
    await put(nw[0] as string, P, 'submitted', 40);
    // The week has not passed: nothing is released, and the answer is unchanged.
    expect(await due()).toEqual([]);
    const pending = await json(await clients.admin.request('GET', `/api/periods/${P}/releases`));
    expect(pending.pending.changed).toBe(6);
    // A lead learns of their own region's waiting changes only: another region's resubmissions are
    // live events of its authorities.
    const northWest = await json(await clients.northWestLead.request('GET', `/api/periods/${P}/releases`));
    expect(northWest.pending.changed).toBe(1);
    expect(northWest.pending.regions).toEqual([{ code: NORTH_WEST, name: 'North West', changed: 1 }]);
    expect(northWest.pending.message).toMatch(/^In North West, 1 authority’s contribution has changed/);
    // When the next release may be made, as people write dates; and not all at once: those that can be.
    expect(pending.pending.message).toMatch(/from \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(pending.pending.message).not.toMatch(/\d{4}-\d{2}-\d{2}|released together/);
    await later(7 * DAY);
    const made = await due();
    expect(made.map((r) => [r.period, r.sequence, r.reason, r.changed])).toEqual([[P, 2, 'scheduled', 5]]);
    const list = await json(await clients.admin.request('GET', `/api/periods/${P}/releases`));
    expect(list.releases.map((r: { sequence: number }) => r.sequence)).toEqual([2, 1]);
    expect(list.releases[0].regions.find((r: { code: string }) => r.code === WEST_MIDLANDS).changed).toBe(5);
    // The North West change waits: one authority alone would be isolated.
    expect(list.pending.changed).toBe(1);
    expect(list.pending.message).toMatch(
      /^1 authority’s contribution has changed .* It is released, .*; until then it waits\.$/,
    );
    const contents = await json(await clients.admin.request('GET', `/api/periods/${P}/releases/2`));
    const byCode = new Map(
      contents.returns.map((r: { authorityCode: string; revision: number }) => [r.authorityCode, r]),
    );
    expect((byCode.get(nw[0] as string) as { revision: number }).revision).toBe(1);
    expect((byCode.get(wm[0] as string) as { revision: number }).revision).toBe(2);
    // An admin's release at once is still under the rule.
    const refused = await clients.admin.request('POST', `/api/periods/${P}/releases`);
    expect(refused.status).toBe(409);
    expect((await json(refused)).type).toBe('/problems/nothing-to-release');
  });

  test('an admin releases at once, audited; a period past its due date is released without its rounds closing', async () => {
    for (const [i, code] of wm.slice(0, 6).entries()) await put(code, LATE, 'submitted', 12 + i);
    // Until it is released, a download of the quarter says whose groups stand beside its own figures.
    for (const who of ['coventryViewer', 'westMidlandsLead'] as const) {
      const csv = await (await clients[who].request('GET', `/api/comparisons/${LATE}/export?format=csv`)).text();
      const [head = [], ...rows]: string[][] = parse(csv, { bom: true });
      const column = head.indexOf('groups from');
      expect(column, who).toBeGreaterThan(0);
      // The lead's own region is live: the England rows name the release.
      for (const row of who === 'westMidlandsLead' ? rows.filter((r) => r[3] === 'England') : rows)
        expect(row[column], who).toMatch(/^2030-31 Q1, released \d{1,2} \w+ \d{4}; revised \d{1,2} \w+ \d{4}$/);
    }
    const made = await clients.admin.request('POST', `/api/periods/${LATE}/releases`);
    expect(made.status).toBe(201);
    const body = await json(made);
    expect(comparisonReleaseSchema.safeParse(body).error).toBeUndefined();
    expect(body).toMatchObject({ sequence: 1, reason: 'admin', releasedByName: 'Ada Admin', returns: 6 });
    const entries = await ctx.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'period'), eq(auditLog.entityId, LATE)));
    expect(entries.map((e) => [e.action, e.userId])).toContainEqual(['release-comparison', 'u-admin']);

    const NEXT = '2030-31-Q3';
    await ctx.database.db.insert(periods).values({ id: NEXT, status: 'open', dueDate: '2031-02-09' });
    await put(COVENTRY, NEXT, 'submitted', 15);
    const dueAt = new Date('2031-02-09T00:00:00Z').getTime();
    await later(dueAt + 27 * DAY - ctx.deps.now().getTime());
    expect((await due()).filter((r) => r.period === NEXT)).toEqual([]);
    await later(DAY);
    const late = (await due()).filter((r) => r.period === NEXT);
    expect(late.map((r) => [r.sequence, r.reason, r.returns])).toEqual([[1, 'due-date-passed', 1]]);
  });
});

describe.each(DB_KINDS)('every pair of releases of a period, on %s (k = 3)', (kind) => {
  const K = 3;
  const P = '2031-32-Q1';
  let ctx: TestContext;
  let admin: Client;
  /** Each stored revision's vacancy rate, by `authority|revision`. */
  const rates = new Map<string, number>();

  async function put(authority: string, rate: number) {
    const { db } = ctx.database;
    const [existing] = await db
      .select()
      .from(returns)
      .where(and(eq(returns.authorityCode, authority), eq(returns.periodId, P)));
    const version = (existing?.version ?? 0) + 1;
    if (existing) {
      await db
        .update(returns)
        .set({ status: 'submitted', version })
        .where(and(eq(returns.authorityCode, authority), eq(returns.periodId, P)));
    } else {
      await db.insert(returns).values({ authorityCode: authority, periodId: P, status: 'submitted', version });
    }
    await db.insert(returnRevisions).values({
      authorityCode: authority,
      periodId: P,
      revision: version,
      status: 'submitted',
      figures: figures(rate),
    });
    rates.set(`${authority}|${version}`, rate);
  }

  /** Each release's vacancy rates of the period, by authority, with its region. */
  async function released(): Promise<Map<string, { region: string; rate: number }>[]> {
    const list = await json(await admin.request('GET', `/api/periods/${P}/releases`));
    const out = [];
    for (const { sequence } of [...list.releases].reverse()) {
      const body = await json(await admin.request('GET', `/api/periods/${P}/releases/${sequence}`));
      out.push(
        new Map<string, { region: string; rate: number }>(
          body.returns.map((r: { authorityCode: string; regionCode: string; revision: number }) => [
            r.authorityCode,
            { region: r.regionCode, rate: rates.get(`${r.authorityCode}|${r.revision}`) as number },
          ]),
        ),
      );
    }
    return out;
  }

  beforeAll(async () => {
    ctx = await createTestContext(kind, { MIN_GROUP_SIZE: String(K) });
    ({ admin } = await signInAll(ctx, ['admin'] as TestUser[]));
    await ctx.database.db.insert(periods).values({ id: P, status: 'open', dueDate: '2031-08-10' });
    for (const [i, code] of wm.slice(0, 4).entries()) await put(code, 10 + i);
    for (const [i, code] of nw.slice(0, 3).entries()) await put(code, 20 + i);
  }, 120_000);
  afterAll(() => ctx.close());

  test('a re-release differs from every earlier release, not only the latest, by 0 or at least k authorities in every group', async () => {
    const [a, b, c] = wm as [string, string, string];
    expect((await admin.request('POST', `/api/periods/${P}/releases`)).status).toBe(201);
    // Three West Midlands authorities revise: a change of k in the region and in England.
    await put(a, 15);
    await put(b, 16);
    await put(c, 17);
    expect((await admin.request('POST', `/api/periods/${P}/releases`)).status).toBe(201);
    // Two of them go back to their first figures (sent back, resubmitted as they were) and the third
    // revises again: three changes since the latest release, but only one since the first.
    await put(a, 10);
    await put(b, 11);
    await put(c, 30);
    await admin.request('POST', `/api/periods/${P}/releases`);

    const all = await released();
    for (const [i, x] of all.entries()) {
      for (const y of all.slice(i + 1)) {
        const differing = new Map<string, number>();
        for (const code of new Set([...x.keys(), ...y.keys()])) {
          if (x.get(code)?.rate === y.get(code)?.rate) continue;
          for (const group of new Set(['england', x.get(code)?.region, y.get(code)?.region]))
            if (group) differing.set(group, (differing.get(group) ?? 0) + 1);
        }
        for (const [group, n] of differing) {
          expect(n, `releases ${i + 1} and ${all.indexOf(y) + 1}, group ${group}`).toBeGreaterThanOrEqual(K);
        }
      }
    }
  });

  test('a release is made for the reason it is asked for, decided while holding the period: a first release once, a scheduled one after the interval', async () => {
    // Three North West authorities revise: a change that may be released.
    for (const [i, code] of nw.slice(0, 3).entries()) await put(code, 25 + i);
    const [latest] = (await json(await admin.request('GET', `/api/periods/${P}/releases`))).releases;
    const asked = (reason: 'collection-closed' | 'due-date-passed' | 'scheduled', now: Date) =>
      makeRelease(ctx.database.db, P, { reason, by: null, now, k: K, intervalDays: 7 });
    const soon = new Date(new Date(latest.releasedAt).getTime() + DAY);
    // Another instance that found the period's first release due, or its week passed, before this
    // one's release was made: nothing more is made.
    expect(await asked('collection-closed', soon)).toMatchObject({ made: false });
    expect(await asked('due-date-passed', soon)).toMatchObject({ made: false });
    expect(await asked('scheduled', soon)).toMatchObject({ made: false });
    const week = new Date(new Date(latest.releasedAt).getTime() + 7 * DAY);
    expect(await asked('scheduled', week)).toMatchObject({ made: true, release: { reason: 'scheduled' } });
  });
});
