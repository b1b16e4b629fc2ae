import { readFileSync } from 'node:fs';
import { computeMetrics, FIGURE_FIELDS, roundHalfAwayFromZero } from '@csc-workforce/metrics-core';
import { noteContentSchema, validateReturn } from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { regionCompliance } from '../services/agency.js';
import { latestReleases, makeDueReleases } from '../services/releases.js';
import {
  buildDemoReturns,
  DEMO_OPEN_PERIOD,
  DEMO_PASSWORD,
  DEMO_PERIODS,
  DEMO_ROUND,
  DEMO_USERS,
  seedDemo,
} from './demo.js';
import { DEMO_AGENCY_CAPS, DEMO_AGENCY_PERIODS } from './demo-agency.js';
import { DEMO_NOTES } from './demo-notes.js';
import { dfeFile } from './paths.js';
import { readReferenceData } from './reference.js';
import { agencyAnnexes, agencyCaps, authorities, practiceNotes, returnRevisions, returns, users } from './schema.js';

const reference = readReferenceData();
const codes = reference.authorities.map((a) => a.code);
const dfe: Record<string, string>[] = parse(readFileSync(dfeFile(), 'utf8'), { columns: true, bom: true, trim: true });
const published = (code: string, year: string) =>
  dfe.find((r) => r.time_period === year && r.geographic_level === 'Local authority' && r.new_la_code === code);

