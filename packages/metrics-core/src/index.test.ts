import { describe, expect, test } from 'vitest';
import * as agencyBreaches from './agency-breaches.js';
import * as agencyCap from './agency-cap.js';
import * as agencyCompliance from './agency-compliance.js';
import * as agencyRate from './agency-rate.js';
import * as agencySpend from './agency-spend.js';
import * as band from './band.js';
import * as catalogue from './catalogue.js';
import * as compare from './compare.js';
import * as compute from './compute.js';
import * as figures from './figures.js';
import * as format from './format.js';
import * as funnel from './funnel.js';
import * as api from './index.js';
import * as overdispersion from './overdispersion.js';
import * as periods from './periods.js';
import * as quantile from './quantile.js';
import * as rank from './rank.js';
import * as summarise from './summarise.js';
import * as target from './target.js';
import * as verdict from './verdict.js';
import * as workingDays from './working-days.js';
import * as yardstick from './yardstick.js';

/** The package's runtime API: removing or renaming any of these is a breaking change. */
const RUNTIME_EXPORTS = [
  // agency annex
  'AGENCY_BREACHES',
  'agencyBreaches',
  'MIN_PQE_YEARS',
  'MIN_REFERENCES',
  'capInForce',
  'AGENCY_COMPLIANCE',
  'AGENCY_COMPLIANCE_IDS',
  'agencyCompliance',
  'chargeRatesAgainstCap',
  'agencySpendPerFte',
  // catalogue
  'getMetric',
  'isMetricId',
  'METRIC_IDS',
  'METRICS',
  // compare
  'compareWithGroup',
  'DEFAULT_MIN_GROUP_SIZE',
  'describeChange',
  'prepareGroup',
  // compute
  'computeMetric',
  'computeMetricSeries',
  'computeMetrics',
  // figures
  'FIGURE_FIELDS',
  // format
  'formatMetricValue',
  'formatNumber',
  'formatPercent',
  'roundHalfAwayFromZero',
  // funnel
  'funnelLimitPairs',
  'funnelLimits',
  'NORMAL_APPROXIMATION_MIN_VARIANCE',
  'normalQuantile',
  'poissonFunnelLimitPairs',
  'poissonFunnelLimits',
  // overdispersion
  'estimateOverdispersion',
  'overdispersedFunnelLimitPairs',
  'WINSORISE_FRACTION',
  'winsorise',
  // verdict
  'funnelBand',
  'funnelVerdict',
  'verdictText',
  // periods
  'comparePeriods',
  'formatPeriod',
  'isPeriodId',
  'neighbourMedian',
  'nextPeriod',
  'PeriodError',
  'parsePeriod',
  'periodContaining',
  'periodLabel',
  'periodRange',
  'periodWindow',
  'previousPeriod',
  'quarterEndDate',
  'shiftPeriod',
  // groups
  'quantileSorted',
  'quartileOfRank',
  'rankAmong',
  'rankValues',
  'summariseGroup',
  // bands
  'BANDS',
  'bandOf',
  // targets
  'TARGET_STATUSES',
  'TARGET_TOLERANCE',
  'targetProgress',
  // working days
  'WORKING_DAYS',
  'WORKING_DAYS_LEAP',
  'workingDaysInYearEnding',
];

describe('the package entry point', () => {
  test('exports exactly the public API', () => {
    expect(Object.keys(api).sort()).toEqual([...RUNTIME_EXPORTS].sort());
  });

  test('re-exports the modules’ own functions and values', () => {
    const modules = [
      agencyBreaches,
      agencyCap,
      agencyCompliance,
      agencyRate,
      agencySpend,
      band,
      catalogue,
      compare,
      compute,
      figures,
      format,
      funnel,
      overdispersion,
      periods,
      quantile,
      rank,
      summarise,
      target,
      verdict,
      workingDays,
      yardstick,
    ] as Record<string, unknown>[];
    for (const name of RUNTIME_EXPORTS) {
      const source = modules.find((m) => Object.hasOwn(m, name));
      expect(source, name).toBeDefined();
      expect((api as Record<string, unknown>)[name], name).toBe(source?.[name]);
    }
  });

  test('internal helpers are not exported', () => {
    expect(Object.hasOwn(api, 'collectGroup')).toBe(false);
  });

  test('end to end: a region of five authorities compared on their vacancy rate', () => {
    // Each authority: permanent FTE and vacancies FTE at 2024-25 Q2, and a quarter before.
    const authorities = [
      { fte: 100, vacancies: 25, before: 30 }, // 25 ÷ 125 = 20%, was 30 ÷ 130 = 23.08%
      { fte: 300, vacancies: 30, before: 30 }, // 30 ÷ 330 = 9.09%
      { fte: 80, vacancies: 20, before: 10 }, // 20 ÷ 100 = 20%
      { fte: 150, vacancies: 50, before: 45 }, // 50 ÷ 200 = 25%
      { fte: 60, vacancies: 0, before: 5 }, // 0%
    ];
    const results = authorities.map((a) =>
      api.computeMetrics(
        [
          { period: '2024-25-Q1', permanentFte: a.fte, vacanciesFte: a.before },
          { period: '2024-25-Q2', permanentFte: a.fte, vacanciesFte: a.vacancies },
        ],
        '2024-25-Q2',
      ),
    );
    const previous = authorities.map(
      (a) =>
        api.computeMetrics([{ period: '2024-25-Q1', permanentFte: a.fte, vacanciesFte: a.before }], '2024-25-Q1')
          .vacancyRate,
    );
    const region = api.prepareGroup(results.map((r) => r.vacancyRate));
    const first = results[0] as api.MetricResults;
    const c = api.compareWithGroup(first.vacancyRate, region, { previousQuarter: previous[0] });
    expect(c.group.status).toBe('shown');
    // Values 0, 9.09, 20, 20, 25: the first authority's 20% ties for third lowest.
    expect(c.group.status === 'shown' && c.group.values).toEqual([0, 9.1, 20, 20, 25]);
    expect(c.rank).toBe(3);
    expect(c.quartile).toBe(3);
    // pooled = (25 + 30 + 20 + 50 + 0 = 125) ÷ (125 + 330 + 100 + 200 + 60 = 815) × 100 = 15.337…
    expect(c.group.status === 'shown' && c.group.summary.pooled).toBeCloseTo(15.3374233129, 9);
    expect(c.change.previousQuarter?.direction).toBe('improving');
    expect(api.formatMetricValue('vacancyRate', c.own.value)).toBe('20.0%');
    expect(c.funnel?.band).toBe('within-95');
  });
});
