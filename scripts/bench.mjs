// `npm run bench`: every benchmark (on the tree the npm script has just built), then one table of
// every figure beside its budget, printed and written as JSON to bench/results/<time>.json and
// bench/results/latest.json with the machine's facts. Nothing here asserts a time. Parts:
//   metrics-core  the metrics pack (packages/metrics-core/bench/bench.mjs)
//   portal        initial JS and CSS gzipped, dashboard LCP in headless Chromium (bench/portal.mjs)
//   api           the API scenarios of bench/scenarios.mjs beside a bare Hono route, cold start
//                 (bench/api.mjs), on the demo's 153 authorities and on 1,530 (bench/synthetic.mjs)
//   api-postgres  the same scenarios on a PostgreSQL server with two API instances behind one port
//                 (bench/api.mjs --postgres: bench/postgres.mjs, bench/proxy.mjs)
//   import        a CSV import in one request (bench/import.mjs), and a region's history in one request
//                 (bench/history-import.mjs)
// `npm run bench -- --only api,import` runs some of them. See docs/performance.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { machine, root } from '../bench/lib.mjs';

const PARTS = ['metrics-core', 'portal', 'api', 'api-postgres', 'import'];
const { values: args } = parseArgs({ options: { only: { type: 'string' } } });
const only = args.only ? args.only.split(',') : PARTS;
for (const part of only) if (!PARTS.includes(part)) throw new Error(`--only: no part ${part} (${PARTS.join(', ')})`);

/** Budgets of earlier issues that are not an API scenario's (those are in bench/scenarios.mjs). */
const BUDGETS = {
  metricsCorePackMs: 25,
  importTenThousandRowsSeconds: 2,
  historyImportSeconds: 2,
  coldStartMs: 5000,
  initialJsBytes: 150 * 1024,
};

const scratch = mkdtempSync(join(os.tmpdir(), 'csc-bench-'));
/** Runs a part's script (`typescript`: with tsx, for the TypeScript sources it imports); its JSON, or null if it failed. */
function runPart(title, script, extra = [], { typescript = false } = {}) {
  console.log(`\n== ${title}`);
  const out = join(scratch, `${title.replace(/\W+/g, '-')}.json`);
  const node = typescript ? ['--conditions=@csc-workforce/source', '--import', 'tsx'] : [];
  const run = spawnSync(process.execPath, [...node, join(root, script), '--out', out, ...extra], {
    stdio: 'inherit',
    cwd: root,
  });
  if (run.status !== 0) {
    console.error(`${title}: failed (exit ${run.status})`);
    return null;
  }
  return JSON.parse(readFileSync(out, 'utf8'));
}

