import type { MetricInfo } from '@csc-workforce/schemas';
import { type Band, bandColour, bandText } from '../lib/compare';

/**
 * A band A–D as a GOV.UK tag: its letter in colour (green A to red D; grey for a measure that is
 * neither better higher nor lower), its meaning in words for screen readers and on hover. Never
 * colour alone: the letter is the tag's text.
 */
export function BandTag({ band, polarity }: { readonly band: Band | null; readonly polarity: MetricInfo['polarity'] }) {
  if (!band) return null;
  const words = bandText(band, polarity);
  return (
    <strong className={`govuk-tag ${bandColour(band, polarity)} app-band`} title={words}>
      Band {band}
      <span className="govuk-visually-hidden">: {words.replace(/^band \w, /, '')}</span>
    </strong>
  );
}
