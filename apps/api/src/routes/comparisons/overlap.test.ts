/**
 * Overlapping groups (DESIGN section 6): "a group whose members differ from another group the same
 * viewer sees by fewer than k authorities would let one be subtracted from the other; such a group
 * shows no figures". Here the platform holds 8 West Midlands authorities and 2 North West ones (k = 5):
 * England less the West Midlands is the 2 North West authorities, whose region is withheld; a West
 * Midlands viewer who saw both England's and its region's peer values would read theirs off.
 */
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
import { periods } from '../../db/schema.js';

const reference = readReferenceData();
const WEST_MIDLANDS = 'E12000005';
const NORTH_WEST = 'E12000002';
const inRegion = (code: string) => reference.authorities.filter((a) => a.regionCode === code).map((a) => a.code);
const K = 5;
const P = '2032-33-Q1';

const figures = figuresWithVacancyRate;

/** The multiset difference of two lists of peer values: what is in `big` and not in `small`. */
function less(big: readonly number[], small: readonly number[]): number[] {
  const left = [...small];
  const out: number[] = [];
  for (const v of big) {
    const i = left.indexOf(v);
    if (i >= 0) left.splice(i, 1);
    else out.push(v);
  }
  return out;
}

describe.each(DB_KINDS)('overlapping groups on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind, { MIN_GROUP_SIZE: String(K) });
    clients = await signInAll(ctx, ['admin', 'coventryViewer', 'westMidlandsLead', 'northWestLead'] as TestUser[]);
    const { db } = ctx.database;
    await db.insert(periods).values({ id: P, status: 'open', dueDate: '2032-08-10' });
    const put = (code: string, rate: number) => putReturn(db, code, P, 'submitted', figures(rate));
    for (const [i, code] of inRegion(WEST_MIDLANDS).slice(0, 8).entries()) await put(code, 10 + i);
    for (const [i, code] of inRegion(NORTH_WEST).slice(0, 2).entries()) await put(code, 30 + 3 * i);
    expect((await clients.admin.request('POST', `/api/periods/${P}/releases`)).status).toBe(201);
  }, 120_000);
  afterAll(() => ctx.close());

  test('an authority user never sees England beside its region when England less the region is fewer than k', async () => {
    const answer = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${P}/metrics/vacancyRate`));
    const [m] = answer.metrics;
    expect(m.region.group.status).toBe('shown');
    if (m.england.group.status === 'shown') {
      const outside = less(m.england.group.values, m.region.group.values);
      expect(outside.length === 0 || outside.length >= K, `England less the region: [${outside}]`).toBe(true);
    }
    expect(m.england.group).toMatchObject({ status: 'withheld', reason: 'overlapping-groups' });
    expect(m.england.group.message).toMatch(/2 authorities outside West Midlands/);
    // Nor its place in England (rank in England against rank in the region would place them), nor
    // England in the trend.
    expect(m.england).toMatchObject({ rank: null, quartile: null, funnel: null });
    expect(answer.trend.find((p: { period: string }) => p.period === P).england).toBeNull();
    const all = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${P}`));
    const byId = (id: string) => all.metrics.find((x: { metric: { id: string } }) => x.metric.id === id);
    expect(byId('vacancyRate').england.group.status).toBe('withheld');
  });

  test('a lead, who knows their own region, never sees England when England less it is fewer than k', async () => {
    const answer = await json(
      await clients.westMidlandsLead.request('GET', `/api/comparisons/${P}/metrics/vacancyRate`),
    );
    const [m] = answer.metrics;
    expect(m.england).toMatchObject({ status: 'withheld', reason: 'overlapping-groups' });
    expect(m.authorities.every((a: { england: { rank: unknown } }) => a.england.rank === null)).toBe(true);
    expect(answer.trend.find((p: { period: string }) => p.period === P).england).toBeNull();
    // The North West lead sees England less its own region (8 West Midlands authorities): shown.
    const other = await json(await clients.northWestLead.request('GET', `/api/comparisons/${P}/metrics/vacancyRate`));
    expect(other.metrics[0].england.status).toBe('shown');
  });
});
