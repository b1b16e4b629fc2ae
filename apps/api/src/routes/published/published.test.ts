import { readFileSync } from 'node:fs';
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
import { auditLog, publishedFigures, publishedReleases } from '../../db/schema.js';
import { parseRelease } from '../../services/published.js';

const DFE = readFileSync(dfeFile(), 'utf8');
const LINES = DFE.split('\n').filter((line) => line !== '');
const HEADER = (LINES[0] as string).split(',');
const CSV = { 'content-type': 'text/csv' };

/** The DfE file with one cell of a line (1 is the header) changed. */
function withCell(line: number, column: string, value: string): string {
  const index = HEADER.indexOf(column);
  return LINES.map((text, i) => {
    if (i !== line - 1) return text;
    const cells = text.split(',');
    cells[index] = value;
    return cells.join(',');
  }).join('\n');
}

/** A multipart/form-data body with the file in the field `file`. */
function multipart(text: string): { body: string; headers: Record<string, string> } {
  const boundary = 'x-boundary-7d1a';
  const body = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="csww.csv"',
    'Content-Type: text/csv',
    '',
    text,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('the DfE file parser', () => {
  test('reads 1,137 rows and 22 measures a row, symbols as symbols', () => {
    const release = parseRelease(DFE);
    expect(release).toMatchObject({ rows: 1137, firstYear: 2017, lastYear: 2023 });
    expect(release.id).toMatch(/^csww-[0-9a-f]{64}$/);
    expect(release.figures).toHaveLength(1137 * 22);
    const symbols = new Set(release.figures.map((f) => f.symbol).filter((s) => s !== null));
    expect([...symbols].sort()).toEqual(['c', 'low', 'u', 'x', 'z']);
    expect(release.figures.every((f) => (f.value === null) !== (f.symbol === null))).toBe(true);
  });
});

describe.each(DB_KINDS)('published statistics on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    Object.assign(
      clients,
      await signInAll(ctx, ['admin', 'coventryViewer', 'westMidlandsLead', 'manchesterSubmitter'] as TestUser[]),
    );
  });
  afterAll(() => ctx.close());

  const snapshot = async () => {
    const { db } = ctx.database;
    return [await db.$count(publishedReleases), await db.$count(publishedFigures), await db.$count(auditLog)];
  };
  const figures = async (query: string, who: TestUser = 'coventryViewer') => {
    const res = await clients[who].request('GET', `/api/published/figures?${query}`);
    expect(res.status).toBe(200);
    return json(res);
  };

  test('the shared DfE file is loaded on start: one release, 1,137 rows, 25,014 figures', async () => {
    const res = await clients.coventryViewer.request('GET', '/api/published/releases');
    expect(res.status).toBe(200);
    const releases = await json(res);
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({
      id: parseRelease(DFE).id,
      firstYear: 2017,
      lastYear: 2023,
      rows: 1137,
      loadedBy: null,
    });
    expect(await ctx.database.db.$count(publishedFigures)).toBe(25_014);
  });

  test('known values: England 2023 turnover 15.9, Coventry 2023 in post 370.6, Sefton 2023 absence "u"', async () => {
    const body = await figures(
      'year=2023&area=E92000001,E08000026,E08000014&measure=turnover_rate_fte,inpost_fte,absence_rate_fte',
    );
    const pick = (area: string, measure: string) =>
      body.figures.find((f: { areaCode: string; measure: string }) => f.areaCode === area && f.measure === measure);
    expect(body.figures).toHaveLength(9);
    expect(pick('E92000001', 'turnover_rate_fte')).toMatchObject({
      level: 'National',
      areaName: 'England',
      value: 15.9,
      symbol: null,
    });
    expect(pick('E08000026', 'inpost_fte')).toMatchObject({
      areaName: 'Coventry',
      oldLaCode: '331',
      value: 370.6,
      symbol: null,
    });
    expect(pick('E08000014', 'absence_rate_fte')).toMatchObject({ areaName: 'Sefton', value: null, symbol: 'u' });
    expect(pick('E08000014', 'turnover_rate_fte')).toMatchObject({ value: 12, symbol: null });
    expect(body.truncated).toBe(false);
  });

  test('joined rows keep their joined code; Inner and Outer London are regional rows', async () => {
    const joined = await figures(`year=2021&area=${encodeURIComponent('E06000061 / E06000062')}&measure=inpost_fte`);
    expect(joined.figures).toEqual([
      expect.objectContaining({
        areaCode: 'E06000061 / E06000062',
        oldLaCode: '940 / 941',
        areaName: 'North Northamptonshire / West Northamptonshire',
        level: 'Local authority',
      }),
    ]);
    const regional = await figures('year=2023&level=Regional&measure=turnover_rate_fte');
    expect(regional.figures).toHaveLength(11);
    expect(regional.figures.map((f: { areaCode: string }) => f.areaCode)).toEqual(
      expect.arrayContaining(['E13000001', 'E13000002', 'E12000007']),
    );
  });

  test('the figures query filters by year, level, area and measure, newest year first, and is capped', async () => {
    const england = await figures('area=E92000001&measure=turnover_rate_fte', 'westMidlandsLead');
    expect(england.figures.map((f: { year: number }) => f.year)).toEqual([2023, 2022, 2021, 2020, 2019, 2018, 2017]);
    // Published statistics are public: anyone signed in sees any authority, in any region.
    const manchester = await figures('year=2022&area=E08000003', 'westMidlandsLead');
    expect(manchester.figures).toHaveLength(22);
    const las = await figures('year=2020&level=Local authority&measure=cases');
    expect(las.figures).toHaveLength(150); // the file's 2020 authority rows
    expect(
      las.figures.every((f: { level: string; year: number }) => f.level === 'Local authority' && f.year === 2020),
    ).toBe(true);
    const all = await figures('');
    expect(all.figures).toHaveLength(5000);
    expect(all.truncated).toBe(true);
    for (const bad of ['year=abc', 'year=1999', 'level=County', 'measure=bogus', 'area=Coventry', 'colour=red']) {
      const res = await clients.coventryViewer.request('GET', `/api/published/figures?${bad}`);
      expect(res.status, bad).toBe(400);
      expect((await json(res)).errors.length, bad).toBeGreaterThan(0);
    }
  });

  test('loading the same file again gives the one release (200), as text/csv or multipart', async () => {
    const before = await snapshot();
    const again = await clients.admin.request('POST', '/api/published/releases', DFE, CSV);
    expect(again.status).toBe(200);
    expect((await json(again)).id).toBe(parseRelease(DFE).id);
    const form = multipart(DFE);
    const viaForm = await clients.admin.request('POST', '/api/published/releases', form.body, form.headers);
    expect(viaForm.status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  test('a broken file is refused with 422 naming the row and column, and nothing changes', async () => {
    const before = await snapshot();
    const dropColumn = LINES.map((line) => line.split(',').slice(0, -1).join(',')).join('\n');
    const cases: [string, string, { row?: number; column?: string; message: RegExp }][] = [
      [
        'bad number',
        withCell(12, 'turnover_rate_fte', 'abc'),
        {
          row: 12,
          column: 'turnover_rate_fte',
          message: /^row 12, column turnover_rate_fte: expected a number or one of z, x, c, u, low, got "abc"$/,
        },
      ],
      ['missing column', dropColumn, { row: 1, column: 'absence_rate_fte', message: /no column absence_rate_fte/ }],
      [
        'duplicate row',
        `${DFE.trimEnd()}\n${LINES[74]}\n`,
        { row: 1139, column: 'new_la_code', message: /E08000026 in 2023 is already in row 75/ },
      ],
      [
        'unknown level',
        withCell(75, 'geographic_level', 'County'),
        { row: 75, column: 'geographic_level', message: /got "County"/ },
      ],
      [
        'year out of range',
        withCell(75, 'time_period', '1999'),
        { row: 75, column: 'time_period', message: /from 2000 to 2100/ },
      ],
      ['empty file', '', { message: /empty/ }],
      ['header only', `${LINES[0]}\n`, { row: 2, message: /no rows/ }],
      ['binary', 'PK\u0003\u0004\u0000\u0000\u0008binary', { message: /binary/ }],
    ];
    for (const [name, text, expected] of cases) {
      const res = await clients.admin.request('POST', '/api/published/releases', text, CSV);
      expect(res.status, name).toBe(422);
      const problem = await json(res);
      expect(problem.type, name).toBe('/problems/import');
      expect(problem.errors[0], name).toMatchObject({
        ...(expected.row ? { row: expected.row } : {}),
        ...(expected.column ? { column: expected.column } : {}),
        message: expect.stringMatching(expected.message),
      });
    }
    const tooBig = await clients.admin.request('POST', '/api/published/releases', 'a'.repeat(5 * 1024 * 1024 + 1), CSV);
    expect(tooBig.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  test('only an admin loads a release (403), and every route needs a sign-in (401)', async () => {
    const before = await snapshot();
    for (const who of ['coventryViewer', 'westMidlandsLead', 'manchesterSubmitter'] as TestUser[]) {
      expect((await clients[who].request('POST', '/api/published/releases', DFE, CSV)).status, who).toBe(403);
    }
    for (const [method, path] of [
      ['GET', '/api/published/releases'],
      ['POST', '/api/published/releases'],
      ['GET', '/api/published/figures?year=2023'],
    ]) {
      const res = await ctx.app.request(path as string, {
        method,
        ...(method === 'POST' ? { body: DFE, headers: CSV } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect(await snapshot()).toEqual(before);
  });

  test('a new file is a new release (201, audited), and the figures come from the newest', async () => {
    const [, , auditBefore] = await snapshot();
    const revised = withCell(2, 'turnover_rate_fte', '16.0')
      .split('\n')
      .filter((line, i) => i === 0 || line.startsWith('2023,'))
      .join('\n');
    const res = await clients.admin.request('POST', '/api/published/releases', revised, CSV);
    expect(res.status).toBe(201);
    const release = await json(res);
    expect(release).toMatchObject({ firstYear: 2023, lastYear: 2023, rows: 1 + 11 + 151, loadedBy: 'u-admin' });
    const releases = await json(await clients.coventryViewer.request('GET', '/api/published/releases'));
    expect(releases.map((r: { id: string }) => r.id)).toEqual([release.id, parseRelease(DFE).id]);
    const england = await figures('area=E92000001&measure=turnover_rate_fte');
    expect(england.release.id).toBe(release.id);
    expect(england.figures).toEqual([expect.objectContaining({ year: 2023, value: 16 })]);
    const [, , auditAfter] = await snapshot();
    expect(auditAfter).toBe((auditBefore as number) + 1);
    const [entry] = await ctx.database.db.query.auditLog.findMany({
      where: (t, { eq }) => eq(t.entityId, release.id),
    });
    expect(entry).toMatchObject({ userId: 'u-admin', action: 'load-published-release', entity: 'published-release' });
    expect((await clients.admin.request('POST', '/api/published/releases', revised, CSV)).status).toBe(200);
  });
});
