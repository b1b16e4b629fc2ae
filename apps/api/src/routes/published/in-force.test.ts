/**
 * DfE's releases in force (DESIGN sections 3 and 5): the census beside each quarter from several
 * releases loaded in either order, a preview before loading, withdrawal, a file that is not DfE's,
 * names from what a release holds, and an authority whose code DfE changed.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { dfeFile } from '../../db/paths.js';
import { auditLog, authorityDfeCodes, publishedFigures, publishedReleases } from '../../db/schema.js';
import { censusFor, loadPublished } from '../../services/comparisons/load.js';
import { loadRelease } from '../../services/published.js';

const rows: string[][] = parse(readFileSync(dfeFile(), 'utf8'), { bom: true, trim: true });
const header = rows[0] as string[];
const at = (name: string) => header.indexOf(name);
const body = rows.slice(1);
const set = (row: string[], column: string, value: string) => row.map((c, i) => (i === at(column) ? value : c));
const isEngland = (r: string[]) => r[at('geographic_level')] === 'National';
const englandIn = (year: string, measure: string) =>
  Number(body.find((r) => isEngland(r) && r[at('time_period')] === year)?.[at(measure)]);

const BARNSLEY = { code: 'E08000016', renamed: 'E08000038' };
const SHEFFIELD = { code: 'E08000019', renamed: 'E08000039' };

/**
 * DfE's file with a made-up 2024 census (2023's rows, England's vacancy rate `vacancy2024`) in which
 * Barnsley and Sheffield have new codes, as the 2025 file has them; `drop` leaves an authority out of
 * 2024; `revise2022` changes England's 2022 vacancy rate.
 */
function to2024(vacancy2024: string, options: { drop?: string; revise2022?: string } = {}): string {
  const older = body.map((r) =>
    options.revise2022 && isEngland(r) && r[at('time_period')] === '2022'
      ? set(r, 'vacancy_rate_fte', options.revise2022)
      : r,
  );
  const added = body
    .filter((r) => r[at('time_period')] === '2023' && r[at('new_la_code')] !== options.drop)
    .map((r) => {
      let row = set(r, 'time_period', '2024');
      if (isEngland(row)) row = set(row, 'vacancy_rate_fte', vacancy2024);
      for (const { code, renamed } of [BARNSLEY, SHEFFIELD])
        if (row[at('new_la_code')] === code) row = set(row, 'new_la_code', renamed);
      return row;
    });
  return stringify([header, ...older, ...added]);
}

/**
 * An older file: DfE's years up to 2022, England's 2022 vacancy rate revised to `vacancy2022`, and a
 * made-up 2016 census (2017's rows, England's vacancy rate 88.8) that no other file has.
 */
function upTo2022(vacancy2022: string): string {
  const kept = body
    .filter((r) => Number(r[at('time_period')]) <= 2022)
    .map((r) => (isEngland(r) && r[at('time_period')] === '2022' ? set(r, 'vacancy_rate_fte', vacancy2022) : r));
  const year2016 = body
    .filter((r) => r[at('time_period')] === '2017')
    .map((r) => set(isEngland(r) ? set(r, 'vacancy_rate_fte', '88.8') : r, 'time_period', '2016'));
  return stringify([header, ...kept, ...year2016]);
}

const CSV = { 'content-type': 'text/csv' };

