import { describe, expect, test } from 'vitest';
import { random } from '../test/random.mjs';
import { METRIC_IDS, METRICS, type MetricId } from './catalogue.js';
import { compareWithGroup, DEFAULT_MIN_GROUP_SIZE, describeChange, prepareGroup } from './compare.js';
import type { MetricResult } from './compute.js';
import { roundHalfAwayFromZero } from './format.js';
import {
  type ControlLimits,
  funnelLimitPairs,
  funnelLimits,
  poissonFunnelLimitPairs,
  poissonFunnelLimits,
} from './funnel.js';
import { type Overdispersion, overdispersedFunnelLimitPairs } from './overdispersion.js';
import { rankValues } from './rank.js';
import { funnelBand, funnelVerdict } from './verdict.js';

const PERIOD = '2024-25-Q2';

/** A computed result: value = numerator ÷ denominator × the metric's scale. */
function result(metric: MetricId, numerator: number, denominator: number): MetricResult {
  return { metric, period: PERIOD, value: (numerator / denominator) * METRICS[metric].scale, numerator, denominator };
}

function missing(metric: MetricId): MetricResult {
  return { metric, period: PERIOD, value: null, numerator: null, denominator: null, reason: 'missing-input' };
}

/**
 * Six authorities. Values: 12, 16.666…, 5, 33.333…, 9, 25; sorted 5, 9, 12, 16.67, 25, 33.33.
 * Pooled = (12 + 10 + 5 + 20 + 9 + 25 = 81) ÷ (100 + 60 + 100 + 60 + 100 + 100 = 520) × 100 = 15.5769…
 */
function six(metric: MetricId): MetricResult[] {
  return [
    result(metric, 12, 100),
    result(metric, 10, 60),
    result(metric, 5, 100),
    result(metric, 20, 60),
    result(metric, 9, 100),
    result(metric, 25, 100),
  ];
}

describe('compareWithGroup: a group large enough to show', () => {
  test('shows the summary and the values rounded to 1 dp, ascending, unlabelled', () => {
    const group = six('vacancyRate');
    const c = compareWithGroup(group[0] as MetricResult, group);
    expect(c.metric).toBe('vacancyRate');
    expect(c.own).toBe(group[0]);
    if (c.group.status !== 'shown') throw new Error('expected the group to be shown');
    expect(c.group.values).toEqual([5, 9, 12, 16.7, 25, 33.3]);
    expect(Object.isFrozen(c.group.values)).toBe(true);
    const s = c.group.summary;
    expect(s.n).toBe(6);
    expect(s.pooled).toBeCloseTo(15.5769230769, 9);
    // mean = (5 + 9 + 12 + 16.667 + 25 + 33.333) ÷ 6 = 101 ÷ 6 = 16.8333…
    expect(s.mean).toBeCloseTo(16.8333333333, 9);
    // median: h = 2.5 → 12 + 0.5 × (16.667 − 12) = 14.3333…
    expect(s.median).toBeCloseTo(14.3333333333, 9);
    expect(s.min).toBe(5);
    expect(s.max).toBeCloseTo(33.3333333333, 9);
  });

  test('the values are in the same sorted order whatever the order of the members', () => {
    const group = six('vacancyRate');
    const reversed = [...group].reverse();
    const a = compareWithGroup(group[1] as MetricResult, group);
    const b = compareWithGroup(group[1] as MetricResult, reversed);
    expect(b.group).toEqual(a.group);
  });

  test('rank 1 is the lowest value for a lower-is-better metric', () => {
    const group = six('vacancyRate');
    // 12 is third lowest: rank 3 of 6, quartile ceil(4 × 3 ÷ 6) = 2.
    expect(compareWithGroup(group[0] as MetricResult, group)).toMatchObject({ rank: 3, quartile: 2 });
    // 5 is the lowest: rank 1, quartile ceil(4 ÷ 6) = 1.
    expect(compareWithGroup(group[2] as MetricResult, group)).toMatchObject({ rank: 1, quartile: 1 });
    // 33.3 is the highest: rank 6, quartile 4.
    expect(compareWithGroup(group[3] as MetricResult, group)).toMatchObject({ rank: 6, quartile: 4 });
  });

  test('rank 1 is the highest value for a higher-is-better metric', () => {
    const group = six('experiencedShare');
    // 16.67, 25 and 33.33 are higher than 12: rank 4 of 6, quartile ceil(16 ÷ 6) = 3.
    expect(compareWithGroup(group[0] as MetricResult, group)).toMatchObject({ rank: 4, quartile: 3 });
    expect(compareWithGroup(group[3] as MetricResult, group)).toMatchObject({ rank: 1, quartile: 1 });
    expect(compareWithGroup(group[2] as MetricResult, group)).toMatchObject({ rank: 6, quartile: 4 });
  });

  test('tied values share the better rank', () => {
    const group = [
      result('vacancyRate', 10, 100),
      result('vacancyRate', 20, 100),
      result('vacancyRate', 20, 100),
      result('vacancyRate', 30, 100),
      result('vacancyRate', 40, 100),
    ];
    expect(compareWithGroup(group[1] as MetricResult, group).rank).toBe(2);
    expect(compareWithGroup(group[3] as MetricResult, group).rank).toBe(4);
  });

  test('a prepared group gives the same comparison as the members', () => {
    const group = six('agencyRate');
    const prepared = prepareGroup(group);
    expect(prepared.kind).toBe('prepared-group');
    // The members' own values, unrounded, ascending.
    expect(Array.from(prepared.sorted)).toEqual(group.map((r) => r.value as number).sort((a, b) => a - b));
    expect(prepared.rounded).toEqual([5, 9, 12, 16.7, 25, 33.3]);
    for (const own of group) expect(compareWithGroup(own, prepared)).toEqual(compareWithGroup(own, group));
  });

  test('an authority without a value sees the group but gets no rank, quartile or funnel', () => {
    const group = [...six('vacancyRate'), missing('vacancyRate')];
    const c = compareWithGroup(group[6] as MetricResult, group);
    expect(c.group.status).toBe('shown');
    expect(c.rank).toBeNull();
    expect(c.quartile).toBeNull();
    expect(c.funnel).toBeNull();
  });
});

