/** Invariants of the library, checked over generated inputs (fast-check). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compareWithGroup,
  computeMetrics,
  funnelLimits,
  METRIC_IDS,
  METRICS,
  type MetricResult,
  type PeriodId,
  periodWindow,
  prepareGroup,
  type QuarterlyFigures,
  rankValues,
  roundHalfAwayFromZero,
  summariseGroup,
} from '../src/index';
import { random } from './random.mjs';

const PERIOD: PeriodId = '2024-25-Q2';
const fte = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });

/**
 * A valid return: FTE ≤ headcount, parts ≤ their totals (vacancies covered by agency within both the
 * vacancies and the agency FTE), service bands summing to headcount.
 */
const validReturn = (period: string) =>
  fc
    .record({
      bands: fc.tuple(fc.nat(200), fc.nat(200), fc.nat(200), fc.nat(200), fc.nat(100)),
      fteShare: fc.double({ min: 0.5, max: 1, noNaN: true }),
      agencyHeadcount: fc.nat(300),
      vacanciesFte: fte(300),
      coveredShare: fc.double({ min: 0, max: 1, noNaN: true }),
      caseHoldingShare: fc.double({ min: 0, max: 1, noNaN: true }),
      caseload: fc.double({ min: 0, max: 40, noNaN: true }),
      leaversHeadcount: fc.nat(60),
      leaverParts: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
      startersFte: fte(60),
      sicknessShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
      asye: fc.tuple(fc.nat(30), fc.nat(10), fc.nat(10)),
    })
    .map((r): QuarterlyFigures => {
      const [u2, s2, s5, s10, s20] = r.bands;
      const permanentHeadcount = u2 + s2 + s5 + s10 + s20;
      const permanentFte = permanentHeadcount * r.fteShare;
      const agencyFte = r.agencyHeadcount * r.fteShare;
      const caseHoldingFte = (permanentFte + agencyFte) * r.caseHoldingShare;
      const leaversHeadcount = Math.min(r.leaversHeadcount, permanentHeadcount);
      const [asyeHeadcount, asyeStarted, asyeLeft] = r.asye;
      return {
        period,
        permanentHeadcount,
        permanentFte,
        agencyHeadcount: r.agencyHeadcount,
        agencyFte,
        vacanciesFte: r.vacanciesFte,
        vacanciesCoveredByAgencyFte: Math.min(r.vacanciesFte, agencyFte) * r.coveredShare,
        caseHoldingFte,
        casesHeld: Math.round(caseHoldingFte * r.caseload),
        serviceUnder2Years: u2,
        service2To5Years: s2,
        service5To10Years: s5,
        service10To20Years: s10,
        service20PlusYears: s20,
        asyeHeadcount: Math.min(asyeHeadcount, permanentHeadcount),
        leaversHeadcount,
        leaversFte: leaversHeadcount * r.fteShare,
        leaversToAgency: Math.floor(leaversHeadcount * r.leaverParts[0]),
        leaversServiceUnder2Years: Math.floor(leaversHeadcount * r.leaverParts[1]),
        startersFte: r.startersFte,
        sicknessAbsenceDays: permanentFte * 63 * r.sicknessShare,
        asyeStarted,
        asyeLeft: Math.min(asyeLeft, asyeStarted),
      };
    });

/** Five consecutive valid quarters ending at PERIOD (enough for every metric). */
const validHistory = fc.tuple(...periodWindow(PERIOD, 5).map(validReturn));

/**
 * Percentages whose numerator is a part of the denominator. Turnover and absence are flows over a
 * stock: more can leave in a year than are in post at its end (a team replaced twice over), so DfE's
 * definition allows them above 100%; they are only ever non-negative.
 */
const boundedMetrics = METRIC_IDS.filter(
  (id) =>
    METRICS[id].unit === 'percent' &&
    !['turnoverRate', 'turnoverRateHeadcount', 'quarterlyTurnoverRate', 'absenceRate', 'quarterlyAbsenceRate'].includes(
      id,
    ),
);

