import type { ReactNode } from 'react';

/** A GOV.UK summary list: each row a label and its value, in order. */
export function SummaryList({
  rows,
  valueClassName,
}: {
  readonly rows: readonly (readonly [label: string, value: ReactNode])[];
  /** An app class of every value, such as app-break-words. */
  readonly valueClassName?: string;
}) {
  return (
    <dl className="govuk-summary-list">
      {rows.map(([label, value]) => (
        <div className="govuk-summary-list__row" key={label}>
          <dt className="govuk-summary-list__key">{label}</dt>
          <dd className={`govuk-summary-list__value${valueClassName ? ` ${valueClassName}` : ''}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
