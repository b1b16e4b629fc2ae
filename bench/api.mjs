// API benchmark (issue 3 budgets), on the built server (apps/api/dist) over loopback HTTP:
// - cold start: process start to the first 200 of /api/health, on a fresh data folder (migrate + seed
//   the demo) and on an existing one (budget: under 5 s on a built tree);
// - saving a draft: p50/p95/p99 latency with 16 concurrent clients on the embedded database (budget:
//   p95 under 20 ms). Each client saves its own return (one open period each), sending back the
//   version it got, as the portal does.
// Prints the figures and writes bench/results/api.json; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_RETURN } from '../packages/schemas/dist/index.js';
import { signIn, start, stop } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SAVES_PER_CLIENT = Number(process.env.BENCH_SAVES ?? 60);

/** The figures every save sends: the schemas package's example return. */
const FIGURES = EXAMPLE_RETURN;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

/** Saves one return `count` times in a row from one client: the latency without queueing. */
async function sequentialSaves(submitter, period, count) {
  let version = 0;
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await submitter('PUT', `/api/returns/E08000026/${period}`, {
      version,
      figures: { ...FIGURES, casesHeld: 3000 + i },
    });
    version = (await res.json()).version;
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  return { requests: count, ms: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) } };
}

async function saveDrafts(url) {
  const admin = await signIn(url, 'admin@demo.test');
  const submitter = await signIn(url, 'submitter.coventry@demo.test');
  // One open period per client: 2030-31 Q1 onwards.
  const periods = Array.from(
    { length: CLIENTS },
    (_, i) => `${2030 + Math.floor(i / 4)}-${String((31 + Math.floor(i / 4)) % 100).padStart(2, '0')}-Q${(i % 4) + 1}`,
  );
  for (const id of periods) {
    const res = await admin('POST', '/api/periods', { id, status: 'open' });
    if (res.status !== 201) throw new Error(`opening ${id}: ${res.status}`);
  }
  const latencies = [];
  let failures = 0;
  const began = performance.now();
  await Promise.all(
    periods.map(async (period, client) => {
      let version = 0;
      for (let i = 0; i < SAVES_PER_CLIENT; i++) {
        const t = performance.now();
        const res = await submitter('PUT', `/api/returns/E08000026/${period}`, {
          version,
          figures: { ...FIGURES, casesHeld: 2890 + i + client },
        });
        const body = await res.json();
        latencies.push(performance.now() - t);
        if (res.status === 200 || res.status === 201) version = body.version;
        else failures++;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  await admin('POST', '/api/periods', { id: '2040-41-Q1', status: 'open' });
  const single = await sequentialSaves(submitter, '2040-41-Q1', 200);
  return {
    single,
    clients: CLIENTS,
    requests: latencies.length,
    failures,
    perSecond: latencies.length / seconds,
    ms: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1),
    },
  };
}

/**
 * CSV import over HTTP: one file of `rows` rows (one authority, one open period each, as a submitter
 * may only import its own authority's returns), imported in one request, all-or-nothing.
 */
async function importCsv(url, rows) {
  const admin = await signIn(url, 'admin@demo.test');
  const submitter = await signIn(url, 'submitter.coventry@demo.test');
  const periods = Array.from({ length: rows }, (_, i) => {
    const year = 2100 + Math.floor(i / 4);
    return `${year}-${String((year + 1) % 100).padStart(2, '0')}-Q${(i % 4) + 1}`;
  });
  for (const id of periods) await admin('POST', '/api/periods', { id, status: 'open' });
  const template = await (await submitter('GET', '/api/returns/template.csv')).text();
  const header = template.split(/\r?\n/)[0];
  const columns = header.split(',');
  const lines = periods.map((period, i) =>
    columns
      .map((column) => {
        if (column === 'authority_code') return 'E08000026';
        if (column === 'period') return period;
        const field = column.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
        const value = FIGURES[field];
        return value === undefined ? '' : String(field === 'casesHeld' ? value + i : value);
      })
      .join(','),
  );
  const csv = `${header}\n${lines.join('\n')}\n`;
  const t = performance.now();
  const res = await submitter('POST', '/api/returns/import', undefined, { body: csv, type: 'text/csv' });
  const ms = performance.now() - t;
  const body = await res.json();
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { rows, bytes: csv.length, created: body.created, ms, rowsPerSecond: rows / (ms / 1000) };
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'csc-bench-'));
try {
  const fresh = await start(dataDir);
  const save = await saveDrafts(fresh.url);
  const imported = await importCsv(fresh.url, Number(process.env.BENCH_IMPORT_ROWS ?? 1000));
  await stop(fresh.child);
  const warm = await start(dataDir);
  await stop(warm.child);
  const f = (x) => x.toFixed(1);
  console.log(
    `cold start to first 200: fresh data folder (migrate + demo seed) ${Math.round(fresh.ms)} ms; existing data folder ${Math.round(warm.ms)} ms — budget 5,000 ms: fresh ${fresh.ms < 5000 ? 'within' : 'OVER'}, existing ${warm.ms < 5000 ? 'within' : 'OVER'}`,
  );
  console.log(
    `save draft, 1 client in sequence, embedded database: p50 ${f(save.single.ms.p50)} ms, p95 ${f(save.single.ms.p95)} ms`,
  );
  console.log(
    `save draft, ${save.clients} concurrent clients, embedded database: ${save.requests} saves, ${save.failures} failed, ${Math.round(save.perSecond)}/s; p50 ${f(save.ms.p50)} ms, p95 ${f(save.ms.p95)} ms, p99 ${f(save.ms.p99)} ms — budget p95 20 ms: ${save.ms.p95 < 20 ? 'within' : 'OVER'}`,
  );
  console.log(
    `CSV import, one request, embedded database: ${imported.rows.toLocaleString('en-GB')} rows (${Math.round(imported.bytes / 1024)} KB) in ${Math.round(imported.ms)} ms = ${Math.round(imported.rowsPerSecond).toLocaleString('en-GB')} rows/s; 10,000 rows at that rate: ${(10_000 / imported.rowsPerSecond).toFixed(1)} s — budget 2 s: ${10_000 / imported.rowsPerSecond < 2 ? 'within' : 'OVER'}`,
  );
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'api.json'),
    `${JSON.stringify({ coldStartMs: { fresh: fresh.ms, existing: warm.ms }, saveDraft: save, csvImport: imported, machine: { cpus: os.cpus().length, node: process.version } }, null, 2)}\n`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
