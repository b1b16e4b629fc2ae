/**
 * /rounds (regional leads): the region's collection rounds, newest first, each with its status, due
 * date and how many authorities have submitted; each opens its tracker.
 */
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { roundListQuery } from '../api/queries';
import { DataTable } from '../components/DataTable';
import { formatDate } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

/** "Open", "Closed", and whether the region's lead set it or it follows the period. */
export function roundStatusText(round: { status: string; regional: boolean }): string {
  return `${round.status === 'open' ? 'Open' : 'Closed'}${round.regional ? '' : ' (for every region)'}`;
}

export function RoundsTable({ region, caption }: { readonly region: string; readonly caption: string }) {
  const rounds = useSuspenseQuery(roundListQuery(region)).data;
  if (rounds.length === 0) return <p className="govuk-body">There are no collection periods yet.</p>;
  return (
    <DataTable
      id="rounds-caption"
      caption={caption}
      captionClassName="govuk-table__caption--m"
      columns={['Period', 'Round', 'Due', { label: 'Submitted', numeric: true }, { label: 'Accepted', numeric: true }]}
      rows={rounds.map((r) => ({
        key: r.period,
        header: (
          <Link to="/rounds/$period" params={{ period: r.period }} className="govuk-link">
            {r.periodLabel}
            <span className="govuk-visually-hidden"> collection</span>
          </Link>
        ),
        cells: [
          roundStatusText(r),
          r.dueDate ? formatDate(r.dueDate) : 'No date set',
          `${r.submitted} of ${r.authorities}`,
          `${r.accepted} of ${r.authorities}`,
        ],
      }))}
    />
  );
}

export function RoundsPage() {
  const user = useUser();
  usePageTitle('Collection rounds');
  return (
    <>
      <span className="govuk-caption-l">{user.regionName}</span>
      <h1 className="govuk-heading-l">Collection rounds</h1>
      <p className="govuk-body">
        Open a period's round for your region, follow who has submitted, review each return, and download the regional
        pack.
      </p>
      {user.regionCode ? (
        <RoundsTable region={user.regionCode} caption="Periods, newest first" />
      ) : (
        <p className="govuk-body">Your account is not linked to a region.</p>
      )}
      <h2 className="govuk-heading-m">Your region’s history</h2>
      <p className="govuk-body">
        <Link to="/history-import" className="govuk-link">
          Import your region’s history
        </Link>{' '}
        from a spreadsheet: many authorities and quarters in one file, each return accepted on the authority’s behalf.
      </p>
    </>
  );
}
