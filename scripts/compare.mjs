// `npm run compare`: builds metrics-core (turbo, before this script) and prints
// the DESIGN section 1 comparison table for one authority, from DfE's published 2023 figures, through
// the built library. Usage: npm run compare [-- "Authority name"]
import {
  compareWithGroup,
  computeMetrics,
  formatMetricValue,
  METRICS,
  periodLabel,
  prepareGroup,
} from '../packages/metrics-core/dist/index.js';
import { historyFromRow, readDfeRows } from '../packages/metrics-core/test/dfe-file.mjs';

const name = process.argv[2] ?? 'Coventry';
const rows = readDfeRows().filter((r) => r.time_period === '2023');
const authorities = rows.filter((r) => r.geographic_level === 'Local authority');
const own = authorities.find((r) => r.la_name.toLowerCase() === name.toLowerCase());
if (!own) {
  console.error(
    `No authority called "${name}" in DfE's 2023 figures. Try one of: ${authorities
      .slice(0, 5)
      .map((r) => r.la_name)
      .join(', ')}, …`,
  );
  process.exit(2);
}
const regionOf = (r) => (r.region_code.startsWith('E13') ? 'E12000007' : r.region_code);
const resultsOf = (r) => {
  const { history, period } = historyFromRow(r);
  return computeMetrics(history, period);
};
const mine = resultsOf(own);
const region = authorities.filter((r) => regionOf(r) === regionOf(own)).map(resultsOf);
const england = authorities.map(resultsOf);
const regionName = rows.find((r) => r.geographic_level === 'Regional' && r.region_code === regionOf(own))?.region_name;

const metrics = ['turnoverRate', 'agencyRate', 'vacancyRate', 'absenceRate', 'averageCaseload'];
const table = metrics.map((id) => {
  const own = mine[id];
  const c = compareWithGroup(
    own,
    prepareGroup(
      region.map((r) => r[id]),
      id,
    ),
  );
  const national = prepareGroup(
    england.map((r) => r[id]),
    id,
  ).summary.pooled;
  const f = (v) => formatMetricValue(id, v ?? null);
  const shown = c.group.status === 'shown' ? c.group.summary : null;
  return {
    metric: METRICS[id].label,
    [name]: f(own.value),
    'regional (pooled)': f(shown?.pooled),
    'range from': f(shown?.min),
    to: f(shown?.max),
    rank: c.rank === null || !shown ? '' : `${c.rank} of ${shown.n}`,
    England: f(national),
  };
});
console.log(
  `${name} against ${regionName} and England, ${periodLabel(mine.turnoverRate.period)} (DfE census, 30 September 2023):`,
);
console.table(table);
console.log("Computed by @csc-workforce/metrics-core from DfE's published counts (reference-data/dfe-csww).");
