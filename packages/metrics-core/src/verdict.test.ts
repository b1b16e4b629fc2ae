import { describe, expect, test } from 'vitest';
import { type FunnelBand, funnelBand, funnelVerdict, verdictText } from './verdict.js';

describe('funnel verdicts', () => {
  const l95 = { lower: 15.6, upper: 23.1 };
  const l998 = { lower: 13.5, upper: 25.3 };

  test.each([
    [12.8, 'below-99.8', 'significantly-lower', 'significantly lower than expected'],
    [14, 'below-95', 'possibly-lower', 'possibly lower than expected'],
    [15.6, 'within-95', 'as-expected', 'as expected'],
    [23.1, 'within-95', 'as-expected', 'as expected'],
    [24, 'above-95', 'possibly-higher', 'possibly higher than expected'],
    [25.4, 'above-99.8', 'significantly-higher', 'significantly higher than expected'],
  ] as const)('%f is %s: %s', (value, band, verdict, words) => {
    expect(funnelBand(value, l95, l998)).toBe(band);
    expect(funnelVerdict(band)).toBe(verdict);
    expect(verdictText(verdict)).toBe(words);
  });

  test('throws for an unknown band or verdict', () => {
    expect(() => funnelVerdict('outside' as FunnelBand)).toThrow(RangeError);
    expect(() => verdictText('unusual' as never)).toThrow(RangeError);
  });
});
