import { periodLabel } from '@csc-workforce/metrics-core';
import type { RevisionSummary } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { revisionsQuery } from '../api/queries';
import { StatusTag } from '../components/StatusTag';
import { TableHead } from '../components/TableHead';
import { TableScroll } from '../components/TableScroll';
import { formatDateTime } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

const route = getRouteApi('/signed-in/returns/$period/history');

function RevisionsTable({ period, revisions }: { period: string; revisions: readonly RevisionSummary[] }) {
  return (
    <TableScroll labelId="revisions-caption">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m" id="revisions-caption">
          Versions, newest first
        </caption>
        <TableHead columns={['Version', 'Status', 'Saved', 'By']} />
        <tbody className="govuk-table__body">
          {[...revisions].reverse().map((revision) => (
            <tr className="govuk-table__row" key={revision.revision}>
              <th scope="row" className="govuk-table__header">
                <Link
                  to="/returns/$period/history/$revision"
                  params={{ period, revision: revision.revision }}
                  className="govuk-link"
                >
                  Version {revision.revision}
                </Link>
              </th>
              <td className="govuk-table__cell">
                <StatusTag status={revision.status} />
              </td>
              <td className="govuk-table__cell">{formatDateTime(revision.createdAt)}</td>
              <td className="govuk-table__cell app-break-words">{revision.createdByName ?? 'Unknown'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function AuthorityHistory({ authority, period }: { authority: string; period: string }) {
  const revisions = useSuspenseQuery(revisionsQuery(authority, period)).data;
  if (!revisions)
    return <p className="govuk-body">Your authority has not started this return, so it has no history yet.</p>;
  return (
    <>
      <p className="govuk-body">
        Every save is kept as a version: nothing is overwritten. Open a version to see its figures.
      </p>
      <RevisionsTable period={period} revisions={revisions} />
    </>
  );
}

/** /returns/$period/history: every revision of the authority's return. */
export function HistoryPage() {
  const user = useUser();
  const { period } = route.useParams();
  const label = periodLabel(period);
  usePageTitle(`History of the return for ${label}`);
  return (
    <>
      <Link to="/returns/$period" params={{ period }} className="govuk-back-link">
        Back to the return
      </Link>
      <span className="govuk-caption-l">{user.authorityName}</span>
      <h1 className="govuk-heading-l">History of the return for {label}</h1>
      {user.authorityCode ? (
        <AuthorityHistory authority={user.authorityCode} period={period} />
      ) : (
        <p className="govuk-body">Returns are made by local authorities. Your account does not belong to one.</p>
      )}
    </>
  );
}
