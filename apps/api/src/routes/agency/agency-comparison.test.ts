/**
 * The agency compliance in anonymised comparisons: an authority's own figures live, its region and
 * England pooled from the period's releases (the annex each counted authority submitted
 * with its return, the caps set by the release's date), as rates, withheld below k and when England
 * differs from the region by fewer than k; no registration number; moved to a re-release only when
 * its annexes differ from every release used before by none or at least k authorities.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { agencyAssignment, figuresWithVacancyRate, putReturn } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { agencyCaps, periods } from '../../db/schema.js';
import { saveAnnex } from '../../services/agency.js';
import { makeRelease } from '../../services/releases.js';

const A = '2035-36-Q1'; // quarter end 2035-06-30
const B = '2035-36-Q2';
const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const BIRMINGHAM = 'E08000025';
const SOLIHULL = 'E08000029';
const MANCHESTER = 'E08000003';
const SALFORD = 'E08000006';
const BOLTON = 'E08000001';

describe.each(DB_KINDS)('the agency comparison on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;

  /** Saves an authority's annex of one assignment, then submits its return (the annex goes with it). */
  const submit = async (authority: string, period: string, over: Record<string, unknown> = {}, version = 0) => {
    await saveAnnex(ctx.database.db, {
      authorityCode: authority,
      period,
      expectedVersion: version,
      assignments: [agencyAssignment(over)],
      userId: 'u-admin',
      at: new Date(),
      action: 'save',
    });
    await putReturn(ctx.database.db, authority, period, 'submitted', figuresWithVacancyRate(10));
  };

  beforeAll(async () => {
    ctx = await createTestContext(kind, { MIN_GROUP_SIZE: '3' });
    clients = await signInAll(ctx, ['coventryViewer', 'warwickshireSubmitter', 'manchesterSubmitter'] as TestUser[]);
    await ctx.database.db.insert(periods).values([
      { id: A, status: 'open' },
      { id: B, status: 'open' },
    ]);
    // A cap in the West Midlands only: the North West's assignments have none to be judged by.
    await ctx.database.db
      .insert(agencyCaps)
      .values({ regionCode: 'E12000005', roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2030-01-01' });
    // A: the West Midlands 4 (Warwickshire over the cap, Solihull 1 year's experience, Coventry inside
    // the cool-off); the North West 3 (Manchester inside the cool-off).
    await submit(COVENTRY, A, { coolOff: true });
    await submit(WARWICKSHIRE, A, { hourlyRate: 42 });
    await submit(BIRMINGHAM, A);
    await submit(SOLIHULL, A, { pqeYears: 1 });
    await submit(MANCHESTER, A, { coolOff: true });
    await submit(SALFORD, A);
    await submit(BOLTON, A);
    // B: the West Midlands 3, the North West 1.
    await submit(COVENTRY, B);
    await submit(WARWICKSHIRE, B);
    await submit(BIRMINGHAM, B);
    await submit(MANCHESTER, B);
    for (const period of [A, B] as const) {
      const made = await makeRelease(ctx.database.db, period, { reason: 'admin', by: null, now: new Date(), k: 3 });
      expect(made.made, period).toBe(true);
    }
  }, 120_000);
  afterAll(() => ctx.close());

  type Group = {
    id: string;
    measures: { id: string; value: number | null; authorities: number; withheld: string | null }[];
  };
  const get = async (who: TestUser, authority: string, period: string) => {
    const res = await clients[who].request('GET', `/api/agency/${authority}/${period}/comparison`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('SW5550001');
    return JSON.parse(text);
  };
  const values = (groups: Group[], id: string) =>
    Object.fromEntries(
      (groups.find((g) => g.id === id)?.measures ?? []).map((m) => [
        m.id,
        m.withheld ? `withheld (${m.authorities})` : m.value,
      ]),
    );

  test('the region and England pooled, as rates, against figures worked by hand', async () => {
    const answer = await get('coventryViewer', COVENTRY, A);
    expect(answer.release).toMatchObject({ sequence: 1 });
    expect(values(answer.groups, 'region')).toEqual({
      withinCap: 75, // 3 of 4 (Warwickshire over)
      experienced: 75, // 3 of 4 (Solihull under 3 years)
      twoReferences: 100,
      inProjectTeams: 0,
      insideCoolOff: 25, // Coventry
    });
    expect(values(answer.groups, 'england')).toEqual({
      withinCap: 75, // the North West has no cap: the same 4
      experienced: 85.7, // 6 of 7
      twoReferences: 100,
      inProjectTeams: 0,
      insideCoolOff: 28.6, // 2 of 7
    });
    // The authority's own, live, with its counts.
    expect(answer.own.find((m: { id: string }) => m.id === 'insideCoolOff')).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
    // No group's counts: rates only.
    expect(JSON.stringify(answer.groups)).not.toMatch(/numerator|denominator/);
  });

  test('withheld below k, and where England differs from the region by fewer than k', async () => {
    // B: the West Midlands 3, England 4: the region could be subtracted from England, so it is withheld.
    const coventry = await get('coventryViewer', COVENTRY, B);
    expect(values(coventry.groups, 'region')).toEqual({
      withinCap: 100, // the North West's one has no cap: England's and the region's are the same 3
      experienced: 'withheld (3)',
      twoReferences: 'withheld (3)',
      inProjectTeams: 'withheld (3)',
      insideCoolOff: 'withheld (3)',
    });
    expect(values(coventry.groups, 'england').experienced).toBe(100);
    // The North West has 1: fewer than k.
    const manchester = await get('manchesterSubmitter', MANCHESTER, B);
    expect(
      manchester.groups[0].measures.every((m: { withheld: string | null }) => m.withheld?.startsWith('Fewer than 3')),
    ).toBe(true);
  });

  test('a resubmitted annex changes its own figures at once, and the groups only with k others', async () => {
    const before = await get('warwickshireSubmitter', WARWICKSHIRE, A);
    await putReturn(ctx.database.db, COVENTRY, A, 'returned', figuresWithVacancyRate(10));
    await submit(COVENTRY, A, { coolOff: false }, 1);
    // The re-release carries Coventry's new revision: its return's metrics did not change, so the
    // release's rule lets one authority through; its annex alone would change the groups, so they stay
    // on the first release.
    const again = await makeRelease(ctx.database.db, A, { reason: 'admin', by: null, now: new Date(), k: 3 });
    expect(again.made).toBe(true);
    expect((await get('warwickshireSubmitter', WARWICKSHIRE, A)).groups).toEqual(before.groups);
    const own = await get('coventryViewer', COVENTRY, A);
    expect(own.own.find((m: { id: string }) => m.id === 'insideCoolOff')).toMatchObject({
      numerator: 0,
      denominator: 1,
    });
    expect(values(own.groups, 'region').insideCoolOff).toBe(25);
    expect(own.release).toMatchObject({ sequence: 1 });

    // Two more of the region resubmit their annexes (Warwickshire now within the cap, Solihull's worker
    // now experienced): a re-release whose annexes differ from the first by 3 authorities (k) in the
    // region and in England, and by none in the North West, may be shown. The second release, which
    // differs from the first by Coventry alone, is never used.
    await putReturn(ctx.database.db, WARWICKSHIRE, A, 'returned', figuresWithVacancyRate(10));
    await submit(WARWICKSHIRE, A, { hourlyRate: 38 }, 1);
    await putReturn(ctx.database.db, SOLIHULL, A, 'returned', figuresWithVacancyRate(10));
    await submit(SOLIHULL, A, {}, 1);
    const third = await makeRelease(ctx.database.db, A, { reason: 'admin', by: null, now: new Date(), k: 3 });
    expect(third.made).toBe(true);
    const after = await get('coventryViewer', COVENTRY, A);
    expect(after.release).toMatchObject({ sequence: 3 });
    expect(values(after.groups, 'region')).toEqual({
      withinCap: 100,
      experienced: 100,
      twoReferences: 100,
      inProjectTeams: 0,
      insideCoolOff: 0,
    });
    expect(values(after.groups, 'england').insideCoolOff).toBe(14.3); // Manchester, 1 of 7
  });

  test('a period not released yet has no groups', async () => {
    await ctx.database.db.insert(periods).values({ id: '2035-36-Q3', status: 'open' });
    const answer = await get('coventryViewer', COVENTRY, '2035-36-Q3');
    expect(answer).toMatchObject({ release: null, groups: [] });
  });
});
