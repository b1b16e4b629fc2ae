import { periodLabel } from '@csc-workforce/metrics-core';
import type { CollectionPeriod, ReturnSummary, SessionUser } from '@csc-workforce/schemas';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import {
  comparisonPeriodsQuery,
  comparisonQuery,
  notesListQuery,
  periodsQuery,
  returnsListQuery,
  trackerQuery,
} from '../api/queries';
import { ComparisonSummary } from '../components/ComparisonSummary';
import { KeyMetricsTable } from '../components/KeyMetricsTable';
import { NoteList } from '../components/NoteList';
import { NotificationBanner } from '../components/NotificationBanner';
import { PeriodsTable } from '../components/PeriodsTable';
import { ReturnStampRows } from '../components/ReturnStampRows';
import { DemoTag, StatusTag } from '../components/StatusTag';
import { TableHead } from '../components/TableHead';
import { TableScroll } from '../components/TableScroll';
import { keyMetricsTable } from '../lib/metrics';
import { progressText } from '../lib/rounds';
import { formatDate } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { isAuthorityUser, useUser } from '../session';
import { RoundsTable } from './RoundsPage';

function openPeriod(periods: readonly CollectionPeriod[]): CollectionPeriod | undefined {
  return periods.find((p) => p.status === 'open');
}

function actionText(status: ReturnSummary['status'] | undefined, canEdit: boolean): string {
  if (!canEdit) return 'View the return';
  if (status === undefined) return 'Start the return';
  if (status === 'draft' || status === 'returned') return 'Continue the return';
  return 'View or change the return';
}

function CurrentReturn({
  period,
  current,
  canEdit,
}: {
  readonly period: CollectionPeriod | undefined;
  readonly current: ReturnSummary | undefined;
  readonly canEdit: boolean;
}) {
  if (!period) {
    return (
      <div className="govuk-inset-text">
        No collection period is open at the moment. You can still read your returns.
      </div>
    );
  }
  return (
    <>
      {current?.status === 'returned' && current.returnedReason ? (
        <NotificationBanner heading={`Your regional lead sent the ${period.label} return back for changes`}>
          <p className="govuk-body app-pre-wrap app-break-words">{current.returnedReason}</p>
        </NotificationBanner>
      ) : null}
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Period</dt>
          <dd className="govuk-summary-list__value">{period.label}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag status={current?.status} /> {current?.demo ? <DemoTag /> : null}
          </dd>
        </div>
        {period.dueDate ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Due</dt>
            <dd className="govuk-summary-list__value">{formatDate(period.dueDate)}</dd>
          </div>
        ) : null}
        {current ? <ReturnStampRows record={current} /> : null}
      </dl>
      <Link to="/returns/$period" params={{ period: period.id }} className="govuk-button">
        {actionText(current?.status, canEdit)}
        <span className="govuk-visually-hidden"> for {period.label}</span>
      </Link>
    </>
  );
}

