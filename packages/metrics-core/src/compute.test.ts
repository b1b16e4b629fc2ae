import { describe, expect, test } from 'vitest';
import { METRIC_IDS, METRICS, type MetricId } from './catalogue.js';
import { computeMetric, computeMetricSeries, computeMetrics, type MetricResults } from './compute.js';
import type { QuarterlyFigures } from './figures.js';
import { PeriodError, periodRange, periodWindow } from './periods.js';

const PERIOD = '2024-25-Q2';

/**
 * Five quarters ending at 2024-25 Q2 (1 Oct 2023 – 30 Sep 2024 contains 29 Feb 2024: 254 working days).
 * The oldest quarter, 2023-24 Q2, is read only by ASYE retention (its ASYE headcount); its flows
 * (leavers, sickness, ASYE starters and leavers) are large so that counting them by mistake shows.
 * Earlier quarters have other permanent FTEs so that reading the wrong quarter's denominator shows.
 */
const Q0: QuarterlyFigures = {
  period: '2023-24-Q2',
  permanentFte: 90,
  asyeHeadcount: 8,
  asyeStarted: 50,
  asyeLeft: 40,
  leaversHeadcount: 55,
  leaversFte: 50,
  sicknessAbsenceDays: 1000,
};
const Q1: QuarterlyFigures = {
  period: '2023-24-Q3',
  permanentFte: 95,
  leaversHeadcount: 4,
  leaversFte: 3,
  sicknessAbsenceDays: 100,
  asyeStarted: 0,
  asyeLeft: 1,
};
const Q2: QuarterlyFigures = {
  period: '2023-24-Q4',
  permanentFte: 96,
  leaversHeadcount: 5,
  leaversFte: 5,
  sicknessAbsenceDays: 150,
  asyeStarted: 2,
  asyeLeft: 0,
};
const Q3: QuarterlyFigures = {
  period: '2024-25-Q1',
  permanentFte: 98,
  leaversHeadcount: 7,
  leaversFte: 6,
  sicknessAbsenceDays: 131,
  asyeStarted: 0,
  asyeLeft: 0,
};
const Q4: QuarterlyFigures = {
  period: PERIOD,
  permanentHeadcount: 110,
  permanentFte: 100,
  agencyHeadcount: 22,
  agencyFte: 20,
  vacanciesFte: 25,
  vacanciesCoveredByAgencyFte: 15,
  caseHoldingFte: 80,
  casesHeld: 1300,
  serviceUnder2Years: 30,
  service2To5Years: 25,
  service5To10Years: 20,
  service10To20Years: 25,
  service20PlusYears: 10,
  asyeHeadcount: 11,
  startersFte: 6.5,
  leaversHeadcount: 5,
  leaversFte: 4,
  leaversToAgency: 1,
  leaversServiceUnder2Years: 2,
  sicknessAbsenceDays: 254,
  asyeStarted: 10,
  asyeLeft: 1,
};
const HISTORY: readonly QuarterlyFigures[] = [Q0, Q1, Q2, Q3, Q4];

/**
 * The expected value of every metric at 2024-25 Q2, worked by hand:
 * - turnover: leavers FTE 3 + 5 + 6 + 4 = 18 in the 4 quarters ÷ permanent FTE 100 at Q2 × 100 = 18
 * - turnover (headcount): leavers 4 + 5 + 7 + 5 = 21 in the 4 quarters ÷ permanent headcount 110 × 100
 *   = 19.0909…
 * - quarterly turnover: 4 ÷ 100 × 100 = 4
 * - vacancy: 25 ÷ (25 + 100) × 100 = 20
 * - vacancies covered by agency: 15 ÷ 25 × 100 = 60
 * - agency: 20 ÷ (20 + 100) × 100 = 16.666…
 * - agency (headcount): 22 ÷ (22 + 110) × 100 = 16.666…
 * - agency workers covering vacancies: 15 ÷ 20 × 100 = 75
 * - absence: sickness 100 + 150 + 131 + 254 = 635 ÷ (100 FTE × 254 days = 25,400) × 100 = 2.5
 * - quarterly absence: 254 ÷ (100 × 254 ÷ 4 = 6,350) × 100 = 4
 * - caseload: 1,300 ÷ 80 = 16.25
 * - experienced: (20 + 25 + 10 = 55) ÷ 110 × 100 = 50
 * - ASYE share: 11 ÷ 110 × 100 = 10
 * - net change: 6.5 − 4 = 2.5 (denominator 1)
 * - ASYE retention: cohort = headcount 8 four quarters ago + starters 0 + 2 + 0 + 10 = 20; leavers
 *   1 + 0 + 0 + 1 = 2; (20 − 2) ÷ 20 × 100 = 90
 * - leavers to agency: 1 ÷ 5 × 100 = 20
 * - short-service leavers: 2 ÷ 5 × 100 = 40
 */
