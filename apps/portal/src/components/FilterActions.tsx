import { Link } from '@tanstack/react-router';

/** The filter forms of the administration's lists: apply the filters, or clear them (back to the whole list). */
export function FilterActions({
  to,
  active,
  onClear,
}: {
  readonly to: '/admin/users' | '/admin/authorities' | '/admin/outbox' | '/admin/audit';
  /** Some filter is applied. */
  readonly active: boolean;
  /** Empties the form's fields. */
  readonly onClear: () => void;
}) {
  return (
    <div className="govuk-button-group">
      <button type="submit" className="govuk-button govuk-button--secondary">
        Apply filters
      </button>
      {active ? (
        <Link to={to} className="govuk-link" onClick={onClear}>
          Clear filters
        </Link>
      ) : null}
    </div>
  );
}
