/**
 * The statistical neighbours' group in an authority user's comparisons (DESIGN sections 3 and 6):
 * the neighbours' quarterly figures from the exchange, anonymised as the region's are, from releases,
 * under k, and withheld when it and another group the viewer sees differ by fewer than k authorities.
 *
 * Coventry's neighbours in DfE's April 2021 model are Derby, Bolton, Peterborough, Leeds, Sheffield,
 * Portsmouth, Medway, Walsall, Tameside and Southampton; k = 3 here.
 */
import { type MetricId, prepareGroup, roundHalfAwayFromZero } from '@csc-workforce/metrics-core';
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
import { mulberry32 } from '../../db/seeded-random.js';
import type { Released } from '../../services/comparisons/load.js';
import {
  contributions,
  contributionsOf,
  differing,
  disjointUnion,
  groupContributions,
  neighbourRelease,
} from '../../services/comparisons/neighbours.js';
import type { ReleaseMeta } from '../../services/releases.js';

const reference = readReferenceData();
const code = (name: string) => {
  const found = reference.authorities.find((a) => a.name === name);
  if (!found) throw new Error(`no authority ${name}`);
  return found.code;
};
const K = 3;
const COVENTRY = code('Coventry');
/** West Midlands authorities that are not Coventry's neighbours. */
const REGION = ['Birmingham', 'Dudley', 'Solihull', 'Wolverhampton'].map(code);
/** Five of Coventry's neighbours, three of them in the South East. */
const NEIGHBOURS = ['Portsmouth', 'Southampton', 'Medway', 'Derby', 'Leeds'].map(code);
/** East Midlands authorities that are not Coventry's neighbours. */
const EAST_MIDLANDS = ['Leicester', 'Nottingham', 'Lincolnshire'].map(code);
const P = '2033-34-Q1';
const OVERLAP = '2033-34-Q2';
const SMALL = '2033-34-Q3';

const rate = (c: string, seed: number) => 5 + ((c.charCodeAt(7) * 7 + c.charCodeAt(6) * 3 + seed) % 23);
const round = (x: number) => roundHalfAwayFromZero(x, 1);

interface Group {
  status: string;
  reason?: string;
  n: number;
  pooled?: number;
  values?: number[];
  message?: string;
}
type Answer = {
  release: { sequence: number } | null;
  neighbours: { count: number; model: { name: string }; release: { sequence: number } | null } | null;
  metrics: {
    metric: { id: MetricId };
    region: { group: Group };
    england: { group: Group };
    neighbours: ({ group: Group } & { rank: number | null }) | null;
  }[];
  trend: { period: string; neighbours: number | null; region: number | null }[];
};

/**
 * The overlap rule as the test states it: for each pair of groups shown to the viewer (and England
 * beside the region and the neighbours together when these are disjoint), the authorities other than
 * the viewer's own whose contribution differs are 0 or at least k.
 */
function checkOverlap(shown: Record<string, Set<string> | null>, own: string): string[] {
  const failures: string[] = [];
  const names = Object.keys(shown).filter((n) => shown[n] !== null);
  const diff = (a: Set<string>, b: Set<string>) =>
    [...a].filter((c) => !b.has(c) && c !== own).length + [...b].filter((c) => !a.has(c) && c !== own).length;
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) {
      const d = diff(shown[a] as Set<string>, shown[b] as Set<string>);
      if (d > 0 && d < K) failures.push(`${a} and ${b} differ by ${d}`);
    }
  }
  const { region, england, neighbours } = shown;
  if (region && england && neighbours && ![...region].some((c) => neighbours.has(c))) {
    const d = diff(england, new Set([...region, ...neighbours]));
    if (d > 0 && d < K) failures.push(`England less the region and the neighbours is ${d}`);
  }
  return failures;
}