const EXPECTED: Record<MetricId, [value: number, numerator: number, denominator: number]> = {
  turnoverRate: [18, 18, 100],
  turnoverRateHeadcount: [(21 / 110) * 100, 21, 110],
  quarterlyTurnoverRate: [4, 4, 100],
  vacancyRate: [20, 25, 125],
  vacancyAgencyCoverRate: [60, 15, 25],
  agencyRate: [50 / 3, 20, 120],
  agencyRateHeadcount: [50 / 3, 22, 132],
  agencyCoverRate: [75, 15, 20],
  absenceRate: [2.5, 635, 25_400],
  quarterlyAbsenceRate: [4, 254, 6350],
  averageCaseload: [16.25, 1300, 80],
  experiencedShare: [50, 55, 110],
  asyeShare: [10, 11, 110],
  netChangeFte: [2.5, 2.5, 1],
  asyeRetention: [90, 18, 20],
  leaversToAgencyShare: [20, 1, 5],
  shortServiceLeaverShare: [40, 2, 5],
};

/** The same returns under other period ids: the i-th return becomes the i-th of the 5 quarters ending at `end`. */
function relabel(history: readonly QuarterlyFigures[], end: string): QuarterlyFigures[] {
  const periods = periodWindow(end, 5);
  return history.map((figures, i) => ({ ...figures, period: periods[i] as string }));
}

function replaceIn(history: readonly QuarterlyFigures[], period: string, changes: Record<string, unknown>) {
  return history.map((figures) =>
    figures.period === period ? ({ ...figures, ...changes } as QuarterlyFigures) : figures,
  );
}

/** Every result is either a finite value with finite parts, or null with a reason. */
function expectNoNaN(results: MetricResults) {
  for (const id of METRIC_IDS) {
    const r = results[id];
    expect(r.metric).toBe(id);
    if (r.value === null) {
      expect(r.reason, id).toBeDefined();
      expect(r.numerator, id).toBeNull();
      expect(r.denominator, id).toBeNull();
    } else {
      expect(Number.isFinite(r.value), `${id} = ${r.value}`).toBe(true);
      expect(Number.isFinite(r.numerator), id).toBe(true);
      expect(Number.isFinite(r.denominator), id).toBe(true);
      expect(r.reason, id).toBeUndefined();
    }
  }
}

describe('computeMetrics: every metric from a full history', () => {
  const results = computeMetrics(HISTORY, PERIOD);

  test.each(METRIC_IDS)('%s', (id) => {
    const [value, numerator, denominator] = EXPECTED[id];
    const r = results[id];
    expect(r.metric).toBe(id);
    expect(r.period).toBe(PERIOD);
    expect(r.value).toBeCloseTo(value, 10);
    expect(r.numerator).toBeCloseTo(numerator, 10);
    expect(r.denominator).toBeCloseTo(denominator, 10);
    expect(r.reason).toBeUndefined();
    expect(r.missing).toBeUndefined();
  });

  test('the value is numerator ÷ denominator × scale, unrounded', () => {
    expect(results.agencyRate.value).toBe((20 / 120) * 100);
    expect(results.vacancyRate.value).toBe(20);
  });
});

