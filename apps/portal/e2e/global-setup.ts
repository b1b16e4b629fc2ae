/**
 * The browser tests' world: the real server (apps/api/dist, with the demo seeded into a fresh
 * embedded database, serving the built portal) and one Chromium (playwright-core's launchServer: the
 * system's Chromium, or the npm package's when there is none, see ./chromium.ts), both started once for the run and stopped at its end. Tests get the server's URL
 * and the browser's WebSocket endpoint with `inject`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserServer, chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { findChromium } from './chromium';
import { CHROMIUM_ARGS } from './page-weight';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    wsEndpoint: string;
  }
}

const PORTAL_DIR = fileURLToPath(new URL('..', import.meta.url));
const API_DIR = join(PORTAL_DIR, '..', 'api');
const SERVER = join(API_DIR, 'dist', 'server.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for GET /api/health to answer 200, failing fast if the server exits. */
async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  let exited = false;
  server.once('exit', () => {
    exited = true;
  });
  for (let attempt = 0; attempt < 600; attempt++) {
    if (exited) throw new Error(`The API server exited before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`The API server did not answer /api/health within a minute:\n${output()}`);
}

/** The portal must come from the server itself (one origin, its CSP): check that it serves the built index.html. */
async function assertServesPortal(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/sign-in`, { headers: { accept: 'text/html' } });
  const body = await response.text();
  if (response.status !== 200 || !body.includes('id="root"')) {
    throw new Error(
      `The API does not serve the built portal at ${baseUrl}/sign-in (status ${response.status}). ` +
        'It should serve apps/portal/dist with a fallback to index.html for the portal routes.',
    );
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export default async function setup(project: TestProject) {
  for (const [file, what] of [
    [SERVER, 'the API (apps/api/dist)'],
    [join(PORTAL_DIR, 'dist', 'index.html'), 'the portal (apps/portal/dist)'],
  ] as const) {
    if (!existsSync(file)) {
      throw new Error(
        `The browser tests need ${what} built: run \`npx turbo run test --filter=@csc-workforce/portal\`.`,
      );
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'csc-portal-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  };
  // The embedded database in DATA_DIR, and the default portal folder, whatever the shell says.
  delete env.DATABASE_URL;
  delete env.PORTAL_DIR;
  const server = spawn(process.execPath, [SERVER], { cwd: API_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);

  let browser: BrowserServer | undefined;
  const teardown = async () => {
    await browser?.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, server, () => log);
    await assertServesPortal(baseUrl);
    const found = await findChromium();
    if (found.source !== 'system')
      console.info(`Browser tests: Chromium from ${found.source} (${found.executablePath})`);
    browser = await chromium.launchServer({
      executablePath: found.executablePath,
      args: CHROMIUM_ARGS,
      env: { ...process.env, ...found.env },
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('wsEndpoint', browser.wsEndpoint());
  return teardown;
}
