import type { CollectionPeriod } from '@csc-workforce/schemas';
import { Link } from '@tanstack/react-router';
import { formatDate } from '../lib/text';
import { DataTable } from './DataTable';

/** The collection periods with their status and due date; for an admin each links to its page. */
export function PeriodsTable({
  periods,
  caption,
  linked,
}: {
  readonly periods: readonly CollectionPeriod[];
  readonly caption: string;
  readonly linked: boolean;
}) {
  return (
    <DataTable
      id="periods-caption"
      caption={caption}
      captionClassName="govuk-table__caption--m"
      columns={['Period', 'Status', 'Due']}
      rows={periods.map((p) => ({
        key: p.id,
        header: linked ? (
          <Link to="/admin/periods/$period" params={{ period: p.id }} className="govuk-link">
            {p.label}
          </Link>
        ) : (
          p.label
        ),
        cells: [p.status === 'open' ? 'Open' : 'Closed', p.dueDate ? formatDate(p.dueDate) : 'No date set'],
      }))}
    />
  );
}
