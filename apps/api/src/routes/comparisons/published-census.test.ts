/**
 * DfE's figures beside the right quarter (DESIGN sections 3 and 5): beside each period, DfE's census
 * at or before its end; the newest data year among the loaded releases in force, whatever the order
 * they were loaded in.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, createTestContext, DB_KINDS, json, signIn, type TestContext } from '../../../test/harness.js';
import { insertDemoReturns, releaseDemoPeriods } from '../../db/demo.js';
import { dfeFile } from '../../db/paths.js';
import { readReferenceData } from '../../db/reference.js';
import { periods } from '../../db/schema.js';
import { loadRelease } from '../../services/published.js';

const reference = readReferenceData();
const rows: string[][] = parse(readFileSync(dfeFile(), 'utf8'), { bom: true, trim: true });
const header = rows[0] as string[];
const at = (name: string) => header.indexOf(name);
const body = rows.slice(1);
const english = (r: string[]) => r[at('geographic_level')] === 'National';

/** DfE's file with a made-up 2024 census (2023's rows, the vacancy rate set to `vacancy2024`). */
function withYear2024(vacancy2024: string): string {
  const added = body
    .filter((r) => r[at('time_period')] === '2023')
    .map((r) =>
      r.map((cell, i) => (i === at('time_period') ? '2024' : i === at('vacancy_rate_fte') ? vacancy2024 : cell)),
    );
  return stringify([header, ...body, ...added]);
}

/** An older file: DfE's years up to 2022 only, with England's 2022 vacancy rate revised to `vacancy2022`. */
function upTo2022(vacancy2022: string): string {
  const kept = body
    .filter((r) => Number(r[at('time_period')]) <= 2022)
    .map((r) =>
      english(r) && r[at('time_period')] === '2022'
        ? r.map((c, i) => (i === at('vacancy_rate_fte') ? vacancy2022 : c))
        : r,
    );
  return stringify([header, ...kept]);
}

const published2022 = body.find((r) => english(r) && r[at('time_period')] === '2022')?.[at('vacancy_rate_fte')];
const published2023 = body.find((r) => english(r) && r[at('time_period')] === '2023')?.[at('vacancy_rate_fte')];

describe.each(DB_KINDS)('DfE figures beside the right quarter on %s', (kind) => {
  let ctx: TestContext;
  let viewer: Client;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    await insertDemoReturns(
      ctx.database.db,
      reference.authorities.map((a) => a.code),
    );
    // The demo's open quarter, and the three after it, submitted for Coventry: own figures to compare.
    await ctx.database.db
      .insert(periods)
      .values(['2024-25-Q2', '2024-25-Q3'].map((id) => ({ id, status: 'closed' as const })))
      .onConflictDoNothing();
    await releaseDemoPeriods(ctx.database.db);
    viewer = await signIn(ctx, 'coventryViewer');
  }, 120_000);
  afterAll(() => ctx.close());

  /** The DfE census and England's vacancy rate beside a period, as the Coventry viewer gets them. */
  const beside = async (period: string) => {
    const answer = await json(await viewer.request('GET', `/api/comparisons/${period}/metrics/vacancyRate`));
    return { label: answer.published?.label, england: answer.metrics[0].published?.national?.value };
  };

  test('each quarter stands beside the census at or before its end: Q1 the year before, Q2 to the next Q1 that year', async () => {
    expect(await beside('2023-24-Q1')).toEqual({ label: 'DfE, 30 Sep 2022', england: Number(published2022) });
    for (const period of ['2023-24-Q2', '2023-24-Q3', '2023-24-Q4', '2024-25-Q1']) {
      expect(await beside(period), period).toEqual({ label: 'DfE, 30 Sep 2023', england: Number(published2023) });
    }
  });

  test('the trend puts DfE’s points at their census dates: the Q2 of each year loaded, nowhere else', async () => {
    const answer = await json(await viewer.request('GET', '/api/comparisons/2024-25-Q1/metrics/vacancyRate'));
    const westMidlands = (year: string) =>
      Number(
        body.find(
          (r) =>
            r[at('geographic_level')] === 'Regional' &&
            r[at('region_code')] === 'E12000005' &&
            r[at('time_period')] === year,
        )?.[at('vacancy_rate_fte')],
      );
    const points = answer.trend
      .filter((p: { census: unknown }) => p.census !== null)
      .map((p: { period: string; census: unknown }) => [p.period, p.census]);
    const inTrend = answer.trend.map((p: { period: string }) => p.period);
    const expected = [
      ['2020-21-Q2', 2020],
      ['2021-22-Q2', 2021],
      ['2022-23-Q2', 2022],
      ['2023-24-Q2', 2023],
    ]
      .filter(([period]) => inTrend.includes(period))
      .map(([period, year]) => {
        const england = body.find((r) => english(r) && r[at('time_period')] === String(year))?.[at('vacancy_rate_fte')];
        return [
          period,
          {
            year,
            label: `DfE, 30 Sep ${year}`,
            england: Number(england),
            region: westMidlands(String(year)),
          },
        ];
      });
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(points).toEqual(expected);
  });

  test('the newest data year is in force whatever the load order; an older file adds nothing over it', async () => {
    // A newer file (to 2024) and then an older one (to 2022, revising 2022): 2022 stays the newer file's.
    await loadRelease(ctx.database.db, withYear2024('21.5'), { name: 'to 2024', userId: null });
    await loadRelease(ctx.database.db, upTo2022('99.9'), { name: 'to 2022', userId: null });
    expect(await beside('2023-24-Q1')).toEqual({ label: 'DfE, 30 Sep 2022', england: Number(published2022) });
    expect(await beside('2024-25-Q1')).toEqual({ label: 'DfE, 30 Sep 2023', england: Number(published2023) });
    // 2024-25 Q2 ends on census day 2024: it stands beside the 2024 census, Q3 too.
    expect(await beside('2024-25-Q2')).toEqual({ label: 'DfE, 30 Sep 2024', england: 21.5 });
    expect(await beside('2024-25-Q3')).toEqual({ label: 'DfE, 30 Sep 2024', england: 21.5 });
  });
});
