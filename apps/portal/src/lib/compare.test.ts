import type { AuthorityMetric, Funnel, MetricInfo, ReleaseStamp } from '@csc-workforce/schemas';
import { describe, expect, test } from 'vitest';
import {
  bandColour,
  bandText,
  changeShort,
  changeText,
  earlierGroups,
  funnelText,
  groupHeading,
  groupValueText,
  hasNeighbours,
  NEIGHBOURS_POOLED,
  NOT_COMPARED,
  ordinal,
  periodOptionText,
  pickerPeriods,
  publishedText,
  quartileText,
  rangeText,
  rankText,
  releaseLine,
  releaseReasonText,
  standing,
  trendLines,
} from './compare';

const vacancy: MetricInfo = {
  id: 'vacancyRate',
  label: 'Vacancy rate',
  unit: 'percent',
  kind: 'proportion',
  polarity: 'lower',
  formula: '',
  numerator: '',
  denominator: '',
};

describe('comparisons in words', () => {
  test('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });

  test('rank by polarity', () => {
    expect(rankText(4, 14, 'lower', 'in the region')).toBe('4th lowest of 14 in the region');
    expect(rankText(1, 14, 'lower', 'in the region')).toBe('the lowest of 14 in the region');
    expect(rankText(2, 153, 'higher', 'in England')).toBe('2nd highest of 153 in England');
    expect(rankText(3, 10, 'neither', 'in the region')).toBe('3rd lowest of 10 in the region');
  });

  test('quartiles', () => {
    expect(quartileText(1, 'lower')).toBe('in the best quartile');
    expect(quartileText(4, 'higher')).toBe('in the worst quartile');
    expect(quartileText(2, 'neither')).toBe('in the second-lowest quartile');
    expect(bandText('A', 'lower')).toBe('band A, the best quartile');
    expect(bandText('D', 'higher')).toBe('band D, the worst quartile');
    expect(bandText('D', 'neither')).toBe('band D, the highest quartile');
    expect(bandColour('A', 'lower')).toBe('govuk-tag--green');
    expect(bandColour('D', 'lower')).toBe('govuk-tag--red');
    expect(bandColour('A', 'neither')).toBe('govuk-tag--grey');
    // The last of a group is said from its own end.
    expect(rankText(14, 14, 'neither', 'in the region')).toBe('the highest of 14 in the region');
    expect(rankText(14, 14, 'higher', 'in the region')).toBe('the lowest of 14 in the region');
  });

  test('changes, by polarity and unit', () => {
    expect(changeText({ from: 18.2, to: 16.1, difference: -2.1, direction: 'improving' }, vacancy)).toBe(
      'Improving: down 2.1 percentage points',
    );
    expect(changeText({ from: 16, to: 17, difference: 1, direction: 'worsening' }, vacancy)).toBe(
      'Worsening: up 1.0 percentage points',
    );
    expect(changeText({ from: 16, to: 16.01, difference: 0.01, direction: 'no-change' }, vacancy)).toBe('No change');
    expect(changeText({ from: 10, to: 12, difference: 2, direction: null }, { ...vacancy, polarity: 'neither' })).toBe(
      'Up 2.0 percentage points',
    );
    expect(changeText(null, vacancy)).toBe('Not available');
  });

  test('changes in a few characters, for the lead’s overview', () => {
    expect(changeShort({ from: 18.2, to: 16.1, difference: -2.1, direction: 'improving' })).toBe('↓ 2.1 improving');
    expect(changeShort({ from: 16, to: 17.04, difference: 1.04, direction: 'worsening' })).toBe('↑ 1.0 worsening');
    expect(changeShort({ from: 10, to: 12, difference: 2, direction: null })).toBe('↑ 2.0');
    expect(changeShort({ from: 16, to: 16.01, difference: 0.01, direction: 'no-change' })).toBe('No change');
    expect(changeShort(null)).toBe('–');
  });

  test('ranges, published symbols and funnel verdicts', () => {
    expect(
      rangeText('vacancyRate', {
        status: 'shown',
        n: 5,
        pooled: 20,
        mean: 20,
        median: 20,
        q1: 15,
        q3: 25,
        min: 9.3,
        max: 29.3,
      }),
    ).toBe('9.3% to 29.3%');
    expect(
      rangeText('vacancyRate', { status: 'withheld', reason: 'group-too-small', n: 4, minGroupSize: 5, message: '' }),
    ).toBe('–');
    expect(publishedText('vacancyRate', { value: 18.9, symbol: null })).toBe('18.9%');
    expect(publishedText('vacancyRate', { value: null, symbol: 'c' })).toBe('Not published (confidential)');
    const funnel = (over: Partial<Funnel>): Funnel => ({
      target: 19.4,
      denominator: 426.3,
      limits95: { lower: 15.6, upper: 23.1 },
      limits998: { lower: 13.5, upper: 25.3 },
      tau2: 0,
      phi: 0.8,
      band: 'within-95',
      verdict: 'as-expected',
      assessment: 'as-expected',
      ...over,
    });
    expect(funnelText('vacancyRate', funnel({}), 'in the region')).toBe(
      'As expected for its size in the region (95% limits 15.6% to 23.1%)',
    );
    // Coventry's 12.8% of the issue, below the 99.8% lower limit (13.5%): significantly lower, not
    // merely "outside the 95% limits".
    expect(
      funnelText(
        'vacancyRate',
        funnel({ band: 'below-99.8', verdict: 'significantly-lower', assessment: 'better' }),
        'in the region',
      ),
    ).toBe(
      'Significantly lower than expected for its size in the region: better (below the 99.8% limits, 13.5% to 25.3%)',
    );
    expect(
      funnelText('vacancyRate', funnel({ band: 'below-95', verdict: 'possibly-lower', assessment: 'better' })),
    ).toBe('Possibly lower than expected for its size: better (below the 95% limits, 15.6% to 23.1%)');
    expect(
      funnelText('vacancyRate', funnel({ band: 'above-95', verdict: 'possibly-higher', assessment: 'worse' })),
    ).toBe('Possibly higher than expected for its size: worse (above the 95% limits, 15.6% to 23.1%)');
    expect(
      funnelText('asyeShare', funnel({ band: 'above-99.8', verdict: 'significantly-higher', assessment: 'unusual' })),
    ).toBe('Significantly higher than expected for its size (above the 99.8% limits, 13.5% to 25.3%)');
    expect(funnelText('vacancyRate', null)).toBe('Not available');
  });
});

const q4: ReleaseStamp = {
  period: '2023-24-Q4',
  periodLabel: '2023-24 Q4',
  sequence: 2,
  firstReleasedAt: '2024-08-14T12:00:00.000Z',
  releasedAt: '2024-08-21T12:00:00.000Z',
  label: 'released 14 August 2024; revised 21 August 2024',
};

const shown = {
  status: 'shown' as const,
  n: 14,
  pooled: 20,
  mean: 20,
  median: 20,
  q1: 15,
  q3: 25,
  min: 9.3,
  max: 29.3,
};

function metric(
  position: { rank: number | null; quartile: 1 | 2 | 3 | 4 | null; band?: 'A' | 'B' | 'C' | 'D' | null },
  group: AuthorityMetric['region']['group'] = shown,
): AuthorityMetric {
  const place = { band: null, ...position, n: 14, funnel: null, group };
  return {
    metric: vacancy,
    own: { value: 18, numerator: 18, denominator: 100, reason: null, missing: [] },
    change: { previousQuarter: null, sameQuarterLastYear: null },
    region: place,
    england: { ...place, n: 152 },
    published: null,
    target: null,
  };
}

describe('releases in words', () => {
  test('the release an answer names, and the period its groups are of', () => {
    expect(releaseLine(q4, 'Region and England figures')).toBe(
      'Region and England figures: 2023-24 Q4, released 14 August 2024; revised 21 August 2024',
    );
    expect(releaseLine(null, 'Region and England figures')).toBe('Region and England figures: none released yet');
    expect(earlierGroups({ period: '2023-24-Q4', release: q4 })).toBeNull();
    expect(earlierGroups({ period: '2024-25-Q1', release: q4 })).toBe('2023-24 Q4');
    expect(earlierGroups({ period: '2024-25-Q1', release: null })).toBeNull();
    expect(groupHeading('England (pooled)', '2023-24 Q4')).toBe('England (pooled), 2023-24 Q4');
    expect(groupHeading('England (pooled)', null)).toBe('England (pooled)');
  });

  test('the period picker marks quarters not released', () => {
    expect(periodOptionText({ id: '2024-25-Q1', label: '2024-25 Q1', authorities: 0, released: false })).toBe(
      '2024-25 Q1 (not released yet)',
    );
    expect(periodOptionText({ id: '2023-24-Q4', label: '2023-24 Q4', authorities: 153, released: true })).toBe(
      '2023-24 Q4 (153 authorities)',
    );
    expect(periodOptionText({ id: '2023-24-Q4', label: '2023-24 Q4', authorities: 1, released: true })).toBe(
      '2023-24 Q4 (1 authority)',
    );
  });

  test('the picker lists the quarter shown even when it has no counted return of the viewer', () => {
    const periods = [
      { id: '2023-24-Q4', label: '2023-24 Q4', authorities: 153, released: true },
      { id: '2023-24-Q3', label: '2023-24 Q3', authorities: 153, released: true },
    ];
    expect(pickerPeriods(periods, { id: '2023-24-Q4', label: '2023-24 Q4', released: true })).toEqual([
      { id: '2023-24-Q4', text: '2023-24 Q4 (153 authorities)' },
      { id: '2023-24-Q3', text: '2023-24 Q3 (153 authorities)' },
    ]);
    expect(pickerPeriods(periods, { id: '2024-25-Q1', label: '2024-25 Q1', released: false })[0]).toEqual({
      id: '2024-25-Q1',
      text: '2024-25 Q1 (not released yet)',
    });
  });

  test('why a release was made', () => {
    expect(releaseReasonText({ reason: 'collection-closed', releasedByName: null })).toBe('Collection closed');
    expect(releaseReasonText({ reason: 'due-date-passed', releasedByName: null })).toBe('Due date passed');
    expect(releaseReasonText({ reason: 'scheduled', releasedByName: null })).toBe('Scheduled re-release');
    expect(releaseReasonText({ reason: 'admin', releasedByName: 'Alex Admin' })).toBe('Released by Alex Admin');
    expect(releaseReasonText({ reason: 'admin', releasedByName: null })).toBe('Released by an admin');
  });

  test('a position waits for the release; a group not released says so', () => {
    expect(standing(metric({ rank: 4, quartile: 2 }), 'region', true)).toBe(
      '4th lowest of 14 in the region, in the second-best quartile',
    );
    // The band's quartile, by the group's quartiles, where there is one (a tag shows its letter beside).
    expect(standing(metric({ rank: 4, quartile: 2, band: 'A' }), 'region', true)).toBe(
      '4th lowest of 14 in the region, in the best quartile',
    );
    expect(standing(metric({ rank: null, quartile: null }), 'region', false)).toBe(NOT_COMPARED);
    expect(standing(metric({ rank: null, quartile: null }), 'england', true)).toBe('Not available');
    const notReleased = { status: 'withheld', reason: 'not-released', n: 0, minGroupSize: 5, message: '' } as const;
    expect(standing(metric({ rank: null, quartile: null }, notReleased), 'region', false)).toBe(NOT_COMPARED);
    expect(groupValueText('vacancyRate', notReleased)).toBe('Not released');
    expect(
      groupValueText('vacancyRate', {
        status: 'withheld',
        reason: 'group-too-small',
        n: 4,
        minGroupSize: 5,
        message: '',
      }),
    ).toBe('Withheld');
    // A count is not withheld for being too small: it is never shared.
    expect(
      groupValueText('netChangeFte', {
        status: 'withheld',
        reason: 'counts-not-shared',
        n: 14,
        minGroupSize: 5,
        message: '',
      }),
    ).toBe('Not shared (a count)');
  });
});

describe('trendLines', () => {
  const own = { name: 'Coventry', value: (i: number) => [10, 11][i] ?? null };
  test('three lines, and DfE’s census as two series of points where any quarter ends on census day', () => {
    const plain = [
      { period: '2023-24-Q1', region: 9, england: 8 },
      { period: '2023-24-Q2', region: 9.5, england: 8.5 },
    ];
    expect(trendLines(plain, own, 'West Midlands').map((l) => l.kind)).toEqual(['own', 'region', 'england']);
    const withCensus = plain.map((t, i) => ({ ...t, census: i === 1 ? { england: 18.9, region: 17.2 } : null }));
    const lines = trendLines(withCensus, own, 'West Midlands');
    expect(lines.map((l) => [l.kind, l.name])).toEqual([
      ['own', 'Coventry'],
      ['region', 'West Midlands (pooled)'],
      ['england', 'England (pooled)'],
      ['census-england', 'DfE census, England'],
      ['census-region', 'DfE census, West Midlands'],
    ]);
    expect(lines[3]?.points).toEqual([
      { period: '2023-24-Q1', value: null },
      { period: '2023-24-Q2', value: 18.9 },
    ]);
  });

  test('the statistical neighbours’ group as a fourth line where the trend has it (withheld quarters a gap)', () => {
    const trend = [
      { period: '2023-24-Q1', region: 9, england: 8, neighbours: null },
      { period: '2023-24-Q2', region: 9.5, england: 8.5, neighbours: 12.3 },
    ];
    expect(hasNeighbours(trend)).toBe(true);
    expect(hasNeighbours(trend.map(({ neighbours: _, ...t }) => t))).toBe(false);
    const lines = trendLines(trend, own, 'West Midlands');
    expect(lines.map((l) => [l.kind, l.name])).toEqual([
      ['own', 'Coventry'],
      ['region', 'West Midlands (pooled)'],
      ['england', 'England (pooled)'],
      ['neighbour-group', NEIGHBOURS_POOLED],
    ]);
    expect(lines[3]?.points).toEqual([
      { period: '2023-24-Q1', value: null },
      { period: '2023-24-Q2', value: 12.3 },
    ]);
  });
});