describe('absence rates: 253 or 254 working days', () => {
  test('12 months to 30 Sep 2019 (no 29 February): 253 days', () => {
    const r = computeMetrics(relabel(HISTORY, '2019-20-Q2'), '2019-20-Q2');
    // 635 ÷ (100 × 253 = 25,300) × 100 = 2.509881…
    expect(r.absenceRate.denominator).toBe(25_300);
    expect(r.absenceRate.value).toBeCloseTo(2.5098814229, 9);
    // 254 ÷ (100 × 253 ÷ 4 = 6,325) × 100 = 4.015810…
    expect(r.quarterlyAbsenceRate.denominator).toBe(6325);
    expect(r.quarterlyAbsenceRate.value).toBeCloseTo(4.0158102767, 9);
  });

  test('12 months to 30 Sep 2020 (contains 29 Feb 2020): 254 days', () => {
    const r = computeMetrics(relabel(HISTORY, '2020-21-Q2'), '2020-21-Q2');
    expect(r.absenceRate.denominator).toBe(25_400);
    expect(r.absenceRate.value).toBeCloseTo(2.5, 12);
    expect(r.quarterlyAbsenceRate.denominator).toBe(6350);
    expect(r.quarterlyAbsenceRate.value).toBeCloseTo(4, 12);
  });

  test('across the century: 12 months to 30 Sep 2000 contain 29 Feb 2000', () => {
    // 2000-01 Q2 reads 1999-00 Q3 and Q4.
    const r = computeMetrics(relabel(HISTORY, '2000-01-Q2'), '2000-01-Q2');
    expect(r.absenceRate.value).toBeCloseTo(2.5, 12);
    expect(r.turnoverRate.value).toBeCloseTo(18, 12);
    expect(r.asyeRetention.value).toBeCloseTo(90, 12);
  });
});

describe("DfE's newer measures: headcount forms and agency cover", () => {
  test('the headcount forms count people: part-time staff count as one', () => {
    // 10 leavers of 0.5 FTE each in the year, 100 permanent staff of 80 FTE, 20 agency of 10 FTE.
    const history = periodWindow(PERIOD, 4).map((period) => ({ period, leaversHeadcount: 2.5, leaversFte: 1.25 }));
    const last = { ...history[3], permanentHeadcount: 100, permanentFte: 80, agencyHeadcount: 20, agencyFte: 10 };
    const r = computeMetrics([...history.slice(0, 3), last] as QuarterlyFigures[], PERIOD);
    expect(r.turnoverRateHeadcount.value).toBeCloseTo(10, 12); // 10 ÷ 100 × 100
    expect(r.turnoverRate.value).toBeCloseTo(6.25, 12); // 5 ÷ 80 × 100
    expect(r.agencyRateHeadcount.value).toBeCloseTo((20 / 120) * 100, 12);
    expect(r.agencyRate.value).toBeCloseTo((10 / 90) * 100, 12);
  });

  test('both cover rates read the FTE of vacancies covered by agency workers, over the vacancies or the agency FTE', () => {
    const r = computeMetrics(
      [{ period: PERIOD, vacanciesFte: 40, agencyFte: 30, vacanciesCoveredByAgencyFte: 24 }],
      PERIOD,
    );
    expect(r.vacancyAgencyCoverRate).toMatchObject({ value: 60, numerator: 24, denominator: 40 });
    expect(r.agencyCoverRate).toMatchObject({ value: 80, numerator: 24, denominator: 30 });
  });

  test('the covered vacancies are optional in the return: without them only the two cover rates are missing', () => {
    const { vacanciesCoveredByAgencyFte: _, ...without } = Q4;
    const r = computeMetrics([Q0, Q1, Q2, Q3, without], PERIOD);
    const affected = METRIC_IDS.filter((id) => r[id].value === null);
    expect(affected).toEqual(['vacancyAgencyCoverRate', 'agencyCoverRate']);
    for (const id of affected) {
      expect(r[id].reason, id).toBe('missing-input');
      expect(r[id].missing, id).toEqual(['vacanciesCoveredByAgencyFte@2024-25-Q2']);
    }
  });

  test('no vacancies, or no agency workers, is a zero denominator for its cover rate only', () => {
    const noVacancies = computeMetrics(
      replaceIn(HISTORY, PERIOD, { vacanciesFte: 0, vacanciesCoveredByAgencyFte: 0 }),
      PERIOD,
    );
    expect(noVacancies.vacancyAgencyCoverRate.reason).toBe('zero-denominator');
    expect(noVacancies.agencyCoverRate.value).toBe(0);
    const noAgency = computeMetrics(
      replaceIn(HISTORY, PERIOD, { agencyFte: 0, agencyHeadcount: 0, vacanciesCoveredByAgencyFte: 0 }),
      PERIOD,
    );
    expect(noAgency.agencyCoverRate.reason).toBe('zero-denominator');
    expect(noAgency.vacancyAgencyCoverRate.value).toBe(0);
    expect(noAgency.agencyRateHeadcount.value).toBe(0);
  });
});

