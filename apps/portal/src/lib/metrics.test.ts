import { computeMetric } from '@csc-workforce/metrics-core';
import { describe, expect, test } from 'vitest';
import { describeMissing, KEY_METRICS, keyMetricsTable, latestPeriod } from './metrics';

const quarter = (period: string, leaversFte = 3) => ({
  period,
  figures: {
    permanentHeadcount: 100,
    permanentFte: 90,
    agencyFte: 10,
    vacanciesFte: 10,
    caseHoldingFte: 50,
    casesHeld: 800,
    service5To10Years: 20,
    service10To20Years: 10,
    service20PlusYears: 5,
    leaversFte,
    sicknessAbsenceDays: 200,
  },
});

describe('key metrics of the home page', () => {
  test('the four quarters ending with the latest return, a row per key metric', () => {
    const returns = ['2023-24-Q1', '2023-24-Q2', '2023-24-Q3', '2023-24-Q4', '2024-25-Q1'].map((p) => quarter(p));
    const table = keyMetricsTable(returns);
    expect(table?.periods).toEqual(['2023-24-Q2', '2023-24-Q3', '2023-24-Q4', '2024-25-Q1']);
    expect(table?.rows.map((r) => r.metric)).toEqual([...KEY_METRICS]);
    const vacancy = table?.rows.find((r) => r.metric === 'vacancyRate');
    expect(vacancy?.cells.map((c) => c.text)).toEqual(['10.0%', '10.0%', '10.0%', '10.0%']);
    const caseload = table?.rows.find((r) => r.metric === 'averageCaseload');
    expect(caseload?.cells[0]?.text).toBe('16.0');
    // Turnover needs 4 quarters: known from 2023-24 Q4 on.
    const turnover = table?.rows.find((r) => r.metric === 'turnoverRate');
    expect(turnover?.cells.map((c) => c.text)).toEqual(['Not available', 'Not available', '13.3%', '13.3%']);
    expect(turnover?.cells[0]?.reason).toBe('Needs the returns for 2022-23 Q3, 2022-23 Q4');
  });

  test('no returns: no table', () => {
    expect(keyMetricsTable([])).toBeNull();
    expect(latestPeriod([])).toBeUndefined();
  });

  test('every reason a metric has no value is said in words', () => {
    const missing = computeMetric('averageCaseload', [{ period: '2024-25-Q1', casesHeld: 3 }], '2024-25-Q1');
    expect(describeMissing(missing)).toBe('Figures missing from the return for 2024-25 Q1');
    const zero = computeMetric(
      'averageCaseload',
      [{ period: '2024-25-Q1', casesHeld: 0, caseHoldingFte: 0 }],
      '2024-25-Q1',
    );
    expect(describeMissing(zero)).toMatch(/^Cannot be worked out: .+ is 0$/);
    const history = computeMetric(
      'turnoverRate',
      [{ ...quarter('2024-25-Q1').figures, period: '2024-25-Q1' }],
      '2024-25-Q1',
    );
    expect(describeMissing(history)).toMatch(/^Needs the returns for /);
  });
});