describe('compareWithGroup: disclosure control', () => {
  const five = six('vacancyRate').slice(0, 5);

  test('the default minimum group size is 5', () => {
    expect(DEFAULT_MIN_GROUP_SIZE).toBe(5);
  });

  test('5 of 5 authorities with a value: shown', () => {
    const c = compareWithGroup(five[0] as MetricResult, five);
    expect(c.group.status).toBe('shown');
    expect(c.rank).toBe(3);
  });

  test('4 of 5 with a value: withheld, with nothing that would reveal peers', () => {
    const group = [...five.slice(0, 4), missing('vacancyRate')];
    const c = compareWithGroup(group[0] as MetricResult, group);
    expect(c.group).toEqual({
      status: 'withheld',
      reason: 'group-too-small',
      n: 4,
      minGroupSize: 5,
      message:
        'Withheld: 4 authorities contributed a value, and figures are shown only when at least 5 do, so that no authority can be identified.',
    });
    expect('values' in c.group).toBe(false);
    expect('summary' in c.group).toBe(false);
    expect(c.rank).toBeNull();
    expect(c.quartile).toBeNull();
    expect(c.funnel).toBeNull();
    // Nothing about the peers is anywhere in the comparison: only the own result and its change.
    expect(Object.keys(c).sort()).toEqual(['change', 'funnel', 'group', 'metric', 'own', 'quartile', 'rank']);
    expect(Object.keys(c.group).sort()).toEqual(['message', 'minGroupSize', 'n', 'reason', 'status']);
    expect(JSON.stringify(c)).not.toContain('16.66');
  });

  test('the own value counts towards n; a null own value does not', () => {
    // Own (with a value) + 4 peers = 5 → shown.
    const withOwn = [five[0] as MetricResult, ...five.slice(1)];
    expect(compareWithGroup(withOwn[0] as MetricResult, withOwn).group.status).toBe('shown');
    // Own without a value + the same 4 peers = 4 with a value → withheld.
    const ownless = [missing('vacancyRate'), ...five.slice(1)];
    const c = compareWithGroup(ownless[0] as MetricResult, ownless);
    expect(c.group.status).toBe('withheld');
    expect(c.group.status === 'withheld' && c.group.n).toBe(4);
  });

  test('one authority: the message uses the singular', () => {
    const c = compareWithGroup(five[0] as MetricResult, [five[0] as MetricResult]);
    expect(c.group.status === 'withheld' && c.group.message).toContain('1 authority contributed');
  });

  test('minGroupSize is configurable and must be a positive whole number', () => {
    const four = five.slice(0, 4);
    expect(compareWithGroup(four[0] as MetricResult, four, { minGroupSize: 4 }).group.status).toBe('shown');
    expect(compareWithGroup(four[0] as MetricResult, four, { minGroupSize: 3 }).group.status).toBe('shown');
    expect(compareWithGroup(five[0] as MetricResult, five, { minGroupSize: 6 }).group.status).toBe('withheld');
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(() => compareWithGroup(four[0] as MetricResult, four, { minGroupSize: bad })).toThrow(RangeError);
    }
  });

  test('the change since last quarter is the authority’s own and is kept when the group is withheld', () => {
    const four = five.slice(0, 4);
    const c = compareWithGroup(four[0] as MetricResult, four, { previousQuarter: result('vacancyRate', 14, 100) });
    expect(c.group.status).toBe('withheld');
    expect(c.change.previousQuarter?.direction).toBe('improving');
  });
});

