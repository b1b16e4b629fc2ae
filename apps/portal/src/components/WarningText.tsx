import type { ReactNode } from 'react';

/** GOV.UK warning text: the "!" icon, and "Warning" for screen readers. */
export function WarningText({ id, children }: { readonly id?: string | undefined; readonly children: ReactNode }) {
  return (
    <div className="govuk-warning-text" id={id}>
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning: </span>
        {children}
      </strong>
    </div>
  );
}
