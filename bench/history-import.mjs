// A region's history imported in one request (POST /api/returns/history-import), on a fresh demo
// database: BENCH_HISTORY_QUARTERS quarters (default 80: 2002-03 Q1 to 2021-22 Q4, before the demo's)
// × every one of the 153 authorities, imported by the admin (a lead imports its own region; the admin
// any), every row the schemas package's example return. The exchange has none of those periods: the
// import creates them, closed, and their first releases follow in the same request. The file is first
// sent with dryRun=true (the portal's check step), timed apart.
//   node bench/history-import.mjs --out FILE
// Writes the figures as JSON to FILE; asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_RETURN } from '../packages/schemas/dist/index.js';
import { cpuTimeMs, machine, signIn, start, stop } from './lib.mjs';

const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
if (!args.out) throw new Error('usage: node bench/history-import.mjs --out FILE');
const QUARTERS = Number(process.env.BENCH_HISTORY_QUARTERS ?? 80);
if (!(QUARTERS >= 1 && QUARTERS <= 80)) throw new Error('BENCH_HISTORY_QUARTERS must be 1 to 80');

/** The quarters of the file, oldest first, ending with 2021-22 Q4. */
const periods = Array.from({ length: QUARTERS }, (_, i) => {
  const n = 80 - QUARTERS + i;
  const year = 2002 + Math.floor(n / 4);
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}-Q${(n % 4) + 1}`;
});

/** The file: the columns of the API's history template, a row per authority (the template's rows) and quarter. */
async function csvFile(admin) {
  const template = (await (await admin('GET', '/api/returns/history-template.csv')).text()).replace(/^\uFEFF/, '');
  const [header, ...templateRows] = template.split(/\r?\n/).filter((line) => line !== '');
  const codes = templateRows.map((line) => line.split(',')[0]);
  const columns = header.split(',');
  const lines = [];
  for (const period of periods) {
    for (const [a, code] of codes.entries()) {
      lines.push(
        columns
          .map((column) => {
            if (column === 'authority_code') return code;
            if (column === 'period') return period;
            const field = column.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
            const value = EXAMPLE_RETURN[field];
            return value === undefined ? '' : String(field === 'casesHeld' ? value + a : value);
          })
          .join(','),
      );
    }
  }
  return { csv: `${header}\n${lines.join('\n')}\n`, authorities: codes.length };
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'csc-bench-history-'));
const api = await start(dataDir);
try {
  const admin = await signIn(api.url, 'admin@demo.test');
  const { csv, authorities } = await csvFile(admin);
  const rows = authorities * QUARTERS;
  // The check first (the portal's "check" step: read, validate, plan, rolled back), then the import.
  const c0 = cpuTimeMs(api.child.pid);
  const t0 = performance.now();
  const checked = await admin('POST', '/api/returns/history-import?dryRun=true', undefined, {
    body: csv,
    type: 'text/csv',
  });
  const checkBody = await checked.json();
  const checkMs = performance.now() - t0;
  const c1 = cpuTimeMs(api.child.pid);
  if (checked.status !== 200 || checkBody.created !== rows)
    throw new Error(`check failed: ${checked.status} ${JSON.stringify(checkBody).slice(0, 300)}`);
  const cpuBefore = cpuTimeMs(api.child.pid);
  const t = performance.now();
  const res = await admin('POST', '/api/returns/history-import', undefined, { body: csv, type: 'text/csv' });
  const body = await res.json();
  const ms = performance.now() - t;
  const cpuAfter = cpuTimeMs(api.child.pid);
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  if (body.created !== rows) throw new Error(`import created ${body.created} returns of ${rows}`);
  const result = {
    authorities,
    quarters: QUARTERS,
    rows,
    bytes: csv.length,
    created: body.created,
    periodsCreated: body.periodsCreated.length,
    released: body.released.length,
    ms: Math.round(ms),
    checkMs: Math.round(checkMs),
    checkServerCpuMs: c0 === null ? null : Math.round(c1 - c0),
    serverCpuMs: cpuBefore === null ? null : Math.round(cpuAfter - cpuBefore),
    rowsPerSecond: Math.round(rows / (ms / 1000)),
    machine: machine(),
  };
  console.log(
    `  ${rows.toLocaleString('en-GB')} rows (${authorities} authorities × ${QUARTERS} quarters, ${Math.round(csv.length / 1024)} KB) in ${result.ms} ms, server CPU ${result.serverCpuMs} ms (the check alone, nothing saved: ${result.checkMs} ms, CPU ${result.checkServerCpuMs} ms); ${result.periodsCreated} periods created, ${result.released} released`,
  );
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await stop(api.child);
  rmSync(dataDir, { recursive: true, force: true });
}
