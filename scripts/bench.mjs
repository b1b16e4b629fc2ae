// `npm run bench`: runs every benchmark of the workspaces (built first by the npm script) and prints
// their figures. Results are also written as JSON to bench/results/. Nothing here asserts a time.
import { spawnSync } from 'node:child_process';

const benches = [
  { name: 'metrics-core', script: 'packages/metrics-core/bench/bench.mjs' },
  { name: 'api', script: 'bench/api.mjs' },
  { name: 'comparisons', script: 'bench/compare.mjs' },
];

let failed = false;
for (const { name, script } of benches) {
  console.log(`\n== ${name}`);
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`${name} benchmark failed (exit ${run.status})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
