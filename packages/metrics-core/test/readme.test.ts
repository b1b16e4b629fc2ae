/** The README's example runs, and its metric table matches the catalogue. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { METRIC_IDS, METRICS } from '../src/index';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');

test('the README lists every metric with its formula, polarity and quarters', () => {
  // Table rows of the metrics table, cells trimmed (the formatter pads them).
  const rows = readme
    .split('\n')
    .filter((line) => /^\| `[a-zA-Z]+` +\|/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  expect(rows.map((r) => r[0])).toEqual(METRIC_IDS.map((id) => `\`${id}\``));
  for (const [cell, formula, polarity, quarters] of rows) {
    const m = METRICS[(cell ?? '').replaceAll('`', '') as keyof typeof METRICS];
    expect([formula, polarity, quarters]).toEqual([m.formula, m.polarity, String(m.quarters)]);
  }
});

test('the README example runs and its comments tell the truth', async () => {
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  expect(match).not.toBeNull();
  // Run the example against the source, and return the values its comments describe.
  const code = `${(match?.[1] ?? '').replace("'@csc-workforce/metrics-core'", "'../src/index'")}
export const out = { turnover: mine.turnoverRate.value, text: formatMetricValue('turnoverRate', mine.turnoverRate.value),
  asyeReason: mine.asyeRetention.reason, status: comparison.group.status, rank: comparison.rank,
  quartile: comparison.quartile, direction: comparison.change.previousQuarter?.direction };`;
  const dir = mkdtempSync(join(packageDir, 'test', '.readme-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, code.replaceAll("'../src/index'", "'../../src/index'"));
    const { out } = await import(file);
    expect(out.turnover).toBeCloseTo((39 / 243.1) * 100, 10);
    expect(out).toMatchObject({
      text: '16.0%',
      asyeReason: 'insufficient-history',
      status: 'shown',
      rank: 5,
      quartile: 4,
      direction: 'improving',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
