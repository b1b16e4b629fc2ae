import { RETURN_STATUS_LABELS, type ReturnStatus } from '@csc-workforce/schemas/constants';

/** The name of each status (the shared RETURN_STATUS_LABELS) and its GOV.UK tag colour. */
const STATUS: { readonly [K in ReturnStatus | 'none']: { readonly label: string; readonly colour: string } } = {
  none: { label: 'Not started', colour: 'govuk-tag--grey' },
  draft: { label: RETURN_STATUS_LABELS.draft, colour: 'govuk-tag--yellow' },
  submitted: { label: RETURN_STATUS_LABELS.submitted, colour: 'govuk-tag--blue' },
  accepted: { label: RETURN_STATUS_LABELS.accepted, colour: 'govuk-tag--green' },
  returned: { label: RETURN_STATUS_LABELS.returned, colour: 'govuk-tag--red' },
};

export function statusLabel(status: ReturnStatus | null | undefined): string {
  return STATUS[status ?? 'none'].label;
}

/** A GOV.UK tag for a return's status; `null` for a return not started. */
export function StatusTag({ status }: { readonly status: ReturnStatus | null | undefined }) {
  const { label, colour } = STATUS[status ?? 'none'];
  return <strong className={`govuk-tag ${colour}`}>{label}</strong>;
}

/** A tag marking generated demo data. */
export function DemoTag() {
  return <strong className="govuk-tag govuk-tag--purple">Demo data</strong>;
}

/** Said above comparisons that count demo returns. */
export function DemoNotice({ show }: { readonly show: boolean }) {
  if (!show) return null;
  return (
    <div className="govuk-inset-text">
      <DemoTag /> These comparisons include demo returns, made up for the demonstration.
    </div>
  );
}
