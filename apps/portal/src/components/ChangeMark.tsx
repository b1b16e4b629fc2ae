import type { Change, MetricInfo } from '@csc-workforce/schemas';
import { changeShort, changeText } from '../lib/compare';

/**
 * The change since last quarter in a few characters for a crowded table ("↓ 2.1 improving"), said in
 * full to screen readers ("Since last quarter: improving: down 2.1 percentage points"). The word, not a
 * colour, says whether it is better or worse.
 */
export function ChangeMark({ change, metric }: { readonly change: Change | null; readonly metric: MetricInfo }) {
  return (
    <span className="app-change app-block">
      <span aria-hidden="true">{changeShort(change)}</span>
      <span className="govuk-visually-hidden">Since last quarter: {changeText(change, metric)}</span>
    </span>
  );
}
