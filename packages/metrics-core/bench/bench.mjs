// metrics-core benchmark: every metric and every comparison (with its region and with England) for
// 153 authorities × 28 quarters, on the built package (dist). Prints the figures; asserts nothing.
// Budget (issue 2): under 25 ms for the whole pack on the project's 2-core machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compareWithGroup, computeMetricSeries, METRIC_IDS, periodRange, prepareGroup } from '../dist/index.js';
import { numberOrNull, readDfeRows } from '../test/dfe-file.mjs';
import { random } from '../test/random.mjs';

const BUDGET_MS = 25;
const PERIODS = periodRange('2017-18-Q1', '2023-24-Q4');

/** The 153 authorities of 2023 (joined rows split in two), with their region and 2023 figures. */
function authorities() {
  const out = [];
  for (const row of readDfeRows().filter((r) => r.time_period === '2023' && r.geographic_level === 'Local authority')) {
    const codes = row.new_la_code.split(' / ');
    const region = row.region_code.startsWith('E13') ? 'E12000007' : row.region_code;
    for (const code of codes) {
      const share = 1 / codes.length;
      const n = (c, fallback) => (numberOrNull(row[c]) ?? fallback) * share;
      out.push({
        code,
        region,
        fte: n('inpost_fte', 150),
        agency: n('agency_fte', 20),
        vacancies: n('vacancy_fte', 25),
        cover: n('agency_cover_fte', 15),
        leavers: n('leavers_fte', 25),
        starters: n('starters_fte', 25),
        caseHolders: n('case_holders_fte', 100),
        cases: n('cases', 1600),
        sickness: n('working_days_lost_fte', 1200),
      });
    }
  }
  return out;
}

/** 28 quarters of plausible returns for one authority, varying around its 2023 figures. */
function history(la, seed) {
  const rnd = random(seed);
  const vary = (x, spread = 0.1) => Math.max(0, x * (1 + (rnd() * 2 - 1) * spread));
  return PERIODS.map((period) => {
    const permanentFte = vary(la.fte, 0.05);
    const permanentHeadcount = Math.round(permanentFte * 1.07);
    const bands = [0.25, 0.3, 0.2, 0.15].map((s) => Math.round(permanentHeadcount * s));
    const leaversHeadcount = Math.round(vary(la.leavers / 4, 0.3));
    const agencyFte = vary(la.agency);
    const vacanciesFte = vary(la.vacancies);
    return {
      period,
      permanentHeadcount,
      permanentFte,
      agencyHeadcount: Math.round(la.agency * 1.03),
      agencyFte,
      vacanciesFte,
      caseHoldingFte: vary(la.caseHolders, 0.05),
      casesHeld: Math.round(vary(la.cases, 0.05)),
      serviceUnder2Years: bands[0],
      service2To5Years: bands[1],
      service5To10Years: bands[2],
      service10To20Years: bands[3],
      service20PlusYears: permanentHeadcount - bands.reduce((a, b) => a + b, 0),
      asyeHeadcount: Math.round(permanentHeadcount * 0.1),
      startersFte: vary(la.starters / 4, 0.3),
      leaversHeadcount,
      leaversFte: leaversHeadcount * 0.95,
      leaversToAgency: Math.round(leaversHeadcount * 0.15),
      leaversServiceUnder2Years: Math.round(leaversHeadcount * 0.35),
      sicknessAbsenceDays: vary(la.sickness / 4, 0.2),
      asyeStarted: Math.round(vary(permanentHeadcount * 0.03, 0.5)),
      asyeLeft: Math.round(vary(permanentHeadcount * 0.004, 0.5)),
      vacanciesCoveredByAgencyFte: Math.min(vacanciesFte, agencyFte, vary(la.cover)),
    };
  });
}

/** The whole pack: metrics for every authority and quarter, then every comparison. */
function pack(las, histories) {
  const series = histories.map((h) => computeMetricSeries(h, PERIODS));
  let comparisons = 0;
  const regions = [...new Set(las.map((la) => la.region))];
  const membersOf = new Map(
    regions.map((region) => [region, las.flatMap((la, i) => (la.region === region ? [i] : []))]),
  );
  for (let p = 0; p < PERIODS.length; p++) {
    const period = PERIODS[p];
    const results = series.map((s) => s.get(period));
    const previous = p > 0 ? series.map((s) => s.get(PERIODS[p - 1])) : null;
    const yearAgo = p > 3 ? series.map((s) => s.get(PERIODS[p - 4])) : null;
    for (const metric of METRIC_IDS) {
      const england = prepareGroup(
        results.map((r) => r[metric]),
        metric,
      );
      const byRegion = new Map();
      for (const [region, members] of membersOf) {
        byRegion.set(
          region,
          prepareGroup(
            members.map((i) => results[i][metric]),
            metric,
          ),
        );
      }
      for (let i = 0; i < las.length; i++) {
        const options = { previousQuarter: previous?.[i][metric], sameQuarterLastYear: yearAgo?.[i][metric] };
        compareWithGroup(results[i][metric], byRegion.get(las[i].region), options);
        compareWithGroup(results[i][metric], england, options);
        comparisons += 2;
      }
    }
  }
  return comparisons;
}

const las = authorities();
const histories = las.map((la, i) => history(la, i + 1));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

for (let i = 0; i < 5; i++) pack(las, histories); // warm-up (JIT)
const times = [];
let comparisons = 0;
for (let i = 0; i < 30; i++) {
  const start = performance.now();
  comparisons = pack(las, histories);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const result = {
  name: 'metrics-core pack',
  authorities: las.length,
  quarters: PERIODS.length,
  metricValues: las.length * PERIODS.length * METRIC_IDS.length,
  comparisons,
  runs: times.length,
  ms: { min: times[0], median: percentile(times, 0.5), p95: percentile(times, 0.95), max: times.at(-1) },
  budgetMs: BUDGET_MS,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
};
const f = (x) => x.toFixed(1);
console.log(
  `metrics-core: ${result.authorities} authorities × ${result.quarters} quarters = ${result.metricValues.toLocaleString('en-GB')} metric values and ${comparisons.toLocaleString('en-GB')} comparisons`,
);
console.log(
  `  time per pack: median ${f(result.ms.median)} ms, p95 ${f(result.ms.p95)} ms, min ${f(result.ms.min)} ms (${result.runs} runs) — budget ${BUDGET_MS} ms: ${result.ms.median < BUDGET_MS ? 'within' : 'OVER'}`,
);
const outDir = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}metrics-core.json`, `${JSON.stringify(result, null, 2)}\n`);
