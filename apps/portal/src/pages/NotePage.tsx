/**
 * One practice note: who wrote it and how to contact them, what they did (its Markdown, shown
 * safely), and its evidence: each linked metric of its authority by quarter against its region and
 * England, worked out from the returns now, as a chart over a table of the same numbers. Its
 * authority's submitters publish, archive and restore it here; the regional lead archives it.
 */
import { themeLabel } from '@csc-workforce/schemas';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, lazy, useId, useState } from 'react';
import { isProblem } from '../api/client';
import { useNoteAction } from '../api/mutations';
import { noteEvidenceQuery, noteQuery, noteRevisionsQuery } from '../api/queries';
import { ChartSection } from '../components/charts/ChartSection';
import { TrendTable } from '../components/charts/TrendTable';
import { DataTable } from '../components/DataTable';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextareaField } from '../components/FormFields';
import { Markdown } from '../components/Markdown';
import { NoteStatusTag, noteDate } from '../components/NoteList';
import { NotificationBanner } from '../components/NotificationBanner';
import { DemoTag } from '../components/StatusTag';
import { trendLines } from '../lib/compare';
import { formatDateTime } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';

const route = getRouteApi('/signed-in/notes/$id');

const TrendChart = lazy(() => import('../components/charts/plots').then((m) => ({ default: m.TrendChart })));

type NoteData = ReturnType<typeof useNote>;

function useNote() {
  const { id } = route.useParams();
  return useSuspenseQuery(noteQuery(id)).data;
}

function Evidence({ note }: { readonly note: NoteData }) {
  const evidence = useQuery(noteEvidenceQuery(note.id));
  if (note.metrics.length === 0) {
    return <p className="govuk-body">This note links no metrics.</p>;
  }
  if (evidence.isPending) return <p className="govuk-body">Loading the evidence…</p>;
  if (evidence.isError) return <p className="govuk-body">The evidence could not be loaded: try again later.</p>;
  const data = evidence.data;
  return (
    <>
      <p className="govuk-body">
        {data.authority.name} chose to publish these figures with the note. They are worked out from its quarterly
        returns now, so they change as new quarters arrive: only submitted and accepted returns count. The region’s and
        England’s lines are each quarter’s figures as its latest release holds them, never live: a group line is left
        out for a quarter not released yet, or with fewer than {data.minGroupSize} authorities.
      </p>
      {data.demo ? (
        <div className="govuk-inset-text">
          <DemoTag /> These figures include demo returns, made up for the demonstration.
        </div>
      ) : null}
      {data.metrics.map((m, index) => {
        const id = m.metric.id;
        const series = trendLines(
          m.trend,
          { name: data.authority.name, value: (i) => m.trend[i]?.own ?? null },
          data.region.name,
        );
        const headingId = `evidence-${index}`;
        const first = m.trend[0]?.periodLabel;
        const last = m.trend.at(-1)?.periodLabel;
        return (
          <ChartSection
            key={id}
            id={headingId}
            title={m.metric.label}
            description={
              <p className="govuk-body">
                {m.metric.formula}. {first && last ? `${first} to ${last}` : 'No quarters to show yet'}
                {m.openEnded ? ', to the latest quarter compared' : ''}.
              </p>
            }
            chart={
              m.trend.length > 0 ? (
                <TrendChart
                  metric={id}
                  periods={m.trend.map((t) => t.period)}
                  series={series}
                  label={`Line chart of ${m.metric.label.toLowerCase()} by quarter for ${data.authority.name}, ${data.region.name} and England; the table below has the values.`}
                />
              ) : null
            }
          >
            <TrendTable
              id={`${headingId}-caption`}
              metric={id}
              label={m.metric.label}
              authorityName={data.authority.name}
              regionName={data.region.name}
              trend={m.trend}
            />
          </ChartSection>
        );
      })}
    </>
  );
}

