// CSV import benchmark: one file of BENCH_IMPORT_ROWS rows (default 3,800) imported over HTTP in one
// request, all or nothing, on a fresh demo database. A submitter may import only its own authority's
// returns, one row per period, and periods run from 1900-01 to 2999-00: so one authority has at most
// 4,400 periods, and the budget's 10,000 rows (2 s) is judged at the measured rate.
//   node bench/import.mjs --out FILE
// Writes the figures as JSON to FILE; asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_RETURN } from '../packages/schemas/dist/index.js';
import { cpuTimeMs, machine, signIn, start, stop } from './lib.mjs';

const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
if (!args.out) throw new Error('usage: node bench/import.mjs --out FILE');
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 3800);
if (!(ROWS >= 1 && ROWS <= 3800))
  throw new Error('BENCH_IMPORT_ROWS must be 1 to 3,800 (the periods 2050-51 to 2999-00)');

/** The periods of the file: 2050-51 Q1 onwards, clear of the demo's and the other benchmarks'. */
const periods = Array.from({ length: ROWS }, (_, i) => {
  const year = 2050 + Math.floor(i / 4);
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}-Q${(i % 4) + 1}`;
});

/** Opens the periods, 8 requests at a time. */
async function openPeriods(admin) {
  const queue = [...periods];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const res = await admin('POST', '/api/periods', { id, status: 'open' });
        if (res.status !== 201) throw new Error(`opening ${id}: ${res.status}`);
      }
    }),
  );
}

/** The file, with the columns of the API's own template, every row the schemas package's example return. */
async function csvFile(submitter) {
  const template = await (await submitter('GET', '/api/returns/template.csv')).text();
  const header = template.split(/\r?\n/)[0];
  const columns = header.split(',');
  const lines = periods.map((period, i) =>
    columns
      .map((column) => {
        if (column === 'authority_code') return 'E08000026';
        if (column === 'period') return period;
        const field = column.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
        const value = EXAMPLE_RETURN[field];
        return value === undefined ? '' : String(field === 'casesHeld' ? value + i : value);
      })
      .join(','),
  );
  return `${header}\n${lines.join('\n')}\n`;
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'csc-bench-import-'));
const api = await start(dataDir);
try {
  const admin = await signIn(api.url, 'admin@demo.test');
  const submitter = await signIn(api.url, 'submitter.coventry@demo.test');
  await openPeriods(admin);
  const csv = await csvFile(submitter);
  const cpuBefore = cpuTimeMs(api.child.pid);
  const t = performance.now();
  const res = await submitter('POST', '/api/returns/import', undefined, { body: csv, type: 'text/csv' });
  const body = await res.json();
  const ms = performance.now() - t;
  const cpuAfter = cpuTimeMs(api.child.pid);
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  if (body.created !== ROWS) throw new Error(`import created ${body.created} returns of ${ROWS}`);
  const result = {
    rows: ROWS,
    bytes: csv.length,
    created: body.created,
    ms: Math.round(ms),
    serverCpuMs: cpuBefore === null ? null : Math.round(cpuAfter - cpuBefore),
    rowsPerSecond: Math.round(ROWS / (ms / 1000)),
    tenThousandRowsSeconds: Math.round((10_000 / (ROWS / (ms / 1000))) * 100) / 100,
    machine: machine(),
  };
  console.log(
    `  ${ROWS.toLocaleString('en-GB')} rows (${Math.round(csv.length / 1024)} KB) in ${result.ms} ms = ${result.rowsPerSecond.toLocaleString('en-GB')} rows/s; 10,000 rows at that rate: ${result.tenThousandRowsSeconds} s`,
  );
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await stop(api.child);
  rmSync(dataDir, { recursive: true, force: true });
}
