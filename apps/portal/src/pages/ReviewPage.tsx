/**
 * /rounds/$period/$authority (regional leads): the review of one authority's return. Its validation
 * results (warnings with the authority's comment), every figure beside the previous quarter's, the
 * revision history with the differences between any two revisions, and the decision: accept it (it is
 * locked) or send it back with a reason the authority sees on its home page and by e-mail.
 */
import { periodLabel, previousPeriod } from '@csc-workforce/metrics-core';
import type { ReturnRecord, RevisionSummary } from '@csc-workforce/schemas';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/client';
import { useDecideReturn } from '../api/mutations';
import { returnQuery, revisionQuery, revisionsQuery } from '../api/queries';
import { DataTable } from '../components/DataTable';
import { ErrorSummary } from '../components/ErrorSummary';
import { formatFigure } from '../components/FiguresSummary';
import { SelectField, TextareaField } from '../components/FormFields';
import { NotificationBanner } from '../components/NotificationBanner';
import { ReturnStampRows } from '../components/ReturnStampRows';
import { StatusTag, statusLabel } from '../components/StatusTag';
import { changeLabel, commentChanged, figureChanges } from '../lib/review';
import { formatDateTime, plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';

const route = getRouteApi('/signed-in/rounds/$period/$authority');

function Validation({ record }: { readonly record: ReturnRecord }) {
  const { errors, warnings } = record.validation;
  return (
    <>
      <h2 className="govuk-heading-m">Validation</h2>
      {errors.length === 0 && warnings.length === 0 ? (
        <p className="govuk-body">The return passes every rule: no errors, no warnings.</p>
      ) : null}
      {errors.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">{plural(errors.length, 'error')}</h3>
          <ul className="govuk-list govuk-list--bullet">
            {errors.map((e) => (
              <li key={`${e.code}-${e.field}`}>
                {e.code ? <strong>{e.code}</strong> : null} {e.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {warnings.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">{plural(warnings.length, 'warning')}, explained in the comment</h3>
          <ul className="govuk-list govuk-list--bullet">
            {warnings.map((w) => (
              <li key={`${w.code}-${w.field}`}>
                {w.code ? <strong>{w.code}</strong> : null} {w.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 className="govuk-heading-s">The authority's comment</h3>
      <p className="govuk-body app-pre-wrap app-break-words">
        {record.figures.comment?.trim() ? record.figures.comment : 'No comment.'}
      </p>
    </>
  );
}

type Done = { readonly text: string; readonly key: number };

function Decision({ record, onDone }: { readonly record: ReturnRecord; readonly onDone: (done: Done) => void }) {
  const decide = useDecideReturn();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ text: string; key: number; field: boolean } | null>(null);
  const setDone = onDone;
  const fail = (e: unknown, field: boolean) =>
    setError({
      text: isProblem(e) ? (e.errors[0]?.message ?? e.detail ?? e.title) : 'Try again.',
      key: Date.now(),
      field: field && isProblem(e) && e.errors.length > 0,
    });
  const base = { authority: record.authorityCode, period: record.period, version: record.version };
  const accept = () =>
    decide.mutateAsync(base).then(
      () => {
        setError(null);
        setDone({ text: `You accepted ${record.authorityName}'s return. It is locked.`, key: Date.now() });
      },
      (e) => fail(e, false),
    );
  const sendBack = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError({ text: 'Enter the reason for sending it back', key: Date.now(), field: true });
      return;
    }
    decide.mutateAsync({ ...base, sendBack: reason.trim() }).then(
      () => {
        setError(null);
        setReason('');
        setDone({
          text: `You sent ${record.authorityName}'s return back. Its submitters have been e-mailed your reason.`,
          key: Date.now(),
        });
      },
      (e) => fail(e, true),
    );
  };
  const canAccept = record.status === 'submitted';
  const canSendBack = record.status === 'submitted' || record.status === 'accepted';
  return (
    <>
      {error ? (
        <ErrorSummary
          items={[{ text: error.text, ...(error.field ? { href: '#send-back-reason' } : {}) }]}
          focusKey={error.key}
        />
      ) : null}
      <h2 className="govuk-heading-m">Your decision</h2>
      {!canSendBack ? (
        <p className="govuk-body">
          This return is {statusLabel(record.status).toLowerCase()}: there is nothing to review until the authority
          submits it.
        </p>
      ) : null}
      {canAccept ? (
        <div className="govuk-button-group">
          <button type="button" className="govuk-button" onClick={accept} disabled={decide.isPending}>
            Accept the return
          </button>
        </div>
      ) : null}
      {record.status === 'accepted' ? (
        <p className="govuk-body">You have accepted this return, so it is locked. Send it back if it needs a change.</p>
      ) : null}
      {canSendBack ? (
        <form onSubmit={sendBack} noValidate>
          <TextareaField
            id="send-back-reason"
            label="Reason for sending it back"
            hint="The authority sees this on its home page and in an e-mail. Say what to check or correct."
            rows={4}
            maxLength={2000}
            value={reason}
            error={error?.field ? error.text : undefined}
            onChange={setReason}
          />
          <button type="submit" className="govuk-button govuk-button--warning" disabled={decide.isPending}>
            Send the return back
          </button>
        </form>
      ) : null}
    </>
  );
}

function PreviousQuarter({ record }: { readonly record: ReturnRecord }) {
  const previous = useSuspenseQuery(returnQuery(record.authorityCode, previousPeriod(record.period))).data;
  const label = periodLabel(previousPeriod(record.period));
  return (
    <>
      <h2 className="govuk-heading-m">Change from the previous quarter</h2>
      {previous ? null : <p className="govuk-body">The authority has no return for {label}.</p>}
      <DataTable
        id="previous-caption"
        caption={`Every figure against ${label}${previous ? ` (${statusLabel(previous.status).toLowerCase()})` : ''}`}
        columns={[
          'Figure',
          { label, numeric: true },
          { label: record.periodLabel, numeric: true },
          { label: 'Change', numeric: true },
        ]}
        rows={figureChanges(previous?.figures, record.figures).map((c) => ({
          key: c.field,
          header: c.label,
          cells: [formatFigure(c.before, c.kind), formatFigure(c.after, c.kind), changeLabel(c)],
        }))}
      />
    </>
  );
}

function RevisionDiff({
  record,
  revisions,
}: {
  readonly record: ReturnRecord;
  readonly revisions: readonly RevisionSummary[];
}) {
  const newest = revisions.at(-1)?.revision ?? 1;
  const [from, setFrom] = useState(Math.max(1, newest - 1));
  const [to, setTo] = useState(newest);
  const a = useQuery(revisionQuery(record.authorityCode, record.period, from)).data;
  const b = useQuery(revisionQuery(record.authorityCode, record.period, to)).data;
  const options = revisions.map((r) => ({
    value: String(r.revision),
    label: `Version ${r.revision}: ${statusLabel(r.status)}, ${formatDateTime(r.createdAt)}`,
  }));
  const changes = a && b ? figureChanges(a.figures, b.figures, true) : null;
  return (
    <>
      <h3 className="govuk-heading-s">Compare two versions</h3>
      <div className="app-inline-fields">
        {(
          [
            ['diff-from', 'From', from, setFrom],
            ['diff-to', 'To', to, setTo],
          ] as const
        ).map(([id, label, revision, choose]) => (
          <SelectField
            key={id}
            id={id}
            label={label}
            size="body"
            value={String(revision)}
            options={options}
            onChange={(value) => choose(Number(value))}
          />
        ))}
      </div>
      <div aria-live="polite">
        {!changes || !a || !b ? (
          <p className="govuk-body">Loading the versions…</p>
        ) : changes.length === 0 && !commentChanged(a.figures, b.figures) ? (
          <p className="govuk-body">
            Versions {from} and {to} have the same figures and comment.
          </p>
        ) : (
          <>
            {changes.length > 0 ? (
              <DataTable
                id="diff-caption"
                caption={`${plural(changes.length, 'figure')} changed from version ${from} to version ${to}`}
                columns={[
                  'Figure',
                  { label: `Version ${from}`, numeric: true },
                  { label: `Version ${to}`, numeric: true },
                  { label: 'Change', numeric: true },
                ]}
                rows={changes.map((c) => ({
                  key: c.field,
                  header: c.label,
                  cells: [formatFigure(c.before, c.kind), formatFigure(c.after, c.kind), changeLabel(c)],
                }))}
              />
            ) : (
              <p className="govuk-body">
                No figure changed from version {from} to version {to}.
              </p>
            )}
            {commentChanged(a.figures, b.figures) ? (
              <p className="govuk-body app-pre-wrap app-break-words">
                The comment changed to: {b.figures.comment?.trim() ? b.figures.comment : '(no comment)'}
              </p>
            ) : null}
          </>
        )}
      </div>
    </>
  );
}

function History({ record }: { readonly record: ReturnRecord }) {
  const revisions = useSuspenseQuery(revisionsQuery(record.authorityCode, record.period)).data ?? [];
  return (
    <>
      <h2 className="govuk-heading-m">History</h2>
      <DataTable
        id="history-caption"
        caption="Every version, newest first"
        columns={['Version', 'Status', 'Saved', 'By']}
        rows={[...revisions].reverse().map((r) => ({
          key: String(r.revision),
          header: `Version ${r.revision}`,
          cells: [
            <StatusTag key="status" status={r.status} />,
            formatDateTime(r.createdAt),
            r.createdByName ?? 'Unknown',
          ],
        }))}
      />
      {revisions.length > 1 ? <RevisionDiff record={record} revisions={revisions} /> : null}
    </>
  );
}

export function ReviewPage() {
  const { period, authority } = route.useParams();
  const record = useSuspenseQuery(returnQuery(authority, period)).data;
  const [done, setDone] = useState<Done | null>(null);
  usePageTitle(record ? `Review ${record.authorityName}'s return for ${record.periodLabel}` : 'No return');
  if (!record) {
    return (
      <>
        <Link to="/rounds/$period" params={{ period }} className="govuk-back-link">
          Back to the tracker
        </Link>
        <h1 className="govuk-heading-l">No return yet</h1>
        <p className="govuk-body">This authority has not started its return for {periodLabel(period)}.</p>
      </>
    );
  }
  return (
    <>
      <Link to="/rounds/$period" params={{ period }} className="govuk-back-link">
        Back to the tracker
      </Link>
      {done ? (
        <NotificationBanner type="success" heading={done.text} focusKey={done.key}>
          <p className="govuk-body">
            <Link to="/rounds/$period" params={{ period }} className="govuk-notification-banner__link">
              Back to the tracker
            </Link>
          </p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{record.periodLabel}</span>
      <h1 className="govuk-heading-l">{record.authorityName}'s return</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag status={record.status} />
          </dd>
        </div>
        <ReturnStampRows record={record} version />
        {record.status === 'returned' && record.returnedReason ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Sent back because</dt>
            <dd className="govuk-summary-list__value app-pre-wrap app-break-words">{record.returnedReason}</dd>
          </div>
        ) : null}
      </dl>
      <Decision key={record.version} record={record} onDone={setDone} />
      <Validation record={record} />
      <PreviousQuarter record={record} />
      <History record={record} />
    </>
  );
}