describe('invariants', () => {
  test('no value is NaN or infinite, and every null value has a reason', () => {
    fc.assert(
      fc.property(validHistory, (history) => {
        for (const result of Object.values(computeMetrics(history, PERIOD))) {
          if (result.value === null) expect(result.reason).toBeDefined();
          else expect(Number.isFinite(result.value)).toBe(true);
        }
      }),
    );
  });

  test('rates are never negative, and proportions stay within 0 to 100, for valid inputs', () => {
    fc.assert(
      fc.property(validHistory, (history) => {
        const results = computeMetrics(history, PERIOD);
        for (const id of METRIC_IDS) {
          const { value } = results[id];
          if (value === null || id === 'netChangeFte') continue;
          expect(value, id).toBeGreaterThanOrEqual(0);
          if (boundedMetrics.includes(id)) expect(value, id).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
    );
  });

  test('permuting the history changes nothing', () => {
    fc.assert(
      fc.property(
        validHistory.chain((h) => fc.tuple(fc.constant(h), fc.shuffledSubarray(h, { minLength: h.length }))),
        ([history, shuffled]) => {
          expect(computeMetrics(shuffled, PERIOD)).toEqual(computeMetrics(history, PERIOD));
        },
      ),
    );
  });

  test('removing a quarter affects only metrics that need it, and says so', () => {
    fc.assert(
      // history holds the 5 quarters ending at PERIOD; drop one of the 4 before it.
      fc.property(validHistory, fc.nat(3), (history, drop) => {
        const gappy = history.filter((_, i) => i !== drop);
        const results = computeMetrics(gappy, PERIOD);
        const full = computeMetrics(history, PERIOD);
        for (const id of METRIC_IDS) {
          const needsDropped = drop >= 5 - METRICS[id].quarters;
          if (needsDropped) {
            expect(results[id].reason, id).toBe('insufficient-history');
            expect(results[id].missing, id).toEqual([history[drop]?.period]);
          } else expect(results[id], id).toEqual(full[id]);
        }
      }),
    );
  });

  test('the pooled rate lies between the smallest and largest rate it pools', () => {
    fc.assert(
      fc.property(
        fc.array(validHistory, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...METRIC_IDS),
        (group, id) => {
          const members = group.map((h) => computeMetrics(h, PERIOD)[id]);
          const s = summariseGroup(members, id);
          if (s.n === 0 || s.pooled === null) return;
          expect(s.pooled).toBeGreaterThanOrEqual((s.min as number) - 1e-9);
          expect(s.pooled).toBeLessThanOrEqual((s.max as number) + 1e-9);
          expect(s.q1 as number).toBeLessThanOrEqual(s.median as number);
          expect(s.median as number).toBeLessThanOrEqual(s.q3 as number);
        },
      ),
    );
  });

  test('ranks of distinct values are a permutation of 1 to n; ties share the better rank', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
          minLength: 1,
          maxLength: 60,
          comparator: 'SameValueZero',
        }),
        fc.constantFrom('lower' as const, 'higher' as const, 'neither' as const),
        (values, polarity) => {
          const ranks = rankValues(values, polarity);
          expect([...ranks].sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
        },
      ),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), (values) => {
        const ranks = rankValues(values, 'lower');
        values.forEach((v, i) => {
          expect(ranks[i]).toBe(values.filter((w) => w < v).length + 1);
        });
      }),
    );
  });

  test('each member of a group gets the rank that rankValues gives it', () => {
    fc.assert(
      fc.property(
        fc.array(validHistory, { minLength: 5, maxLength: 15 }),
        fc.constantFrom(...METRIC_IDS),
        (group, id) => {
          const members: MetricResult[] = group.map((h) => computeMetrics(h, PERIOD)[id]);
          const withValues = members.filter((m) => m.value !== null);
          const prepared = prepareGroup(members, id);
          const expected = rankValues(
            withValues.map((m) => m.value as number),
            METRICS[id].polarity,
          );
          withValues.forEach((m, i) => {
            const c = compareWithGroup(m, prepared);
            if (c.group.status === 'shown') expect(c.rank).toBe(expected[i]);
            else expect(c.rank).toBeNull();
          });
        },
      ),
    );
  });

  test('funnel limits are nested, within 0 to 1, contain the target once n·p·(1−p) ≥ 1, and narrow as n grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        (p, n) => {
          const l95 = funnelLimits(p, n, 0.95);
          const l998 = funnelLimits(p, n, 0.998);
          expect(l998.lower).toBeGreaterThanOrEqual(0);
          expect(l998.lower).toBeLessThanOrEqual(l95.lower + 1e-12);
          expect(l95.lower).toBeLessThanOrEqual(l95.upper);
          expect(l998.upper).toBeGreaterThanOrEqual(l95.upper - 1e-12);
          expect(l998.upper).toBeLessThanOrEqual(1);
          // With almost no expected events the discrete limits can both sit at 0 (no events is
          // what to expect, one event is already a signal), so the target is inside only once the
          // binomial has some spread.
          if (n * p * (1 - p) >= 1) {
            expect(l95.lower).toBeLessThanOrEqual(p + 1e-12);
            expect(l95.upper).toBeGreaterThanOrEqual(p - 1e-12);
            const larger = funnelLimits(p, n * 4, 0.95);
            expect(larger.upper - larger.lower).toBeLessThanOrEqual(l95.upper - l95.lower + 1e-9);
          }
        },
      ),
    );
  });

  test('rounding half away from zero is symmetric and never moves a value by more than half a unit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 4 }), (x, dp) => {
        const r = roundHalfAwayFromZero(x, dp);
        expect(roundHalfAwayFromZero(-x, dp)).toBe(r === 0 ? 0 : -r);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.5 * 10 ** -dp + 1e-9 * Math.max(1, Math.abs(x)));
      }),
    );
  });
});

