// `npm run bench:soak`: the built server under a steady load for a bounded time (SOAK_SECONDS, default
// 300), checking that its memory stays flat and that no request fails. Not part of `npm test`.
//
// The server runs on a new embedded database with the demo (or on SOAK_DATABASE_URL, a PostgreSQL
// database that is empty or holds the demo), with a small probe loaded into it (`--import`) that answers the soak's
// questions over an IPC channel with `process.memoryUsage()` after a full garbage collection
// (`--expose-gc`), so the heap figures are what is really kept, not what is waiting to be collected.
//
// The load is open-loop: SOAK_RATE requests a second (default 20) whatever the answers take, a mix of
// what the portal does: lists and reads of returns, comparisons (all metrics, one metric, the lead's),
// draft saves and submissions (each sent with the version last answered), CSV exports, session checks,
// sign-ins and sign-outs. Every answer must be a 2xx; a network error or any other status is an error.
//
// After a warm-up (the first fifth of the run, at least 20 s) the memory samples (every 5 s) must be
// flat: the heap's growth from the first to the last quarter of them (medians) at most
// SOAK_MAX_HEAP_GROWTH_MB (default 8), the resident set's at most SOAK_MAX_RSS_GROWTH_MB (default 48:
// the embedded database's WebAssembly memory grows as it caches more pages, and never shrinks).
// Prints the figures; exits 1 when an error happened or the memory grew, 2 when it could not run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort, signIn } from '../bench/lib.mjs';
import { EXAMPLE_RETURN } from '../packages/schemas/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const RATE = Number(process.env.SOAK_RATE ?? 20);
const MAX_HEAP_GROWTH_MB = Number(process.env.SOAK_MAX_HEAP_GROWTH_MB ?? 8);
const MAX_RSS_GROWTH_MB = Number(process.env.SOAK_MAX_RSS_GROWTH_MB ?? 48);
/** A PostgreSQL database to run on instead of a new embedded one (empty, or holding the demo). */
const DATABASE_URL = process.env.SOAK_DATABASE_URL;
const SAMPLE_MS = 5000;
/** Requests in flight above which the server is not keeping up: counted, and the tick skipped. */
const MAX_IN_FLIGHT = 200;

for (const [name, value] of Object.entries({ SOAK_SECONDS: SECONDS, SOAK_RATE: RATE })) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} must be a positive number`);
    process.exit(2);
  }
}

/** Loaded into the server: answers 'memory' with its memory after a full collection. */
const PROBE = `data:text/javascript,${encodeURIComponent(
  "process.on('message', (m) => { if (m !== 'memory') return; globalThis.gc?.(); const u = process.memoryUsage(); process.send({ rss: u.rss, heapUsed: u.heapUsed, external: u.external, arrayBuffers: u.arrayBuffers }); });",
)}`;

const MB = 1024 * 1024;
const mb = (bytes) => (bytes / MB).toFixed(1);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

async function startServer(dataDir) {
  const port = await freePort();
  // The demo on a new data folder (or SOAK_DATABASE_URL); warnings and errors only; plain HTTP cookies.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const database = DATABASE_URL ? { DATABASE_URL } : { DATA_DIR: dataDir };
  const env = { ...inherited, ...database, DEMO: 'true', HOST: '127.0.0.1', PORT: String(port) };
  Object.assign(env, { LOG_LEVEL: 'warn', COOKIE_SECURE: 'false' });
  const child = spawn(process.execPath, ['--expose-gc', '--import', PROBE, join(root, 'apps/api/dist/server.js')], {
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 120_000;
  while (
    !(await fetch(`${url}/api/health`).then(
      (res) => res.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${stderr}`);
    if (performance.now() > deadline) throw new Error('the server did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 50));
  }
  const memory = () =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send('memory');
    });
  return { child, url, memory, stderr: () => stderr };
}

