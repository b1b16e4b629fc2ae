import { periodLabel } from '@csc-workforce/metrics-core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { revisionQuery } from '../api/queries';
import { FiguresSummary } from '../components/FiguresSummary';
import { StatusTag } from '../components/StatusTag';
import { formatDateTime } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

const route = getRouteApi('/signed-in/returns/$period/history/$revision');

function Revision({ authority, period, number }: { authority: string; period: string; number: number }) {
  const revision = useSuspenseQuery(revisionQuery(authority, period, number)).data;
  if (!revision) return <p className="govuk-body">There is no version {number} of this return.</p>;
  return (
    <>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag status={revision.status} />
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Saved</dt>
          <dd className="govuk-summary-list__value">
            {formatDateTime(revision.createdAt)}
            {revision.createdByName ? ` by ${revision.createdByName}` : ''}
          </dd>
        </div>
      </dl>
      <FiguresSummary figures={revision.figures} />
    </>
  );
}

/** /returns/$period/history/$revision: one version of the return, read only. */
export function RevisionPage() {
  const user = useUser();
  const { period, revision } = route.useParams();
  const label = periodLabel(period);
  usePageTitle(`Version ${revision} of the return for ${label}`);
  return (
    <>
      <Link to="/returns/$period/history" params={{ period }} className="govuk-back-link">
        Back to the history
      </Link>
      <span className="govuk-caption-l">{user.authorityName}</span>
      <h1 className="govuk-heading-l">
        Version {revision} of the return for {label}
      </h1>
      {user.authorityCode ? (
        <Revision authority={user.authorityCode} period={period} number={revision} />
      ) : (
        <p className="govuk-body">Returns are made by local authorities. Your account does not belong to one.</p>
      )}
    </>
  );
}
