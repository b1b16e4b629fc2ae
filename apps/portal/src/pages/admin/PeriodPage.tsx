/**
 * /admin/periods/$period: one collection period; open or close it for every region, set or remove
 * its due date, see its comparison releases and release it now.
 */
import type { ComparisonRelease, PeriodStatus } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useChangePeriod, useReleaseNow } from '../../api/admin';
import { comparisonReleasesQuery, periodsQuery } from '../../api/queries';
import { ComparisonReleasesSection } from '../../components/ComparisonReleases';
import { useFormErrors } from '../../components/FormErrors';
import { DateField, type DatePart, datePartId, dateParts, readDate } from '../../components/FormFields';
import { useOutcome } from '../../components/Outcome';
import { NotFoundPage } from '../../components/PageStates';
import { WarningText } from '../../components/WarningText';
import { formatDate } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';

const route = getRouteApi('/signed-in/admin/periods/$period');

const DONE_TEXT = {
  added: 'Period added',
  open: 'Period opened',
  closed: 'Period closed',
  due: 'Due date saved',
  released: 'Comparison released',
} as const;
type Done = keyof typeof DONE_TEXT;

/**
 * "Release now", with a confirmation step: a release is made at once, for every region, and stays.
 * The outcome (the release made, or why none could be) is the page's.
 */
function ReleaseNow({
  period,
  label,
  onReleased,
  onRefused,
}: {
  readonly period: string;
  readonly label: string;
  readonly onReleased: (release: ComparisonRelease) => void;
  readonly onRefused: (error: unknown) => void;
}) {
  const release = useReleaseNow(period);
  const [confirming, setConfirming] = useState(false);
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  const confirm = () => {
    if (release.isPending) return;
    release.mutate(undefined, {
      onSuccess: onReleased,
      onError: onRefused,
      onSettled: () => setConfirming(false),
    });
  };
  return (
    <>
      <h2 className="govuk-heading-m">Release the comparison now</h2>
      <p className="govuk-body">
        A period is released when its collection closes, and re-released on a schedule. Releasing it now makes its first
        release from every counted return, or re-releases the changes made since the last one that can be released
        together; the others wait.
      </p>
      {confirming ? (
        <div>
          <h3 className="govuk-heading-s" ref={question} tabIndex={-1}>
            Release {label} now?
          </h3>
          <WarningText>
            Every comparison of {label} will come from this release. A release cannot be undone.
          </WarningText>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button govuk-button--warning"
              disabled={release.isPending}
              onClick={confirm}
            >
              Yes, release {label} now
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={release.isPending}
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setConfirming(true)}>
          Release now
        </button>
      )}
    </>
  );
}

export function PeriodPage() {
  const params = route.useParams();
  const search = route.useSearch();
  const period = useSuspenseQuery(periodsQuery()).data.find((p) => p.id === params.period);
  const releases = useSuspenseQuery(comparisonReleasesQuery(params.period)).data;
  const [released, setReleased] = useState<ComparisonRelease | null>(null);
  const change = useChangePeriod(params.period);
  const [due, setDue] = useState(dateParts(period?.dueDate));
  // The due date's fields that are wrong, to mark only those.
  const [dueParts, setDueParts] = useState<readonly DatePart[] | undefined>(undefined);
  const form = useFormErrors(['dueDate'] as const);
  const outcome = useOutcome<Done>(search.done);
  usePageTitle(period?.label ?? 'Page not found', { error: form.failed || outcome.failed });

  const setStatus = (status: PeriodStatus) => {
    if (change.isPending) return;
    change.mutate({ status }, { onSuccess: () => outcome.succeed(status), onError: outcome.fail });
  };
  const saveDue = (dueDate: string | null) =>
    change.mutate(
      { dueDate },
      form.handlers((saved) => {
        setDue(dateParts(saved.dueDate));
        outcome.succeed('due');
      }),
    );
  const onSaveDue = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const read = readDate(due, 'The due date');
    setDueParts('error' in read ? read.parts : undefined);
    if ('error' in read) {
      form.failIssues(
        [{ path: ['dueDate'], message: read.error }],
        {},
        {
          dueDate: datePartId('dueDate', read.parts[0] ?? 'day'),
        },
      );
      return;
    }
    if (read.date === null) {
      form.failIssues([{ path: ['dueDate'], message: 'Enter the due date, or remove it' }]);
      return;
    }
    saveDue(read.date);
  };

  // The loader found it; it is gone only if the list changed since.
  if (!period) return <NotFoundPage />;
  const open = period.status === 'open';
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/periods" className="govuk-back-link">
          Back to collection periods
        </Link>
        {form.summary}
        {outcome.render((done) => ({
          heading: DONE_TEXT[done],
          body:
            done === 'released' && released
              ? `Release ${released.sequence} of ${released.periodLabel} counts ${released.returns} ${released.returns === 1 ? 'return' : 'returns'}: ${released.label}.`
              : `${period.label} is ${open ? 'open' : 'closed'} for every region${period.dueDate ? `, due ${formatDate(period.dueDate)}` : ''}.`,
        }))}
        <span className="govuk-caption-l">Collection period</span>
        <h1 className="govuk-heading-l">{period.label}</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Quarter ends</dt>
            <dd className="govuk-summary-list__value">{formatDate(period.quarterEnd)}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Status</dt>
            <dd className="govuk-summary-list__value">{open ? 'Open' : 'Closed'}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Due</dt>
            <dd className="govuk-summary-list__value">{period.dueDate ? formatDate(period.dueDate) : 'No date set'}</dd>
          </div>
        </dl>
        <h2 className="govuk-heading-m">{open ? 'Close the period' : 'Open the period'}</h2>
        <p className="govuk-body">
          {open
            ? 'Closing it stops every region’s authorities from changing their returns for this period.'
            : 'Opening it lets every region’s authorities enter and submit their returns for this period.'}{' '}
          It applies to every region, whatever their regional leads set before.
        </p>
        <button
          type="button"
          className={`govuk-button${open ? ' govuk-button--warning' : ''}`}
          disabled={change.isPending}
          onClick={() => setStatus(open ? 'closed' : 'open')}
        >
          {open ? `Close ${period.label}` : `Open ${period.label}`}
        </button>
        <form onSubmit={onSaveDue} noValidate>
          <h2 className="govuk-heading-m">Due date</h2>
          <DateField
            id="dueDate"
            legend="When are returns due?"
            hint="For example, 31 7 2025. A regional lead may set their own region's."
            value={due}
            error={form.errors.dueDate}
            errorParts={dueParts}
            onChange={setDue}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={change.isPending}>
              Save the due date
            </button>
            {period.dueDate ? (
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                disabled={change.isPending}
                onClick={() => saveDue(null)}
              >
                Remove the due date
              </button>
            ) : null}
          </div>
        </form>
        <ComparisonReleasesSection data={releases} />
        <ReleaseNow
          period={period.id}
          label={period.label}
          onReleased={(release) => {
            setReleased(release);
            outcome.succeed('released');
          }}
          onRefused={outcome.fail}
        />
      </div>
    </div>
  );
}
