/**
 * The built server (apps/api/dist/server.js) as a child process, for the tests that need real
 * processes: killing one mid-write (durability.test.ts), two sharing one PostgreSQL server
 * (instances.test.ts), the configuration check at start (env.test.ts). `npm test` builds the API
 * before its tests (turbo's `test` depends on `build`); run `npx turbo run build --filter=@csc-workforce/api`
 * before running these files alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { templateDir } from '../src/db/paths.js';
import { readTemplate } from '../src/db/template.js';
import { freePort } from './free-port.js';
import { type DbKind, insertTestUsers, PASSWORD, postgresDatabase, TEST_USERS, type TestUser } from './harness.js';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_SCRIPT = join(API_DIR, 'dist', 'server.js');

/** The variables a test server starts with: quiet, on loopback, none of the shell's database settings. */
function serverEnv(port: number, env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO: 'false' };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORTAL_DIR', 'COOKIE_SECURE']) delete base[name];
  return { ...base, HOST: '127.0.0.1', PORT: String(port), ...env };
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** What the process wrote to stdout and stderr (the last 50 kB). */
  output(): string;
  /** Kills it with SIGKILL: no shutdown, no flush, as a crash or an out-of-memory kill would. */
  kill(): Promise<void>;
  /** Stops it with SIGTERM (its own shutdown), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/**
 * Runs a script of the built API (the server with a bad configuration, the backup command) to its
 * end: its exit code and output.
 */
export async function runBuilt(
  script: 'server.js' | 'backup-cli.js',
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [join(API_DIR, 'dist', script), ...args], {
    cwd: API_DIR,
    env: serverEnv(await freePort(), env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

function assertBuilt(): void {
  if (!existsSync(SERVER_SCRIPT)) {
    throw new Error(
      `${SERVER_SCRIPT} is missing: build the API first (npx turbo run build --filter=@csc-workforce/api).`,
    );
  }
}

/**
 * Starts the built server with `env` (DATA_DIR or DATABASE_URL, and anything else) on a free port
 * and waits until /api/health answers 200.
 */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  assertBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_SCRIPT], {
    cwd: API_DIR,
    env: serverEnv(port, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-50_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => log,
    async kill() {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  for (let attempt = 0; ; attempt++) {
    if (gone()) throw new Error(`The server exited before it was ready:\n${log}`);
    try {
      if ((await fetch(`${server.url}/api/health`)).status === 200) return server;
    } catch {
      // Not listening yet.
    }
    if (attempt > 600) {
      await server.kill();
      throw new Error(`The server did not answer /api/health within a minute:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A signed-in session over HTTP: its cookie and CSRF token. */
export interface HttpSession {
  readonly cookie: string;
  readonly csrfToken: string;
}

/** Signs a test user in on a server over HTTP. */
export async function signInOver(url: string, who: TestUser): Promise<HttpSession> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: TEST_USERS[who].email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${who} at ${url} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** A request with a session (to any server: sessions live in the database). */
export function requestOver(
  url: string,
  session: HttpSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A database for a server process, with the test users, and how to reach it from the test. */
export interface ServerDatabase {
  /** DATA_DIR or DATABASE_URL for the server. */
  readonly env: Record<string, string>;
  /**
   * Opens the database from the test. The embedded database belongs to one process at a time: open
   * it only while no server runs on it, and close it before starting one.
   */
  open(): Promise<Database>;
  /** Removes the data folder, or drops the PostgreSQL database. */
  remove(): Promise<void>;
}

/**
 * A new database for the built server: on PGlite a data folder made from the build's template (migrated,
 * with the reference data), on PostgreSQL a database made from the test server's template; with the
 * test users in both.
 */
export async function serverDatabase(kind: DbKind): Promise<ServerDatabase> {
  if (kind === 'postgres') {
    const { database, url, drop } = await postgresDatabase({ poolSize: 2 });
    await insertTestUsers(database);
    return { env: { DATABASE_URL: url }, open: async () => database, remove: drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'csc-server-'));
  const dataDir = join(dir, 'data');
  const open = () => openDatabase({ dataDir });
  const database = await openDatabase({ dataDir, template: readTemplate(templateDir('base')) });
  await migrate(database);
  await insertTestUsers(database);
  await database.close();
  return { env: { DATA_DIR: dataDir }, open, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}
