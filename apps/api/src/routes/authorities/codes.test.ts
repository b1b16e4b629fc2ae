/**
 * Authority codes that change (DESIGN section 3): a DfE file in which Barnsley's code changes in its
 * last year (E08000016 to E08000038, as DfE's 2025 file has it), loaded with the change confirmed.
 * Then its DfE figures are its own, every answer and export shows its new code, a request by either
 * code answers the same, access by either code is as before, and withdrawing the release brings the
 * former code back.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { csv, putReturn, rowOf, VALID_RETURN } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  PASSWORD,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { rowsOf } from '../../db/client.js';
import { DEMO_OPEN_PERIOD, insertDemoReturns, releaseDemoPeriods } from '../../db/demo.js';
import { loadMigrations, type Migration, splitStatements } from '../../db/migrate.js';
import { dfeFile } from '../../db/paths.js';
import { readReferenceData } from '../../db/reference.js';
import { users } from '../../db/schema.js';
import { hashPassword } from '../../lib/passwords.js';

const BARNSLEY = { code: 'E08000016', renamed: 'E08000038', name: 'Barnsley' };
const YORKSHIRE = 'E12000003';
/** A demo quarter (released), and DfE's census year the file adds. */
const PERIOD = '2023-24-Q2';
const NEW_YEAR = '2024';

const rows: string[][] = parse(readFileSync(dfeFile(), 'utf8'), { bom: true, trim: true });
const header = rows[0] as string[];
const at = (name: string) => header.indexOf(name);
const body = rows.slice(1);
const set = (row: string[], column: string, value: string) => row.map((c, i) => (i === at(column) ? value : c));

/**
 * DfE's file with a made-up census of {@link NEW_YEAR} (2023's rows, Barnsley's turnover 12.3) in
 * which Barnsley has its new code; its old code (`old_la_code` 370) stays, as in DfE's 2025 file.
 */
function renamedFile(): string {
  const added = body
    .filter((r) => r[at('time_period')] === '2023')
    .map((r) => {
      let row = set(r, 'time_period', NEW_YEAR);
      if (row[at('new_la_code')] === BARNSLEY.code) {
        row = set(set(row, 'new_la_code', BARNSLEY.renamed), 'turnover_rate_fte', '12.3');
      }
      return row;
    });
  return stringify([header, ...body, ...added]);
}

const yorkshire = readReferenceData()
  .authorities.filter((a) => a.regionCode === YORKSHIRE)
  .map((a) => a.code);

/** Signs in a user that is not one of the harness's own (Barnsley's submitter, Yorkshire's lead). */
async function signInAs(ctx: TestContext, email: string): Promise<Client> {
  const res = await ctx.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    user: { id: email, email, name: email, role: 'admin' },
    headers: { cookie, 'x-csrf-token': csrfToken },
    request: async (method, path, data, extra = {}) =>
      ctx.app.request(path, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(data === undefined ? {} : { 'content-type': 'application/json' }),
          ...extra,
        },
        ...(data === undefined ? {} : { body: typeof data === 'string' ? data : JSON.stringify(data) }),
      }),
  };
}

