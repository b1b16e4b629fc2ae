/**
 * Test harness: an app on a fresh database for each test file, on PGlite (cloned from a migrated
 * template in about half a second) or on the PostgreSQL server that globalSetup starts (a database
 * created from a migrated template database). Plus helpers to sign in and call the API.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../src/app.js';
import { type Database, openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { dfeNeighbourModel, dfePublishedRelease } from '../src/db/paths.js';
import { seedReferenceData } from '../src/db/reference.js';
import { users } from '../src/db/schema.js';
import { loadEnv } from '../src/env.js';
import { createLogger } from '../src/lib/logger.js';
import { hashPassword } from '../src/lib/passwords.js';
import type { AppDeps, AppOpenAPI } from '../src/lib/types.js';
import { ensureNeighbourModel } from '../src/services/neighbours.js';
import { ensurePublishedRelease } from '../src/services/published.js';

export type DbKind = 'pglite' | 'postgres';

let template: Promise<Blob> | undefined;

/**
 * A migrated PGlite with the reference data and DfE's published statistics, dumped once per worker
 * and cloned for each test file.
 */
async function pgliteFromTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const seedDb = await PGlite.create('memory://');
    const database = await openDatabase({ pglite: seedDb });
    await migrate(database);
    await seedReferenceData(database.db);
    // DfE's published statistics, as the server loads them on start (about 1.5 s, once per worker).
    await ensurePublishedRelease(database.db, dfePublishedRelease());
    await ensureNeighbourModel(database.db, dfeNeighbourModel());
    const dump = await seedDb.dumpDataDir('none');
    await seedDb.close();
    return dump;
  })();
  return PGlite.create('memory://', { loadDataDir: await template });
}

/** Whether the PostgreSQL server of globalSetup is there. */
export const postgresUrl = (): string | undefined => inject('postgresTemplateUrl') || undefined;

/** The database kinds to run API tests on: both, unless no PostgreSQL server could be started here. */
export const DB_KINDS: DbKind[] = postgresUrl() ? ['pglite', 'postgres'] : ['pglite'];

