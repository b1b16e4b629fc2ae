/**
 * /rounds/$period (regional leads): the submission tracker of the region's round. The round's status
 * and due date (the lead opens and closes it, and may set the region's own date), progress ("11 of 14
 * submitted"), each change of status confirmed first (closing says who is locked out, opening asks whether to
 * e-mail the region's submitters), a reminder to the authorities that have not submitted, the regional pack, and every
 * authority with the state of its return, filtered and sorted, each submitted return linking to its review;
 * and the period's comparison releases, with the region's counts.
 */
import type { TrackedAuthority, TrackedStatus, Tracker } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { isProblem } from '../api/client';
import { useSendReminder, useUpdateRound } from '../api/mutations';
import { comparisonReleasesQuery, roundPath, trackerQuery } from '../api/queries';
import { ComparisonReleasesSection } from '../components/ComparisonReleases';
import { DataTable } from '../components/DataTable';
import { ErrorSummary } from '../components/ErrorSummary';
import {
  DateField,
  type DatePart,
  dateErrorTarget,
  dateParts,
  RadiosField,
  readDate,
  SelectField,
  TextareaField,
} from '../components/FormFields';
import { NotificationBanner } from '../components/NotificationBanner';
import { StatusTag } from '../components/StatusTag';
import { WarningText } from '../components/WarningText';
import { progressText } from '../lib/rounds';
import { formatDate, formatDateTime, plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';
import { roundStatusText } from './RoundsPage';

const route = getRouteApi('/signed-in/rounds/$period');

const FILTERS = {
  all: { label: 'All authorities', keep: () => true },
  outstanding: { label: 'Not submitted', keep: (a: TrackedAuthority) => !['submitted', 'accepted'].includes(a.status) },
  review: { label: 'Waiting for review', keep: (a: TrackedAuthority) => a.status === 'submitted' },
  returned: { label: 'Sent back', keep: (a: TrackedAuthority) => a.status === 'returned' },
  accepted: { label: 'Accepted', keep: (a: TrackedAuthority) => a.status === 'accepted' },
  overdue: { label: 'Overdue', keep: (a: TrackedAuthority) => a.overdue },
  warnings: { label: 'With warnings', keep: (a: TrackedAuthority) => a.warnings.length > 0 },
} as const;
type Filter = keyof typeof FILTERS;

const STATUS_ORDER: Record<TrackedStatus, number> = {
  submitted: 0,
  returned: 1,
  draft: 2,
  not_started: 3,
  accepted: 4,
};
const SORTS = {
  name: {
    label: 'Authority name',
    compare: (a: TrackedAuthority, b: TrackedAuthority) => a.name.localeCompare(b.name),
  },
  status: {
    label: 'Status (waiting for review first)',
    compare: (a: TrackedAuthority, b: TrackedAuthority) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name),
  },
  updated: {
    label: 'Last change (newest first)',
    compare: (a: TrackedAuthority, b: TrackedAuthority) =>
      (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || a.name.localeCompare(b.name),
  },
} as const;
type Sort = keyof typeof SORTS;

/** The options of a select of FILTERS or SORTS. */
const optionsOf = (choices: Record<string, { readonly label: string }>) =>
  Object.entries(choices).map(([value, choice]) => ({ value, label: choice.label }));

function Progress({ tracker }: { readonly tracker: Tracker }) {
  const { round } = tracker;
  return (
    <dl className="govuk-summary-list">
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Round</dt>
        <dd className="govuk-summary-list__value">{roundStatusText(round)}</dd>
      </div>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Due</dt>
        <dd className="govuk-summary-list__value">
          {round.dueDate ? formatDate(round.dueDate) : 'No date set'}{' '}
          {tracker.overdue ? <strong className="govuk-tag govuk-tag--red">Returns overdue</strong> : null}
        </dd>
      </div>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Progress</dt>
        <dd className="govuk-summary-list__value">{progressText(tracker.summary)}</dd>
      </div>
      {round.updatedAt ? (
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Last changed</dt>
          <dd className="govuk-summary-list__value">
            {formatDateTime(round.updatedAt)}
            {round.updatedByName ? ` by ${round.updatedByName}` : ''}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

type Done = { readonly heading: string; readonly text?: string; readonly key: number };

/** What closing locks out: "11 of 14 authorities have not submitted: they cannot save or submit …". */
function closingText(summary: Tracker['summary']): string {
  const left = summary.authorities - summary.submitted;
  if (left === 0)
    return `All ${summary.authorities} authorities have submitted: no return can be changed while the round is closed.`;
  return left === 1
    ? `1 of ${summary.authorities} authorities has not submitted: it cannot save or submit while the round is closed.`
    : `${left} of ${summary.authorities} authorities have not submitted: they cannot save or submit while the round is closed.`;
}

/** The id of the due date's day field (its month's and year's follow from it). */
const DUE_ID = 'round-due-date';

/** Which confirmation the lead is at: none, closing the round, or opening it. */
type Step = 'none' | 'close' | 'open';

function RoundControls({ tracker, onDone }: { readonly tracker: Tracker; readonly onDone: (done: Done) => void }) {
  const { round } = tracker;
  const update = useUpdateRound(round.regionCode, round.period);
  const [due, setDue] = useState(dateParts(round.dueDate));
  // `parts`: the due date's fields the error is about, when it is the date's.
  const [error, setError] = useState<{ text: string; key: number; parts?: readonly DatePart[] } | null>(null);
  const [step, setStep] = useState<Step>('none');
  const [notify, setNotify] = useState('no');
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const toggleButton = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  // Focus follows the step: the confirmation's heading when it appears, the button again on cancel.
  useEffect(() => {
    if (step !== 'none') confirmHeading.current?.focus();
    else if (cancelled.current) toggleButton.current?.focus();
    cancelled.current = false;
  }, [step]);
  const fail = (e: unknown) =>
    setError({ text: isProblem(e) ? (e.errors[0]?.message ?? e.detail ?? e.title) : 'Try again.', key: Date.now() });
  const cancel = () => {
    cancelled.current = true;
    setError(null);
    setStep('none');
  };
  const close = () => {
    update.mutateAsync({ status: 'closed' }).then(() => {
      setError(null);
      onDone({
        heading: `The ${round.periodLabel} round is closed`,
        text: 'Returns of the region can no longer be changed.',
        key: Date.now(),
      });
    }, fail);
  };
  const open = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const emailed = notify === 'yes';
    update.mutateAsync({ status: 'open', notify: emailed }).then(() => {
      setError(null);
      onDone({
        heading: `The ${round.periodLabel} round is open`,
        text: emailed
          ? "The submitters of the region's authorities have been e-mailed."
          : "Nobody was e-mailed: the region's authorities can enter their returns.",
        key: Date.now(),
      });
    }, fail);
  };
  const saveDue = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readDate(due, 'The due date');
    if ('error' in read) {
      setError({ text: read.error, parts: read.parts, key: Date.now() });
      return;
    }
    if (read.date === null) {
      setError({ text: 'Enter the due date for the region', key: Date.now() });
      return;
    }
    const dueDate = read.date;
    update.mutateAsync({ dueDate }).then((saved) => {
      setError(null);
      onDone({ heading: `Returns are now due by ${formatDate(saved.dueDate ?? dueDate)}`, key: Date.now() });
    }, fail);
  };
  const errorHref =
    step === 'open'
      ? '#round-notify'
      : step === 'close'
        ? '#round-close-confirm'
        : dateErrorTarget(DUE_ID, error?.parts);
  return (
    <>
      {error ? <ErrorSummary items={[{ text: error.text, href: errorHref }]} focusKey={error.key} /> : null}
      {step === 'close' ? (
        <section aria-labelledby="round-close-heading">
          <h2 id="round-close-heading" className="govuk-heading-m" tabIndex={-1} ref={confirmHeading}>
            Are you sure you want to close the {round.periodLabel} round?
          </h2>
          <WarningText>{closingText(tracker.summary)}</WarningText>
          <div className="govuk-button-group">
            <button
              id="round-close-confirm"
              type="button"
              className="govuk-button govuk-button--warning"
              onClick={close}
              disabled={update.isPending}
            >
              Yes, close the round
            </button>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={cancel}>
              Cancel
            </button>
          </div>
        </section>
      ) : step === 'open' ? (
        <form onSubmit={open} noValidate aria-labelledby="round-open-heading">
          <h2 id="round-open-heading" className="govuk-heading-m" tabIndex={-1} ref={confirmHeading}>
            Open the {round.periodLabel} round
          </h2>
          <p className="govuk-body">The region's authorities will be able to enter and submit their returns.</p>
          <RadiosField
            id="round-notify"
            legend="Do you want to e-mail the region's submitters that the round is open?"
            size="s"
            value={notify}
            onChange={setNotify}
            options={[
              { value: 'yes', label: 'Yes, e-mail the submitters' },
              { value: 'no', label: 'No, do not e-mail' },
            ]}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={update.isPending}>
              Open the round
            </button>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <h2 className="govuk-heading-m">The round</h2>
          <div className="govuk-button-group">
            <button
              ref={toggleButton}
              type="button"
              className={`govuk-button${round.status === 'open' ? ' govuk-button--warning' : ''}`}
              onClick={() => setStep(round.status === 'open' ? 'close' : 'open')}
              disabled={update.isPending}
            >
              {round.status === 'open' ? 'Close the round' : 'Open the round'}
            </button>
          </div>
          {round.status === 'closed' ? (
            <p className="govuk-body">
              Opening the round lets the region's authorities enter their returns; you choose whether their submitters
              are e-mailed.
            </p>
          ) : null}
          <form onSubmit={saveDue} noValidate>
            <DateField
              id={DUE_ID}
              legend="Due date for the region"
              hint="The period's date applies until you set one for your region. For example, 31 10 2024."
              value={due}
              error={error?.text}
              errorParts={error?.parts}
              onChange={setDue}
            />
            <button type="submit" className="govuk-button govuk-button--secondary" disabled={update.isPending}>
              Save the due date
            </button>
          </form>
        </>
      )}
    </>
  );
}

function ReminderForm({ tracker, onDone }: { readonly tracker: Tracker; readonly onDone: (done: Done) => void }) {
  const { round } = tracker;
  const remind = useSendReminder(round.regionCode, round.period);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<{ text: string; key: number } | null>(null);
  const outstanding = tracker.authorities.filter((a) => a.status !== 'submitted' && a.status !== 'accepted');
  if (round.status !== 'open' || outstanding.length === 0) return null;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    remind.mutateAsync(message.trim()).then(
      (result) => {
        setError(null);
        setMessage('');
        const without = result.withoutSubmitter.map((a) => a.name).join(', ');
        onDone({
          heading: `Reminder sent to ${plural(result.reminded.length, 'authority', 'authorities')} (${plural(result.recipients, 'e-mail')})`,
          ...(without ? { text: `No submitter to remind at: ${without}.` } : {}),
          key: Date.now(),
        });
      },
      (e) =>
        setError({
          text: isProblem(e) ? (e.errors[0]?.message ?? e.detail ?? e.title) : 'Try again.',
          key: Date.now(),
        }),
    );
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2 className="govuk-heading-m">Remind the authorities that have not submitted</h2>
      {error ? <ErrorSummary items={[{ text: error.text, href: '#reminder-message' }]} focusKey={error.key} /> : null}
      <TextareaField
        id="reminder-message"
        label="Message (optional)"
        hint={`Added to the e-mail to the submitters of ${plural(outstanding.length, 'authority', 'authorities')}.`}
        rows={3}
        maxLength={1000}
        value={message}
        error={error?.text}
        onChange={setMessage}
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={remind.isPending}>
        Send a reminder
      </button>
    </form>
  );
}

function AuthorityCell({ period, a }: { readonly period: string; readonly a: TrackedAuthority }) {
  if (a.status === 'not_started') return <>{a.name}</>;
  return (
    <Link to="/rounds/$period/$authority" params={{ period, authority: a.code }} className="govuk-link">
      {a.status === 'submitted' ? 'Review ' : ''}
      {a.name}
      <span className="govuk-visually-hidden">’s return</span>
    </Link>
  );
}

function WarningsCell({ a }: { readonly a: TrackedAuthority }) {
  if (a.status === 'not_started') return <>—</>;
  const parts = [
    a.errors ? plural(a.errors, 'error') : '',
    a.warnings.length ? `${plural(a.warnings.length, 'warning')}: ${a.warnings.map((w) => w.code).join(', ')}` : '',
  ].filter(Boolean);
  return (
    <>
      {parts.length ? parts.join('; ') : 'None'}
      {a.warnings.length && a.comment ? (
        <details className="govuk-details govuk-!-margin-bottom-0 govuk-!-margin-top-1">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Comment</span>
          </summary>
          <div className="govuk-details__text app-pre-wrap app-break-words">{a.comment}</div>
        </details>
      ) : null}
    </>
  );
}

function TrackerTable({ tracker }: { readonly tracker: Tracker }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [sort, setSort] = useState<Sort>('status');
  const rows = tracker.authorities.filter(FILTERS[filter].keep).sort(SORTS[sort].compare);
  return (
    <>
      <h2 className="govuk-heading-m">Authorities</h2>
      <div className="app-inline-fields">
        <SelectField
          id="tracker-filter"
          label="Show"
          size="body"
          value={filter}
          options={optionsOf(FILTERS)}
          onChange={(value) => setFilter(value as Filter)}
        />
        <SelectField
          id="tracker-sort"
          label="Sort by"
          size="body"
          value={sort}
          options={optionsOf(SORTS)}
          onChange={(value) => setSort(value as Sort)}
        />
      </div>
      <p className="govuk-body" aria-live="polite">
        Showing {rows.length} of {plural(tracker.authorities.length, 'authority', 'authorities')}
      </p>
      <DataTable
        id="tracker-caption"
        caption={`Returns for ${tracker.round.periodLabel}`}
        captionClassName="govuk-visually-hidden"
        columns={['Authority', 'Status', 'Last change', 'Errors and warnings', 'Reminded']}
        rows={rows.map((a) => ({
          key: a.code,
          header: <AuthorityCell period={tracker.round.period} a={a} />,
          cells: [
            <span key="status">
              <StatusTag status={a.status === 'not_started' ? null : a.status} />
              {a.overdue ? (
                <>
                  {' '}
                  <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                </>
              ) : null}
            </span>,
            a.updatedAt ? `${formatDateTime(a.updatedAt)}${a.updatedByName ? ` by ${a.updatedByName}` : ''}` : '—',
            <WarningsCell key="warnings" a={a} />,
            a.lastRemindedAt
              ? formatDateTime(a.lastRemindedAt)
              : a.submitters === 0 && a.status !== 'submitted' && a.status !== 'accepted'
                ? 'No submitter account'
                : '—',
          ],
        }))}
      />
    </>
  );
}

export function TrackerPage() {
  const user = useUser();
  const { period } = route.useParams();
  const region = user.regionCode ?? '';
  const tracker = useSuspenseQuery(trackerQuery(region, period)).data;
  const releases = useSuspenseQuery(comparisonReleasesQuery(period)).data;
  const [done, setDone] = useState<Done | null>(null);
  usePageTitle(`${tracker.round.periodLabel} collection`);
  return (
    <>
      <Link to="/rounds" className="govuk-back-link">
        All rounds
      </Link>
      {done ? (
        <NotificationBanner type="success" heading={done.heading} focusKey={done.key}>
          {done.text ? <p className="govuk-body">{done.text}</p> : null}
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{tracker.round.regionName}</span>
      <h1 className="govuk-heading-l">{tracker.round.periodLabel} collection</h1>
      <Progress tracker={tracker} />
      <RoundControls key={`${tracker.round.status}-${tracker.round.dueDate}`} tracker={tracker} onDone={setDone} />
      <ReminderForm tracker={tracker} onDone={setDone} />
      <h2 className="govuk-heading-m">Regional pack</h2>
      <p className="govuk-body">
        The region's figures for {tracker.round.periodLabel}, authorities named, with the region, England and DfE's
        published figures: only submitted and accepted returns count.
      </p>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href={`${roundPath(region, period)}/pack?format=xlsx`} download>
            Download the regional pack (XLSX)
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`${roundPath(region, period)}/pack?format=csv`} download>
            Download the regional pack (CSV)
          </a>
        </li>
      </ul>
      <ComparisonReleasesSection
        data={releases}
        region={{ code: tracker.round.regionCode, name: tracker.round.regionName }}
      />
      <TrackerTable tracker={tracker} />
    </>
  );
}