describe('reasons', () => {
  test('insufficient-history names the absent periods', () => {
    const r = computeMetrics([Q4], PERIOD);
    expect(r.turnoverRate).toEqual({
      metric: 'turnoverRate',
      period: PERIOD,
      value: null,
      numerator: null,
      denominator: null,
      reason: 'insufficient-history',
      missing: ['2023-24-Q3', '2023-24-Q4', '2024-25-Q1'],
    });
    expect(r.absenceRate.reason).toBe('insufficient-history');
    expect([...(r.absenceRate.missing ?? [])].sort()).toEqual(['2023-24-Q3', '2023-24-Q4', '2024-25-Q1']);
    expect(r.asyeRetention.reason).toBe('insufficient-history');
    expect([...(r.asyeRetention.missing ?? [])].sort()).toEqual([
      '2023-24-Q2',
      '2023-24-Q3',
      '2023-24-Q4',
      '2024-25-Q1',
    ]);
    // The quarterly metrics need only this quarter.
    expect(r.vacancyRate.value).toBe(20);
    expect(r.quarterlyTurnoverRate.value).toBe(4);
  });

  test('ASYE retention needs the return 4 quarters earlier, and only it needs it', () => {
    const r = computeMetrics([Q1, Q2, Q3, Q4], PERIOD);
    expect(r.asyeRetention.reason).toBe('insufficient-history');
    expect(r.asyeRetention.missing).toEqual(['2023-24-Q2']);
    for (const id of METRIC_IDS.filter((m) => m !== 'asyeRetention')) {
      expect(r[id].value, id).toBeCloseTo(EXPECTED[id][0], 10);
    }
  });

  test('a gap in the 4 quarters affects only the annual metrics', () => {
    const r = computeMetrics([Q0, Q1, Q3, Q4], PERIOD);
    for (const id of ['turnoverRate', 'turnoverRateHeadcount', 'absenceRate', 'asyeRetention'] as const) {
      expect(r[id].reason, id).toBe('insufficient-history');
      expect(r[id].missing, id).toEqual(['2023-24-Q4']);
    }
    for (const id of METRIC_IDS.filter((m) => METRICS[m].quarters === 1)) {
      expect(r[id].value, id).toBeCloseTo(EXPECTED[id][0], 10);
    }
  });

  test('without this quarter’s return every metric is insufficient-history naming it', () => {
    const r = computeMetrics([Q0, Q1, Q2, Q3], PERIOD);
    for (const id of METRIC_IDS) {
      expect(r[id].reason, id).toBe('insufficient-history');
      expect(r[id].missing, id).toContain(PERIOD);
    }
    expect(r.vacancyRate.missing).toEqual([PERIOD]);
  });

  test('an empty history gives insufficient-history for every metric', () => {
    const r = computeMetrics([], PERIOD);
    for (const id of METRIC_IDS) expect(r[id].reason, id).toBe('insufficient-history');
    expectNoNaN(r);
  });

  test.each([
    ['null', null],
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a string', '6'],
  ])('a field that is %s is a missing input, named field@period', (_, bad) => {
    const r = computeMetrics(replaceIn(HISTORY, '2024-25-Q1', { leaversFte: bad }), PERIOD);
    expect(r.turnoverRate).toMatchObject({
      value: null,
      numerator: null,
      denominator: null,
      reason: 'missing-input',
      missing: ['leaversFte@2024-25-Q1'],
    });
    // Quarterly turnover and net change read leavers FTE of 2024-25 Q2 only, which is there.
    expect(r.quarterlyTurnoverRate.value).toBe(4);
    expect(r.netChangeFte.value).toBe(2.5);
  });

  test('a field left out of the return is a missing input', () => {
    const { vacanciesFte: _, ...withoutVacancies } = Q4;
    const r = computeMetrics([Q0, Q1, Q2, Q3, withoutVacancies], PERIOD);
    expect(r.vacancyRate.reason).toBe('missing-input');
    expect(r.vacancyRate.missing).toEqual(['vacanciesFte@2024-25-Q2']);
    expect(r.agencyRate.value).toBeCloseTo(50 / 3, 10);
  });

  test('a missing field affects exactly the metrics that read it', () => {
    const r = computeMetrics(replaceIn(HISTORY, PERIOD, { permanentFte: null }), PERIOD);
    const affected = METRIC_IDS.filter((id) => r[id].value === null);
    expect(affected).toEqual([
      'turnoverRate',
      'quarterlyTurnoverRate',
      'vacancyRate',
      'agencyRate',
      'absenceRate',
      'quarterlyAbsenceRate',
    ]);
    for (const id of affected) {
      expect(r[id].reason, id).toBe('missing-input');
      expect(r[id].missing, id).toEqual(['permanentFte@2024-25-Q2']);
    }
    for (const id of METRIC_IDS.filter((m) => !affected.includes(m))) {
      expect(r[id].value, id).toBeCloseTo(EXPECTED[id][0], 10);
    }
  });

  test('a partial return: only the fields present give values', () => {
    const r = computeMetrics([{ period: PERIOD, permanentFte: 90, agencyFte: 10, vacanciesFte: 15 }], PERIOD);
    // 10 ÷ (10 + 90) × 100 = 10; 15 ÷ (15 + 90) × 100 = 14.2857…
    expect(r.agencyRate.value).toBe(10);
    expect(r.vacancyRate.value).toBeCloseTo(14.2857142857, 9);
    expect(r.turnoverRate.reason).toBe('insufficient-history');
    expect(r.averageCaseload.reason).toBe('missing-input');
    expect([...(r.averageCaseload.missing ?? [])].sort()).toEqual([
      'caseHoldingFte@2024-25-Q2',
      'casesHeld@2024-25-Q2',
    ]);
    expect(r.experiencedShare.missing).toHaveLength(4);
    expectNoNaN(r);
  });

  test('every missing input of a metric is listed', () => {
    const r = computeMetrics(replaceIn(HISTORY, PERIOD, { service5To10Years: null, service20PlusYears: null }), PERIOD);
    expect(r.experiencedShare.reason).toBe('missing-input');
    expect([...(r.experiencedShare.missing ?? [])].sort()).toEqual([
      'service20PlusYears@2024-25-Q2',
      'service5To10Years@2024-25-Q2',
    ]);
    expect(r.asyeShare.value).toBe(10);
  });

  test('a missing quarter is reported before a missing field', () => {
    const r = computeMetrics(replaceIn([Q0, Q2, Q3, Q4], '2024-25-Q1', { leaversFte: null }), PERIOD);
    expect(r.turnoverRate.reason).toBe('insufficient-history');
    expect(r.turnoverRate.missing).toEqual(['2023-24-Q3']);
  });

  test('zero denominators', () => {
    const r = computeMetrics(
      replaceIn(HISTORY, PERIOD, {
        permanentFte: 0,
        permanentHeadcount: 0,
        agencyHeadcount: 0,
        agencyFte: 0,
        vacanciesFte: 0,
        vacanciesCoveredByAgencyFte: 0,
        caseHoldingFte: 0,
        casesHeld: 0,
        leaversHeadcount: 0,
        leaversToAgency: 0,
        leaversServiceUnder2Years: 0,
        service5To10Years: 0,
        service10To20Years: 0,
        service20PlusYears: 0,
      }),
      PERIOD,
    );
    for (const id of [
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
      'leaversToAgencyShare',
      'shortServiceLeaverShare',
    ] as const) {
      expect(r[id], id).toEqual({
        metric: id,
        period: PERIOD,
        value: null,
        numerator: null,
        denominator: null,
        reason: 'zero-denominator',
      });
    }
    // Net change divides by 1 and ASYE retention by the cohort, neither of which is 0 here.
    expect(r.netChangeFte.value).toBe(2.5);
    expect(r.asyeRetention.value).toBe(90);
    expectNoNaN(r);
  });

  test('a vacancy rate with vacancies but no permanent staff is 100%, not a zero denominator', () => {
    const r = computeMetrics(replaceIn(HISTORY, PERIOD, { permanentFte: 0, vacanciesFte: 5 }), PERIOD);
    expect(r.vacancyRate.value).toBe(100);
    expect(r.turnoverRate.reason).toBe('zero-denominator');
  });

  test('ASYE retention with an empty cohort is a zero denominator', () => {
    const history = [
      { ...Q0, asyeHeadcount: 0 },
      { ...Q1, asyeStarted: 0, asyeLeft: 0 },
      { ...Q2, asyeStarted: 0, asyeLeft: 0 },
      { ...Q3, asyeStarted: 0, asyeLeft: 0 },
      { ...Q4, asyeStarted: 0, asyeLeft: 0 },
    ];
    expect(computeMetrics(history, PERIOD).asyeRetention.reason).toBe('zero-denominator');
  });

  test('no value is ever NaN or infinite, whatever is missing or zero', () => {
    const scenarios: QuarterlyFigures[][] = [
      [...HISTORY],
      [Q4],
      [],
      replaceIn(HISTORY, PERIOD, { permanentFte: 0, leaversHeadcount: 0, caseHoldingFte: 0, permanentHeadcount: 0 }),
      replaceIn(HISTORY, '2024-25-Q1', { leaversFte: Number.NaN, sicknessAbsenceDays: null }),
      HISTORY.map((f) => ({ period: f.period })),
      HISTORY.map((f) =>
        Object.fromEntries(Object.entries(f).map(([k, v]) => [k, k === 'period' ? v : 0])),
      ) as unknown as QuarterlyFigures[],
    ];
    for (const history of scenarios) expectNoNaN(computeMetrics(history, PERIOD));
  });
});