describe('compareWithGroup: errors', () => {
  test('the own value must be among the group’s values', () => {
    const group = six('vacancyRate');
    expect(() => compareWithGroup(result('vacancyRate', 13, 100), group)).toThrow(RangeError);
    expect(() => compareWithGroup(result('vacancyRate', 13, 100), prepareGroup(group))).toThrow(
      'The group must include the authority being compared',
    );
  });

  test('the own metric must be the group’s', () => {
    const group = six('vacancyRate');
    expect(() => compareWithGroup(result('agencyRate', 12, 100), group)).toThrow(RangeError);
    expect(() => compareWithGroup(result('agencyRate', 12, 100), prepareGroup(group))).toThrow(
      'Cannot compare agencyRate with a group of vacancyRate',
    );
  });
});

describe('describeChange', () => {
  test('by polarity: lower is better', () => {
    // 18.2 → 16.1: −2.1 for a lower-is-better metric is improving.
    const change = describeChange('vacancyRate', 18.2, 16.1);
    expect(change?.from).toBe(18.2);
    expect(change?.to).toBe(16.1);
    expect(change?.difference).toBeCloseTo(-2.1, 12);
    expect(change?.direction).toBe('improving');
    expect(describeChange('vacancyRate', 16.1, 18.2)?.direction).toBe('worsening');
  });

  test('by polarity: higher is better', () => {
    expect(describeChange('experiencedShare', 30, 32.5)?.direction).toBe('improving');
    expect(describeChange('experiencedShare', 32.5, 30)?.direction).toBe('worsening');
    expect(describeChange('netChangeFte', -1, 2)?.direction).toBe('improving');
  });

  test('no change when the difference rounds to 0.0', () => {
    expect(describeChange('vacancyRate', 12, 12)?.direction).toBe('no-change');
    // 12.04 → 12: −0.04 rounds to 0.0.
    expect(describeChange('vacancyRate', 12.04, 12)?.direction).toBe('no-change');
    expect(describeChange('experiencedShare', 40, 40.04)?.direction).toBe('no-change');
    // 12 → 12.1 rounds to 0.1: a change.
    expect(describeChange('vacancyRate', 12, 12.1)?.direction).toBe('worsening');
    // Binary noise: 0.1 + 0.2 = 0.30000000000000004, a difference of −5.6e-17.
    expect(describeChange('vacancyRate', 0.1 + 0.2, 0.3)?.direction).toBe('no-change');
    expect(describeChange('experiencedShare', 0.3, 0.1 + 0.2)?.direction).toBe('no-change');
  });

  test('a metric whose polarity is neither has no direction when it changed', () => {
    expect(METRICS.asyeShare.polarity).toBe('neither');
    expect(describeChange('asyeShare', 8, 10)).toEqual({ from: 8, to: 10, difference: 2, direction: null });
    expect(describeChange('asyeShare', 10, 8)?.direction).toBeNull();
    expect(describeChange('asyeShare', 10, 10.02)?.direction).toBe('no-change');
  });

  test('null when either value is missing', () => {
    expect(describeChange('vacancyRate', null, 12)).toBeNull();
    expect(describeChange('vacancyRate', 12, null)).toBeNull();
  });

  test('an unknown metric throws, including names inherited from Object.prototype', () => {
    expect(() => describeChange('bogus' as MetricId, 1, 2)).toThrow(RangeError);
    expect(() => describeChange('toString' as MetricId, 1, 2)).toThrow('Unknown metric');
    expect(() => describeChange('__proto__' as MetricId, 1, 2)).toThrow(RangeError);
  });

  test('compareWithGroup describes the change since the previous quarter and the same quarter last year', () => {
    const group = six('vacancyRate');
    const c = compareWithGroup(group[0] as MetricResult, group, {
      previousQuarter: result('vacancyRate', 14, 100),
      sameQuarterLastYear: result('vacancyRate', 9, 100),
    });
    expect(c.change.previousQuarter?.from).toBeCloseTo(14, 12);
    expect(c.change.previousQuarter?.to).toBe(12);
    expect(c.change.previousQuarter?.difference).toBeCloseTo(-2, 12);
    expect(c.change.previousQuarter?.direction).toBe('improving');
    expect(c.change.sameQuarterLastYear?.difference).toBeCloseTo(3, 12);
    expect(c.change.sameQuarterLastYear?.direction).toBe('worsening');
    const none = compareWithGroup(group[0] as MetricResult, group, { previousQuarter: missing('vacancyRate') });
    expect(none.change).toEqual({ previousQuarter: null, sameQuarterLastYear: null });
  });
});

