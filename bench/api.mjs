// API benchmark on one database: the built server (apps/api/dist) on the embedded database, every
// scenario of bench/scenarios.mjs loaded with autocannon over loopback right after the bare Hono
// "hello" route at the same connections, the comparison's first answer after a change, and the
// cold start to the first 200.
//   node bench/api.mjs --out FILE                 a fresh data folder (the demo: 153 authorities);
//                                                 cold start on it fresh, then existing
//   node bench/api.mjs --out FILE --data DIR      a copy of a prepared data folder (bench/synthetic.mjs)
//   node bench/api.mjs --out FILE --postgres      a PostgreSQL server (bench/postgres.mjs, the demo) and
//                                                 two API instances started together on it, behind one
//                                                 port (bench/proxy.mjs); server CPU is the instances'
//                                                 and PostgreSQL's, the proxy's apart
// Writes the figures as JSON to FILE; asserts nothing.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuTimeMs, machine, median, root, session, signIn, start, stop } from './lib.mjs';
import { load, SECONDS, startHello } from './load.mjs';
import { startPostgres } from './postgres.mjs';
import { SCENARIOS } from './scenarios.mjs';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    data: { type: 'string' },
    only: { type: 'string' },
    postgres: { type: 'boolean', default: false },
  },
});
if (!args.out) throw new Error('usage: node bench/api.mjs --out FILE [--data DIR | --postgres] [--only id,id]');
const only = args.only?.split(',');

const COMPARISON = '/api/comparisons/2023-24-Q4';

/**
 * The comparison's first answer after a change: any save drops every cached pack, so the next
 * request reads the returns of 8 quarters and computes every metric and group again. A draft save
 * (in a period of its own), then the comparison, timed; `times` times.
 */
async function comparisonAfterChange(url, times = 7) {
  const admin = await signIn(url, 'admin@demo.test');
  const submitter = await signIn(url, 'submitter.coventry@demo.test');
  const { cookie } = await session(url, 'viewer.coventry@demo.test');
  const period = '2049-50-Q4';
  const opened = await admin('POST', '/api/periods', { id: period, status: 'open' });
  if (opened.status !== 201) throw new Error(`opening ${period} answered ${opened.status}`);
  const ms = [];
  let version = 0;
  for (let i = 0; i < times; i++) {
    const saved = await submitter('PUT', `/api/returns/E08000026/${period}`, {
      version,
      figures: { casesHeld: 1000 + i },
    });
    if (saved.status !== 200 && saved.status !== 201) throw new Error(`saving a draft answered ${saved.status}`);
    version = (await saved.json()).version;
    const t = performance.now();
    const res = await fetch(`${url}${COMPARISON}`, { headers: { cookie, 'accept-encoding': 'gzip' } });
    await res.arrayBuffer();
    ms.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`comparison answered ${res.status}`);
  }
  return { times, ms: { median: Math.round(median(ms) * 10) / 10, max: Math.round(Math.max(...ms) * 10) / 10 } };
}

/** A response's headers and body exactly as sent (fetch would decompress it), less those of the connection. */
function rawResponse(url, headers) {
  const connection = ['connection', 'keep-alive', 'date', 'content-length', 'transfer-encoding'];
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => !connection.includes(k))),
            body: new Uint8Array(Buffer.concat(chunks)),
          }),
        );
      })
      .on('error', reject);
  });
}

async function authorityCount(url) {
  const admin = await signIn(url, 'admin@demo.test');
  return (await (await admin('GET', '/api/authorities')).json()).length;
}