describe('the history', () => {
  test('order does not matter', () => {
    const expected = computeMetrics(HISTORY, PERIOD);
    expect(computeMetrics([...HISTORY].reverse(), PERIOD)).toEqual(expected);
    expect(computeMetrics([Q3, Q0, Q4, Q2, Q1], PERIOD)).toEqual(expected);
  });

  test('returns after the period are ignored', () => {
    const later = { ...Q4, period: '2024-25-Q3', leaversFte: 99, permanentFte: 1 };
    expect(computeMetrics([...HISTORY, later], PERIOD)).toEqual(computeMetrics(HISTORY, PERIOD));
  });

  test('two returns for one period throw a RangeError naming it', () => {
    expect(() => computeMetrics([...HISTORY, { ...Q3 }], PERIOD)).toThrow(RangeError);
    expect(() => computeMetrics([...HISTORY, { ...Q3 }], PERIOD)).toThrow('two returns for 2024-25-Q1');
  });

  test('an invalid period throws a PeriodError', () => {
    expect(() => computeMetrics(HISTORY, '2024-26-Q2')).toThrow(PeriodError);
    expect(() => computeMetrics([...HISTORY, { period: '2024-25-Q5' }], PERIOD)).toThrow(PeriodError);
    expect(() => computeMetrics([{ period: 'Q2 2024' }], PERIOD)).toThrow(PeriodError);
  });

  test('does not modify the history', () => {
    const history = structuredClone([...HISTORY]);
    computeMetrics(history, PERIOD);
    expect(history).toEqual(HISTORY);
  });
});

