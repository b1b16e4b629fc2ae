// Packs the published tarball (npm pack), installs it into a fresh project outside the repo, and
// uses it both as ESM (import) and CommonJS (require), as a developer in another authority would.
// Run after `npm run build` (turbo's test task depends on build).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work;
let tarball;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'metrics-core-pack-'));
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: packageDir, encoding: 'utf8' });
  const [info] = JSON.parse(out.slice(out.indexOf('[')));
  tarball = join(work, info.filename);
  const consumer = join(work, 'consumer');
  execFileSync('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', tarball], {
    cwd: consumer,
    stdio: 'pipe',
  });
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the built code, types, source and README, and no tests', () => {
  const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  for (const file of [
    'package/dist/index.js',
    'package/dist/index.cjs',
    'package/dist/index.d.ts',
    'package/dist/index.d.cts',
    'package/README.md',
    'package/package.json',
  ]) {
    assert.ok(list.includes(file), `${file} is in the tarball`);
  }
  assert.ok(!list.some((f) => f.endsWith('.test.ts')), 'no test files are published');
  assert.ok(!list.some((f) => f.includes('/test/')), 'no test folder is published');
});

const script = (body) => `
const history = [
  { period: '2023-24-Q3', leaversFte: 5 },
  { period: '2023-24-Q4', leaversFte: 5 },
  { period: '2024-25-Q1', leaversFte: 5 },
  { period: '2024-25-Q2', leaversFte: 5, permanentFte: 100, agencyFte: 25, vacanciesFte: 25 },
];
${body}
const r = m.computeMetrics(history, '2024-25-Q2');
console.log(JSON.stringify({
  turnover: r.turnoverRate.value,
  agency: r.agencyRate.value,
  text: m.formatMetricValue('vacancyRate', r.vacancyRate.value),
  next: m.nextPeriod('2024-25-Q4'),
  metrics: m.METRIC_IDS.length,
}));`;

const expected = { turnover: 20, agency: 20, text: '20.0%', next: '2025-26-Q1', metrics: 17 };

test('import (ESM) works from the installed package', () => {
  const file = join(work, 'consumer', 'use.mjs');
  writeFileSync(file, script("import * as m from '@csc-workforce/metrics-core';"));
  assert.deepEqual(JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })), expected);
});

test('require (CommonJS) works from the installed package', () => {
  const file = join(work, 'consumer', 'use.cjs');
  writeFileSync(file, script("const m = require('@csc-workforce/metrics-core');"));
  assert.deepEqual(JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })), expected);
});

test('the installed package.json declares no runtime dependencies', () => {
  const pkg = JSON.parse(
    readFileSync(join(work, 'consumer', 'node_modules', '@csc-workforce', 'metrics-core', 'package.json'), 'utf8'),
  );
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.sideEffects, false);
});
