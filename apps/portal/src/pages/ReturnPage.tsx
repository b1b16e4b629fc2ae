import { previousPeriod } from '@csc-workforce/metrics-core';
import type { CollectionPeriod, ReturnRecord, SessionUser } from '@csc-workforce/schemas';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { periodsQuery, returnQuery } from '../api/queries';
import { FiguresSummary } from '../components/FiguresSummary';
import { NotFoundPage } from '../components/PageStates';
import { ReturnForm } from '../components/ReturnForm';
import { ReturnStampRows } from '../components/ReturnStampRows';
import { DemoTag, StatusTag } from '../components/StatusTag';
import { formatDate } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { canEditReturns, isAuthorityUser, useUser } from '../session';

const route = getRouteApi('/signed-in/returns/$period');

function StatusSummary({
  record,
  period,
}: {
  readonly record: ReturnRecord | null;
  readonly period: CollectionPeriod;
}) {
  return (
    <dl className="govuk-summary-list">
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Status</dt>
        <dd className="govuk-summary-list__value">
          <StatusTag status={record?.status} /> {record?.demo ? <DemoTag /> : null}
        </dd>
      </div>
      {record ? <ReturnStampRows record={record} version /> : null}
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Quarter end</dt>
        <dd className="govuk-summary-list__value">{formatDate(period.quarterEnd)}</dd>
      </div>
      {period.dueDate ? (
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Due</dt>
          <dd className="govuk-summary-list__value">{formatDate(period.dueDate)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function Notices({
  record,
  editable,
  period,
}: {
  record: ReturnRecord | null;
  editable: boolean;
  period: CollectionPeriod;
}) {
  const user = useUser();
  return (
    <>
      {user.authorityRetired ? (
        <div className="govuk-inset-text">
          {user.authorityName ?? 'Your authority'} is retired: its returns are kept as they are and cannot be changed.
          Ask your administrator if it should be brought back into use.
        </div>
      ) : null}
      {record?.demo ? (
        <div className="govuk-inset-text">
          These are demo figures, made up for the demonstration. They are not a real return.
        </div>
      ) : null}
      {record?.status === 'returned' && record.returnedReason ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">Your regional lead returned it for changes</h2>
          <p className="govuk-body app-pre-wrap">{record.returnedReason}</p>
        </div>
      ) : null}
      {editable && record?.status === 'submitted' ? (
        <div className="govuk-inset-text">
          This return is submitted. If you save a change it becomes a draft again, and you will need to submit it again.
        </div>
      ) : null}
      {record?.status === 'accepted' ? (
        <div className="govuk-inset-text">
          Your regional lead has accepted this return, so it is locked. If it needs a change, ask your regional lead to
          send it back.
        </div>
      ) : null}
      {period.status === 'closed' ? (
        <div className="govuk-inset-text">
          The collection of this period is closed: its returns cannot be changed. Your regional lead opens the round.
        </div>
      ) : null}
    </>
  );
}

function AuthorityReturn({
  user,
  period,
}: {
  user: SessionUser & { authorityCode: string };
  period: CollectionPeriod;
}) {
  const record = useSuspenseQuery(returnQuery(user.authorityCode, period.id)).data;
  const before = previousPeriod(period.id);
  // The return's answer carries last quarter's return; a return not started has no answer, so it is read.
  const previousRecord = useQuery({ ...returnQuery(user.authorityCode, before), enabled: record === null }).data;
  const previous = record
    ? record.previous
    : previousRecord
      ? { period: before, figures: previousRecord.figures }
      : null;
  const periods = useSuspenseQuery(periodsQuery()).data;
  const previousLabel = periods.find((p) => p.id === before)?.label;
  const editable = canEditReturns(user) && period.status === 'open' && record?.status !== 'accepted';
  // The form sets the title itself, with "Error: " while it shows errors.
  usePageTitle(`Return for ${period.label}`, { enabled: !editable });
  const header = (
    <>
      <span className="govuk-caption-l">{user.authorityName}</span>
      <h1 className="govuk-heading-l">Return for {period.label}</h1>
      <StatusSummary record={record} period={period} />
      <Notices record={record} editable={editable} period={period} />
      {record ? (
        <p className="govuk-body">
          <Link to="/returns/$period/history" params={{ period: period.id }} className="govuk-link">
            See the history of this return
          </Link>
        </p>
      ) : null}
    </>
  );
  if (!editable) {
    return (
      <>
        {header}
        {record ? (
          <FiguresSummary figures={record.figures} />
        ) : (
          <p className="govuk-body">Your authority has not started this return.</p>
        )}
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <ReturnForm
          key={`${user.authorityCode}/${period.id}`}
          authority={user.authorityCode}
          period={period.id}
          periodLabel={period.label}
          initial={record}
          previous={previous}
          previousLabel={previousLabel}
          authorityName={user.authorityName ?? undefined}
          header={
            <>
              {header}
              <p className="govuk-body">
                Enter the figures for the quarter ending {formatDate(period.quarterEnd)}. They are checked as you type.
                You can save a draft at any time, and submit when the return is complete.
              </p>
            </>
          }
        />
      </div>
    </div>
  );
}

/** /returns/$period: the signed-in authority's return for the period, to edit or to read. */
export function ReturnPage() {
  const user = useUser();
  const { period: periodId } = route.useParams();
  const periods = useSuspenseQuery(periodsQuery()).data;
  const period = periods.find((p) => p.id === periodId);
  if (!period) return <NotFoundPage />;
  if (!isAuthorityUser(user)) return <NotAnAuthority label={period.label} />;
  return <AuthorityReturn user={user} period={period} />;
}

function NotAnAuthority({ label }: { readonly label: string }) {
  usePageTitle(`Return for ${label}`);
  return (
    <>
      <h1 className="govuk-heading-l">Return for {label}</h1>
      <p className="govuk-body">Returns are made by local authorities. Your account does not belong to one.</p>
      <p className="govuk-body">
        <Link to="/" className="govuk-link">
          Go to the home page
        </Link>
      </p>
    </>
  );
}