describe('computeMetricSeries', () => {
  const periods = periodRange('2023-24-Q2', '2024-25-Q2');

  test('gives, for each period, what computeMetrics gives', () => {
    const series = computeMetricSeries(HISTORY, periods);
    expect([...series.keys()]).toEqual(periods);
    for (const period of periods) expect(series.get(period as never)).toEqual(computeMetrics(HISTORY, period));
    expect(series.get(PERIOD)?.turnoverRate.value).toBe(18);
    // The 4 quarters to 2024-25 Q1 are 2023-24 Q2 to 2024-25 Q1, all present:
    // turnover = (50 + 3 + 5 + 6 = 64) ÷ 98 × 100 = 65.306…
    expect(series.get('2024-25-Q1')?.turnoverRate.value).toBeCloseTo(65.306122449, 8);
    expect(series.get('2023-24-Q4')?.turnoverRate.reason).toBe('insufficient-history');
  });

  test('an empty list of periods gives an empty map', () => {
    expect(computeMetricSeries(HISTORY, []).size).toBe(0);
  });

  test('throws for an invalid period or duplicate returns', () => {
    expect(() => computeMetricSeries(HISTORY, [PERIOD, '2024-25-Q0'])).toThrow(PeriodError);
    expect(() => computeMetricSeries([Q4, Q4], [PERIOD])).toThrow(RangeError);
  });
});