/** Starts bench/proxy.mjs in front of `urls`: its URL and process. */
async function startProxy(urls) {
  const child = spawn(process.execPath, [join(root, 'bench/proxy.mjs'), ...urls], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { child, url };
}

/**
 * The API as the scenarios load it: `url`, `pids` for its CPU time (a function: a PostgreSQL server's
 * backends come and go), `proxyPid` measured apart, and `stop()`.
 */
async function startApi(dataDir, coldStartMs) {
  if (args.postgres) {
    const postgres = await startPostgres();
    const instances = [];
    try {
      // Started together on an empty database: one migrates and seeds the demo, the other waits for it.
      const began = performance.now();
      instances.push(...(await Promise.all([0, 1].map(() => start(dataDir, { databaseUrl: postgres.url })))));
      coldStartMs.twoInstancesEmptyDatabase = Math.round(performance.now() - began);
      const proxy = await startProxy(instances.map((i) => i.url));
      return {
        url: proxy.url,
        pids: () => [...instances.map((i) => i.child.pid), ...postgres.processes()],
        proxyPid: proxy.child.pid,
        async stop() {
          proxy.child.kill();
          await Promise.all(instances.map((i) => stop(i.child)));
          postgres.stop();
        },
      };
    } catch (error) {
      await Promise.all(instances.map((i) => stop(i.child)));
      postgres.stop();
      throw error;
    }
  }
  if (!args.data) {
    const first = await start(dataDir);
    coldStartMs.freshDataFolder = Math.round(first.ms);
    await stop(first.child);
  }
  const api = await start(dataDir);
  coldStartMs.existingDataFolder = Math.round(api.ms);
  return { url: api.url, pids: () => api.child.pid, proxyPid: null, stop: () => stop(api.child) };
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'csc-bench-api-'));
// The prepared folder stays as it is, for the next run: the server gets a copy.
if (args.data) cpSync(args.data, dataDir, { recursive: true });
const coldStartMs = {};
let api;
let hello;
try {
  api = await startApi(dataDir, coldStartMs);
  const authorities = await authorityCount(api.url);
  console.log(`  ${authorities} authorities; cold start ${JSON.stringify(coldStartMs)} ms`);
  hello = await startHello();
  const context = {
    url: api.url,
    signIn: (email) => signIn(api.url, email),
    session: (email) => session(api.url, email),
  };
  const scenarios = [];
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.id))) {
    const target = await scenario.prepare(context);
    const { connections } = scenario;
    const helloResult = await load({ url: hello.url, connections, target: {}, pid: hello.child.pid });
    const seconds = SECONDS * (scenario.secondsFactor ?? 1);
    const proxyBefore = api.proxyPid ? cpuTimeMs(api.proxyPid) : null;
    const result = await load({ url: api.url, connections, target, pid: api.pids, seconds });
    if (api.proxyPid && proxyBefore !== null && result.requests > 0) {
      const proxyMs = cpuTimeMs(api.proxyPid) - proxyBefore;
      result.proxyCpuMsPerRequest = Math.round((proxyMs / result.requests) * 1000) / 1000;
    }
    const ofHello = Math.round((result.requestsPerSecond / helloResult.requestsPerSecond) * 10_000) / 10_000;
    // The same response (headers and bytes) from a bare route: what the HTTP work and the load
    // generator cost for a body of this size, with nothing of the API's.
    let same = null;
    if (scenario.sameResponse && !args.postgres) {
      const bare = await startHello(await rawResponse(`${api.url}${target.path}`, target.headers));
      try {
        const bareResult = await load({ url: bare.url, connections, target: {}, pid: bare.child.pid });
        same = {
          result: bareResult,
          of: Math.round((result.requestsPerSecond / bareResult.requestsPerSecond) * 10_000) / 10_000,
        };
      } finally {
        bare.child.kill();
      }
    }
    scenarios.push({
      id: scenario.id,
      label: scenario.label,
      connections,
      budget: scenario.budget,
      result,
      hello: helloResult,
      ofHello,
      sameResponseFromBareRoute: same,
      loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    });
    console.log(
      `  ${scenario.label}, ${connections} connections: ${result.requestsPerSecond} req/s, p50 ${result.ms.p50} ms, p95 ${result.ms.p95} ms, p99 ${result.ms.p99} ms, ${result.non2xx} non-2xx; hello ${helloResult.requestsPerSecond} req/s (${(ofHello * 100).toFixed(1)}%)`,
    );
    if (same)
      console.log(
        `    the same response from a bare route: ${same.result.requestsPerSecond} req/s, ${same.result.serverCpuMsPerRequest} ms of server CPU a request (the route: ${result.serverCpuMsPerRequest}); the route has ${(same.of * 100).toFixed(1)}% of its throughput`,
      );
  }
  const afterChange = !only || only.includes('comparison') ? await comparisonAfterChange(api.url) : null;
  if (afterChange) console.log(`  comparison after a change: median ${afterChange.ms.median} ms`);
  writeFileSync(
    args.out,
    `${JSON.stringify({ database: args.postgres ? 'postgres, two instances' : 'pglite', authorities, coldStartMs, scenarios, comparisonAfterChange: afterChange, machine: machine() }, null, 2)}\n`,
  );
} finally {
  if (hello) hello.child.kill();
  if (api) await api.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
