import type { MetricInfo } from '@csc-workforce/schemas';
import { describe, expect, test } from 'vitest';
import { changeText, funnelText, ordinal, publishedText, quartileText, rangeText, rankText } from './compare';

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
    expect(quartileText(1, 'lower')).toBe('in the best quarter');
    expect(quartileText(4, 'higher')).toBe('in the worst quarter');
    expect(quartileText(2, 'neither')).toBe('in the second-lowest quarter');
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
    expect(
      funnelText(
        'vacancyRate',
        {
          target: 20,
          denominator: 100,
          limits95: { lower: 12.1, upper: 28.6 },
          limits998: { lower: 8, upper: 33 },
          band: 'below-95',
          assessment: 'better',
        },
        'in the region',
      ),
    ).toBe('Better than expected for its size in the region (outside the 95% limits, 12.1% to 28.6%)');
  });
});
