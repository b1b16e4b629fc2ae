import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PERIOD, VALID_RETURN } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signIn,
  signInAll,
  TEST_USERS,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { auditLog } from '../../db/schema.js';

const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const MANCHESTER = 'E08000003';
const path = (authority: string, period = PERIOD) => `/api/returns/${authority}/${period}`;

describe.each(DB_KINDS)('returns on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    Object.assign(
      clients,
      await signInAll(ctx, [
        'admin',
        'coventrySubmitter',
        'coventryViewer',
        'warwickshireSubmitter',
        'manchesterSubmitter',
        'westMidlandsLead',
        'northWestLead',
      ] as TestUser[]),
    );
    for (const [id, status] of [
      [PERIOD, 'open'],
      ['2024-25-Q1', 'open'],
      ['2023-24-Q4', 'closed'],
    ] as const) {
      expect((await clients.admin.request('POST', '/api/periods', { id, status })).status).toBe(201);
    }
  });
  afterAll(() => ctx.close());

  const save = (who: TestUser, authority: string, version: number, figures: object, period = PERIOD) =>
    clients[who].request('PUT', path(authority, period), { version, figures });

  /** Every row that a write could have touched, to prove a refused request changed nothing. */
  const snapshot = async () => {
    const { db } = ctx.database;
    return JSON.stringify([
      await db.query.returns.findMany({ orderBy: (t, { asc }) => [asc(t.authorityCode), asc(t.periodId)] }),
      await db.query.returnRevisions.findMany({
        orderBy: (t, { asc }) => [asc(t.authorityCode), asc(t.periodId), asc(t.revision)],
      }),
      await db.query.periods.findMany({ orderBy: (t, { asc }) => [asc(t.id)] }),
    ]);
  };

  test('a submitter saves a first draft (version 0 → 1), then saves again (1 → 2): each save a revision', async () => {
    const first = await save('coventrySubmitter', COVENTRY, 0, { ...VALID_RETURN, leaversFte: 13 });
    expect(first.status).toBe(201);
    const body = await json(first);
    expect(body).toMatchObject({
      authorityCode: COVENTRY,
      authorityName: 'Coventry',
      period: PERIOD,
      periodLabel: '2024-25 Q2',
      status: 'draft',
      version: 1,
      updatedBy: 'u-cov-sub',
      updatedByName: 'Cory Submitter',
      demo: false,
    });
    // leaversFte 13 is above leaversHeadcount 12: an error that blocks submission, but a draft may hold it.
    expect(body.validation.canSubmit).toBe(false);
    expect(body.validation.errors).toEqual([expect.objectContaining({ code: 'E009', field: 'figures.leaversFte' })]);
    expect(first.headers.get('etag')).toBe('"1"');

    const second = await save('coventrySubmitter', COVENTRY, 1, VALID_RETURN);
    expect(second.status).toBe(200);
    expect(await json(second)).toMatchObject({ version: 2, validation: { errors: [], warnings: [], canSubmit: true } });

    const revisions = await json(await clients.coventrySubmitter.request('GET', `${path(COVENTRY)}/revisions`));
    expect(revisions.map((r: { revision: number; status: string }) => [r.revision, r.status])).toEqual([
      [1, 'draft'],
      [2, 'draft'],
    ]);
    const one = await json(await clients.coventryViewer.request('GET', `${path(COVENTRY)}/revisions/1`));
    expect(one.figures.leaversFte).toBe(13);
    const two = await json(await clients.coventryViewer.request('GET', `${path(COVENTRY)}/revisions/2`));
    expect(two.figures.leaversFte).toBe(11.4);
  });

  test('a stale version is refused with 409 and nothing is saved; so is creating a return twice', async () => {
    const before = await snapshot();
    const stale = await save('coventrySubmitter', COVENTRY, 1, { ...VALID_RETURN, casesHeld: 1 });
    expect(stale.status).toBe(409);
    const problem = await json(stale);
    expect(problem.type).toBe('/problems/version-conflict');
    expect(problem.detail).toMatch(/version 2 has been saved since/);
    const again = await save('coventrySubmitter', COVENTRY, 0, VALID_RETURN);
    expect(again.status).toBe(409);
    expect(await snapshot()).toBe(before);
  });

  test('concurrent saves of one version: exactly one wins, the others get 409, no revision is lost or doubled', async () => {
    const { version } = await json(await clients.coventrySubmitter.request('GET', path(COVENTRY)));
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => save('coventrySubmitter', COVENTRY, version, { ...VALID_RETURN, asyeStarted: i })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    const revisions = await json(await clients.coventrySubmitter.request('GET', `${path(COVENTRY)}/revisions`));
    expect(revisions.map((r: { revision: number }) => r.revision)).toEqual(
      Array.from({ length: version + 1 }, (_, i) => i + 1),
    );
  });

  test('bad figures are refused with 422 naming each field, and nothing changes', async () => {
    const before = await snapshot();
    const { version } = await json(await clients.coventrySubmitter.request('GET', path(COVENTRY)));
    const res = await save('coventrySubmitter', COVENTRY, version, {
      ...VALID_RETURN,
      permanentHeadcount: -3,
      leaversFte: 'twelve',
      agencyHeadcount: 2.5,
      leaverzFte: 1,
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await json(res);
    const fields = problem.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(
      ['figures.agencyHeadcount', 'figures.leaversFte', 'figures.leaverzFte', 'figures.permanentHeadcount'].sort(),
    );
    expect(problem.errors.find((e: { field: string }) => e.field === 'figures.leaversFte').code).toBe('E002');
    for (const comment of ['a\u0000b', 'half \ud800 pair']) {
      const r = await save('coventrySubmitter', COVENTRY, version, { ...VALID_RETURN, comment });
      expect(r.status).toBe(422);
      expect((await json(r)).errors[0]).toMatchObject({ field: 'figures.comment', code: 'E021' });
    }
    expect((await save('coventrySubmitter', COVENTRY, 2 ** 31, VALID_RETURN)).status).toBe(422);
    expect((await clients.coventrySubmitter.request('GET', `${path(COVENTRY)}/revisions/${2 ** 31}`)).status).toBe(400);
    for (const body of ['{', '[]', 'null', '{"version":"1","figures":{}}', JSON.stringify({ version: 1 })]) {
      const r = await clients.coventrySubmitter.request('PUT', path(COVENTRY), body);
      expect([400, 422], body).toContain(r.status);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await snapshot()).toBe(before);
  });

  test('submission is blocked by errors, then by warnings without a comment, and allowed with one', async () => {
    const first = await json(await save('warwickshireSubmitter', WARWICKSHIRE, 0, { permanentHeadcount: 100 }));
    const blocked = await clients.warwickshireSubmitter.request('POST', `${path(WARWICKSHIRE)}/submit`, {
      version: first.version,
      declaration: true,
    });
    expect(blocked.status).toBe(422);
    const problem = await json(blocked);
    expect(problem.type).toBe('/problems/submission-blocked');
    expect(problem.errors.some((e: { code: string }) => e.code === 'E001')).toBe(true);

    // Caseload 40 raises W003 (caseload above 30): it needs a comment.
    const warned = await json(
      await save('warwickshireSubmitter', WARWICKSHIRE, first.version, { ...VALID_RETURN, casesHeld: 7212 }),
    );
    // E022: the warning needs a comment before the return can be submitted.
    expect(warned.validation.errors.map((e: { code: string }) => e.code)).toEqual(['E022']);
    expect(warned.validation.warnings.map((w: { code: string }) => w.code)).toEqual(['W003']);
    const needsComment = await clients.warwickshireSubmitter.request('POST', `${path(WARWICKSHIRE)}/submit`, {
      version: warned.version,
      declaration: true,
    });
    expect(needsComment.status).toBe(422);
    const commentProblem = await json(needsComment);
    expect(commentProblem.warnings[0].code).toBe('W003');
    expect(commentProblem.detail).toMatch(/explain it in the comment/);

    const commented = await json(
      await save('warwickshireSubmitter', WARWICKSHIRE, warned.version, {
        ...VALID_RETURN,
        casesHeld: 7212,
        comment: 'Two teams were merged this quarter; caseloads are being rebalanced.',
      }),
    );
    // Without the declaration, or with it false, the submission is refused naming the field.
    for (const body of [{ version: commented.version }, { version: commented.version, declaration: false }]) {
      const undeclared = await clients.warwickshireSubmitter.request('POST', `${path(WARWICKSHIRE)}/submit`, body);
      expect(undeclared.status, JSON.stringify(body)).toBe(422);
      expect((await json(undeclared)).errors).toEqual([
        { field: 'declaration', message: 'Confirm that these figures are correct to the best of your knowledge' },
      ]);
    }
    expect((await json(await clients.warwickshireSubmitter.request('GET', path(WARWICKSHIRE)))).status).toBe('draft');
    const submitted = await clients.warwickshireSubmitter.request('POST', `${path(WARWICKSHIRE)}/submit`, {
      version: commented.version,
      declaration: true,
    });
    expect(submitted.status).toBe(200);
    // The declaration is recorded in the submission's audit entry: what was declared, by whom and when.
    const [entry] = await ctx.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'submit-return'), eq(auditLog.entityId, `${WARWICKSHIRE}/${PERIOD}`)));
    const user = await json(await clients.warwickshireSubmitter.request('GET', '/api/auth/session'));
    expect(entry?.detail).toEqual({
      version: commented.version + 1,
      status: 'submitted',
      declaration: {
        statement: 'I confirm these figures are correct to the best of my knowledge',
        by: entry?.userId,
        at: new Date(entry?.at ?? 0).toISOString(),
      },
    });
    expect(entry?.userId).toBe(user.user.id);
    expect(await json(submitted)).toMatchObject({ status: 'submitted', version: commented.version + 1 });
    const again = await clients.warwickshireSubmitter.request('POST', `${path(WARWICKSHIRE)}/submit`, {
      version: commented.version + 1,
      declaration: true,
    });
    expect(again.status).toBe(409);
  });

  test('a warning that compares with the previous quarter uses the stored previous return', async () => {
    const previous = await json(
      await save(
        'manchesterSubmitter',
        MANCHESTER,
        0,
        { ...VALID_RETURN, leaversFte: 2, leaversHeadcount: 2 },
        '2024-25-Q1',
      ),
    );
    expect(previous.version).toBe(1);
    const now = await json(await save('manchesterSubmitter', MANCHESTER, 0, VALID_RETURN));
    // The answer carries the previous quarter's return, for the form to show beside each figure.
    expect(now.previous).toMatchObject({ period: '2024-25-Q1', figures: { leaversFte: 2, leaversHeadcount: 2 } });
    expect(previous.previous).toBeNull();
    // Quarterly turnover 11.4/243.1 = 4.7% after 2/243.1 = 0.8%: more than doubled, but under the 5% floor
    // (no W001); leavers headcount rose from 2 to 12, which is queried on its own (W015).
    expect(now.validation.warnings.map((w: { code: string }) => w.code)).toEqual(['W015']);
    const doubled = await json(
      await save('manchesterSubmitter', MANCHESTER, now.version, {
        ...VALID_RETURN,
        leaversFte: 16,
        leaversHeadcount: 17,
      }),
    );
    expect(doubled.validation.warnings.map((w: { code: string }) => w.code)).toContain('W001');
    // The previous quarter saved again: the next save answers with its newest figures.
    const revised = await save('manchesterSubmitter', MANCHESTER, previous.version, VALID_RETURN, '2024-25-Q1');
    expect(revised.status).toBe(200);
    const after = await json(await save('manchesterSubmitter', MANCHESTER, doubled.version, VALID_RETURN));
    expect(after.previous).toMatchObject({ period: '2024-25-Q1', figures: { leaversFte: VALID_RETURN.leaversFte } });
    // Judged against those figures: the same in both quarters (W013), no longer the jump of W001.
    expect(after.validation.warnings.map((w: { code: string }) => w.code)).toEqual(['W013']);
  });

  test('a closed period refuses edits with 409; an unknown period is 404', async () => {
    const closed = await save('coventrySubmitter', COVENTRY, 0, VALID_RETURN, '2023-24-Q4');
    expect(closed.status).toBe(409);
    expect((await json(closed)).type).toBe('/problems/period-closed');
    expect((await save('coventrySubmitter', COVENTRY, 0, VALID_RETURN, '2020-21-Q1')).status).toBe(404);
    expect((await save('coventrySubmitter', COVENTRY, 0, VALID_RETURN, '2024-26-Q1')).status).toBe(400);
  });

  test('scope: no one reads or writes another authority’s return by any parameter, and nothing changes', async () => {
    const before = await snapshot();
    // Coventry users and the North West lead cannot read Warwickshire (West Midlands); 404 reveals nothing.
    // Admins read no returns at all: 403, whatever the authority.
    for (const [who, status] of [
      ['coventrySubmitter', 404],
      ['coventryViewer', 404],
      ['northWestLead', 404],
      ['admin', 403],
      ['manchesterSubmitter', 404],
    ] as [TestUser, number][]) {
      for (const p of [path(WARWICKSHIRE), `${path(WARWICKSHIRE)}/revisions`, `${path(WARWICKSHIRE)}/revisions/1`]) {
        const res = await clients[who].request('GET', p);
        expect(res.status, `${who} GET ${p}`).toBe(status);
        expect(await res.text()).not.toContain('7212');
      }
    }
    // Writes to another authority: 404 for submitters out of scope, 403 for the roles that write no
    // returns (whatever the authority).
    const attempts: [TestUser, number][] = [
      ['coventrySubmitter', 404],
      ['manchesterSubmitter', 404],
      ['northWestLead', 403],
      ['admin', 403],
      ['westMidlandsLead', 403],
    ];
    for (const [who, status] of attempts) {
      expect((await save(who, WARWICKSHIRE, 3, VALID_RETURN)).status, `${who} PUT`).toBe(status);
      expect(
        (await clients[who].request('POST', `${path(WARWICKSHIRE)}/submit`, { version: 3, declaration: true })).status,
        `${who} submit`,
      ).toBe(status);
    }
    // Viewers read but do not write their own authority.
    expect((await clients.coventryViewer.request('GET', path(COVENTRY))).status).toBe(200);
    expect((await save('coventryViewer', COVENTRY, 3, VALID_RETURN)).status).toBe(403);
    // Path tricks are rejected by the parameter schemas.
    for (const p of [
      '/api/returns/E10000031%2F..%2FE08000026/2024-25-Q2',
      "/api/returns/E08000026'/2024-25-Q2",
      '/api/returns/e08000026/2024-25-Q2',
    ]) {
      expect([400, 404], p).toContain((await clients.coventrySubmitter.request('GET', p)).status);
    }
    expect(await snapshot()).toBe(before);
  });

  test('lists: authority users see their own returns only, a lead their region’s, admins none', async () => {
    const mine = await json(await clients.coventryViewer.request('GET', '/api/returns'));
    expect(mine.map((r: { authorityCode: string }) => r.authorityCode)).toEqual([COVENTRY]);
    const region = await json(await clients.westMidlandsLead.request('GET', `/api/returns?period=${PERIOD}`));
    expect(region.map((r: { authorityCode: string }) => r.authorityCode).sort()).toEqual([COVENTRY, WARWICKSHIRE]);
    const submitted = await json(await clients.westMidlandsLead.request('GET', '/api/returns?status=submitted'));
    expect(submitted.map((r: { authorityCode: string }) => r.authorityCode)).toEqual([WARWICKSHIRE]);
    const northWest = await json(await clients.northWestLead.request('GET', '/api/returns'));
    expect(northWest.map((r: { authorityCode: string }) => r.authorityCode).sort()).toEqual([MANCHESTER, MANCHESTER]);
    const withFigures = await json(
      await clients.westMidlandsLead.request('GET', `/api/returns?authority=${WARWICKSHIRE}&figures=true`),
    );
    expect(withFigures.map((r: { authorityCode: string }) => r.authorityCode)).toEqual([WARWICKSHIRE]);
    expect(withFigures[0].figures.casesHeld).toBe(7212);
    expect(region[0].figures).toBeUndefined();
    // Another authority by query parameter: nothing, as if it had no returns.
    for (const [who, other] of [
      ['coventryViewer', WARWICKSHIRE],
      ['northWestLead', WARWICKSHIRE],
      ['westMidlandsLead', MANCHESTER],
    ] as [TestUser, string][]) {
      const res = await clients[who].request('GET', `/api/returns?authority=${other}&figures=true`);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual([]);
    }
    expect((await clients.admin.request('GET', '/api/returns')).status).toBe(403);
    expect((await ctx.app.request('/api/returns')).status).toBe(401);
  });

  test('periods: only an admin opens and closes them, and it is audited', async () => {
    expect(
      (await clients.coventrySubmitter.request('PATCH', '/api/periods/2024-25-Q1', { status: 'closed' })).status,
    ).toBe(403);
    expect((await clients.westMidlandsLead.request('POST', '/api/periods', { id: '2025-26-Q1' })).status).toBe(403);
    const closed = await clients.admin.request('PATCH', '/api/periods/2024-25-Q1', {
      status: 'closed',
      dueDate: '2024-08-15',
    });
    expect(await json(closed)).toMatchObject({
      id: '2024-25-Q1',
      status: 'closed',
      dueDate: '2024-08-15',
      quarterEnd: '2024-06-30',
    });
    expect((await clients.admin.request('PATCH', '/api/periods/2024-25-Q1', {})).status).toBe(422);
    expect((await clients.admin.request('POST', '/api/periods', { id: '2024-25-Q1' })).status).toBe(409);
    const list = await json(await clients.coventryViewer.request('GET', '/api/periods'));
    expect(list.map((p: { id: string }) => p.id)).toEqual([PERIOD, '2024-25-Q1', '2023-24-Q4']);
    const audit = await ctx.database.db.query.auditLog.findMany({ where: (t, { eq }) => eq(t.entity, 'period') });
    expect(audit.map((a) => a.action)).toContain('close-period');
  });

  test('reference data: 9 regions; authorities in scope only', async () => {
    expect(await json(await clients.coventryViewer.request('GET', '/api/regions'))).toHaveLength(9);
    const own = await json(await clients.coventryViewer.request('GET', '/api/authorities'));
    expect(own).toEqual([
      { code: COVENTRY, name: 'Coventry', regionCode: 'E12000005', retired: false, formerCodes: [] },
    ]);
    const region = await json(await clients.westMidlandsLead.request('GET', '/api/authorities'));
    expect(region).toHaveLength(14);
    expect(await json(await clients.admin.request('GET', '/api/authorities'))).toHaveLength(153);
  });

  test('scripts save with an API token as Bearer, without a CSRF token', async () => {
    const token = (
      await json(await clients.warwickshireSubmitter.request('POST', '/api/auth/tokens', { name: 'script' }))
    ).token as string;
    const current = await json(await clients.warwickshireSubmitter.request('GET', path(WARWICKSHIRE)));
    const res = await ctx.app.request(path(WARWICKSHIRE), {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: current.version, figures: VALID_RETURN }),
    });
    expect(res.status).toBe(200);
    expect((await json(res)).version).toBe(current.version + 1);
  });
});