const startedAt = new Date();
const before = machine();
const results = {};
let failed = false;
try {
  if (only.includes('metrics-core')) {
    console.log('\n== metrics-core');
    const run = spawnSync(process.execPath, [join(root, 'packages/metrics-core/bench/bench.mjs')], {
      stdio: 'inherit',
    });
    if (run.status === 0) {
      results.metricsCore = JSON.parse(readFileSync(join(root, 'bench/results/metrics-core.json'), 'utf8'));
    } else failed = true;
  }
  if (only.includes('portal')) {
    results.portal = runPart('portal', 'bench/portal.mjs', [], { typescript: true });
    failed ||= !results.portal;
  }
  if (only.includes('api')) {
    results.api153 = runPart('api, 153 authorities', 'bench/api.mjs');
    console.log('\n== building the database of 1,530 authorities');
    const dir = join(scratch, 'db-1530');
    const began = performance.now();
    const built = spawnSync(
      process.execPath,
      ['--conditions=@csc-workforce/source', '--import', 'tsx', join(root, 'bench/synthetic.mjs'), '--out', dir],
      { stdio: 'inherit', cwd: root },
    );
    if (built.status === 0) {
      console.log(`  built in ${Math.round((performance.now() - began) / 1000)} s`);
      results.api1530 = runPart('api, 1,530 authorities', 'bench/api.mjs', ['--data', dir]);
    }
    failed ||= !results.api153 || !results.api1530;
  }
  if (only.includes('api-postgres')) {
    results.apiPostgres = runPart('api, PostgreSQL server, two instances', 'bench/api.mjs', ['--postgres']);
    failed ||= !results.apiPostgres;
  }
  if (only.includes('import')) {
    results.import = runPart('CSV import', 'bench/import.mjs');
    results.historyImport = runPart('history import', 'bench/history-import.mjs');
    failed ||= !results.import || !results.historyImport;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// ——— The table ———

const n0 = (x) => Math.round(x).toLocaleString('en-GB');
const n1 = (x) => x.toLocaleString('en-GB', { maximumFractionDigits: 1 });
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok) => (ok ? 'met' : 'missed');
/** A server CPU time per request: three significant figures. */
const cpu = (ms) => (ms === null ? '' : `${Number(ms.toPrecision(3)).toLocaleString('en-GB')} ms`);
const rows = [];
const row = (figure, result, cpu = '', hello = '', ratio = '', budget = '', status = '') =>
  rows.push([figure, result, cpu, hello, ratio, budget, status]);

const mc = results.metricsCore;
if (mc) {
  row(
    `metrics-core pack (${mc.authorities} authorities × ${mc.quarters} quarters: ${n0(mc.metricValues)} metric values, ${n0(mc.comparisons)} comparisons)`,
    `median ${n1(mc.ms.median)} ms (p95 ${n1(mc.ms.p95)}, ${mc.runs} runs)`,
    '',
    '',
    '',
    `median ≤ ${BUDGETS.metricsCorePackMs} ms`,
    verdict(mc.ms.median <= BUDGETS.metricsCorePackMs),
  );
}

function scenarioStatus(scenario) {
  const { budget, result, ofHello } = scenario;
  if (!budget) return { text: '', status: '' };
  const parts = [];
  let ok = true;
  if (budget.p95Ms !== undefined) {
    parts.push(`p95 ≤ ${budget.p95Ms} ms`);
    ok &&= result.ms.p95 <= budget.p95Ms;
  }
  if (budget.p99Ms !== undefined) {
    parts.push(`p99 ≤ ${budget.p99Ms} ms`);
    ok &&= result.ms.p99 <= budget.p99Ms;
  }
  if (budget.ofHello !== undefined) {
    parts.push(`≥ ${budget.ofHello * 100}% of hello`);
    ok &&= ofHello >= budget.ofHello;
  }
  return { text: parts.join(', '), status: verdict(ok) };
}

for (const api of [results.api153, results.api1530, results.apiPostgres]) {
  if (!api) continue;
  const who = `${n0(api.authorities)} authorities${api.database?.startsWith('postgres') ? ', PostgreSQL, two instances' : ''}`;
  // The budgets are the embedded database's; the PostgreSQL run shows what a larger installation gets.
  const budgeted = !api.database?.startsWith('postgres');
  for (const s of api.scenarios) {
    const { text, status } = budgeted ? scenarioStatus(s) : { text: '', status: '' };
    const r = s.result;
    row(
      `${s.label}, ${s.connections} connection${s.connections === 1 ? '' : 's'}: ${who}`,
      `${n1(r.requestsPerSecond)} req/s; p50 ${n1(r.ms.p50)}, p95 ${n1(r.ms.p95)}, p99 ${n1(r.ms.p99)} ms${r.non2xx + r.errors ? `; ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`,
      `${cpu(r.serverCpuMsPerRequest)}${r.proxyCpuMsPerRequest === undefined ? '' : ` (+ proxy ${cpu(r.proxyCpuMsPerRequest)})`}`,
      `${n0(s.hello.requestsPerSecond)} req/s (${cpu(s.hello.serverCpuMsPerRequest)})`,
      `${(s.ofHello * 100).toFixed(s.ofHello < 0.01 ? 2 : 1)}%`,
      text,
      status,
    );
  }
  if (api.comparisonAfterChange) {
    const c = api.comparisonAfterChange;
    row(
      `Comparison's first answer after a change (pack rebuilt): ${who}`,
      `median ${n0(c.ms.median)} ms of ${c.times} (max ${n0(c.ms.max)})`,
    );
  }
}

const im = results.import;
if (im) {
  row(
    `CSV import, ${n0(im.rows)} rows (${Math.round(im.bytes / 1024)} KB) in one request`,
    `${n0(im.rowsPerSecond)} rows/s (${n1(im.ms / 1000)} s); 10,000 rows at that rate ${n1(im.tenThousandRowsSeconds)} s`,
    im.serverCpuMs === null ? '' : `${n0(im.serverCpuMs)} ms in all`,
    '',
    '',
    `10,000 rows ≤ ${BUDGETS.importTenThousandRowsSeconds} s`,
    verdict(im.tenThousandRowsSeconds <= BUDGETS.importTenThousandRowsSeconds),
  );
}

const hi = results.historyImport;
if (hi) {
  row(
    `A region's history in one request: ${n0(hi.rows)} rows (${n0(hi.authorities)} authorities × ${hi.quarters} quarters, ${Math.round(hi.bytes / 1024)} KB), ${hi.periodsCreated} periods added and ${hi.released} released`,
    `${n1(hi.ms / 1000)} s (${n0(hi.rowsPerSecond)} rows/s); the check alone (dryRun) ${n1(hi.checkMs / 1000)} s`,
    hi.serverCpuMs === null ? '' : `${n0(hi.serverCpuMs)} ms in all`,
    '',
    '',
    `12,000 rows ≤ ${BUDGETS.historyImportSeconds} s`,
    verdict(hi.ms / 1000 <= BUDGETS.historyImportSeconds && hi.rows >= 12_000),
  );
}

if (results.apiPostgres?.coldStartMs.twoInstancesEmptyDatabase !== undefined) {
  row(
    'Two API instances started together on an empty PostgreSQL database (one migrates and seeds the demo)',
    `${n0(results.apiPostgres.coldStartMs.twoInstancesEmptyDatabase)} ms to both answering`,
  );
}
for (const api of [results.api153, results.api1530]) {
  if (!api) continue;
  for (const [kind, label] of [
    ['freshDataFolder', 'a new data folder (copied from the template, migrated)'],
    ['existingDataFolder', 'an existing data folder'],
  ]) {
    const ms = api.coldStartMs[kind];
    if (ms === undefined) continue;
    row(
      `Cold start to first 200 on ${label}: ${n0(api.authorities)} authorities`,
      `${n0(ms)} ms`,
      '',
      '',
      '',
      `≤ ${n0(BUDGETS.coldStartMs)} ms`,
      verdict(ms <= BUDGETS.coldStartMs),
    );
  }
}

const portal = results.portal;
if (portal) {
  for (const [name, p] of Object.entries(portal.pages)) {
    const what = name === 'home' ? 'Home page' : 'Comparison dashboard';
    row(
      `${what} (${p.path}): initial JavaScript, gzipped`,
      `${kb(p.js.gzipBytes)} in ${p.js.files} files`,
      '',
      '',
      '',
      `≤ ${kb(BUDGETS.initialJsBytes)}`,
      verdict(p.js.gzipBytes <= BUDGETS.initialJsBytes),
    );
    row(
      `${what} (${p.path}): initial CSS, gzipped`,
      `${kb(p.css.gzipBytes)} in ${p.css.files} file${p.css.files === 1 ? '' : 's'}`,
    );
  }
  row(
    `Comparison dashboard: Largest Contentful Paint, headless Chromium`,
    `median ${n0(portal.lcp.ms.median)} ms of ${portal.lcp.loads} loads (${n0(portal.lcp.ms.min)} to ${n0(portal.lcp.ms.max)}); element ${portal.lcp.element}`,
  );
}

const after = machine();
const header = ['Figure', 'Result', 'Server CPU per request', 'Bare Hono hello, same run', 'Of hello', 'Budget', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
const m = before;
console.log(
  `\nMachine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}; load average (1, 5, 15 min) ${before.loadavg.join(', ')} at the start, ${after.loadavg.join(', ')} at the end.\n`,
);
console.log(table);

const out = join(root, 'bench/results');
mkdirSync(out, { recursive: true });
const json = `${JSON.stringify(
  {
    startedAt: startedAt.toISOString(),
    parts: only,
    machine: { ...before, loadavgAtEnd: after.loadavg },
    budgets: BUDGETS,
    results,
    table: rows.map((r) => Object.fromEntries(header.map((h, i) => [h || 'status', r[i]]))),
  },
  null,
  2,
)}\n`;
const file = join(out, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, json);
writeFileSync(join(out, 'latest.json'), json);
console.log(`\nWritten to ${file} and bench/results/latest.json.`);
process.exit(failed ? 1 : 0);
