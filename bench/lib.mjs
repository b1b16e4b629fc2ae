// What the API benchmarks share: starting the built server on a free port, timing its first 200,
// stopping it, and signing in as a demo user.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const server = join(root, 'apps/api/dist/server.js');

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts the server and measures the time to its first 200. */
export async function start(dataDir) {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), server],
    {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO: 'true',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
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
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** Signs a demo user in: the session cookie and CSRF token. */
export async function session(url, email) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo-password' }),
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