describe('neighbour groups from releases, pure', () => {
  const released = (id: number, values: Record<string, number | null>): Released =>
    ({
      meta: { id, period: P, sequence: id } as unknown as ReleaseMeta,
      period: P,
      results: new Map(
        Object.entries(values).map(([c, v]) => [
          c,
          { vacancyRate: { metric: 'vacancyRate', value: v, numerator: v, denominator: 100 } },
        ]),
      ),
      regionOf: new Map(),
      groups: {},
      demo: false,
    }) as unknown as Released;
  const members = ['a', 'b', 'c', 'd', 'e'];

  test('a group follows a re-release that changed it by k or more, and keeps to its release otherwise', () => {
    const first = released(1, { a: 1, b: 2, c: 3, d: 4, e: 5, x: 9 });
    const oneChanged = released(2, { a: 7, b: 2, c: 3, d: 4, e: 5, x: 8 });
    const threeChanged = released(3, { a: 7, b: 8, c: 9, d: 4, e: 5, x: 8 });
    const metrics = ['vacancyRate'] as MetricId[];
    expect(neighbourRelease([first, oneChanged], members, metrics, K)?.meta.id).toBe(1);
    // Release 3 differs from 1 (the one served) by 3: taken.
    expect(neighbourRelease([first, oneChanged, threeChanged], members, metrics, K)?.meta.id).toBe(3);
    // A change undone: 3 from the first release but 1 from one served since; not taken.
    const undone = released(4, { a: 1, b: 2, c: 3, d: 4, e: 6 });
    expect(neighbourRelease([first, threeChanged, undone], members, metrics, K)?.meta.id).toBe(3);
    // A change outside the group is no change of it.
    const outside = released(5, { a: 1, b: 2, c: 3, d: 4, e: 5, x: 1 });
    expect(neighbourRelease([first, outside], members, metrics, K)?.meta.id).toBe(5);
    expect(neighbourRelease([], members, metrics, K)).toBeNull();
  });

  test('two groups differ by the authorities in one only, and those in both with other figures; the viewer’s own is not counted', () => {
    const one = released(1, { a: 1, b: 2, own: 3 });
    const two = released(2, { a: 1, b: 5, c: 4 });
    const all = () => true;
    expect(differing(contributions(one, 'vacancyRate', all), contributions(two, 'vacancyRate', all), 'own')).toBe(2);
    expect(differing(contributions(one, 'vacancyRate', all), contributions(one, 'vacancyRate', all), null)).toBe(0);
    const a = contributions(one, 'vacancyRate', (c) => c === 'a');
    const b = contributions(one, 'vacancyRate', (c) => c === 'b');
    expect(disjointUnion(a, b)?.size).toBe(2);
    expect(disjointUnion(a, a)).toBeNull();
  });

  test('counting the differing authorities over the smaller group gives what a look at both gives', () => {
    // The definition, looked at over both groups: the reference the counting is held to.
    const byDefinition = (a: Map<string, string>, b: Map<string, string>, own: string | null) => {
      let n = 0;
      for (const [c, figures] of a) if (c !== own && b.get(c) !== figures) n++;
      for (const c of b.keys()) if (c !== own && !a.has(c)) n++;
      return n;
    };
    const random = mulberry32(20261203);
    const group = () => {
      const out = new Map<string, string>();
      const size = Math.floor(random() * 30);
      for (let i = 0; i < size; i++) out.set(`c${Math.floor(random() * 40)}`, String(Math.floor(random() * 3)));
      return out;
    };
    for (let i = 0; i < 2000; i++) {
      const a = group();
      const b = group();
      const own = random() < 0.2 ? null : `c${Math.floor(random() * 40)}`;
      expect(differing(a, b, own)).toBe(byDefinition(a, b, own));
      expect(differing(b, a, own)).toBe(byDefinition(b, a, own));
    }
  });

  test('a small group’s contributions looked up by its codes, and a region’s and England’s kept per release, are the same as worked out in full', () => {
    const one = released(1, { a: 1, b: 2, c: null, x: 4, y: 5 });
    (one.regionOf as Map<string, string>).set('a', 'R1').set('b', 'R1').set('c', 'R1').set('x', 'R2').set('y', 'R2');
    const pick = (codes: string[]) => contributions(one, 'vacancyRate', (c) => codes.includes(c));
    // Codes without a value or not in the release contribute nothing, as in the full pass.
    expect(contributionsOf(one, 'vacancyRate', ['a', 'c', 'zz', 'x'])).toEqual(pick(['a', 'c', 'zz', 'x']));
    expect(contributionsOf(one, 'vacancyRate', ['a', 'c', 'zz', 'x']).size).toBe(2);
    const england = groupContributions(one, 'vacancyRate', null);
    expect(england).toEqual(contributions(one, 'vacancyRate', () => true));
    expect(groupContributions(one, 'vacancyRate', 'R1')).toEqual(pick(['a', 'b', 'c']));
    expect(groupContributions(one, 'vacancyRate', 'R2')).toEqual(pick(['x', 'y']));
    // Worked out once per release: the second answer reuses the first's.
    expect(groupContributions(one, 'vacancyRate', null)).toBe(england);
    expect(groupContributions(released(2, { a: 1 }), 'vacancyRate', null)).not.toBe(england);
  });
});

