// Comparisons benchmark (issue 4 budget): the all-metrics comparison of one authority and period
// (GET /api/comparisons/2023-24-Q4 as the Coventry viewer) at 32 concurrent connections on the
// embedded database, with autocannon over loopback, next to a bare Hono "hello" route measured in the
// same run. Budget: p99 under 20 ms, and throughput at least 40% of the hello route's.
// Prints the figures and writes bench/results/compare.json; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { session, start, stop } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function load(url, headers = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const summary = (r) => ({
  requestsPerSecond: r.requests.average,
  ms: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
  requests: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors,
  bytesPerResponse: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
});

async function hello() {
  const child = spawn(process.execPath, [join(root, 'bench/hello.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { child, url };
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'csc-bench-compare-'));
try {
  const api = await start(dataDir);
  const { cookie } = await session(api.url, 'viewer.coventry@demo.test');
  // As a browser asks: gzip accepted.
  const headers = { cookie, 'accept-encoding': 'gzip, deflate, br' };
  const path = '/api/comparisons/2023-24-Q4';
  const check = await fetch(`${api.url}${path}`, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`comparison answered ${check.status}`);
  const size = (await check.arrayBuffer()).byteLength;
  const bare = await hello();
  await load(bare.url); // warm-up
  const helloResult = summary(await load(bare.url));
  bare.child.kill();
  await load(`${api.url}${path}`, headers); // warm-up (and the pack built once)
  const compareResult = summary(await load(`${api.url}${path}`, headers));
  await stop(api.child);
  const ratio = compareResult.requestsPerSecond / helloResult.requestsPerSecond;
  const f = (x) => x.toFixed(1);
  console.log(
    `bare Hono hello, ${CONNECTIONS} connections: ${Math.round(helloResult.requestsPerSecond).toLocaleString('en-GB')} req/s; p50 ${f(helloResult.ms.p50)} ms, p99 ${f(helloResult.ms.p99)} ms`,
  );
  console.log(
    `all-metrics comparison (one authority, one period; ${Math.round(size / 1024)} KB JSON), ${CONNECTIONS} connections, embedded database: ${Math.round(compareResult.requestsPerSecond).toLocaleString('en-GB')} req/s (${compareResult.non2xx} non-2xx); p50 ${f(compareResult.ms.p50)} ms, p99 ${f(compareResult.ms.p99)} ms — budget p99 20 ms: ${compareResult.ms.p99 < 20 ? 'within' : 'OVER'}; ${Math.round(ratio * 100)}% of hello — budget 40%: ${ratio >= 0.4 ? 'within' : 'OVER'}`,
  );
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'compare.json'),
    `${JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, hello: helloResult, comparison: { ...compareResult, responseBytes: size }, ratio, machine: { cpus: os.cpus().length, node: process.version } }, null, 2)}\n`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