describe('compareWithGroup: the funnel plot', () => {
  /** Five large authorities at 150 / 1000 = 15% and one of 100 FTE with `k` vacancies. */
  function withLargePeers(k: number, metric: MetricId = 'vacancyRate') {
    const own = result(metric, k, 100);
    const group = [own, ...Array.from({ length: 5 }, () => result(metric, 150, 1000))];
    return compareWithGroup(own, group);
  }

  test('the limits are the binomial limits around the pooled rate for the authority’s denominator, in %', () => {
    const c = withLargePeers(15);
    // pooled = (15 + 750) ÷ (100 + 5000) × 100 = 15%
    expect(c.funnel?.target).toBeCloseTo(15, 12);
    expect(c.funnel?.denominator).toBe(100);
    const l95 = funnelLimits(0.15, 100, 0.95);
    const l998 = funnelLimits(0.15, 100, 0.998);
    expect(c.funnel?.limits95.lower).toBeCloseTo(l95.lower * 100, 9);
    expect(c.funnel?.limits95.upper).toBeCloseTo(l95.upper * 100, 9);
    expect(c.funnel?.limits998.lower).toBeCloseTo(l998.lower * 100, 9);
    expect(c.funnel?.limits998.upper).toBeCloseTo(l998.upper * 100, 9);
    expect(c.funnel?.limits95.method).toBe('exact');
    expect(c.funnel).toMatchObject({ band: 'within-95', assessment: 'as-expected' });
  });

  test.each([
    // k vacancies of 100: value k%; limits around the pooled ≈ 15% (from a run of funnelLimits).
    [3, 'below-99.8', 'better'],
    [6, 'below-95', 'better'],
    [15, 'within-95', 'as-expected'],
    [24, 'above-95', 'worse'],
    [35, 'above-99.8', 'worse'],
  ] as const)('%i%% is %s and %s for a lower-is-better metric', (k, band, assessment) => {
    const c = withLargePeers(k);
    const f = c.funnel;
    if (!f) throw new Error('expected a funnel position');
    expect(f.band).toBe(band);
    expect(f.assessment).toBe(assessment);
    // The band agrees with the limits it reports.
    const v = k;
    const expected =
      v > f.limits998.upper
        ? 'above-99.8'
        : v > f.limits95.upper
          ? 'above-95'
          : v < f.limits998.lower
            ? 'below-99.8'
            : v < f.limits95.lower
              ? 'below-95'
              : 'within-95';
    expect(f.band).toBe(expected);
  });

  test('for a higher-is-better metric, above the limits is better', () => {
    expect(withLargePeers(35, 'experiencedShare').funnel?.assessment).toBe('better');
    expect(withLargePeers(3, 'experiencedShare').funnel?.assessment).toBe('worse');
  });

  test('a small authority with an extreme rate is outside the 99.8% limits', () => {
    // Five authorities near 15% of 100 FTE and one of 20 FTE at 10 / 20 = 50%.
    // pooled = (15 + 16 + 14 + 15 + 15 + 10 = 85) ÷ 520 × 100 = 16.35%; for n = 20 the exact 99.8%
    // upper limit is about 43.8%, so 50% is above it.
    const metric = 'vacancyRate';
    const small = result(metric, 10, 20);
    const group = [
      result(metric, 15, 100),
      result(metric, 16, 100),
      result(metric, 14, 100),
      result(metric, 15, 100),
      result(metric, 15, 100),
      small,
    ];
    const c = compareWithGroup(small, group);
    expect(c.funnel?.target).toBeCloseTo((85 / 520) * 100, 9);
    expect(c.funnel?.limits998.upper).toBeGreaterThan(40);
    expect(c.funnel?.limits998.upper).toBeLessThan(50);
    expect(c.funnel).toMatchObject({ band: 'above-99.8', assessment: 'worse' });
    // It is also the worst ranked.
    expect(c.rank).toBe(6);
    // The same 50% over 20 for the ASYE share (polarity neither) is unusual, not better or worse.
    const asye = group.map((r) => result('asyeShare', r.numerator as number, r.denominator as number));
    expect(compareWithGroup(asye[5] as MetricResult, asye).funnel?.assessment).toBe('unusual');
  });

  test('caseload uses Poisson limits around the pooled caseload, not scaled, when the group is not overdispersed', () => {
    // 10 authorities of 50 FTE with 790 to 812 cases (about 16 each, 8020 in all) and one of 5 FTE
    // with 160 (32 each). pooled = 8180 ÷ 505 = 16.198…; the large ones agree as closely as chance
    // would make them, and the small one's z-score is Winsorised to the next largest, so
    // k·φ < k − 1: no overdispersion.
    const metric = 'averageCaseload';
    const group = [
      ...[810, 805, 800, 795, 790, 812, 808, 798, 802, 800].map((cases) => result(metric, cases, 50)),
      result(metric, 160, 5),
    ];
    const small = group[10] as MetricResult;
    const c = compareWithGroup(small, group);
    const pooled = 8180 / 505;
    expect(c.funnel?.target).toBeCloseTo(pooled, 12);
    expect(c.funnel?.denominator).toBe(5);
    expect(c.funnel?.tau2).toBe(0);
    const p95 = poissonFunnelLimits(pooled, 5, 0.95);
    const p998 = poissonFunnelLimits(pooled, 5, 0.998);
    expect(c.funnel?.limits95.lower).toBeCloseTo(p95.lower, 9);
    expect(c.funnel?.limits95.upper).toBeCloseTo(p95.upper, 9);
    expect(c.funnel?.limits998.upper).toBeCloseTo(p998.upper, 9);
    // Mean 16.2 × 5 = 81 cases: exact Poisson; 32 per FTE is far above the 99.8% limit (about 25).
    expect(c.funnel?.limits95.method).toBe('exact');
    expect(c.funnel).toMatchObject({ band: 'above-99.8', verdict: 'significantly-higher', assessment: 'worse' });
    // A 50 FTE authority near the pooled caseload is as expected.
    expect(compareWithGroup(group[0] as MetricResult, group).funnel?.verdict).toBe('as-expected');
  });

  test('an overdispersed caseload group widens the limits on the log scale', () => {
    // 800/50 = 16, 900/50 = 18, 700/50 = 14, 850/50 = 17, 160/5 = 32: the large ones differ by more than chance.
    const metric = 'averageCaseload';
    const group = [
      result(metric, 800, 50),
      result(metric, 900, 50),
      result(metric, 700, 50),
      result(metric, 850, 50),
      result(metric, 160, 5),
    ];
    const c = compareWithGroup(group[4] as MetricResult, group);
    const pooled = 3410 / 205;
    const tau2 = c.funnel?.tau2 ?? 0;
    expect(tau2).toBeGreaterThan(0);
    expect(c.funnel?.phi).toBeGreaterThan(1);
    const wide = overdispersedFunnelLimitPairs('rate', pooled, 5, tau2);
    expect(c.funnel?.limits95).toEqual(wide.limits95);
    expect(c.funnel?.limits998).toEqual(wide.limits998);
    expect(c.funnel?.limits998.upper).toBeGreaterThan(poissonFunnelLimits(pooled, 5, 0.998).upper);
  });

  test('net change in FTE is a count: no funnel, but a rank', () => {
    const metric = 'netChangeFte';
    const group = [2.5, -1.5, 4, 0, 1].map((v) => result(metric, v, 1));
    const c = compareWithGroup(group[0] as MetricResult, group);
    expect(c.funnel).toBeNull();
    // Higher is better: only 4 is higher than 2.5 → rank 2.
    expect(c.rank).toBe(2);
    expect(c.group.status === 'shown' && c.group.values).toEqual([-1.5, 0, 1, 2.5, 4]);
  });

  test('no funnel when the pooled proportion is above 1 (more leavers than staff)', () => {
    const metric = 'turnoverRate';
    const group = [120, 110, 130, 150, 105].map((v) => result(metric, v, 100));
    const c = compareWithGroup(group[0] as MetricResult, group);
    expect(c.group.status).toBe('shown');
    expect(c.funnel).toBeNull();
  });
});