/** The requests of the mix, by weight; each returns a Response promise. */
function workload(url, clients) {
  const { submitter, viewer, lead } = clients;
  const period = '2024-25-Q1'; // the demo's open period
  const path = `/api/returns/E08000026/${period}`;
  let version = null;
  let saving = false;
  let saves = 0;
  const figures = { ...EXAMPLE_RETURN, comment: 'Soak run: figures saved again and again.' };

  /** A save, or a submission every fourth time: one at a time, each with the version last answered. */
  const write = async () => {
    saving = true;
    try {
      if (version === null) {
        const current = await submitter('GET', path);
        version = current.status === 200 ? (await current.json()).version : 0;
        if (current.status !== 200 && current.status !== 404) return current;
      }
      saves++;
      const res =
        saves % 4 === 0
          ? await submitter('POST', `${path}/submit`, { version, declaration: true })
          : await submitter('PUT', path, { version, figures: { ...figures, agencySpend: saves } });
      const body = await res.clone().json();
      if (res.ok) version = body.version;
      return res;
    } finally {
      saving = false;
    }
  };
  const signInOut = async () => {
    const once = await signIn(url, 'viewer.coventry@demo.test');
    return once('POST', '/api/auth/logout');
  };
  const mix = [
    [20, () => submitter('GET', '/api/returns')],
    [8, () => lead('GET', '/api/returns?period=2023-24-Q4&figures=true')],
    [12, () => viewer('GET', '/api/comparisons/2023-24-Q4')],
    [8, () => viewer('GET', '/api/comparisons/2023-24-Q4/metrics/turnoverRate')],
    [8, () => lead('GET', '/api/comparisons/2023-24-Q4/metrics/vacancyRate')],
    [15, () => (saving ? submitter('GET', '/api/returns/E08000026/2023-24-Q4') : write())],
    [10, () => viewer('GET', '/api/auth/session')],
    [5, () => submitter('GET', '/api/returns/export.csv')],
    [4, () => signInOut()],
    [5, () => viewer('GET', `/api/returns/E08000026/2023-24-Q4/revisions`)],
    [5, () => fetch(`${url}/api/health`)],
  ];
  // A fixed, interleaved order: each request of weight w at the positions (k + ½) / w, k < w, so the
  // same mix comes every cycle, evenly spread, with no randomness.
  const order = mix
    .flatMap(([weight, request]) => Array.from({ length: weight }, (_, k) => ({ at: (k + 0.5) / weight, request })))
    .sort((a, b) => a.at - b.at)
    .map((slot) => slot.request);
  let turn = 0;
  return () => order[turn++ % order.length]();
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'csc-soak-'));
  let server;
  try {
    server = await startServer(dataDir);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    console.error(`The soak could not start the server: ${error.message}`);
    process.exit(2);
  }
  const { url } = server;
  console.log(
    `Soak: ${SECONDS} s at ${RATE} requests/s on ${DATABASE_URL ? 'PostgreSQL (SOAK_DATABASE_URL)' : 'the embedded database'} (${url}, pid ${server.child.pid})`,
  );
  const clients = {
    submitter: await signIn(url, 'submitter.coventry@demo.test'),
    viewer: await signIn(url, 'viewer.coventry@demo.test'),
    lead: await signIn(url, 'lead.west-midlands@demo.test'),
  };
  const next = workload(url, clients);
  const latencies = [];
  /** Latencies by method-less route (ids replaced), for the table at the end. */
  const byRoute = new Map();
  const routeOf = (href) =>
    new URL(href).pathname.replace(/E\d{8}/g, '{authority}').replace(/\d{4}-\d{2}-Q\d/g, '{period}');
  const errors = new Map();
  let sent = 0;
  let inFlight = 0;
  let skipped = 0;
  const pending = new Set();
  const samples = [];
  const began = performance.now();
  const error = (what) => errors.set(what, (errors.get(what) ?? 0) + 1);

  const fire = () => {
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      return;
    }
    sent++;
    inFlight++;
    const t = performance.now();
    const request = next()
      .then(async (res) => {
        await res.arrayBuffer();
        const ms = performance.now() - t;
        latencies.push(ms);
        const route = routeOf(res.url);
        byRoute.set(route, [...(byRoute.get(route) ?? []), ms]);
        if (!res.ok) error(`${res.status} ${new URL(res.url).pathname}`);
      })
      .catch((e) => error(e.cause?.code ?? e.message))
      .finally(() => {
        inFlight--;
        pending.delete(request);
      });
    pending.add(request);
  };

  const sample = async () => {
    const m = await server.memory();
    samples.push({ s: (performance.now() - began) / 1000, ...m });
    const last = samples.at(-1);
    console.log(
      `  ${last.s.toFixed(0).padStart(4)} s  rss ${mb(last.rss).padStart(6)} MB  heap ${mb(last.heapUsed).padStart(6)} MB  external ${mb(last.external).padStart(6)} MB  requests ${String(sent).padStart(6)}  errors ${[...errors.values()].reduce((a, b) => a + b, 0)}`,
    );
  };

  await sample();
  // Ticks at the rate, catching up on the clock rather than drifting.
  const interval = 1000 / RATE;
  let due = performance.now();
  let nextSample = performance.now() + SAMPLE_MS;
  const end = began + SECONDS * 1000;
  while (performance.now() < end) {
    const now = performance.now();
    while (due <= now) {
      fire();
      due += interval;
    }
    if (now >= nextSample) {
      nextSample += SAMPLE_MS;
      await sample();
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(due, nextSample) - performance.now())));
  }
  await Promise.all([...pending]);
  await sample();
  const elapsed = (performance.now() - began) / 1000;

  server.child.kill('SIGTERM');
  await once(server.child, 'exit');
  rmSync(dataDir, { recursive: true, force: true });

  // Memory after the warm-up: the first and last quarters of the samples, compared by their medians.
  const warmUp = Math.max(20, SECONDS / 5);
  const measured = samples.filter((s) => s.s >= warmUp);
  const quarter = Math.max(1, Math.floor(measured.length / 4));
  const first = measured.slice(0, quarter);
  const last = measured.slice(-quarter);
  const growth = (key) => median(last.map((s) => s[key])) - median(first.map((s) => s[key]));
  const heapGrowth = growth('heapUsed');
  const rssGrowth = growth('rss');
  latencies.sort((a, b) => a - b);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);

  console.log('\nSoak figures');
  console.log(
    `  duration          ${elapsed.toFixed(1)} s (warm-up ${warmUp.toFixed(0)} s, ${measured.length} samples after it)`,
  );
  console.log(
    `  requests          ${latencies.length} answered of ${sent} sent, ${(latencies.length / elapsed).toFixed(1)}/s`,
  );
  console.log(`  not sent          ${skipped} (more than ${MAX_IN_FLIGHT} in flight)`);
  console.log(
    `  latency           p50 ${percentile(latencies, 0.5)?.toFixed(1)} ms, p95 ${percentile(latencies, 0.95)?.toFixed(1)} ms, p99 ${percentile(latencies, 0.99)?.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`,
  );
  for (const [route, values] of [...byRoute].sort()) {
    values.sort((a, b) => a - b);
    console.log(
      `    ${route.padEnd(50)} ${String(values.length).padStart(6)}  p50 ${percentile(values, 0.5).toFixed(1).padStart(7)} ms  p95 ${percentile(values, 0.95).toFixed(1).padStart(7)} ms`,
    );
  }
  console.log(
    `  errors            ${errorCount}${errorCount ? ` (${[...errors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`,
  );
  console.log(`  heap growth       ${mb(heapGrowth)} MB (limit ${MAX_HEAP_GROWTH_MB} MB)`);
  console.log(`  rss growth        ${mb(rssGrowth)} MB (limit ${MAX_RSS_GROWTH_MB} MB)`);

  const failures = [];
  if (measured.length < 2) failures.push('too few memory samples after the warm-up: run longer (SOAK_SECONDS)');
  if (errorCount > 0) failures.push(`${errorCount} requests failed`);
  if (skipped > 0) failures.push(`${skipped} requests not sent: the server did not keep up with ${RATE}/s`);
  if (heapGrowth > MAX_HEAP_GROWTH_MB * MB) failures.push(`the heap grew by ${mb(heapGrowth)} MB`);
  if (rssGrowth > MAX_RSS_GROWTH_MB * MB) failures.push(`the resident set grew by ${mb(rssGrowth)} MB`);
  if (server.stderr().trim()) console.log(`\nThe server's warnings and errors:\n${server.stderr().trim()}`);
  if (failures.length > 0) {
    console.log(`\nFAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('\nPASSED: no errors, memory flat');
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