describe('computeMetric', () => {
  test('computes one metric as computeMetrics does', () => {
    for (const id of METRIC_IDS)
      expect(computeMetric(id, HISTORY, PERIOD)).toEqual(computeMetrics(HISTORY, PERIOD)[id]);
    // 15 ÷ (15 + 85) × 100 = 15
    expect(
      computeMetric('vacancyRate', [{ period: '2024-25-Q1', permanentFte: 85, vacanciesFte: 15 }], '2024-25-Q1').value,
    ).toBe(15);
  });

  test('throws for an unknown metric, an invalid period and duplicate returns', () => {
    expect(() => computeMetric('bogus' as MetricId, HISTORY, PERIOD)).toThrow(RangeError);
    expect(() => computeMetric('toString' as MetricId, HISTORY, PERIOD)).toThrow('Unknown metric');
    expect(() => computeMetric('vacancyRate', HISTORY, '2024-25')).toThrow(PeriodError);
    expect(() => computeMetric('vacancyRate', [Q4, Q4], PERIOD)).toThrow(RangeError);
  });
});

describe('the earliest periods', () => {
  test('a period in 1900-01 computes its quarterly metrics and reports the annual ones as missing history', () => {
    const results = computeMetrics(
      [{ period: '1900-01-Q1', permanentFte: 10, vacanciesFte: 5, leaversFte: 1 }],
      '1900-01-Q1',
    );
    expect(results.vacancyRate.value).toBeCloseTo((5 / 15) * 100, 10);
    expect(results.turnoverRate.reason).toBe('insufficient-history');
    expect(results.asyeRetention.missing).toContain('-4 quarters before 1900-01-Q1');
  });
});

describe('the shape of the results', () => {
  test('the metrics are keyed in the order of METRIC_IDS, for computeMetrics and computeMetricSeries', () => {
    expect(Object.keys(computeMetrics(HISTORY, PERIOD))).toEqual(METRIC_IDS);
    for (const results of computeMetricSeries(HISTORY, [PERIOD]).values()) {
      expect(Object.keys(results)).toEqual(METRIC_IDS);
    }
  });
});
