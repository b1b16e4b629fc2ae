import { describe, expect, test } from 'vitest';
import { type AuthorityStanding, authoritySummary, type MeasureStanding, regionSummary } from './summary.js';

const m = (label: string, over: Partial<MeasureStanding> = {}): MeasureStanding => ({
  label,
  region: 'better',
  england: 'better',
  run: null,
  signal: null,
  target: null,
  ...over,
});

describe('authoritySummary', () => {
  test('the region and England, the measures worse, runs of quarters, significant verdicts and targets', () => {
    const measures = [
      m('vacancy rate', {
        signal: { strength: 'significantly', direction: 'better' },
        target: { status: 'met', overdue: false },
      }),
      m('turnover rate', { run: { direction: 'improving', quarters: 4 } }),
      m('agency rate', {
        region: 'worse',
        england: 'worse',
        run: { direction: 'worsening', quarters: 3 },
        target: { status: 'not-met', overdue: true },
      }),
      m('caseload', { region: 'worse', england: 'better', run: { direction: 'worsening', quarters: 2 } }),
      m('ASYE share', { region: null, england: null, run: { direction: 'rising', quarters: 5 } }),
      m('net change in FTE', { region: null, england: null }),
    ];
    expect(authoritySummary('Coventry', 'the West Midlands', measures)).toEqual([
      'Coventry is better than the West Midlands on 2 of the 4 measures compared; worse on agency rate and caseload.',
      'Against England, it is better on 3 of the 4 measures compared; worse on agency rate.',
      'Worsening quarter after quarter: agency rate (3 quarters).',
      'Improving quarter after quarter: turnover rate (4 quarters).',
      'Moving the same way quarter after quarter: ASYE share rising (5 quarters).',
      'Significantly different from the region for its size: vacancy rate (better).',
      '1 of its 2 targets met; overdue: agency rate.',
    ]);
  });

  test('worse on none; no significant verdict; many measures worse are counted, not listed', () => {
    expect(authoritySummary('Solihull', 'the West Midlands', [m('a'), m('b')])).toEqual([
      'Solihull is better than the West Midlands on 2 of the 2 measures compared, and worse on none.',
      'Against England, it is better on 2 of the 2 measures compared, and worse on none.',
      'No measure is significantly different from the region for its size.',
    ]);
    const worse = ['a', 'b', 'c', 'd', 'e'].map((l) => m(l, { region: 'worse', england: null }));
    expect(authoritySummary('X', 'the region', worse)[0]).toBe(
      'X is better than the region on 0 of the 5 measures compared, and worse on 5.',
    );
  });

  test('nothing compared yet: nothing said of groups', () => {
    expect(authoritySummary('X', 'the region', [m('a', { region: null, england: null })])).toEqual([]);
  });
});

describe('regionSummary', () => {
  const a = (name: string, over: Partial<AuthorityStanding> = {}): AuthorityStanding => ({
    name,
    significantlyWorse: [],
    significantlyBetter: [],
    bandD: 0,
    banded: 12,
    ...over,
  });
  test('the region against England and the authorities that stand out', () => {
    expect(
      regionSummary('West Midlands', { better: 5, worse: 7, compared: 12 }, [
        a('Herefordshire', { significantlyWorse: ['vacancy rate'], bandD: 6 }),
        a('Solihull', { significantlyBetter: ['agency rate', 'caseload'] }),
        a('Coventry', { bandD: 2 }),
      ]),
    ).toEqual([
      'West Midlands is better than England on 5 of the 12 measures compared, and worse on 7.',
      'Significantly worse than the region for their size: Herefordshire (vacancy rate).',
      'Significantly better than the region for their size: Solihull (agency rate and caseload).',
      "In band D (the region's worst quartile) on half its measures or more: Herefordshire (6 of 12).",
    ]);
  });

  test('no authority stands out', () => {
    expect(regionSummary('North East', { better: 0, worse: 0, compared: 0 }, [a('Durham')])).toEqual([
      'No authority is significantly different from the region for its size on any measure.',
    ]);
  });
});