describe('demo returns', () => {
  const demo = buildDemoReturns(codes);
  const of = (code: string) =>
    demo.filter((r) => r.authorityCode === code).map((r) => ({ period: r.period, ...r.figures }));

  test('8 quarters for each of the 153 authorities, and the same every time', () => {
    expect(demo).toHaveLength(153 * 8);
    expect(new Set(demo.map((r) => r.period))).toEqual(new Set(DEMO_PERIODS));
    expect(buildDemoReturns(['E08000026'])).toEqual(demo.filter((r) => r.authorityCode === 'E08000026'));
  });

  test('every demo return passes the rules and could be submitted (warnings carry a comment)', () => {
    for (const r of demo) {
      const result = validateReturn({ ...r.figures, comment: r.comment }, { stage: 'submit', period: r.period });
      expect(result.errors, `${r.authorityCode} ${r.period}`).toEqual([]);
      if (result.warnings.length > 0) expect(r.comment).toMatch(/Demo data/);
      for (const field of FIGURE_FIELDS) expect(field in r.figures).toBe(true);
    }
  });

  test('the 30 September snapshots equal DfE’s published figures (FTE, agency, vacancies, case holders, cases)', () => {
    let checked = 0;
    for (const [period, year] of [
      ['2022-23-Q2', '2022'],
      ['2023-24-Q2', '2023'],
    ] as const) {
      for (const code of codes) {
        const row = published(code, year);
        if (!row) continue; // joined rows: each of the pair has half
        const figures = demo.find((r) => r.authorityCode === code && r.period === period)?.figures ?? {};
        for (const [field, column] of [
          ['permanentFte', 'inpost_fte'],
          ['agencyFte', 'agency_fte'],
          ['vacanciesFte', 'vacancy_fte'],
          ['caseHoldingFte', 'case_holders_fte'],
          ['casesHeld', 'cases'],
        ] as const) {
          const cell = row[column] ?? '';
          if (!/^\d/.test(cell)) continue;
          expect(figures[field], `${code} ${period} ${field}`).toBeCloseTo(Number(cell), 6);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1400);
  });

  test('the annual turnover and absence of 2023-24 Q2 reproduce DfE’s 2023 rates', () => {
    let checked = 0;
    for (const code of codes) {
      const row = published(code, '2023');
      if (!row) continue;
      const metrics = computeMetrics(of(code), '2023-24-Q2');
      for (const [metric, column] of [
        ['turnoverRate', 'turnover_rate_fte'],
        ['agencyRate', 'agency_rate_fte'],
        ['vacancyRate', 'vacancy_rate_fte'],
        ['averageCaseload', 'caseload_fte'],
        ['absenceRate', 'absence_rate_fte'],
      ] as const) {
        const cell = row[column] ?? '';
        const inputs = ['leavers_fte', 'inpost_fte', 'working_days_lost_fte', 'agency_fte', 'vacancy_fte', 'cases'];
        if (!/^\d/.test(cell) || inputs.some((c) => !/^\d/.test(row[c] ?? ''))) continue;
        const value = metrics[metric].value;
        expect(value, `${code} ${metric}`).not.toBeNull();
        // Within the rounding of DfE's published counts (see metrics-core's DfE test).
        expect(
          Math.abs(roundHalfAwayFromZero(value as number, 1) - Number(cell)),
          `${code} ${metric}`,
        ).toBeLessThanOrEqual(0.1 + 1e-9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(700);
  });

  test('sickness absence varies by authority and by quarter, as real figures do: a quarter’s rate is not the year’s', () => {
    const quarters = ['2023-24-Q1', '2023-24-Q2', '2023-24-Q3', '2023-24-Q4'] as const;
    // Each authority's share of its year's sickness days in each quarter, and its quarterly rate against its annual one.
    const shapes = new Set<string>();
    const ratios = new Set<string>();
    let differing = 0;
    for (const code of codes) {
      const rows = of(code);
      const days = quarters.map(
        (p) => demo.find((r) => r.authorityCode === code && r.period === p)?.figures.sicknessAbsenceDays ?? 0,
      );
      const total = days.reduce((a, b) => a + b, 0);
      if (total === 0) continue;
      shapes.add(days.map((d) => (d / total).toFixed(3)).join(' '));
      for (const period of quarters) {
        const metrics = computeMetrics(rows, period);
        const annual = metrics.absenceRate.value;
        const quarterly = metrics.quarterlyAbsenceRate.value;
        if (annual === null || quarterly === null) continue;
        ratios.add((quarterly / annual).toFixed(3));
        if (Math.abs(quarterly - annual) >= 0.05) differing++;
      }
    }
    // Not one seasonal pattern for all: nearly every authority its own.
    expect(shapes.size).toBeGreaterThan(codes.length * 0.9);
    expect(ratios.size).toBeGreaterThan(codes.length);
    // A quarter's rate differs from the year's in most quarters of most authorities.
    expect(differing).toBeGreaterThan(codes.length * 4 * 0.75);
    // The same every time (seeded).
    expect(buildDemoReturns(['E08000026']).map((r) => r.figures.sicknessAbsenceDays)).toEqual(
      demo.filter((r) => r.authorityCode === 'E08000026').map((r) => r.figures.sicknessAbsenceDays),
    );
  });
});

describe('seeding the demo', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('pglite', { DEMO: 'true' });
    // The harness adds test users; the demo seeds only an empty database, so start from none.
    await ctx.database.db.delete(users);
  });
  afterAll(() => ctx.close());

  test('seeds users, periods and accepted returns once, and the demo users can sign in', async () => {
    const emails = await seedDemo(ctx.database, codes);
    expect(emails).toEqual(DEMO_USERS.map((u) => u.email));
    expect(await seedDemo(ctx.database, codes)).toBeNull();
    const { db } = ctx.database;
    // 8 accepted quarters of every authority, and the West Midlands round of the open period under way.
    expect(await db.$count(returns)).toBe(153 * 8 + DEMO_ROUND.length);
    expect(await db.$count(returnRevisions)).toBe(153 * 8 * 2 + DEMO_ROUND.reduce((n, r) => n + r.steps.length, 0));
    const round = await db.query.returns.findMany({ where: (t, { eq }) => eq(t.periodId, DEMO_OPEN_PERIOD) });
    expect(round.map((r) => [r.authorityCode, r.status]).sort()).toEqual([
      ['E08000025', 'submitted'],
      ['E08000027', 'draft'],
      ['E08000028', 'returned'],
      ['E08000029', 'submitted'],
      ['E08000031', 'accepted'],
    ]);
    expect(round.find((r) => r.status === 'returned')?.returnedReason).toMatch(/please check/);
    // The West Midlands' agency caps and its authorities' annexes of the last four demo quarters, some
    // assignments breaking the rules.
    expect(await db.$count(agencyCaps)).toBe(DEMO_AGENCY_CAPS.length);
    const westMidlands = await db.$count(authorities, eq(authorities.regionCode, 'E12000005'));
    expect(await db.$count(agencyAnnexes)).toBe(westMidlands * DEMO_AGENCY_PERIODS.length);
    const q4 = await regionCompliance(db, 'E12000005', '2023-24-Q4');
    const breaches = q4.authorities.flatMap((a) => a.breaches);
    expect(breaches.length).toBeGreaterThan(3);
    expect(new Set(breaches.flatMap((b) => b.breaches.map((x) => x.code))).size).toBeGreaterThan(2);
    expect(q4.pooled[0]?.denominator).toBeGreaterThan(30);
    // The demo's practice notes, published, each valid as its author would send it.
    const notes = await db.select().from(practiceNotes);
    expect(notes.map((n) => n.id).sort()).toEqual(DEMO_NOTES.map((n) => n.id).sort());
    expect(notes.every((n) => n.status === 'published' && n.demo && n.publishedAt !== null)).toBe(true);
    for (const note of DEMO_NOTES) expect(noteContentSchema.parse(note.content)).toEqual(note.content);
    const periods = await db.query.periods.findMany();
    expect(periods.filter((p) => p.status === 'open').map((p) => p.id)).toEqual([DEMO_OPEN_PERIOD]);
    // Every closed quarter released once, with every authority; the open quarter under way, not released,
    // and not due for release by the server's next check either.
    const released = await latestReleases(db);
    expect([...released.keys()].sort()).toEqual([...DEMO_PERIODS]);
    expect([...released.values()].every((r) => r.sequence === 1 && r.returns === 153)).toBe(true);
    expect(await makeDueReleases(db, ctx.deps.env, ctx.deps.now())).toEqual([]);
    const res = await ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'submitter.coventry@demo.test', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const coventry = await ctx.app.request('/api/returns/E08000026/2023-24-Q2', { headers: { cookie } });
    const body = await coventry.json();
    expect(body).toMatchObject({ status: 'accepted', version: 2, demo: true, authorityName: 'Coventry' });
  });
});
