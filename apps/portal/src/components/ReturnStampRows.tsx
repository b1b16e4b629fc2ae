import type { ReturnSummary } from '@csc-workforce/schemas';
import { returnStamps } from '../lib/stamps';

/**
 * The rows of a summary list that say when a return's figures were last saved and by whom, and,
 * apart, its latest change of status (see {@link returnStamps}).
 */
export function ReturnStampRows({
  record,
  version = false,
}: {
  readonly record: ReturnSummary;
  /** Add the return's version to the latest row. */
  readonly version?: boolean;
}) {
  return returnStamps(record, { version }).map(([label, value]) => (
    <div className="govuk-summary-list__row" key={label}>
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{value}</dd>
    </div>
  ));
}
