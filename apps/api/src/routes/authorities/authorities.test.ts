import { adminAuthoritySchema } from '@csc-workforce/schemas';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminSnapshot, anonymous } from '../../../test/admin.js';
import { VALID_RETURN } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { insertDemoReturns } from '../../db/demo.js';
import { seedReferenceData } from '../../db/reference.js';
import { auditLog, authorities, returnRevisions, returns } from '../../db/schema.js';

const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const WEST_MIDLANDS = 'E12000005';
const NEW_CODE = 'E06000099';

const USERS: TestUser[] = ['admin', 'coventrySubmitter', 'warwickshireSubmitter', 'westMidlandsLead', 'northWestLead'];

describe.each(DB_KINDS)('authorities on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    Object.assign(clients, await signInAll(ctx, USERS));
    await insertDemoReturns(ctx.database.db, [WARWICKSHIRE]);
  });
  afterAll(() => ctx.close());

  const names = async (who: TestUser) =>
    new Map<string, { name: string; retired: boolean }>(
      (await json(await clients[who].request('GET', '/api/authorities'))).map(
        (a: { code: string; name: string; retired: boolean }) => [a.code, a],
      ),
    );

  test('only admins add, change or read an authority’s details: other roles 403, anonymous 401, nothing changes', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/authorities/${COVENTRY}`],
      ['POST', '/api/authorities', { code: NEW_CODE, name: 'Newshire', regionCode: WEST_MIDLANDS }],
      ['POST', '/api/authorities', { code: 'bad' }],
      ['PATCH', `/api/authorities/${COVENTRY}`, { name: 'Renamed' }],
      ['PATCH', `/api/authorities/${COVENTRY}`, { retired: true }],
    ];
    const before = await adminSnapshot(ctx);
    for (const [method, path, body] of routes) {
      for (const who of ['coventrySubmitter', 'westMidlandsLead'] as TestUser[]) {
        expect([who, method, path, (await clients[who].request(method, path, body)).status]).toEqual([
          who,
          method,
          path,
          403,
        ]);
      }
      expect((await anonymous(ctx, method, path, body)).status).toBe(401);
    }
    expect(await adminSnapshot(ctx)).toBe(before);
    // The list stays every role's, in its scope.
    expect([...(await names('coventrySubmitter')).keys()]).toEqual([COVENTRY]);
    expect((await anonymous(ctx, 'GET', '/api/authorities')).status).toBe(401);
  });

  test('an admin reads an authority with its returns and users', async () => {
    const res = await clients.admin.request('GET', `/api/authorities/${WARWICKSHIRE}`);
    expect(res.status).toBe(200);
    expect(adminAuthoritySchema.parse(await json(res))).toEqual({
      code: WARWICKSHIRE,
      name: 'Warwickshire',
      regionCode: WEST_MIDLANDS,
      regionName: 'West Midlands',
      oldLaCode: '937',
      formerCodes: [],
      retired: false,
      retiredAt: null,
      returns: 8,
      users: 1,
    });
    expect((await clients.admin.request('GET', '/api/authorities/E06999999')).status).toBe(404);
    expect((await clients.admin.request('GET', '/api/authorities/nowhere')).status).toBe(400);
  });

  test('a rename shows at once in every list of authorities, and is audited', async () => {
    const res = await clients.admin.request('PATCH', `/api/authorities/${COVENTRY}`, { name: '  City of Coventry ' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ code: COVENTRY, name: 'City of Coventry', retired: false });
    for (const who of ['admin', 'coventrySubmitter', 'westMidlandsLead'] as TestUser[]) {
      expect((await names(who)).get(COVENTRY)?.name).toBe('City of Coventry');
    }
    expect((await json(await clients.coventrySubmitter.request('GET', '/api/auth/session'))).user.authorityName).toBe(
      'City of Coventry',
    );
    const [entry] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'rename-authority'));
    expect(entry).toMatchObject({
      entity: 'authority',
      entityId: COVENTRY,
      detail: { before: 'Coventry', after: 'City of Coventry' },
    });
    // The same name again changes nothing.
    const before = await adminSnapshot(ctx);
    expect(
      (await clients.admin.request('PATCH', `/api/authorities/${COVENTRY}`, { name: 'City of Coventry' })).status,
    ).toBe(200);
    expect(await adminSnapshot(ctx)).toBe(before);
  });

  test('a retired authority keeps its returns, leaves comparisons, takes no new users, and can come back', async () => {
    const OPEN = '2026-27-Q1';
    const SUBMITTED = '2025-26-Q4';
    for (const id of [OPEN, SUBMITTED]) {
      expect((await clients.admin.request('POST', '/api/periods', { id, status: 'open' })).status).toBe(201);
    }
    // A return waiting for the lead's review when the authority is retired.
    const submitted = `/api/returns/${WARWICKSHIRE}/${SUBMITTED}`;
    expect(
      (await clients.warwickshireSubmitter.request('PUT', submitted, { version: 0, figures: VALID_RETURN })).status,
    ).toBe(201);
    expect(
      (await clients.warwickshireSubmitter.request('POST', `${submitted}/submit`, { version: 1, declaration: true }))
        .status,
    ).toBe(200);
    const template = await (await clients.warwickshireSubmitter.request('GET', '/api/returns/template.csv')).text();
    expect(template).toContain(`${WARWICKSHIRE},${OPEN}`);
    const retired = await clients.admin.request('PATCH', `/api/authorities/${WARWICKSHIRE}`, { retired: true });
    expect(retired.status).toBe(200);
    const body = adminAuthoritySchema.parse(await json(retired));
    expect(body).toMatchObject({ retired: true, returns: 9 });
    expect(body.retiredAt).not.toBeNull();
    expect((await names('westMidlandsLead')).get(WARWICKSHIRE)).toMatchObject({ retired: true });
    // Its returns are all there, for the lead and for its own users.
    const list = await clients.westMidlandsLead.request('GET', `/api/returns?authority=${WARWICKSHIRE}`);
    expect((await json(list)).length).toBe(9);
    const own = await clients.warwickshireSubmitter.request('GET', `/api/returns/${WARWICKSHIRE}/2023-24-Q4`);
    expect(own.status).toBe(200);
    // Out of comparisons, and no one new may join it.
    expect((await clients.warwickshireSubmitter.request('GET', '/api/comparisons/2023-24-Q4')).status).toBe(404);
    const invite = await clients.admin.request('POST', '/api/users', {
      email: 'late@warwickshire.test.example',
      name: 'Late Joiner',
      role: 'authority_viewer',
      authorityCode: WARWICKSHIRE,
    });
    expect(invite.status).toBe(422);
    expect((await json(invite)).errors[0]).toMatchObject({ field: 'authorityCode' });
    // Its users are told (the portal shows its returns read-only)...
    const session = await json(await clients.warwickshireSubmitter.request('GET', '/api/auth/session'));
    expect(session.user).toMatchObject({ authorityCode: WARWICKSHIRE, authorityRetired: true });
    // ...and can no longer change its returns: not by the form, a submission or an import.
    const returnsNow = async () =>
      JSON.stringify([
        await ctx.database.db.select().from(returns).orderBy(asc(returns.periodId)),
        await ctx.database.db
          .select()
          .from(returnRevisions)
          .orderBy(asc(returnRevisions.periodId), asc(returnRevisions.revision)),
      ]);
    const stored = [await adminSnapshot(ctx), await returnsNow()];
    const attempts = [
      await clients.warwickshireSubmitter.request('PUT', `/api/returns/${WARWICKSHIRE}/${OPEN}`, {
        version: 0,
        figures: {},
      }),
      await clients.warwickshireSubmitter.request('POST', `/api/returns/${WARWICKSHIRE}/2023-24-Q4/submit`, {
        version: 1,
        declaration: true,
      }),
      await clients.warwickshireSubmitter.request('POST', '/api/returns/import', template, {
        'content-type': 'text/csv',
      }),
      // Nor its lead, reviewing it.
      await clients.westMidlandsLead.request('POST', `${submitted}/accept`, { version: 2 }),
      await clients.westMidlandsLead.request('POST', `${submitted}/send-back`, { version: 2, reason: 'Check it.' }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(res)).toMatchObject({ type: '/problems/authority-retired', title: 'The authority is retired' });
    }
    expect([await adminSnapshot(ctx), await returnsNow()]).toEqual(stored);

    const back = await clients.admin.request('PATCH', `/api/authorities/${WARWICKSHIRE}`, { retired: false });
    expect(await json(back)).toMatchObject({ retired: false, retiredAt: null, returns: 9 });
    const actions = await ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, WARWICKSHIRE));
    expect(actions.map((a) => a.action)).toEqual(['retire-authority', 'reinstate-authority']);
    const after = await json(await clients.warwickshireSubmitter.request('GET', '/api/auth/session'));
    expect(after.user.authorityRetired).toBe(false);
    const saved = await clients.warwickshireSubmitter.request('PUT', `/api/returns/${WARWICKSHIRE}/${OPEN}`, {
      version: 0,
      figures: {},
    });
    expect(saved.status).toBe(201);
    expect((await clients.westMidlandsLead.request('POST', `${submitted}/accept`, { version: 2 })).status).toBe(200);
  });

  test('loading the reference data again on start keeps an admin’s renames and retirements', async () => {
    await clients.admin.request('PATCH', `/api/authorities/${WARWICKSHIRE}`, { retired: true });
    const before = await ctx.database.db.select().from(authorities).orderBy(authorities.code);
    expect(await seedReferenceData(ctx.database.db)).toEqual({ regions: 0, authorities: 0 });
    expect(await ctx.database.db.select().from(authorities).orderBy(authorities.code)).toEqual(before);
    expect(before.find((a) => a.code === COVENTRY)?.name).toBe('City of Coventry');
    expect(before.find((a) => a.code === WARWICKSHIRE)?.retiredAt).not.toBeNull();
    await clients.admin.request('PATCH', `/api/authorities/${WARWICKSHIRE}`, { retired: false });
  });

  test('an admin adds an authority; a taken code or a bad field is refused, naming it, with nothing stored', async () => {
    const before = await adminSnapshot(ctx);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ code: COVENTRY, name: 'Coventry again', regionCode: WEST_MIDLANDS }, 409, 'code'],
      [{ code: 'E12000005', name: 'A region', regionCode: WEST_MIDLANDS }, 422, 'code'],
      [{ code: NEW_CODE, name: '', regionCode: WEST_MIDLANDS }, 422, 'name'],
      [{ code: NEW_CODE, name: 'Newshire', regionCode: 'E12000010' }, 422, 'regionCode'],
      [{ code: NEW_CODE, name: 'Newshire', regionCode: WEST_MIDLANDS, oldLaCode: '12' }, 422, 'oldLaCode'],
      [{ code: NEW_CODE, name: 'Newshire\u0000', regionCode: WEST_MIDLANDS }, 422, 'name'],
    ];
    for (const [body, status, field] of cases) {
      const res = await clients.admin.request('POST', '/api/authorities', body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      expect((await json(res)).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const body of [{}, { retired: 'yes' }, { name: 'X', region: WEST_MIDLANDS }]) {
      expect((await clients.admin.request('PATCH', `/api/authorities/${COVENTRY}`, body)).status).toBe(422);
    }
    expect((await clients.admin.request('PATCH', '/api/authorities/E06999999', { name: 'Nowhere' })).status).toBe(404);
    expect(await adminSnapshot(ctx)).toBe(before);

    const res = await clients.admin.request('POST', '/api/authorities', {
      code: NEW_CODE,
      name: 'Newshire',
      regionCode: WEST_MIDLANDS,
      oldLaCode: '999',
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({
      code: NEW_CODE,
      name: 'Newshire',
      regionCode: WEST_MIDLANDS,
      regionName: 'West Midlands',
      oldLaCode: '999',
      formerCodes: [],
      retired: false,
      retiredAt: null,
      returns: 0,
      users: 0,
    });
    expect((await names('westMidlandsLead')).get(NEW_CODE)).toMatchObject({ name: 'Newshire', retired: false });
    expect((await names('northWestLead')).has(NEW_CODE)).toBe(false);
    // Users can be invited to it at once.
    const invite = await clients.admin.request('POST', '/api/users', {
      email: 'first@newshire.test.example',
      name: 'First Newshire',
      role: 'authority_submitter',
      authorityCode: NEW_CODE,
    });
    expect(invite.status).toBe(201);
    const [entry] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'create-authority'));
    expect(entry).toMatchObject({ entityId: NEW_CODE, detail: { name: 'Newshire', regionCode: WEST_MIDLANDS } });
  });
});
