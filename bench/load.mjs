// Load over loopback with autocannon: a warm-up, then a measured run whose every response time is
// kept (autocannon's own summary has no 95th percentile), and the server's CPU time per request.
// The yardstick, a bare Hono "hello" route (bench/hello.mjs), is measured the same way.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { cpuTimeMs, percentile, root } from './lib.mjs';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

// autocannon 8 builds every response's body into a string (`req.body += data`: the bytes decoded as
// UTF-8, Brotli's as replacement characters) for a scenario's `onResponse`, whether or not there is
// one. That cost the load generator 12.7 µs a response with hello's 5 bytes and 47.5 µs with 4.5 KB
// (measured on its own process's CPU time, 95% busy), so that a bare route serving 4.5 KB looked
// like 28% of hello while its server sat idle half the time. Bodies are kept only for the scenarios
// that read them (a `requests` sequence with `onResponse`); with them dropped a bare route serving
// 4.5 KB does about 85% of hello's throughput (docs/performance.md).
const PipelinedRequestsQueue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js');
const addBody = PipelinedRequestsQueue.prototype.addBody;
if (typeof addBody !== 'function')
  throw new Error('autocannon has changed: bench/load.mjs drops bodies for autocannon 8');
let keepBodies = true;
PipelinedRequestsQueue.prototype.addBody = function (data) {
  if (keepBodies) addBody.call(this, data);
};

function run(options, onResponse) {
  keepBodies = (options.requests ?? []).some((r) => typeof r.onResponse === 'function');
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (onResponse) instance.on('response', onResponse);
  });
}

/**
 * Loads `url` with `connections` keep-alive connections for `seconds` after a warm-up, each
 * connection sending its next request when the last is answered. `target` is autocannon's request
 * (path, method, headers, body) or `requests` (a sequence, with setupRequest/onResponse), and `reset`,
 * if any, is awaited before each run. `pid` is the server's process, for its CPU time.
 */
export async function load({ url, connections, target, pid, seconds = SECONDS, warmup = WARMUP_SECONDS }) {
  const { reset, path, ...request } = target;
  const options = { url: path ? `${url}${path}` : url, connections, pipelining: 1, timeout: 30, ...request };
  if (warmup > 0) {
    await reset?.();
    await run({ ...options, duration: warmup });
  }
  await reset?.();
  const latencies = [];
  const cpuBefore = cpuTimeMs(pid);
  const began = performance.now();
  const result = await run({ ...options, duration: seconds }, (_client, _status, _bytes, ms) => latencies.push(ms));
  const elapsed = (performance.now() - began) / 1000;
  const cpuAfter = cpuTimeMs(pid);
  latencies.sort((a, b) => a - b);
  const requests = latencies.length;
  const round2 = (x) => (x === undefined ? null : Math.round(x * 100) / 100);
  return {
    connections,
    seconds: Math.round(elapsed * 10) / 10,
    requests,
    requestsPerSecond: Math.round((requests / elapsed) * 10) / 10,
    ms: {
      p50: round2(percentile(latencies, 0.5)),
      p95: round2(percentile(latencies, 0.95)),
      p99: round2(percentile(latencies, 0.99)),
      max: round2(latencies.at(-1)),
    },
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuMsPerRequest:
      cpuBefore === null || cpuAfter === null || requests === 0
        ? null
        : Math.round(((cpuAfter - cpuBefore) / requests) * 1000) / 1000,
    bytesPerResponse: requests ? Math.round(result.throughput.total / requests) : 0,
  };
}

/**
 * Starts a bare Hono server: the same framework and HTTP server as the API, one route answering
 * "hello", or (`response`: { headers, body }) those headers and bytes.
 */
export async function startHello(response) {
  let env = process.env;
  let file;
  if (response) {
    file = join(mkdtempSync(join(os.tmpdir(), 'csc-bench-hello-')), 'response.json');
    writeFileSync(
      file,
      JSON.stringify({ headers: response.headers, body: Buffer.from(response.body).toString('base64') }),
    );
    env = { ...env, HELLO_RESPONSE: file };
  }
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, join(root, 'bench/hello.mjs')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  if (file) child.once('exit', () => rmSync(dirname(file), { recursive: true, force: true }));
  return { child, url };
}