describe('funnel verdicts over a group with no real differences', () => {
  test('members drawn from one binomial rate fall outside the 95% limits about 5% of the time, the 99.8% about 0.2%', () => {
    const MEMBERS = 400;
    let outside95 = 0;
    let outside998 = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.4, noNaN: true }), fc.integer(), (p, seed) => {
        const next = random(seed);
        const group: MetricResult[] = [];
        for (let i = 0; i < MEMBERS; i++) {
          const n = 20 + Math.floor(next() * 381);
          let k = 0;
          for (let j = 0; j < n; j++) if (next() < p) k++;
          group.push({ metric: 'vacancyRate', period: PERIOD, value: (k / n) * 100, numerator: k, denominator: n });
        }
        const prepared = prepareGroup(group);
        let out95 = 0;
        let out998 = 0;
        for (const member of group) {
          const verdict = compareWithGroup(member, prepared).funnel?.verdict;
          if (verdict !== 'as-expected') out95++;
          if (verdict === 'significantly-higher' || verdict === 'significantly-lower') out998++;
        }
        // Each group on its own, generously: 5% of 400 is 20 (s.d. about 4.4).
        expect(out95 / MEMBERS).toBeGreaterThan(0.01);
        expect(out95 / MEMBERS).toBeLessThan(0.1);
        expect(out998 / MEMBERS).toBeLessThan(0.015);
        outside95 += out95;
        outside998 += out998;
        total += MEMBERS;
      }),
      { seed: 20050347, numRuns: 25 },
    );
    // Over all 10,000 members. The exact binomial limits are a little conservative, and a group that
    // shows overdispersion by chance widens its limits, so the rates sit at or a little under 5% and 0.2%.
    expect(total).toBe(25 * MEMBERS);
    expect(outside95 / total).toBeGreaterThan(0.03);
    expect(outside95 / total).toBeLessThan(0.065);
    expect(outside998 / total).toBeLessThan(0.005);
  });
});
