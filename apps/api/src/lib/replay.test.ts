/**
 * Replays of comparison answers (lib/replay.ts), through a real HTTP server as `npm start` runs it: a
 * replay is the full path's answer to the same caller, and nothing that would change the full path's
 * answer (a save, a sign-out, a deactivated user, a session's expiry, a token) is ever replayed past.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { figuresWithVacancyRate, putReturn } from '../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../test/harness.js';
import { nodeListener } from '../app.js';
import { readReferenceData } from '../db/reference.js';
import { periods, users } from '../db/schema.js';

const P = '2033-34-Q1';
const K = 3;
const WEST_MIDLANDS = 'E12000005';
const westMidlands = readReferenceData()
  .authorities.filter((a) => a.regionCode === WEST_MIDLANDS)
  .map((a) => a.code);

interface Raw {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

describe.each(DB_KINDS)('replays of comparison answers, on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;
  let server: Server;
  let url: string;
  const lines: string[] = [];
  /** How many requests the log says were replayed so far. */
  const replayed = () => lines.filter((l) => JSON.parse(l).replayed === true).length;

  const get = (path: string, headers: Record<string, string>, method = 'GET') =>
    new Promise<Raw>((resolve, reject) => {
      const req = request(`${url}${path}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  const viewer = (extra: Record<string, string> = {}) =>
    get(`/api/comparisons/${P}`, { cookie: clients.coventryViewer.headers.cookie, ...extra });
  /** The headers of a response but those that differ on every one. */
  const lasting = (r: Raw) => {
    const { date: _date, 'x-request-id': _id, ...rest } = r.headers;
    return rest;
  };

  beforeAll(async () => {
    ctx = await createTestContext(kind, { MIN_GROUP_SIZE: String(K) }, { log: (line) => lines.push(line) });
    clients = await signInAll(ctx, ['admin', 'coventryViewer', 'coventrySubmitter', 'westMidlandsLead'] as TestUser[]);
    const { db } = ctx.database;
    await db.insert(periods).values({ id: P, status: 'open', dueDate: '2033-08-10' });
    for (const [i, code] of westMidlands.slice(0, 5).entries()) {
      await putReturn(db, code, P, 'submitted', figuresWithVacancyRate(10 + i));
    }
    expect((await clients.admin.request('POST', `/api/periods/${P}/releases`)).status).toBe(201);
    server = createServer(nodeListener(ctx.deps, getRequestListener(ctx.app.fetch)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await ctx?.close();
  });

  test('asked again, the same caller gets the same bytes and headers, with a request id of its own', async () => {
    // The first request of all takes the full path; every later one with the same cookie is replayed.
    for (const [i, encoding] of ['identity', 'gzip', 'br'].entries()) {
      const before = replayed();
      const first = await viewer({ 'accept-encoding': encoding });
      const again = await viewer({ 'accept-encoding': encoding });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      // Brotli is made off the main thread once asked for (gzip until then): replays switch to it too.
      if (encoding === 'br') {
        let coding = again.headers['content-encoding'];
        for (let i = 0; i < 50 && coding !== 'br'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          coding = (await viewer({ 'accept-encoding': encoding })).headers['content-encoding'];
        }
        expect(coding).toBe('br');
        continue;
      }
      expect(again.body.equals(first.body)).toBe(true);
      expect(lasting(again)).toEqual(lasting(first));
      expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
      expect(replayed() - before).toBe(kind === 'pglite' ? (i === 0 ? 1 : 2) : 0);
    }
    // A client's own request id is echoed, replayed or not, as the full path does.
    for (let i = 0; i < 2; i++) {
      expect((await viewer({ 'x-request-id': 'trace-42' })).headers['x-request-id']).toBe('trace-42');
    }
    if (kind === 'pglite') {
      const line = JSON.parse(lines.filter((l) => JSON.parse(l).replayed === true).at(-1) as string);
      expect(line).toMatchObject({ message: 'request', method: 'GET', path: `/api/comparisons/${P}`, status: 200 });
      expect(line.user).toBe(clients.coventryViewer.user.id);
    }
  });

  test('each caller has its own: the region’s lead asking the same URL gets the lead’s answer', async () => {
    await viewer();
    const lead = { cookie: clients.westMidlandsLead.headers.cookie, 'accept-encoding': 'identity' };
    for (let i = 0; i < 2; i++) {
      expect(JSON.parse(String((await get(`/api/comparisons/${P}`, lead)).body)).view).toBe('region');
      expect(JSON.parse(String((await viewer({ 'accept-encoding': 'identity' })).body)).view).toBe('authority');
    }
  });

  test('a save ends the replay: the next answer is the full path’s, with the saved figures', async () => {
    const path = `/api/comparisons/${P}`;
    await viewer();
    const before = JSON.parse(String((await viewer({ 'accept-encoding': 'identity' })).body));
    const current = await clients.coventrySubmitter.request('GET', `/api/returns/E08000026/${P}`);
    const { version } = (await current.json()) as { version: number };
    const saved = await clients.coventrySubmitter.request('PUT', `/api/returns/E08000026/${P}`, {
      version,
      figures: figuresWithVacancyRate(40),
    });
    expect(saved.status).toBe(200);
    const after = JSON.parse(String((await viewer({ 'accept-encoding': 'identity' })).body));
    const again = JSON.parse(String((await viewer({ 'accept-encoding': 'identity' })).body));
    // What the app answers without replays (Hono's own request, no HTTP server in front).
    const direct = await (await clients.coventryViewer.request('GET', path)).json();
    expect(after).not.toEqual(before);
    expect(after).toEqual(direct);
    expect(again).toEqual(direct);
  });

  test('a request with a token is never replayed: a wrong one is refused though the cookie’s answer is kept', async () => {
    await viewer();
    expect((await viewer()).status).toBe(200);
    expect((await viewer({ authorization: 'Bearer csc_pat_not-a-token' })).status).toBe(401);
  });

  test('a request the full path refuses for its Host header is refused, though its URL and cookie were answered', async () => {
    await viewer();
    expect((await viewer()).status).toBe(200);
    // @hono/node-server builds the request's URL from its Host header and refuses one that is not a host.
    expect((await viewer({ host: 'not a host' })).status).toBe(400);
  });

  test('a session goes on being checked: its last-seen time is written after a minute, and an idle one ends', async () => {
    await viewer();
    await viewer();
    const before = replayed();
    ctx.advance(61_000);
    expect((await viewer()).status).toBe(200);
    // The full path ran (and wrote the session's last-seen time); then the answer is replayed again.
    expect(replayed()).toBe(before);
    expect((await viewer()).status).toBe(200);
    expect(replayed() - before).toBe(kind === 'pglite' ? 1 : 0);
    ctx.advance(ctx.deps.env.SESSION_IDLE_MINUTES * 60_000 + 1000);
    expect((await viewer()).status).toBe(401);
  });

  test('a deactivated user and a signed-out session are refused, never replayed', async () => {
    const fresh = await signInAll(ctx, ['coventryViewer', 'westMidlandsLead'] as TestUser[]);
    const ask = (who: Client) => get(`/api/comparisons/${P}`, { cookie: who.headers.cookie });
    await ask(fresh.coventryViewer);
    expect((await ask(fresh.coventryViewer)).status).toBe(200);
    await ctx.database.db.update(users).set({ active: false }).where(eq(users.id, fresh.coventryViewer.user.id));
    expect((await ask(fresh.coventryViewer)).status).toBe(401);
    await ask(fresh.westMidlandsLead);
    expect((await ask(fresh.westMidlandsLead)).status).toBe(200);
    expect((await fresh.westMidlandsLead.request('POST', '/api/auth/logout')).status).toBeLessThan(300);
    expect((await ask(fresh.westMidlandsLead)).status).toBe(401);
  });
});