describe.each(DB_KINDS)('an authority whose code changes, on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;
  let barnsley: Client;
  let lead: Client;
  let releaseId: string;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    const { db } = ctx.database;
    await insertDemoReturns(db, yorkshire);
    await releaseDemoPeriods(db);
    const passwordHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    await db.insert(users).values([
      {
        id: 'u-barnsley',
        email: 'submitter@barnsley.test.example',
        name: 'Barney Submitter',
        role: 'authority_submitter',
        authorityCode: BARNSLEY.code,
        passwordHash,
      },
      {
        id: 'u-yorks-lead',
        email: 'lead@yorkshire.test.example',
        name: 'Yo Lead',
        role: 'regional_lead',
        regionCode: YORKSHIRE,
        passwordHash,
      },
    ]);
    Object.assign(clients, await signInAll(ctx, ['admin', 'coventrySubmitter', 'coventryViewer'] as TestUser[]));
    barnsley = await signInAs(ctx, 'submitter@barnsley.test.example');
    lead = await signInAs(ctx, 'lead@yorkshire.test.example');
  }, 120_000);
  afterAll(() => ctx.close());

  const get = async (who: Client, path: string) => {
    const res = await who.request('GET', path);
    expect(res.status, path).toBe(200);
    return res;
  };
  const getJson = async (who: Client, path: string) => json(await get(who, path));
  const sessionCode = async (who: Client) => (await getJson(who, '/api/auth/session')).user.authorityCode;
  const barnsleyOf = async (path: string) =>
    (await getJson(clients.admin, path)).find((a: { name: string }) => a.name === BARNSLEY.name);

  test('before: Barnsley is E08000016, with no former code', async () => {
    expect(await sessionCode(barnsley)).toBe(BARNSLEY.code);
    expect(await barnsleyOf('/api/authorities')).toMatchObject({ code: BARNSLEY.code, formerCodes: [] });
    // Its new code is no one's yet.
    expect((await barnsley.request('GET', `/api/returns/${BARNSLEY.renamed}/${PERIOD}`)).status).toBe(404);
  });

  test('loading the release with the change confirmed gives Barnsley its new code, with its former one dated', async () => {
    const res = await clients.admin.request(
      'POST',
      `/api/published/releases?confirm=${BARNSLEY.renamed}:${BARNSLEY.code}`,
      renamedFile(),
      { 'content-type': 'text/csv' },
    );
    expect(res.status).toBe(201);
    releaseId = (await json(res)).id;
    const former = [{ code: BARNSLEY.code, from: null, to: `${NEW_YEAR}-09-30` }];
    expect(await barnsleyOf('/api/authorities')).toMatchObject({ code: BARNSLEY.renamed, formerCodes: former });
    for (const code of [BARNSLEY.code, BARNSLEY.renamed]) {
      expect(await getJson(clients.admin, `/api/authorities/${code}`)).toMatchObject({
        code: BARNSLEY.renamed,
        name: BARNSLEY.name,
        formerCodes: former,
      });
    }
    // Audited, as a change of the authority.
    const entry = await ctx.database.db.query.auditLog.findFirst({
      where: (t, { eq, and }) => and(eq(t.action, 'change-authority-code'), eq(t.entityId, BARNSLEY.code)),
    });
    expect(entry?.detail).toEqual({ name: BARNSLEY.name, from: BARNSLEY.code, to: BARNSLEY.renamed });
    // Its users' sessions say its current code.
    expect(await sessionCode(barnsley)).toBe(BARNSLEY.renamed);
    // A code is the authority's for good: no new authority can take either.
    for (const code of [BARNSLEY.code, BARNSLEY.renamed]) {
      const taken = await clients.admin.request('POST', '/api/authorities', {
        code,
        name: 'New Barnsley',
        regionCode: YORKSHIRE,
      });
      expect(taken.status, code).toBe(409);
      expect((await json(taken)).errors[0]).toMatchObject({ field: 'code' });
    }
  });

  test('a database that confirmed the code before migration 0013 gets its current code from the migration', async () => {
    const { db } = ctx.database;
    const migration = loadMigrations().find((m) => m.name.startsWith('0013_'));
    const update = splitStatements(migration as Migration).find((s) => s.startsWith('UPDATE authorities'));
    await db.execute(sql`UPDATE authorities SET current_code = NULL`);
    await db.execute(sql.raw(update as string));
    const current = rowsOf<{ code: string; current_code: string }>(
      await db.execute(sql`SELECT code, current_code FROM authorities WHERE current_code IS NOT NULL`),
    );
    expect(current).toEqual([{ code: BARNSLEY.code, current_code: BARNSLEY.renamed }]);
  });

  test('its DfE figures under both codes are its own, shown by its current code', async () => {
    const path = (code: string) =>
      `/api/published/figures?area=${code}&measure=turnover_rate_fte&level=Local%20authority`;
    const figures = async (code: string) =>
      (await getJson(barnsley, path(code))).figures.map(
        (f: { year: number; areaCode: string; authorityCode: string; value: number }) => [
          f.year,
          f.areaCode,
          f.authorityCode,
        ],
      );
    const expected = [
      [2024, BARNSLEY.renamed, BARNSLEY.renamed],
      ...[2023, 2022, 2021, 2020, 2019, 2018, 2017].map((y) => [y, BARNSLEY.code, BARNSLEY.renamed]),
    ];
    expect(await figures(BARNSLEY.code)).toEqual(expected);
    expect(await figures(BARNSLEY.renamed)).toEqual(expected);
    // Its neighbours' page has its 2024 figure, and it by its current code.
    for (const code of [BARNSLEY.code, BARNSLEY.renamed]) {
      const neighbours = await getJson(barnsley, `/api/neighbours/${code}`);
      expect(neighbours.authority.code).toBe(BARNSLEY.renamed);
      const turnover = neighbours.measures.find((m: { measure: string }) => m.measure === 'turnover_rate_fte');
      expect(turnover.years.find((y: { year: number }) => y.year === 2024).own).toBe(12.3);
    }
  });

  test('its returns by either code answer the same, by its current code', async () => {
    const one = await getJson(barnsley, `/api/returns/${BARNSLEY.code}/${PERIOD}`);
    const other = await getJson(barnsley, `/api/returns/${BARNSLEY.renamed}/${PERIOD}`);
    expect(one.authorityCode).toBe(BARNSLEY.renamed);
    expect(other).toEqual(one);
    const revisions = await getJson(barnsley, `/api/returns/${BARNSLEY.renamed}/${PERIOD}/revisions`);
    expect(await getJson(barnsley, `/api/returns/${BARNSLEY.code}/${PERIOD}/revisions`)).toEqual(revisions);
    const list = await getJson(barnsley, `/api/returns?authority=${BARNSLEY.renamed}`);
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((r: { authorityCode: string }) => r.authorityCode))).toEqual(new Set([BARNSLEY.renamed]));
    expect(await getJson(barnsley, `/api/returns?authority=${BARNSLEY.code}`)).toEqual(list);
    // Saved through its new code, read through its old one: one return.
    const next = '2024-25-Q1';
    await putReturn(ctx.database.db, BARNSLEY.code, next, 'draft', { permanentFte: 100 });
    const draft = await getJson(barnsley, `/api/returns/${BARNSLEY.renamed}/${next}`);
    expect(draft).toMatchObject({ authorityCode: BARNSLEY.renamed, version: 1 });
    // Its export says its current code.
    const csv = await (await get(barnsley, `/api/returns/export.csv?period=${PERIOD}`)).text();
    const exported: Record<string, string>[] = parse(csv, { columns: true, bom: true });
    expect(exported.map((r) => r.authority_code)).toEqual([BARNSLEY.renamed]);
    // And its targets, set by one code and read by the other.
    const target = await barnsley.request('PUT', `/api/targets/${BARNSLEY.code}/turnoverRate`, {
      value: 12,
      by: '2025-26-Q4',
    });
    expect([200, 201]).toContain(target.status);
    expect((await json(target)).authorityCode).toBe(BARNSLEY.renamed);
    expect(await getJson(barnsley, `/api/targets/${BARNSLEY.renamed}`)).toEqual(
      await getJson(barnsley, `/api/targets/${BARNSLEY.code}`),
    );
  });

  test('its template says its current code, and a file naming it by either code is its own', async () => {
    const template: string[][] = parse(await (await get(barnsley, '/api/returns/template.csv')).text(), { bom: true });
    expect(template[1]?.slice(0, 2)).toEqual([BARNSLEY.renamed, DEMO_OPEN_PERIOD]);
    for (const code of [BARNSLEY.code, BARNSLEY.renamed]) {
      const res = await barnsley.request(
        'POST',
        '/api/returns/import',
        csv([rowOf(DEMO_OPEN_PERIOD, VALID_RETURN, code)]),
        {
          'content-type': 'text/csv',
        },
      );
      expect(res.status, code).toBe(200);
      expect((await json(res)).returns).toEqual([
        expect.objectContaining({ authorityCode: BARNSLEY.renamed, period: DEMO_OPEN_PERIOD }),
      ]);
    }
    // Another authority's code is refused, naming Barnsley's current one.
    const other = await barnsley.request('POST', '/api/returns/import', csv([rowOf(DEMO_OPEN_PERIOD)]), {
      'content-type': 'text/csv',
    });
    expect(other.status).toBe(422);
    expect((await json(other)).errors[0].message).toContain(`(${BARNSLEY.renamed})`);
  });

  test('comparisons, their export and the lead’s region show its current code', async () => {
    const own = await getJson(barnsley, `/api/comparisons/${PERIOD}`);
    expect(own.authority).toEqual({ code: BARNSLEY.renamed, name: BARNSLEY.name });
    const exported = await get(barnsley, `/api/comparisons/${PERIOD}/export?format=csv`);
    expect(exported.headers.get('content-disposition')).toContain(`comparison-${BARNSLEY.renamed}-${PERIOD}.csv`);
    const region = await getJson(lead, `/api/comparisons/${PERIOD}`);
    const codes = region.authorities.map((a: { code: string }) => a.code);
    expect(codes).toContain(BARNSLEY.renamed);
    expect(codes).not.toContain(BARNSLEY.code);
    for (const metric of region.metrics)
      expect(metric.authorities.map((a: { code: string }) => a.code)).toContain(BARNSLEY.renamed);
    const table = await (await get(lead, `/api/comparisons/${PERIOD}/export?format=csv`)).text();
    expect(table).toContain(BARNSLEY.renamed);
    expect(table).not.toContain(BARNSLEY.code);
    const round = await getJson(lead, `/api/regions/${YORKSHIRE}/rounds/${PERIOD}`);
    expect(round.authorities.find((a: { name: string }) => a.name === BARNSLEY.name).code).toBe(BARNSLEY.renamed);
    // The lead reaches its return by either code.
    for (const code of [BARNSLEY.code, BARNSLEY.renamed]) {
      expect((await getJson(lead, `/api/returns/${code}/${PERIOD}`)).authorityCode).toBe(BARNSLEY.renamed);
    }
    const trend = await getJson(lead, `/api/comparisons/${PERIOD}/metrics/vacancyRate`);
    expect(Object.keys(trend.trend.at(-1).authorities)).toContain(BARNSLEY.renamed);
    const pack = await (await get(lead, `/api/regions/${YORKSHIRE}/rounds/${PERIOD}/pack?format=csv`)).text();
    expect(pack).toContain(BARNSLEY.renamed);
    expect(pack).not.toContain(BARNSLEY.code);
  });

  test('an admin names it by either code: its users, and inviting one', async () => {
    const listed = await getJson(clients.admin, `/api/users?authority=${BARNSLEY.renamed}`);
    expect(listed.items.map((u: { authorityCode: string }) => u.authorityCode)).toEqual([BARNSLEY.renamed]);
    expect(await getJson(clients.admin, `/api/users?authority=${BARNSLEY.code}`)).toEqual(listed);
    const invited = await clients.admin.request('POST', '/api/users', {
      email: 'viewer@barnsley.test.example',
      name: 'Vera Viewer',
      role: 'authority_viewer',
      authorityCode: BARNSLEY.code,
    });
    expect(invited.status).toBe(201);
    expect(await json(invited)).toMatchObject({ authorityCode: BARNSLEY.renamed, authorityName: BARNSLEY.name });
    expect((await getJson(clients.admin, `/api/authorities/${BARNSLEY.renamed}`)).users).toBe(2);
  });

  test('no one else reaches Barnsley by either code', async () => {
    for (const code of [BARNSLEY.code, BARNSLEY.renamed]) {
      for (const who of [clients.coventrySubmitter, clients.coventryViewer]) {
        for (const path of [`/api/returns/${code}/${PERIOD}`, `/api/targets/${code}`]) {
          const res = await who.request('GET', path);
          expect(res.status, `${path}`).toBe(404);
          // Refused naming the code asked for, and nothing of Barnsley's.
          expect(await res.text()).not.toContain(code === BARNSLEY.code ? BARNSLEY.renamed : BARNSLEY.code);
        }
        expect(await json(await who.request('GET', `/api/returns?authority=${code}`))).toEqual([]);
      }
      const write = await clients.coventrySubmitter.request('PUT', `/api/targets/${code}/turnoverRate`, {
        value: 1,
        by: '2025-26-Q4',
      });
      expect(write.status).toBe(404);
    }
  });

  test('withdrawing the release brings its former code back', async () => {
    const res = await clients.admin.request('POST', `/api/published/releases/${releaseId}/withdraw`);
    expect(res.status).toBe(200);
    expect(await sessionCode(barnsley)).toBe(BARNSLEY.code);
    expect(await barnsleyOf('/api/authorities')).toMatchObject({ code: BARNSLEY.code, formerCodes: [] });
    for (const code of [BARNSLEY.code, BARNSLEY.renamed]) {
      expect((await getJson(barnsley, `/api/returns/${code}/${PERIOD}`)).authorityCode).toBe(BARNSLEY.code);
    }
    const own = await getJson(barnsley, `/api/comparisons/${PERIOD}`);
    expect(own.authority.code).toBe(BARNSLEY.code);
    const region = await getJson(lead, `/api/comparisons/${PERIOD}`);
    expect(region.authorities.map((a: { code: string }) => a.code)).toContain(BARNSLEY.code);
    // Loading its file again puts it back in force, and the new code with it.
    const again = await clients.admin.request('POST', '/api/published/releases', renamedFile(), {
      'content-type': 'text/csv',
    });
    expect(again.status).toBe(200);
    expect(await sessionCode(barnsley)).toBe(BARNSLEY.renamed);
    const actions = await ctx.database.db.query.auditLog.findMany({
      where: (t, { eq, and }) => and(eq(t.action, 'change-authority-code'), eq(t.entityId, BARNSLEY.code)),
      orderBy: (t, { asc }) => asc(t.id),
    });
    expect(actions.map((a) => `${a.detail.from} → ${a.detail.to}`)).toEqual([
      `${BARNSLEY.code} → ${BARNSLEY.renamed}`,
      `${BARNSLEY.renamed} → ${BARNSLEY.code}`,
      `${BARNSLEY.code} → ${BARNSLEY.renamed}`,
    ]);
  });
});
