/**
 * Several instances: two processes of the built server on one PostgreSQL database, with every client's
 * requests spread over both (as a load balancer without sticky sessions would). A session made on one
 * is valid on the other, and ended on both by a sign-out on either; concurrent edits and submissions of
 * the same return through both lose no update and report every conflict as a 409 problem; what one
 * instance writes, the other answers at once (its caches check the database).
 */
import { FIGURE_FIELDS } from '@csc-workforce/metrics-core';
import { PROBLEM_TYPES } from '@csc-workforce/schemas';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../src/db/client.js';
import { returnRevisions, returns } from '../src/db/schema.js';
import { VALID_RETURN } from './fixtures.js';
import { DB_KINDS, type Json, json, type TestUser } from './harness.js';
import {
  type HttpSession,
  requestOver,
  type ServerDatabase,
  type ServerProcess,
  serverDatabase,
  signInOver,
  startServer,
} from './server-process.js';

const PERIOD = '2030-31-Q1';
const COVENTRY = 'E08000026';
const RETURN = `/api/returns/${COVENTRY}/${PERIOD}`;

describe.runIf(DB_KINDS.includes('postgres'))('two instances on one PostgreSQL database', () => {
  let store: ServerDatabase;
  let database: Database;
  let instances: ServerProcess[] = [];

  beforeAll(async () => {
    store = await serverDatabase('postgres');
    database = await store.open();
    instances = await Promise.all([startServer(store.env), startServer(store.env)]);
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await store?.remove();
  });

  /** A client whose every request goes to the next instance in turn. */
  const spread = (session: HttpSession, start = 0) => {
    let turn = start;
    return (method: string, path: string, body?: unknown) => {
      const instance = instances[turn++ % instances.length] as ServerProcess;
      return requestOver(instance.url, session, method, path, body);
    };
  };
  const signIn = (who: TestUser, on = 0) => signInOver((instances[on] as ServerProcess).url, who);

  test('a session made on one instance is valid on the other; a sign-out on either ends it on both', async () => {
    for (const [made, other] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const session = await signIn('coventryViewer', made);
      const [a, b] = instances as [ServerProcess, ServerProcess];
      for (const instance of [a, b]) {
        const res = await requestOver(instance.url, session, 'GET', '/api/auth/session');
        expect(res.status).toBe(200);
        expect((await json(res)).csrfToken).toBe(session.csrfToken);
      }
      const out = await requestOver((instances[other] as ServerProcess).url, session, 'POST', '/api/auth/logout');
      expect(out.status).toBe(204);
      for (const instance of [a, b]) {
        // Signed out: the session's answer has no user.
        const ended = await requestOver(instance.url, session, 'GET', '/api/auth/session');
        expect(ended.status).toBe(200);
        expect((await json(ended)).user).toBeNull();
      }
    }
  });

  test('concurrent saves and submissions of one return through both instances: no lost update, every conflict a 409 problem', async () => {
    const admin = spread(await signIn('admin'));
    expect((await admin('POST', '/api/periods', { id: PERIOD, status: 'open' })).status).toBe(201);
    // Six browser sessions of the authority's submitter, three signed in on each instance, each spread over both.
    const clients = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => spread(await signIn('coventrySubmitter', i % 2), i)),
    );
    const first = await (clients[0] as ReturnType<typeof spread>)('PUT', RETURN, { version: 0, figures: VALID_RETURN });
    expect(first.status).toBe(201);

    const saved: { version: number; figures: Json }[] = [];
    const submitted: number[] = [];
    const conflicts: Json[] = [];
    let sequence = 0;
    await Promise.all(
      clients.map(async (request, client) => {
        for (let step = 0; step < 12; step++) {
          const read = await request('GET', RETURN);
          expect(read.status).toBe(200);
          const { version } = await json(read);
          const submit = (step + client) % 4 === 3;
          const figures = {
            ...VALID_RETURN,
            agencySpend: 10_000 + sequence++,
            comment: `client ${client} step ${step}`,
          };
          const res = submit
            ? await request('POST', `${RETURN}/submit`, { version, declaration: true })
            : await request('PUT', RETURN, { version, figures });
          const body = await json(res);
          if (res.status === 409) {
            expect(res.headers.get('content-type')).toBe('application/problem+json');
            conflicts.push(body);
            continue;
          }
          expect(res.status, JSON.stringify(body)).toBe(200);
          expect(body.version).toBe(version + 1);
          if (submit) {
            expect(body.status).toBe('submitted');
            submitted.push(body.version);
          } else {
            expect(body.figures).toEqual(figures);
            saved.push({ version: body.version, figures });
          }
        }
      }),
    );
    // Contention happened, and every request was either applied or refused as a conflict.
    expect(conflicts.length).toBeGreaterThan(0);
    expect(saved.length + submitted.length + conflicts.length).toBe(6 * 12);
    for (const problem of conflicts) {
      expect([PROBLEM_TYPES.conflict, '/problems/invalid-status']).toContain(problem.type);
      expect(problem.status).toBe(409);
    }

    // Every applied change is one revision, in order, holding exactly what its request sent.
    const [row] = await database.db
      .select()
      .from(returns)
      .where(and(eq(returns.authorityCode, COVENTRY), eq(returns.periodId, PERIOD)));
    const revisions = await database.db
      .select()
      .from(returnRevisions)
      .where(and(eq(returnRevisions.authorityCode, COVENTRY), eq(returnRevisions.periodId, PERIOD)))
      .orderBy(asc(returnRevisions.revision));
    const applied = [...saved.map((s) => s.version), ...submitted].sort((a, b) => a - b);
    expect(applied).toEqual(Array.from({ length: applied.length }, (_, i) => i + 2));
    expect(row?.version).toBe(1 + applied.length);
    expect(revisions.map((r) => r.revision)).toEqual([1, ...applied]);
    for (const { version, figures } of saved) {
      const revision = revisions.find((r) => r.revision === version);
      expect(revision?.status).toBe('draft');
      expect(revision?.comment).toBe(figures.comment);
      expect(revision?.figures.agencySpend).toBe(figures.agencySpend);
      expect(Object.keys(revision?.figures ?? {}).sort()).toEqual([...FIGURE_FIELDS].sort());
    }
    for (const version of submitted) {
      const revision = revisions.find((r) => r.revision === version);
      expect(revision?.status).toBe('submitted');
      // A submission freezes the figures of the version it submitted.
      const before = revisions.find((r) => r.revision === version - 1);
      expect(revision?.figures).toEqual(before?.figures);
    }
  });

  test('what one instance writes, the other answers at once: returns, comparisons, periods and releases', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const admin = await signIn('admin', 0);
    const submitter = await signIn('warwickshireSubmitter', 0);
    const lead = await signIn('westMidlandsLead', 1);
    const period = '2030-31-Q2';
    const path = `/api/returns/E10000031/${period}`;
    /** The period as the lead's comparisons list it over one instance: absent, listed, or released with n. */
    const comparable = async (url = b.url) => {
      const res = await requestOver(url, lead, 'GET', '/api/comparisons');
      expect(res.status).toBe(200);
      const found = (await json(res)).periods.find((p: Json) => p.id === period);
      return found ? (found.released ? found.authorities : 'listed') : 0;
    };
    expect((await requestOver(a.url, admin, 'POST', '/api/periods', { id: period, status: 'open' })).status).toBe(201);
    expect(await comparable()).toBe(0);
    const draft = await requestOver(a.url, submitter, 'PUT', path, { version: 0, figures: VALID_RETURN });
    expect(draft.status).toBe(201);
    const seen = await requestOver(b.url, lead, 'GET', path);
    expect((await json(seen)).status).toBe('draft');
    expect(await comparable()).toBe(0);
    expect(
      (await requestOver(a.url, submitter, 'POST', `${path}/submit`, { version: 1, declaration: true })).status,
    ).toBe(200);
    expect((await json(await requestOver(b.url, lead, 'GET', path))).status).toBe('submitted');
    // Submitted: listed for the lead (its own region is live), not released.
    expect(await comparable()).toBe('listed');
    // A period closed through one instance is closed for writes through the other, and released for both.
    expect((await requestOver(b.url, admin, 'PATCH', `/api/periods/${period}`, { status: 'closed' })).status).toBe(200);
    expect(await comparable(a.url)).toBe(1);
    const late = await requestOver(a.url, submitter, 'PUT', path, { version: 2, figures: VALID_RETURN });
    expect(late.status).toBe(409);
    expect((await json(late)).type).toBe('/problems/period-closed');
  });
});