describe('an unexpected error', () => {
  test('answers 500 with a request id, and logs where it happened but no data of the request', async () => {
    const lines: string[] = [];
    const ctx = await createTestContext('pglite', {}, { log: (line) => lines.push(line) });
    const admin = await signIn(ctx, 'admin');
    await admin.request('POST', '/api/periods', { id: PERIOD, status: 'open' });
    const submitter = await signIn(ctx, 'coventrySubmitter');
    // Break the database under the app: the next query fails.
    await ctx.database.db.execute(sql`ALTER TABLE return_revisions RENAME TO broken`);
    const res = await submitter.request('PUT', path(COVENTRY), {
      version: 0,
      figures: { ...VALID_RETURN, comment: 'Jane Smith, on long-term sick leave' },
    });
    expect(res.status).toBe(500);
    const problem = await json(res);
    expect(problem.detail).toMatch(/request id [0-9a-f-]{36}/);
    const logged = lines.join('\n');
    expect(logged).toContain('"message":"unhandled error"');
    expect(logged).not.toContain('Jane Smith');
    expect(logged).not.toContain('params');
    expect(logged).not.toContain(TEST_USERS.coventrySubmitter.email);
    await ctx.close();
  });
});

describe.each(DB_KINDS)('the first quarter on %s', (kind) => {
  let ctx: TestContext;
  let admin: Client;
  let submitter: Client;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
    admin = await signIn(ctx, 'admin');
    submitter = await signIn(ctx, 'warwickshireSubmitter');
  });
  afterAll(() => ctx.close());

  test('the first quarter a period id can name has no quarter before: its return saves, opens and submits', async () => {
    const FIRST = '1900-01-Q1';
    expect((await admin.request('POST', '/api/periods', { id: FIRST, status: 'open' })).status).toBe(201);
    const saved = await submitter.request('PUT', path(WARWICKSHIRE, FIRST), { version: 0, figures: VALID_RETURN });
    expect(saved.status).toBe(201);
    expect((await json(saved)).previous).toBeNull();
    const opened = await submitter.request('GET', path(WARWICKSHIRE, FIRST));
    expect(opened.status).toBe(200);
    expect((await json(opened)).previous).toBeNull();
    const submitted = await submitter.request('POST', `${path(WARWICKSHIRE, FIRST)}/submit`, {
      version: 1,
      declaration: true,
    });
    expect(submitted.status).toBe(200);
  });
});
