/**
 * An authority that moves region (README: re-releases carry "an authority retired or moved"): until a
 * re-release carries the move, its new region's released group does not hold it, and its place in
 * that region is worked out with its live figures put in, as for any authority not in the release.
 */
import { eq } from 'drizzle-orm';
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
import { readReferenceData } from '../../db/reference.js';
import { authorities, periods } from '../../db/schema.js';

const reference = readReferenceData();
const WEST_MIDLANDS = 'E12000005';
const NORTH_WEST = 'E12000002';
const COVENTRY = 'E08000026';
const inRegion = (code: string) => reference.authorities.filter((a) => a.regionCode === code).map((a) => a.code);
const K = 3;
const P = '2033-34-Q1';
const figures = figuresWithVacancyRate;

describe.each(DB_KINDS)('an authority that moved region, on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind, { MIN_GROUP_SIZE: String(K) });
    clients = await signInAll(ctx, ['admin', 'coventryViewer'] as TestUser[]);
    const { db } = ctx.database;
    await db.insert(periods).values({ id: P, status: 'open', dueDate: '2033-08-10' });
    const wm = [
      COVENTRY,
      ...inRegion(WEST_MIDLANDS)
        .filter((c) => c !== COVENTRY)
        .slice(0, 3),
    ];
    const nw = inRegion(NORTH_WEST).slice(0, 4);
    for (const [i, code] of [...wm, ...nw].entries()) {
      await putReturn(db, code, P, 'submitted', figures(10 + i));
    }
    expect((await clients.admin.request('POST', `/api/periods/${P}/releases`)).status).toBe(201);
    await db.update(authorities).set({ regionCode: NORTH_WEST }).where(eq(authorities.code, COVENTRY));
  }, 120_000);
  afterAll(() => ctx.close());

  test('its place in its new region counts itself, its figures unchanged', async () => {
    const res = await clients.coventryViewer.request('GET', `/api/comparisons/${P}/metrics/vacancyRate`);
    const answer = await json(res);
    expect(res.status, JSON.stringify(answer)).toBe(200);
    expect(answer.region.code).toBe(NORTH_WEST);
    const [m] = answer.metrics;
    // The North West's released group holds 4 authorities, Coventry not among them.
    expect(m.region.group).toMatchObject({ status: 'shown', n: 4 });
    expect(m.region.n).toBe(5);
    expect(m.region.rank).toBe(1);
  });
});
