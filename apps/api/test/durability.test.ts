/**
 * Durability: the built server is killed with SIGKILL (no shutdown, as a crash or the kernel's
 * out-of-memory killer would) in the middle of a burst of draft saves and submissions, twice,
 * and restarted on the same database. Every request that got a 2xx answer must be stored exactly as
 * answered, and no return may be half-written: the return's version is its newest revision, its
 * revisions are numbered 1..version with nothing missing, each holds every figure, and each has its
 * audit entry. Requests cut off by the kill may or may not have been stored, but never in part.
 * On the embedded database (a PGlite data folder, recovered at the next start) and on PostgreSQL.
 */
import { FIGURE_FIELDS } from '@csc-workforce/metrics-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditLog, returnRevisions, returns } from '../src/db/schema.js';
import { VALID_RETURN } from './fixtures.js';
import { DB_KINDS, type Json, json, TEST_USERS, type TestUser } from './harness.js';
import {
  type HttpSession,
  requestOver,
  type ServerDatabase,
  type ServerProcess,
  serverDatabase,
  signInOver,
  startServer,
} from './server-process.js';

const PERIODS = ['2030-31-Q1', '2030-31-Q2', '2030-31-Q3', '2030-31-Q4'];
const WRITERS: { who: TestUser; authority: string }[] = [
  { who: 'coventrySubmitter', authority: 'E08000026' },
  { who: 'warwickshireSubmitter', authority: 'E10000031' },
];
/** Answered writes before each kill: the rest of the burst is in flight when it comes. */
const ACKS_BEFORE_KILL = [30, 50];

/** A write the server answered with a 2xx: what must be stored. */
interface Ack {
  readonly key: string;
  readonly version: number;
  readonly status: string;
  readonly figures: Json;
}

describe.each(DB_KINDS)('durability on %s', (kind) => {
  let store: ServerDatabase;
  let server: ServerProcess | undefined;
  const acks: Ack[] = [];
  /** Writes cut off by a kill, in total. */
  let cutOff = 0;
  let sequence = 0;

  beforeAll(async () => {
    store = await serverDatabase(kind);
    server = await startServer(store.env);
    const admin = await signInOver(server.url, 'admin');
    for (const id of PERIODS) {
      const res = await requestOver(server.url, admin, 'POST', '/api/periods', { id, status: 'open' });
      expect(res.status, await res.text()).toBe(201);
    }
  });
  afterAll(async () => {
    await server?.kill();
    await store?.remove();
  });

  /**
   * One writer per return: saves a draft, saves again, submits, and again, each time with the version
   * it was last answered (or reads the return after a restart). Returns when its request is cut off.
   */
  async function writer(url: string, session: HttpSession, authority: string, period: string): Promise<void> {
    const path = `/api/returns/${authority}/${period}`;
    const current = await requestOver(url, session, 'GET', path);
    let version = current.status === 200 ? (await json(current)).version : 0;
    if (current.status !== 200) expect(current.status).toBe(404);
    for (let step = 0; ; step++) {
      const submit = step % 3 === 2;
      const figures = { ...VALID_RETURN, agencySpend: 1000 + sequence, comment: `save ${sequence}` };
      sequence++;
      let res: Response;
      try {
        res = submit
          ? await requestOver(url, session, 'POST', `${path}/submit`, { version, declaration: true })
          : await requestOver(url, session, 'PUT', path, { version, figures });
      } catch {
        cutOff++;
        return;
      }
      const text = await res.text().catch(() => null);
      if (text === null) {
        cutOff++;
        return;
      }
      expect(res.status, text).toBeLessThan(300);
      const body = JSON.parse(text);
      if (!submit) expect(body.figures).toEqual(figures);
      acks.push({ key: `${authority}/${period}`, version: body.version, status: body.status, figures: body.figures });
      version = body.version;
    }
  }

  test('every answered save and submission survives SIGKILL mid-burst, and nothing is half-written', async () => {
    for (const target of ACKS_BEFORE_KILL) {
      const running = server ?? (await startServer(store.env));
      server = running;
      const sessions = new Map<TestUser, HttpSession>();
      for (const { who } of WRITERS) sessions.set(who, await signInOver(running.url, who));
      const cutBefore = cutOff;
      const ackedBefore = acks.length;
      let failure: unknown;
      const writers = WRITERS.flatMap(({ who, authority }) =>
        PERIODS.map((period) =>
          writer(running.url, sessions.get(who) as HttpSession, authority, period).catch((error) => {
            failure ??= error;
          }),
        ),
      );
      while (acks.length - ackedBefore < target && failure === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await running.kill();
      await Promise.all(writers);
      if (failure !== undefined) throw failure;
      // Every writer had a request in flight when the process died.
      expect(cutOff - cutBefore).toBe(WRITERS.length * PERIODS.length);
      server = undefined;
    }
    expect(acks.filter((a) => a.status === 'submitted').length).toBeGreaterThan(10);

    // Restarted: every answered write reads back through the API as it was answered.
    server = await startServer(store.env);
    const viewers = new Map<string, HttpSession>();
    for (const { who, authority } of WRITERS) viewers.set(authority, await signInOver(server.url, who));
    for (const ack of acks) {
      const [authority, period] = ack.key.split('/') as [string, string];
      const res = await requestOver(
        server.url,
        viewers.get(authority) as HttpSession,
        'GET',
        `/api/returns/${ack.key}/revisions/${ack.version}`,
      );
      expect(res.status, `${authority} ${period} revision ${ack.version}`).toBe(200);
      const revision = await json(res);
      expect(revision.status).toBe(ack.status);
      expect(revision.figures).toEqual(ack.figures);
    }
    // The embedded database belongs to one process: stop the server before reading it from here.
    await server.stop();
    server = undefined;

    const database = await store.open();
    try {
      const { db } = database;
      const stored = await db.select().from(returns);
      const revisions = await db.select().from(returnRevisions);
      const audits = await db.select().from(auditLog);
      expect(stored).toHaveLength(WRITERS.length * PERIODS.length);
      for (const row of stored) {
        const key = `${row.authorityCode}/${row.periodId}`;
        const own = revisions
          .filter((r) => r.authorityCode === row.authorityCode && r.periodId === row.periodId)
          .sort((a, b) => a.revision - b.revision);
        // Numbered 1..version, nothing missing, the newest one the return's state.
        expect(
          own.map((r) => r.revision),
          key,
        ).toEqual(Array.from({ length: row.version }, (_, i) => i + 1));
        expect(own.at(-1)?.status, key).toBe(row.status);
        expect(row.updatedBy).toBe(
          TEST_USERS[WRITERS.find((w) => w.authority === row.authorityCode)?.who as TestUser].id,
        );
        for (const revision of own) {
          expect(Object.keys(revision.figures).sort(), `${key} revision ${revision.revision}`).toEqual(
            [...FIGURE_FIELDS].sort(),
          );
          expect(revision.comment).toMatch(/^save \d+$/);
        }
        const logged = audits.filter((a) => a.entity === 'return' && a.entityId === key);
        expect(logged.map((a) => (a.detail as { version: number }).version).sort((a, b) => a - b)).toEqual(
          own.map((r) => r.revision),
        );
        // At least every answered version is there.
        const answered = acks.filter((a) => a.key === key).map((a) => a.version);
        expect(row.version).toBeGreaterThanOrEqual(Math.max(0, ...answered));
      }
    } finally {
      if (kind === 'pglite') await database.close();
    }
  }, 180_000);
});