function Actions({ note }: { readonly note: NoteData }) {
  const action = useNoteAction();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [missingReason, setMissingReason] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const can = note.can;
  const banner = done ? <NotificationBanner type="success" heading={done} focusKey={attempt} /> : null;
  // After the last thing the user could do (a lead archiving), only what happened is left to say.
  if (!can.edit && !can.publish && !can.archive && !can.restore) return banner;
  const run = (kind: 'publish' | 'restore') => {
    setAttempt((n) => n + 1);
    action.mutate(
      { id: note.id, version: note.version, action: kind },
      { onSuccess: () => setDone(kind === 'publish' ? 'The note is published.' : 'The note is a draft again.') },
    );
  };
  const archive = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    if (reason.trim() === '') {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    action.mutate(
      { id: note.id, version: note.version, action: 'archive', reason },
      { onSuccess: () => setDone('The note is archived.') },
    );
  };
  const problem = action.error;
  return (
    <>
      {banner}
      {missingReason ? (
        <ErrorSummary
          items={[{ text: 'Enter the reason for archiving the note', href: `#${reasonId}` }]}
          focusKey={attempt}
        />
      ) : null}
      {problem ? (
        <ErrorSummary
          title={isProblem(problem, 409) ? 'The note has changed' : 'There is a problem'}
          description={isProblem(problem) ? problem.detail : 'Try again.'}
          items={isProblem(problem) ? problem.errors.map((e) => ({ text: e.message })) : []}
          focusKey={attempt}
        />
      ) : null}
      <div className="govuk-button-group">
        {can.edit ? (
          <Link to="/notes/$id/edit" params={{ id: note.id }} className="govuk-button govuk-button--secondary">
            Edit the note
          </Link>
        ) : null}
        {can.publish ? (
          <button type="button" className="govuk-button" disabled={action.isPending} onClick={() => run('publish')}>
            Publish
          </button>
        ) : null}
        {can.restore ? (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            disabled={action.isPending}
            onClick={() => run('restore')}
          >
            Restore as a draft
          </button>
        ) : null}
      </div>
      {can.archive ? (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Archive this note</span>
          </summary>
          <div className="govuk-details__text">
            <form onSubmit={archive} noValidate>
              <TextareaField
                id={reasonId}
                label="Why is it archived?"
                size="body"
                hint="The note's authority sees the reason. An archived note is no longer shown to other authorities."
                rows={3}
                value={reason}
                error={missingReason ? 'Enter the reason for archiving the note' : undefined}
                onChange={setReason}
              />
              <button type="submit" className="govuk-button govuk-button--warning" disabled={action.isPending}>
                Archive the note
              </button>
            </form>
          </div>
        </details>
      ) : null}
    </>
  );
}

function History({ note }: { readonly note: NoteData }) {
  const revisions = useQuery({ ...noteRevisionsQuery(note.id), enabled: note.can.history });
  if (!note.can.history || !revisions.data) return null;
  return (
    <DataTable
      id="history-caption"
      caption="History of the note"
      captionClassName="govuk-table__caption--m"
      columns={['Version', 'Status', 'When', 'Who', 'Reason']}
      rows={revisions.data.map((r) => ({
        key: String(r.revision),
        header: String(r.revision),
        cells: [
          <NoteStatusTag key="s" status={r.status} />,
          formatDateTime(r.createdAt),
          r.createdByName ?? '–',
          r.reason ?? '',
        ],
      }))}
    />
  );
}

export function NotePage() {
  const note = useNote();
  usePageTitle(note.title);
  return (
    <>
      <span className="govuk-caption-l">
        {note.authority.name}, {note.region.name}
      </span>
      <h1 className="govuk-heading-l">{note.title}</h1>
      <p className="govuk-body">
        <NoteStatusTag status={note.status} /> {note.demo ? <DemoTag /> : null}
      </p>
      {note.status === 'archived' ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Archived{note.archivedAt ? ` on ${formatDateTime(note.archivedAt)}` : ''}: {note.archivedReason}
          </strong>
        </div>
      ) : null}
      <p className="govuk-body-l">{note.summary}</p>
      <Actions note={note} />
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Written by</dt>
          <dd className="govuk-summary-list__value">
            {note.authorName}, {note.authorRole}, {note.authority.name}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Contact</dt>
          <dd className="govuk-summary-list__value app-break-words">
            {note.contactEmail ? (
              <a className="govuk-link" href={`mailto:${note.contactEmail}`}>
                {note.contactEmail}
              </a>
            ) : (
              'The author gave no contact address'
            )}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Themes</dt>
          <dd className="govuk-summary-list__value">
            <ul className="govuk-list">
              {note.themes.map((t) => (
                <li key={t}>
                  <Link to="/notes" search={{ theme: t }} className="govuk-link">
                    {themeLabel(t)}
                  </Link>
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Date</dt>
          <dd className="govuk-summary-list__value">{noteDate(note)}</dd>
        </div>
      </dl>
      <Markdown source={note.body} topLevel={2} />
      <h2 className="govuk-heading-l">Evidence</h2>
      <Evidence note={note} />
      <History note={note} />
      <p className="govuk-body">
        <Link to="/notes" className="govuk-link">
          Back to practice notes
        </Link>
      </p>
    </>
  );
}