describe.each(DB_KINDS)('releases of DfE figures in force on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    Object.assign(clients, await signInAll(ctx, ['admin', 'coventryViewer'] as TestUser[]));
  });
  afterAll(() => ctx.close());

  const admin = (method: string, path: string, text?: string, headers: Record<string, string> = CSV) =>
    clients.admin.request(method, path, text, headers);
  /** The census and England's vacancy rate in force beside each period, as comparisons read them. */
  const beside = async (periods: readonly string[]) => {
    const published = await loadPublished(ctx.database.db);
    return Object.fromEntries(
      periods.map((p) => {
        const layer = censusFor(published, p);
        return [p, layer ? `${layer.year}: ${layer.national.get('vacancy_rate_fte')?.value}` : null];
      }),
    );
  };
  const counts = async () => {
    const { db } = ctx.database;
    return [
      await db.$count(publishedReleases),
      await db.$count(publishedFigures),
      await db.$count(authorityDfeCodes),
      await db.$count(auditLog),
    ];
  };

  test('a file that is not DfE’s indicators file gets one message saying so, and nothing changes', async () => {
    const before = await counts();
    const other = 'authority_code,period,permanent_fte,vacancies_fte\nE08000026,2023-24-Q4,370.6,44.1\n';
    for (const path of ['/api/published/releases/preview', '/api/published/releases']) {
      const res = await admin('POST', path, other);
      expect(res.status, path).toBe(422);
      const problem = await json(res);
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]).toMatchObject({ row: 1 });
      expect(problem.detail).toMatch(/not DfE's children's social work workforce indicators file: it has 0 of/);
    }
    expect(await counts()).toEqual(before);
  });

  test('each quarter beside the census at or before its end, whichever order the releases are loaded in', async () => {
    const base = englandIn('2023', 'vacancy_rate_fte');
    const published2022 = `2022: ${englandIn('2022', 'vacancy_rate_fte')}`;
    const expected = {
      '2017-18-Q1': '2016: 88.8',
      '2023-24-Q1': published2022,
      '2023-24-Q2': `2023: ${base}`,
      '2023-24-Q3': `2023: ${base}`,
      '2023-24-Q4': `2023: ${base}`,
      '2024-25-Q1': `2023: ${base}`,
      '2024-25-Q2': '2024: 21.5',
      '2025-26-Q1': '2024: 21.5',
    };
    // An older file after the server's (2017 to 2023): it adds the year it alone has (2016), and its
    // 2022 does not take over from the newer file's.
    await loadRelease(ctx.database.db, upTo2022('99.9'), { userId: null });
    expect(await beside(['2017-18-Q1', '2023-24-Q1'])).toEqual({
      '2017-18-Q1': '2016: 88.8',
      '2023-24-Q1': published2022,
    });
    const newer = await loadRelease(ctx.database.db, to2024('21.5'), { userId: null });
    expect(await beside(Object.keys(expected))).toEqual(expected);
    // Loaded the other way round, in another database: the same.
    const other = await createTestContext(kind);
    try {
      await loadRelease(other.database.db, to2024('21.5'), { userId: null });
      await loadRelease(other.database.db, upTo2022('99.9'), { userId: null });
      const published = await loadPublished(other.database.db);
      for (const period of Object.keys(expected)) {
        const layer = censusFor(published, period);
        expect(`${layer?.year}: ${layer?.national.get('vacancy_rate_fte')?.value}`, period).toBe(
          expected[period as keyof typeof expected],
        );
      }
    } finally {
      await other.close();
    }
    // Withdrawing the newer: what was in force before it returns (the older file's 2022 revision too).
    const withdrawn = await admin('POST', `/api/published/releases/${newer.release.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect((await json(withdrawn)).withdrawnAt).not.toBeNull();
    expect(await beside(['2017-18-Q1', '2023-24-Q1', '2024-25-Q2'])).toEqual({
      '2017-18-Q1': '2016: 88.8',
      '2023-24-Q1': published2022,
      '2024-25-Q2': `2023: ${base}`,
    });
    // Audited; again is a conflict; the list shows it withdrawn, after those in force.
    const [entry] = await ctx.database.db.query.auditLog.findMany({
      where: (t, { eq }) => eq(t.action, 'withdraw-published-release'),
    });
    expect(entry).toMatchObject({ entityId: newer.release.id });
    expect((await admin('POST', `/api/published/releases/${newer.release.id}/withdraw`)).status).toBe(409);
    const list = await json(await clients.coventryViewer.request('GET', '/api/published/releases'));
    expect(list.at(-1)).toMatchObject({ id: newer.release.id, withdrawnBy: expect.any(String) });
    expect(list.slice(0, -1).every((r: { withdrawnAt: string | null }) => r.withdrawnAt === null)).toBe(true);
    // The figures route answers from the newest release in force.
    const figures = await json(await clients.coventryViewer.request('GET', '/api/published/figures?area=E92000001'));
    expect(figures.release.lastYear).toBe(2023);
    // Loading its file again puts it back.
    const again = await admin('POST', '/api/published/releases', to2024('21.5'));
    expect(again.status).toBe(200);
    expect((await json(again)).withdrawnAt).toBeNull();
    expect((await beside(['2024-25-Q2']))['2024-25-Q2']).toBe('2024: 21.5');
    expect(
      (await admin('POST', `/api/published/releases/${'f'.repeat(64).replace(/^/, 'csww-')}/withdraw`)).status,
    ).toBe(404);
  });

  test('the preview says what loading would do, and writes nothing', async () => {
    const file = to2024('22.5', { drop: 'E06000001', revise2022: '77.7' });
    const before = await counts();
    const res = await admin('POST', '/api/published/releases/preview', file);
    expect(res.status).toBe(200);
    const preview = await json(res);
    expect(await counts()).toEqual(before);
    expect(preview).toMatchObject({
      name: "Children's social work workforce, 2017 to 2024",
      firstYear: 2017,
      lastYear: 2024,
      loaded: null,
      newestYearInForce: 2024,
      bringsNewerYear: false,
      newYears: [],
    });
    // Against what is in force (the 2024 file): England's 2024 and 2022 vacancy rates, and nothing else.
    expect(preview.revisedCells).toBe(2);
    expect(preview.revised).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          year: 2024,
          areaCode: 'E92000001',
          measure: 'vacancy_rate_fte',
          from: '21.5',
          to: '22.5',
        }),
        expect.objectContaining({
          year: 2022,
          areaCode: 'E92000001',
          measure: 'vacancy_rate_fte',
          from: String(englandIn('2022', 'vacancy_rate_fte')),
          to: '77.7',
        }),
      ]),
    );
    // Hartlepool (E06000001) is not in its 2024 rows.
    expect(preview.missing).toEqual([{ code: 'E06000001', name: 'Hartlepool' }]);
    // Barnsley and Sheffield under new codes, matched by DfE's old code.
    expect(preview.codeChanges).toEqual([
      expect.objectContaining({ code: BARNSLEY.renamed, oldLaCode: '370', firstYear: 2024, confirmed: false }),
      expect.objectContaining({ code: SHEFFIELD.renamed, oldLaCode: '373', firstYear: 2024, confirmed: false }),
    ]);
    expect(preview.codeChanges.map((c: { authority: { code: string } }) => c.authority.code)).toEqual([
      BARNSLEY.code,
      SHEFFIELD.code,
    ]);
    // A file loaded before says so.
    const loaded = await json(await admin('POST', '/api/published/releases/preview', to2024('21.5')));
    expect(loaded.loaded).toEqual({ name: "Children's social work workforce, 2017 to 2024", withdrawn: false });
  });

  test('a renamed code: confirmed when loading, DfE’s figures under it are the authority’s own', async () => {
    const file = to2024('23.5');
    const turnover = async (area: string) =>
      (
        await json(
          await clients.coventryViewer.request(
            'GET',
            `/api/published/figures?area=${area}&measure=turnover_rate_fte&level=Local%20authority`,
          ),
        )
      ).figures.map((f: { year: number; areaCode: string; authorityCode: string | null }) => [
        f.year,
        f.areaCode,
        f.authorityCode,
      ]);
    // A confirmation the file does not propose is refused, naming it, and nothing is loaded.
    const before = await counts();
    const wrong = await admin('POST', `/api/published/releases?confirm=${BARNSLEY.renamed}:${SHEFFIELD.code}`, file);
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).errors[0]).toMatchObject({ field: 'confirm.0' });
    expect(await counts()).toEqual(before);
    const malformed = await admin('POST', '/api/published/releases?confirm=E08000038', file);
    expect(malformed.status).toBe(400);
    // Confirmed: Barnsley's figures are found by either code, and say whose they are: Barnsley, by its
    // current code (its new one, now that a release in force uses it).
    const res = await admin(
      'POST',
      `/api/published/releases?confirm=${BARNSLEY.renamed}:${BARNSLEY.code},${SHEFFIELD.renamed}:${SHEFFIELD.code}`,
      file,
    );
    expect(res.status).toBe(201);
    const loaded = await json(res);
    expect(loaded).toMatchObject({ name: "Children's social work workforce, 2017 to 2024" });
    const expected = [
      [2024, BARNSLEY.renamed, BARNSLEY.renamed],
      ...[2023, 2022, 2021, 2020, 2019, 2018, 2017].map((y) => [y, BARNSLEY.code, BARNSLEY.renamed]),
    ];
    expect(await turnover(BARNSLEY.code)).toEqual(expected);
    expect(await turnover(BARNSLEY.renamed)).toEqual(expected);
    const entry = await ctx.database.db.query.auditLog.findFirst({
      where: (t, { eq, and }) => and(eq(t.action, 'load-published-release'), eq(t.entityId, loaded.id)),
    });
    expect(entry?.detail.codes).toEqual([
      `${BARNSLEY.renamed} = ${BARNSLEY.code} from 2024`,
      `${SHEFFIELD.renamed} = ${SHEFFIELD.code} from 2024`,
    ]);
    // The next preview knows them.
    const preview = await json(await admin('POST', '/api/published/releases/preview', to2024('24.5')));
    expect(preview.codeChanges.map((c: { confirmed: boolean }) => c.confirmed)).toEqual([true, true]);
    expect(preview.missing).toEqual([]);
  });
});
