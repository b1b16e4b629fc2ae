import { describe, expect, test } from 'vitest';
import { getMetric, isMetricId, METRIC_IDS, METRICS, type MetricId } from './catalogue.js';
import { FIGURE_FIELDS } from './figures.js';

/**
 * DESIGN section 5, row by row: id, better (polarity), how it reads (unit), quarters of returns it
 * needs, and the return fields its definition reads; then DfE's newer measures (issue 14), each one a
 * column DfE publishes (`turnover_rate_headcount`, `vacancy_agency_cover_rate_fte`,
 * `agency_rate_headcount`, `agency_cover_rate_fte`), in presentation order beside its kin.
 */
const DESIGN: readonly {
  id: MetricId;
  polarity: 'lower' | 'higher' | 'neither';
  unit: 'percent' | 'ratio' | 'fte';
  quarters: 1 | 4 | 5;
  inputs: string[];
}[] = [
  { id: 'turnoverRate', polarity: 'lower', unit: 'percent', quarters: 4, inputs: ['leaversFte', 'permanentFte'] },
  {
    id: 'turnoverRateHeadcount',
    polarity: 'lower',
    unit: 'percent',
    quarters: 4,
    inputs: ['leaversHeadcount', 'permanentHeadcount'],
  },
  {
    id: 'quarterlyTurnoverRate',
    polarity: 'lower',
    unit: 'percent',
    quarters: 1,
    inputs: ['leaversFte', 'permanentFte'],
  },
  { id: 'vacancyRate', polarity: 'lower', unit: 'percent', quarters: 1, inputs: ['vacanciesFte', 'permanentFte'] },
  {
    id: 'vacancyAgencyCoverRate',
    polarity: 'neither',
    unit: 'percent',
    quarters: 1,
    inputs: ['vacanciesCoveredByAgencyFte', 'vacanciesFte'],
  },
  { id: 'agencyRate', polarity: 'lower', unit: 'percent', quarters: 1, inputs: ['agencyFte', 'permanentFte'] },
  {
    id: 'agencyRateHeadcount',
    polarity: 'lower',
    unit: 'percent',
    quarters: 1,
    inputs: ['agencyHeadcount', 'permanentHeadcount'],
  },
  {
    id: 'agencyCoverRate',
    polarity: 'neither',
    unit: 'percent',
    quarters: 1,
    inputs: ['vacanciesCoveredByAgencyFte', 'agencyFte'],
  },
  {
    id: 'absenceRate',
    polarity: 'lower',
    unit: 'percent',
    quarters: 4,
    inputs: ['sicknessAbsenceDays', 'permanentFte'],
  },
  {
    id: 'quarterlyAbsenceRate',
    polarity: 'lower',
    unit: 'percent',
    quarters: 1,
    inputs: ['sicknessAbsenceDays', 'permanentFte'],
  },
  { id: 'averageCaseload', polarity: 'lower', unit: 'ratio', quarters: 1, inputs: ['casesHeld', 'caseHoldingFte'] },
  {
    id: 'experiencedShare',
    polarity: 'higher',
    unit: 'percent',
    quarters: 1,
    inputs: ['service5To10Years', 'service10To20Years', 'service20PlusYears', 'permanentHeadcount'],
  },
  {
    id: 'asyeShare',
    polarity: 'neither',
    unit: 'percent',
    quarters: 1,
    inputs: ['asyeHeadcount', 'permanentHeadcount'],
  },
  { id: 'netChangeFte', polarity: 'higher', unit: 'fte', quarters: 1, inputs: ['startersFte', 'leaversFte'] },
  {
    id: 'asyeRetention',
    polarity: 'higher',
    unit: 'percent',
    quarters: 5,
    inputs: ['asyeHeadcount', 'asyeStarted', 'asyeLeft'],
  },
  {
    id: 'leaversToAgencyShare',
    polarity: 'lower',
    unit: 'percent',
    quarters: 1,
    inputs: ['leaversToAgency', 'leaversHeadcount'],
  },
  {
    id: 'shortServiceLeaverShare',
    polarity: 'lower',
    unit: 'percent',
    quarters: 1,
    inputs: ['leaversServiceUnder2Years', 'leaversHeadcount'],
  },
];