describe('compareWithGroup: ranks and limits to the bit', () => {
  test('with many ties, every member gets the rank rankValues gives it, by either polarity', () => {
    // ASYE retention and experienced share (higher is better) and the vacancy rate (lower): many
    // members at exactly 100% or 0%, the ties of real groups.
    for (const metric of ['asyeRetention', 'experiencedShare', 'vacancyRate'] as const) {
      const counts = [10, 10, 10, 9, 10, 0, 10, 7, 10, 0, 3, 10, 10, 0, 9];
      const members = counts.map((k) => result(metric, k, 10));
      const prepared = prepareGroup(members);
      const expected = rankValues(
        members.map((m) => m.value as number),
        METRICS[metric].polarity,
      );
      members.forEach((m, i) => {
        expect(compareWithGroup(m, prepared).rank, `${metric} ${counts[i]}`).toBe(expected[i]);
      });
    }
  });

  test('the funnel limits are those of funnelLimitPairs (or, when overdispersed, overdispersedFunnelLimitPairs) times 100, exactly', () => {
    for (const [k, n] of [
      [3, 20],
      [15, 100],
      [40, 150],
      [900, 4000],
    ] as const) {
      const own = result('turnoverRate', k, n);
      const peers = Array.from({ length: 5 }, () => result('turnoverRate', 150, 1000));
      const c = compareWithGroup(own, [own, ...peers]);
      const target = ((k + 750) / (n + 5000)) * 100;
      const tau2 = c.funnel?.tau2 ?? Number.NaN;
      const raw =
        tau2 === 0
          ? funnelLimitPairs(target / 100, n)
          : overdispersedFunnelLimitPairs('proportion', target / 100, n, tau2);
      expect(c.funnel?.target).toBe(target);
      for (const key of ['limits95', 'limits998'] as const) {
        expect(c.funnel?.[key]).toEqual({
          lower: raw[key].lower * 100,
          upper: raw[key].upper * 100,
          method: raw[key].method,
        });
      }
    }
  });
});

