// What the benchmarks share: starting the built server on a free port, timing its first 200,
// stopping it, signing in as a demo user, the server's CPU time, percentiles and the machine's facts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** The built server; BENCH_SERVER names another build of it (beside it in apps/api/dist), to compare two. */
const server = process.env.BENCH_SERVER ?? join(root, 'apps/api/dist/server.js');

/** The demo's password (apps/api/src/db/demo.ts). */
export const DEMO_PASSWORD = 'demo-password';

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built server on the embedded database in `dataDir` (a new folder is copied from the
 * demo template the build made) and measures the time from spawning it to its first 200.
 */
export async function start(dataDir, { databaseUrl } = {}) {
  const port = await freePort();
  const began = performance.now();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO: 'true',
    LOG_LEVEL: 'error',
    // Plain HTTP on loopback: the session cookie must not be `Secure`, or no client would send it back.
    COOKIE_SECURE: 'false',
  };
  // On the embedded database unless `databaseUrl` names a PostgreSQL server (bench/postgres.mjs).
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), server],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - began > 60_000) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url, ms: performance.now() - began };
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** Signs a demo user in: the session cookie and CSRF token. */
export async function session(url, email) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  const { csrfToken } = await res.json();
  return { cookie: res.headers.get('set-cookie').split(';')[0], csrfToken };
}

/** Signs a demo user in and returns a fetch for the API with the session's cookie and CSRF token. */
export async function signIn(url, email) {
  const { cookie, csrfToken } = await session(url, email);
  return (method, path, body, raw) =>
    fetch(`${url}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': raw?.type ?? 'application/json' },
      body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
    });
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on every Linux this runs on. */
const USER_HZ = 100;

/**
 * CPU time (user + system, every thread) the process `pid` has used, in ms; null where there is no
 * /proc. Read before and after a load to get the server's CPU time per request, which the other
 * work on a shared machine disturbs much less than throughput or latency.
 */
export function cpuTimeMs(pid) {
  if (Array.isArray(pid)) {
    // Several processes (two API instances, a PostgreSQL server's): their sum.
    const each = pid.map(cpuTimeMs);
    return each.includes(null) ? null : each.reduce((a, b) => a + b, 0);
  }
  if (typeof pid === 'function') return cpuTimeMs(pid());
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

/** The value at `p` (0 to 1) of an ascending array: the nearest rank. */
export const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

export const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** The machine the figures come from, and how busy it is (1, 5 and 15 minute load averages). */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