describe('METRICS', () => {
  test.each(DESIGN)('$id is defined as in DESIGN section 5 ($polarity is better, $unit)', (row) => {
    const metric = METRICS[row.id];
    expect(metric.id).toBe(row.id);
    expect(metric.polarity).toBe(row.polarity);
    expect(metric.unit).toBe(row.unit);
    expect(metric.quarters).toBe(row.quarters);
    expect([...metric.inputs].sort()).toEqual([...row.inputs].sort());
    // Percentages are scaled by 100; caseloads and FTE counts are not.
    expect(metric.scale).toBe(row.unit === 'percent' ? 100 : 1);
    for (const text of [metric.label, metric.formula, metric.numerator, metric.denominator]) {
      expect(text.trim().length).toBeGreaterThan(5);
    }
  });

  test('there are exactly the 13 metrics of DESIGN section 5 and the 4 newer measures of DfE', () => {
    expect(Object.keys(METRICS).sort()).toEqual(DESIGN.map((row) => row.id).sort());
  });

  test('the statistical kind: caseload is a rate (Poisson), net change a count, the rest proportions', () => {
    expect(METRICS.averageCaseload.kind).toBe('rate');
    expect(METRICS.netChangeFte.kind).toBe('count');
    const proportions = METRIC_IDS.filter((id) => METRICS[id].kind === 'proportion');
    expect(proportions).toHaveLength(15);
    for (const id of proportions) expect(METRICS[id].unit).toBe('percent');
  });

  test('every input is a field of the quarterly return', () => {
    const fields = new Set<string>(FIGURE_FIELDS);
    for (const id of METRIC_IDS) {
      for (const input of METRICS[id].inputs) expect(fields.has(input), `${id} reads ${input}`).toBe(true);
    }
  });

  test('labels are unique', () => {
    const labels = METRIC_IDS.map((id) => METRICS[id].label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  test('the turnover formula reads as documented', () => {
    expect(METRICS.turnoverRate.formula).toBe(
      'leavers FTE in the 4 quarters to the period ÷ permanent FTE at the period end × 100',
    );
  });
});

describe('METRIC_IDS', () => {
  test('lists every metric in the order of DESIGN section 5, the newer measures beside their kin', () => {
    expect(METRIC_IDS).toEqual([
      'turnoverRate',
      'turnoverRateHeadcount',
      'quarterlyTurnoverRate',
      'vacancyRate',
      'vacancyAgencyCoverRate',
      'agencyRate',
      'agencyRateHeadcount',
      'agencyCoverRate',
      'absenceRate',
      'quarterlyAbsenceRate',
      'averageCaseload',
      'experiencedShare',
      'asyeShare',
      'netChangeFte',
      'asyeRetention',
      'leaversToAgencyShare',
      'shortServiceLeaverShare',
    ]);
  });
});

describe('isMetricId', () => {
  test('accepts every metric id', () => {
    for (const id of METRIC_IDS) expect(isMetricId(id)).toBe(true);
  });

  test.each([
    'toString',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'valueOf',
    '',
    'TurnoverRate',
    'turnover_rate',
    42,
    null,
    undefined,
    {},
  ])('rejects %j, including names inherited from Object.prototype', (value) => {
    expect(isMetricId(value)).toBe(false);
  });
});

describe('getMetric', () => {
  test('returns the definition', () => {
    expect(getMetric('agencyRate').polarity).toBe('lower');
    expect(getMetric('averageCaseload')).toBe(METRICS.averageCaseload);
  });

  test.each(['bogus', 'toString', '__proto__', ''])('throws a RangeError naming the valid ids for %j', (id) => {
    expect(() => getMetric(id)).toThrow(RangeError);
    expect(() => getMetric(id)).toThrow(`Unknown metric ${JSON.stringify(id)}`);
    expect(() => getMetric(id)).toThrow(
      /expected one of turnoverRate, turnoverRateHeadcount, .*shortServiceLeaverShare/,
    );
  });
});