/** A new database on the PostgreSQL server of globalSetup: migrated with the reference data, or empty. */
export async function postgresDatabase(
  options: { empty?: boolean; poolSize?: number } = {},
): Promise<{ database: Database; drop: () => Promise<void>; url: string }> {
  const templateUrl = postgresUrl();
  if (!templateUrl) throw new Error('No PostgreSQL server for the tests');
  const url = new URL(templateUrl);
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${options.empty ? 'template0' : url.pathname.slice(1)}`);
  await admin.end();
  const databaseUrl = new URL(`/${name}`, url).toString();
  const database = await openDatabase({ databaseUrl, poolSize: options.poolSize ?? 4 });
  return {
    database,
    url: databaseUrl,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

let emptyTemplate: Promise<Blob> | undefined;

/** A database with no tables at all (for migration tests), and how to drop it. */
export async function createEmptyDatabase(
  kind: DbKind,
): Promise<{ database: Database; url?: string; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    // A new PGlite runs initdb (seconds); a copy of one made before is quicker.
    emptyTemplate ??= (async () => {
      const fresh = await PGlite.create('memory://');
      const dump = await fresh.dumpDataDir('none');
      await fresh.close();
      return dump;
    })();
    const database = await openDatabase({
      pglite: await PGlite.create('memory://', { loadDataDir: await emptyTemplate }),
    });
    return { database, drop: () => database.close() };
  }
  return postgresDatabase({ empty: true });
}

export const PASSWORD = 'correct horse battery staple';

/** Test users: one of each role and scope, all with {@link PASSWORD}. */
export const TEST_USERS = {
  admin: { id: 'u-admin', email: 'admin@test.example', name: 'Ada Admin', role: 'admin' as const },
  coventrySubmitter: {
    id: 'u-cov-sub',
    email: 'submitter@coventry.test.example',
    name: 'Cory Submitter',
    role: 'authority_submitter' as const,
    authorityCode: 'E08000026',
  },
  coventryViewer: {
    id: 'u-cov-view',
    email: 'viewer@coventry.test.example',
    name: 'Vi Viewer',
    role: 'authority_viewer' as const,
    authorityCode: 'E08000026',
  },
  warwickshireSubmitter: {
    id: 'u-warks-sub',
    email: 'submitter@warwickshire.test.example',
    name: 'Wren Submitter',
    role: 'authority_submitter' as const,
    authorityCode: 'E10000031',
  },
  manchesterSubmitter: {
    id: 'u-man-sub',
    email: 'submitter@manchester.test.example',
    name: 'Mo Submitter',
    role: 'authority_submitter' as const,
    authorityCode: 'E08000003',
  },
  westMidlandsLead: {
    id: 'u-wm-lead',
    email: 'lead@west-midlands.test.example',
    name: 'Lee Lead',
    role: 'regional_lead' as const,
    regionCode: 'E12000005',
  },
  northWestLead: {
    id: 'u-nw-lead',
    email: 'lead@north-west.test.example',
    name: 'Nell Lead',
    role: 'regional_lead' as const,
    regionCode: 'E12000002',
  },
};
export type TestUser = keyof typeof TEST_USERS;

let passwordHash: Promise<string> | undefined;

/** Adds the {@link TEST_USERS} (password {@link PASSWORD}) to a migrated database with the reference data. */
export async function insertTestUsers(database: Database): Promise<void> {
  passwordHash ??= hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
  const hash = await passwordHash;
  await database.db.insert(users).values(Object.values(TEST_USERS).map((u) => ({ ...u, passwordHash: hash })));
}

export interface TestContext {
  readonly app: AppOpenAPI;
  /** What the app was built from (its configuration, logger and clock). */
  readonly deps: AppDeps;
  readonly database: Database;
  readonly kind: DbKind;
  /** Moves the app's clock. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** An app on a fresh database of the given kind, with the test users. */
export async function createTestContext(
  kind: DbKind,
  env: Record<string, string> = {},
  options: { log?: (line: string) => void } = {},
): Promise<TestContext> {
  let database: Database;
  let drop: () => Promise<void>;
  if (kind === 'pglite') {
    database = await openDatabase({ pglite: await pgliteFromTemplate() });
    drop = () => database.close();
  } else {
    ({ database, drop } = await postgresDatabase());
  }
  await insertTestUsers(database);
  let offset = 0;
  const deps: AppDeps = {
    database,
    env: loadEnv({ NODE_ENV: 'test', DEMO: 'false', LOG_LEVEL: 'silent', ...env }),
    logger: options.log
      ? createLogger('debug', options.log)
      : createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'),
    now: () => new Date(Date.now() + offset),
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    database,
    kind,
    advance(ms) {
      offset += ms;
    },
    close: drop,
  };
}

/** A parsed JSON body; tests read what they expect from it. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked by the assertions that read them
export type Json = any;

/** The JSON body of a response. */
export const json = async (res: Response): Promise<Json> => res.json();

/** A signed-in client: its cookie and CSRF token, added to every request. */
export interface Client {
  readonly user: (typeof TEST_USERS)[TestUser];
  /** The session's cookie and CSRF token headers, for requests built by hand. */
  readonly headers: Readonly<Record<'cookie' | 'x-csrf-token', string>>;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Signs a test user in and returns a client that sends the session cookie and CSRF token. */
export async function signIn(ctx: TestContext, who: TestUser): Promise<Client> {
  const user = TEST_USERS[who];
  const res = await ctx.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${who} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    user,
    headers: { cookie, 'x-csrf-token': csrfToken },
    async request(method, path, body, headers = {}) {
      return ctx.app.request(path, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
  };
}

/** Signs several test users in (each with its own session); clients by user. */
export async function signInAll(ctx: TestContext, who: readonly TestUser[]): Promise<Record<TestUser, Client>> {
  const clients = {} as Record<TestUser, Client>;
  for (const user of who) clients[user] = await signIn(ctx, user);
  return clients;
}
