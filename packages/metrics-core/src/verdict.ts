/**
 * The funnel plot's verdict on an authority, in words.
 *
 * @module
 */

/** Where a value falls against the 95% and 99.8% limits of a funnel plot. */
export type FunnelBand = 'below-99.8' | 'below-95' | 'within-95' | 'above-95' | 'above-99.8';

/**
 * The verdict of a funnel plot (DESIGN section 5): inside the 95% limits `as-expected`; between the
 * 95% and 99.8% limits `possibly-higher` / `possibly-lower` than expected; outside the 99.8% limits
 * `significantly-higher` / `significantly-lower` than expected. Higher and lower, not better and
 * worse: that is the metric's polarity's to say (see `FunnelPosition.assessment`).
 */
export type FunnelVerdict =
  | 'significantly-lower'
  | 'possibly-lower'
  | 'as-expected'
  | 'possibly-higher'
  | 'significantly-higher';

const VERDICTS: Readonly<Record<FunnelBand, FunnelVerdict>> = {
  'below-99.8': 'significantly-lower',
  'below-95': 'possibly-lower',
  'within-95': 'as-expected',
  'above-95': 'possibly-higher',
  'above-99.8': 'significantly-higher',
};

const WORDS: Readonly<Record<FunnelVerdict, string>> = {
  'significantly-lower': 'significantly lower than expected',
  'possibly-lower': 'possibly lower than expected',
  'as-expected': 'as expected',
  'possibly-higher': 'possibly higher than expected',
  'significantly-higher': 'significantly higher than expected',
};

/**
 * The band of a value against the limits: above or below the 99.8% limits, else the 95% ones, else
 * within.
 *
 * @example
 * funnelBand(12.8, { lower: 15.6, upper: 23.1 }, { lower: 13.5, upper: 25.3 }); // 'below-99.8'
 * @throws never.
 */
export function funnelBand(
  value: number,
  limits95: { readonly lower: number; readonly upper: number },
  limits998: { readonly lower: number; readonly upper: number },
): FunnelBand {
  if (value > limits998.upper) return 'above-99.8';
  if (value > limits95.upper) return 'above-95';
  if (value < limits998.lower) return 'below-99.8';
  if (value < limits95.lower) return 'below-95';
  return 'within-95';
}

/**
 * The verdict of a band (see {@link FunnelVerdict}).
 *
 * @example
 * funnelVerdict('below-99.8'); // 'significantly-lower'
 * @throws {RangeError} for an unknown band.
 */
export function funnelVerdict(band: FunnelBand): FunnelVerdict {
  const verdict = VERDICTS[band];
  if (verdict === undefined) throw new RangeError(`Unknown funnel band ${JSON.stringify(band)}`);
  return verdict;
}

/**
 * A verdict in words, lower case: "as expected", "possibly higher than expected", "significantly
 * lower than expected", ….
 *
 * @example
 * verdictText('possibly-higher'); // 'possibly higher than expected'
 * @throws {RangeError} for an unknown verdict.
 */
export function verdictText(verdict: FunnelVerdict): string {
  const words = WORDS[verdict];
  if (words === undefined) throw new RangeError(`Unknown funnel verdict ${JSON.stringify(verdict)}`);
  return words;
}