function ReturnsTable({ returns }: { readonly returns: readonly ReturnSummary[] }) {
  if (returns.length === 0) return <p className="govuk-body">Your authority has no returns yet.</p>;
  return (
    <TableScroll labelId="your-returns-caption">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m" id="your-returns-caption">
          Your returns
        </caption>
        <TableHead columns={['Period', 'Status', 'History']} />
        <tbody className="govuk-table__body">
          {returns.map((r) => (
            <tr className="govuk-table__row" key={r.period}>
              <th scope="row" className="govuk-table__header">
                <Link to="/returns/$period" params={{ period: r.period }} className="govuk-link">
                  {r.periodLabel}
                </Link>
              </th>
              <td className="govuk-table__cell">
                <StatusTag status={r.status} /> {r.demo ? <DemoTag /> : null}
              </td>
              <td className="govuk-table__cell">
                <Link to="/returns/$period/history" params={{ period: r.period }} className="govuk-link">
                  {r.version === 1 ? '1 revision' : `${r.version} revisions`}
                  <span className="govuk-visually-hidden"> of the {r.periodLabel} return</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * How the authority compares, in sentences, for the quarter the comparison starts at (the latest
 * released), with the way on to it. Loaded after the page, which does not wait for it.
 */
function HomeSummary() {
  const periods = useQuery(comparisonPeriodsQuery()).data;
  const start = periods?.start ?? null;
  const comparison = useQuery({ ...comparisonQuery(start ?? ''), enabled: start !== null }).data;
  if (!start || !comparison || comparison.summary.length === 0) return null;
  return (
    <>
      <ComparisonSummary
        sentences={comparison.summary}
        heading={`How we compare, ${comparison.periodLabel}`}
        id="home-summary-heading"
      />
      <p className="govuk-body">
        <Link to="/compare/$period" params={{ period: start }} className="govuk-link">
          See how we compare, {comparison.periodLabel}
        </Link>
      </p>
    </>
  );
}

function AuthorityHome({ user }: { readonly user: SessionUser & { authorityCode: string } }) {
  const periods = useSuspenseQuery(periodsQuery()).data;
  const returns = useSuspenseQuery(returnsListQuery({ authority: user.authorityCode, figures: true })).data;
  const open = openPeriod(periods);
  const current = open ? returns.find((r) => r.period === open.id) : undefined;
  const table = keyMetricsTable(returns);
  const usedDemo = table
    ? returns.some((r) => r.demo && (table.periods as readonly string[]).includes(r.period))
    : false;
  return (
    <>
      <span className="govuk-caption-l">{user.regionName}</span>
      <h1 className="govuk-heading-l">{user.authorityName}</h1>
      <h2 className="govuk-heading-m">This quarter's return</h2>
      <CurrentReturn period={open} current={current} canEdit={user.role === 'authority_submitter'} />
      <h2 className="govuk-heading-m">Key metrics</h2>
      <HomeSummary />
      {table ? (
        <>
          <p className="govuk-body">
            For {periodLabel(table.periods[0] ?? '')} to {periodLabel(table.periods.at(-1) ?? '')}, worked out from your
            returns with the Department for Education's definitions. Turnover and sickness absence count the 12 months
            to each quarter, so they need the returns of the 4 quarters before it.
          </p>
          {usedDemo ? (
            <div className="govuk-inset-text">
              <DemoTag /> Some of these figures come from demo returns, made up for the demonstration.
            </div>
          ) : null}
          <KeyMetricsTable table={table} />
        </>
      ) : (
        <p className="govuk-body">The metrics appear here once your authority has sent a return.</p>
      )}
      <ReturnsTable returns={returns} />
      <OwnNotes user={user} />
    </>
  );
}

/** How many of its own notes the home page lists, of each status. */
const HOME_NOTES = 5;

/** The authority's practice notes: its drafts and its published notes. */
function OwnNotes({ user }: { readonly user: SessionUser & { authorityCode: string } }) {
  const published = useSuspenseQuery(notesListQuery({ authority: user.authorityCode, pageSize: HOME_NOTES })).data;
  const drafts = useSuspenseQuery(notesListQuery({ status: 'draft', pageSize: HOME_NOTES })).data;
  return (
    <section aria-labelledby="own-notes-heading">
      <h2 className="govuk-heading-m" id="own-notes-heading">
        Your authority's practice notes
      </h2>
      {drafts.total > 0 ? (
        <>
          <h3 className="govuk-heading-s">Drafts</h3>
          <NoteList notes={drafts.items} headingLevel={4} showStatus />
        </>
      ) : null}
      {published.total > 0 ? (
        <>
          <h3 className="govuk-heading-s">Published</h3>
          <NoteList notes={published.items} headingLevel={4} />
        </>
      ) : (
        <p className="govuk-body">Your authority has published no practice notes yet.</p>
      )}
      <p className="govuk-body">
        {user.role === 'authority_submitter' ? (
          <>
            <Link to="/notes/new" className="govuk-link">
              Write a practice note
            </Link>{' '}
            or{' '}
          </>
        ) : null}
        <Link to="/notes" className="govuk-link">
          {user.role === 'authority_submitter' ? 'find' : 'Find'} what other authorities tried
        </Link>
        .
      </p>
    </section>
  );
}

function LeadHome({ user }: { readonly user: SessionUser }) {
  const periods = useSuspenseQuery(periodsQuery()).data;
  const open = openPeriod(periods);
  const region = user.regionCode ?? '';
  return (
    <>
      <span className="govuk-caption-l">Regional lead</span>
      <h1 className="govuk-heading-l">{user.regionName ?? 'Your region'}</h1>
      {open ? <CurrentRound region={region} period={open} /> : null}
      <RoundsTable region={region} caption="Collection rounds" />
    </>
  );
}

function CurrentRound({ region, period }: { readonly region: string; readonly period: CollectionPeriod }) {
  const tracker = useSuspenseQuery(trackerQuery(region, period.id)).data;
  return (
    <>
      <h2 className="govuk-heading-m">This quarter's collection</h2>
      <p className="govuk-body">
        {period.label}: {progressText(tracker.summary)}.{tracker.overdue ? ' Some returns are overdue.' : ''}
      </p>
      <Link to="/rounds/$period" params={{ period: period.id }} className="govuk-button">
        Open the tracker<span className="govuk-visually-hidden"> for {period.label}</span>
      </Link>
    </>
  );
}

function AdminHome() {
  const periods = useSuspenseQuery(periodsQuery()).data;
  return (
    <>
      <h1 className="govuk-heading-l">Administration</h1>
      <ul className="govuk-list">
        <li>
          <Link to="/admin/users" className="govuk-link">
            Users
          </Link>
          : invite people, change their role or scope, deactivate them
        </li>
        <li>
          <Link to="/admin/authorities" className="govuk-link">
            Local authorities
          </Link>
          : rename, retire or add one
        </li>
        <li>
          <Link to="/admin/periods" className="govuk-link">
            Collection periods
          </Link>
          : open or close them for every region, and set their due dates
        </li>
        <li>
          <Link to="/admin/outbox" className="govuk-link">
            Outbox
          </Link>{' '}
          and{' '}
          <Link to="/admin/audit" className="govuk-link">
            audit log
          </Link>
          : the e-mails the exchange wrote, and every change made
        </li>
      </ul>
      <p className="govuk-body">
        The API's reference is at{' '}
        <a href="/api/docs" className="govuk-link">
          /api/docs
        </a>
        .
      </p>
      <PeriodsTable periods={periods} caption="Collection periods" linked />
    </>
  );
}

/** Home: an authority's current return and key metrics; a regional lead's collection; an admin's periods. */
export function HomePage() {
  const user = useUser();
  usePageTitle(isAuthorityUser(user) ? `${user.authorityName ?? 'Your authority'}: home` : 'Home');
  if (isAuthorityUser(user)) return <AuthorityHome user={user} />;
  if (user.role === 'regional_lead') return <LeadHome user={user} />;
  return <AdminHome />;
}