describe.each(DB_KINDS)('the statistical neighbours’ group on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;
  const put = (c: string, period: string, seed: number) =>
    putReturn(ctx.database.db, c, period, 'submitted', figuresWithVacancyRate(rate(c, seed)));
  const answer = async (period: string): Promise<Answer> =>
    json(await clients.coventryViewer.request('GET', `/api/comparisons/${period}/metrics/vacancyRate`));
  const release = async (period: string) =>
    (await clients.admin.request('POST', `/api/periods/${period}/releases`, {})).status;

  beforeAll(async () => {
    ctx = await createTestContext(kind, { MIN_GROUP_SIZE: String(K) });
    clients = await signInAll(ctx, ['admin', 'coventryViewer', 'westMidlandsLead'] as TestUser[]);
    await ctx.database.db.insert(periods).values([
      { id: P, status: 'open', dueDate: '2099-12-31' },
      { id: OVERLAP, status: 'open', dueDate: '2099-12-31' },
      { id: SMALL, status: 'open', dueDate: '2099-12-31' },
    ]);
  }, 120_000);
  afterAll(() => ctx.close());

  test('released, anonymised as the region, and changed only by a release that changes it by k or more', async () => {
    for (const c of [COVENTRY, ...REGION, ...NEIGHBOURS, ...EAST_MIDLANDS]) await put(c, P, 1);
    // Before the release: not released, whatever the returns.
    const before = await answer(P);
    expect(before.metrics[0]?.neighbours?.group).toMatchObject({ status: 'withheld', reason: 'not-released' });
    expect(await release(P)).toBe(201);

    const first = await answer(P);
    // The model and how many neighbours; no other authority is named in a comparison.
    expect(first.neighbours).toMatchObject({ count: 10, model: { name: 'Statistical neighbours, April 2021' } });
    expect(first.neighbours?.release?.sequence).toBe(1);
    const m = first.metrics[0];
    const expected = prepareGroup(
      NEIGHBOURS.map((c) => {
        const f = figuresWithVacancyRate(rate(c, 1)) as { vacanciesFte: number; permanentFte: number };
        const denominator = f.vacanciesFte + f.permanentFte;
        return {
          metric: 'vacancyRate',
          value: (100 * f.vacanciesFte) / denominator,
          numerator: f.vacanciesFte,
          denominator,
        };
      }),
    );
    expect(m?.neighbours?.group).toMatchObject({
      status: 'shown',
      n: NEIGHBOURS.length,
      values: Array.from(expected.sorted, round),
      median: round(expected.summary.median as number),
    });
    // Rates only, rounded as the region's: no sums.
    expect(m?.neighbours?.group).not.toHaveProperty('numerator');
    expect(m?.neighbours?.group.pooled).toBe(round(m?.neighbours?.group.pooled as number));
    // Coventry's place among its neighbours and itself.
    expect(m?.neighbours?.rank).toEqual(expect.any(Number));
    const point = first.trend.find((p) => p.period === P);
    expect(point?.neighbours).toBe(m?.neighbours?.group.pooled);
    // No two groups shown differ by fewer than k.
    const contributors = {
      region: new Set([COVENTRY, ...REGION]),
      england: new Set([COVENTRY, ...REGION, ...NEIGHBOURS, ...EAST_MIDLANDS]),
      neighbours: new Set(NEIGHBOURS),
    };
    expect(checkOverlap(contributors, COVENTRY)).toEqual([]);

    // A save after the release (Portsmouth resubmits) changes nothing seen.
    const [portsmouth, southampton, medway, derby] = NEIGHBOURS as [string, string, string, string];
    await put(portsmouth, P, 5);
    expect((await answer(P)).metrics[0]?.neighbours?.group).toEqual(m?.neighbours?.group);

    // Three South East neighbours revised: a re-release changes the region, England and the group by 3.
    await put(southampton, P, 5);
    await put(medway, P, 5);
    expect(await release(P)).toBe(201);
    const second = await answer(P);
    expect(second.release?.sequence).toBe(2);
    expect(second.neighbours?.release?.sequence).toBe(2);
    expect(second.metrics[0]?.neighbours?.group.values).not.toEqual(m?.neighbours?.group.values);

    // Derby and two other East Midlands authorities revise: a re-release of the East Midlands and
    // England (3 changed each) that would change the neighbours' group by one: it keeps to release 2.
    const kept = second.metrics[0]?.neighbours?.group;
    await put(derby, P, 9);
    for (const c of EAST_MIDLANDS.slice(0, 2)) await put(c, P, 9);
    expect(await release(P)).toBe(201);
    const third = await answer(P);
    expect(third.release?.sequence).toBe(3);
    expect(third.neighbours?.release?.sequence).toBe(2);
    expect(third.metrics[0]?.neighbours?.group).toEqual(kept);
  });

  test('withheld when England less the region and the neighbours is one authority, saying why', async () => {
    // Only Leicester outside Coventry's region and the neighbours: England − region − neighbours isolates it.
    const one = EAST_MIDLANDS.slice(0, 1);
    for (const c of [COVENTRY, ...REGION, ...NEIGHBOURS, ...one]) await put(c, OVERLAP, 2);
    expect(await release(OVERLAP)).toBe(201);
    const a = await answer(OVERLAP);
    const m = a.metrics[0];
    expect(m?.region.group.status).toBe('shown');
    expect(m?.england.group.status).toBe('shown');
    const group = m?.neighbours?.group;
    const shown = {
      region: new Set([COVENTRY, ...REGION]),
      england: new Set([COVENTRY, ...REGION, ...NEIGHBOURS, ...one]),
      neighbours: group?.status === 'shown' ? new Set(NEIGHBOURS) : null,
    };
    expect(checkOverlap(shown, COVENTRY)).toEqual([]);
    expect(group).toMatchObject({ status: 'withheld', reason: 'overlapping-groups' });
    expect(group?.message).toMatch(/England’s less West Midlands’s differ by the contributions of only 1 authority/);
    expect(m?.neighbours?.rank).toBeNull();
    expect(a.trend.find((p) => p.period === OVERLAP)?.neighbours).toBeNull();
    // The all-metrics answer withholds it too.
    const all = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${OVERLAP}`));
    const vacancy = all.metrics.find((x: { metric: { id: string } }) => x.metric.id === 'vacancyRate');
    expect(vacancy.neighbours.group.reason).toBe('overlapping-groups');
  });

  test('withheld under k; a lead’s answers are unchanged (no neighbours’ group)', async () => {
    for (const c of [COVENTRY, ...REGION, ...NEIGHBOURS.slice(0, 2), ...EAST_MIDLANDS]) await put(c, SMALL, 3);
    expect(await release(SMALL)).toBe(201);
    const group = (await answer(SMALL)).metrics[0]?.neighbours?.group;
    expect(group).toMatchObject({ status: 'withheld', reason: 'group-too-small', n: 2 });
    const lead = await json(await clients.westMidlandsLead.request('GET', `/api/comparisons/${SMALL}`));
    expect(lead.metrics[0]).not.toHaveProperty('neighbours');
  });
});