describe('compareWithGroup: what a prepared group works out once', () => {
  /**
   * The funnel position as compareWithGroup worked it out for every comparison before the prepared
   * group kept a plan: from the pooled value and overdispersion alone, by the public functions.
   */
  function referenceFunnel(own: MetricResult, pooled: number | null, od: Overdispersion | null) {
    const definition = METRICS[own.metric];
    const { value, denominator } = own;
    if (value === null || definition.kind === 'count' || denominator === null || denominator <= 0) return null;
    if (pooled === null) return null;
    const scale = definition.scale;
    const tau2 = od?.tau2 ?? 0;
    const phi = od?.phi ?? 0;
    const times = (l: ControlLimits) => ({ lower: l.lower * scale, upper: l.upper * scale, method: l.method });
    let limits95: ControlLimits;
    let limits998: ControlLimits;
    if (definition.kind === 'proportion') {
      const p = pooled / scale;
      if (!(p >= 0 && p <= 1)) return null;
      const raw =
        tau2 > 0 ? overdispersedFunnelLimitPairs('proportion', p, denominator, tau2) : funnelLimitPairs(p, denominator);
      limits95 = times(raw.limits95);
      limits998 = times(raw.limits998);
    } else {
      if (!(pooled >= 0)) return null;
      const raw =
        tau2 > 0
          ? overdispersedFunnelLimitPairs('rate', pooled, denominator, tau2)
          : poissonFunnelLimitPairs(pooled, denominator);
      limits95 = raw.limits95;
      limits998 = raw.limits998;
    }
    const band = funnelBand(value, limits95, limits998);
    let assessment = 'as-expected';
    if (band !== 'within-95') {
      const high = band === 'above-99.8' || band === 'above-95';
      if (definition.polarity === 'neither') assessment = 'unusual';
      else assessment = high === (definition.polarity === 'higher') ? 'better' : 'worse';
    }
    return {
      target: pooled,
      denominator,
      limits95,
      limits998,
      tau2,
      phi,
      band,
      verdict: funnelVerdict(band),
      assessment,
    };
  }

  /** The change as it was judged before roundsToZero: by the difference rounded to 1 dp. */
  function referenceChange(metric: MetricId, from: number | null, to: number | null) {
    if (from === null || to === null) return null;
    const difference = to - from;
    const rounded = roundHalfAwayFromZero(difference, 1);
    const polarity = METRICS[metric].polarity;
    let direction: string | null;
    if (rounded === 0) direction = 'no-change';
    else if (polarity === 'neither') direction = null;
    else direction = rounded < 0 === (polarity === 'lower') ? 'improving' : 'worsening';
    return { from, to, difference, direction };
  }

  /** A random group of one metric in one of several regimes: spread, all alike, all 0, all 100%, tiny or huge denominators. */
  function randomGroup(metric: MetricId, next: () => number): MetricResult[] {
    const definition = METRICS[metric];
    const size = 1 + Math.floor(next() * 40);
    const regime = Math.floor(next() * 6);
    const rate = 0.02 + next() * 0.9;
    const out: MetricResult[] = [];
    for (let i = 0; i < size; i++) {
      if (next() < 0.08) {
        out.push(missing(metric));
        continue;
      }
      let denominator =
        regime === 4 ? 1 + Math.floor(next() * 12) : regime === 5 ? 2000 + next() * 20_000 : 5 + next() * 400;
      if (next() < 0.5) denominator = Math.round(denominator);
      let numerator: number;
      if (definition.kind === 'count') numerator = Math.round((next() - 0.5) * 40);
      else if (definition.kind === 'rate') numerator = Math.round(denominator * (regime === 2 ? 0 : 5 + next() * 20));
      else if (regime === 1) numerator = denominator * rate;
      else if (regime === 2) numerator = 0;
      else if (regime === 3) numerator = denominator;
      else numerator = Math.round(denominator * Math.min(1, Math.max(0, rate + (next() - 0.5) * 0.3)));
      if (definition.kind === 'count') denominator = 1;
      out.push(result(metric, numerator, denominator));
    }
    return out;
  }

  test('the same comparisons as the general code, for random groups of every metric', () => {
    const next = random(2_024);
    let funnels = 0;
    const methods = new Set<string>();
    for (let trial = 0; trial < 300; trial++) {
      for (const metric of METRIC_IDS) {
        const members = randomGroup(metric, next);
        const prepared = prepareGroup(members, metric);
        for (const own of members) {
          const previous =
            next() < 0.8 ? (own.value === null ? 0 : (own.value as number) + (next() - 0.5) * 0.4) : null;
          const options = { previousQuarter: { ...own, value: previous }, minGroupSize: 1 };
          const c = compareWithGroup(own, prepared, options);
          const expected = referenceFunnel(own, prepared.summary.pooled, prepared.overdispersion);
          if (expected !== null) {
            funnels++;
            methods.add(expected.limits95.method);
          }
          expect(c.funnel, `${metric} trial ${trial}`).toEqual(expected);
          expect(c.change.previousQuarter).toEqual(referenceChange(metric, previous, own.value));
          // A copy of the prepared group (a plain object, without the plan) gives the same.
          expect(compareWithGroup(own, { ...prepared }, options)).toEqual(c);
        }
      }
    }
    expect(funnels).toBeGreaterThan(20_000);
    expect([...methods].sort()).toEqual(['exact', 'normal', 'random-effects']);
  });
});
