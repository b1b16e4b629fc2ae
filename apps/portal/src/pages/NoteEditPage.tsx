/**
 * Writing a practice note (authority submitters): title, summary, the note in Markdown with a preview
 * of how it will look as it is typed, themes, the metrics that show whether it worked (each over a
 * range of quarters, or to the latest), the author and an optional contact. Checked with the API's
 * own schema before it is sent; the API's answer is shown field by field when it refuses.
 */
import { METRIC_IDS, METRICS, type MetricId } from '@csc-workforce/metrics-core';
import {
  NOTE_LIMITS,
  type Note,
  type NoteContentInput,
  noteContentSchema,
  PRACTICE_THEMES,
  type ProblemError,
} from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { isProblem } from '../api/client';
import { useCreateNote, useNoteAction, useSaveNote } from '../api/mutations';
import { noteQuery, periodsQuery } from '../api/queries';
import { ErrorSummary } from '../components/ErrorSummary';
import { Markdown } from '../components/Markdown';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

const editRoute = getRouteApi('/signed-in/notes/$id/edit');

/** A linked metric as the form holds it: `to` is '' for "to the latest quarter". */
interface LinkDraft {
  readonly key: number;
  readonly metric: string;
  readonly from: string;
  readonly to: string;
}

interface Draft {
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly themes: readonly string[];
  readonly metrics: readonly LinkDraft[];
  readonly authorName: string;
  readonly authorRole: string;
  readonly contactEmail: string;
}

type TextField = 'title' | 'summary' | 'body' | 'authorName' | 'authorRole' | 'contactEmail';

function draftOf(note: Note): Draft {
  return {
    title: note.title,
    summary: note.summary,
    body: note.body,
    themes: note.themes,
    metrics: note.metrics.map((m, i) => ({ key: i, metric: m.metric, from: m.from, to: m.to ?? '' })),
    authorName: note.authorName,
    authorRole: note.authorRole,
    contactEmail: note.contactEmail ?? '',
  };
}

function contentOf(draft: Draft): NoteContentInput {
  return {
    title: draft.title,
    summary: draft.summary,
    body: draft.body,
    themes: draft.themes as NoteContentInput['themes'],
    metrics: draft.metrics.map((m) => ({ metric: m.metric as MetricId, from: m.from, to: m.to === '' ? null : m.to })),
    authorName: draft.authorName,
    authorRole: draft.authorRole,
    contactEmail: draft.contactEmail.trim() === '' ? null : draft.contactEmail,
  };
}

/** The element id of a field path of the content (`metrics.0.to` → `metrics-0-to`). */
const fieldId = (field: string) => field.replace(/\./g, '-');

/** The id a problem's field points at: a theme's error at the themes' first box. */
function targetOf(field: string): string {
  if (field.startsWith('themes')) return 'themes';
  return fieldId(field);
}

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  readonly id: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error: string | undefined;
  readonly children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="govuk-error-message" id={`${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {children(describedBy || undefined)}
    </div>
  );
}

function NoteForm({ note }: { readonly note: Note | null }) {
  const user = useUser();
  const navigate = useNavigate();
  const periods = useSuspenseQuery(periodsQuery()).data;
  const create = useCreateNote();
  const save = useSaveNote();
  const publish = useNoteAction();
  const [draft, setDraft] = useState<Draft>(
    note
      ? draftOf(note)
      : {
          title: '',
          summary: '',
          body: '',
          themes: [],
          metrics: [],
          authorName: user.name,
          authorRole: '',
          contactEmail: '',
        },
  );
  const [errors, setErrors] = useState<readonly ProblemError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [nextKey, setNextKey] = useState(draft.metrics.length);
  const preview = useDebouncedValue(draft.body, 300);
  const busy = create.isPending || save.isPending || publish.isPending;
  const errorOf = (field: string) => errors.find((e) => e.field === field || e.field?.startsWith(`${field}.`))?.message;
  const set = (field: TextField, value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const setLink = (key: number, change: Partial<LinkDraft>) =>
    setDraft((d) => ({ ...d, metrics: d.metrics.map((m) => (m.key === key ? { ...m, ...change } : m)) }));
  const periodOptions = [...periods]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => ({ value: p.id, label: p.label }));
  const firstPeriod = periodOptions[0]?.value ?? '';

  /** A text input of the content, with its label, hint and error. */
  const input = (
    field: Exclude<TextField, 'summary' | 'body'>,
    label: string,
    options: { hint?: string; autoComplete?: string; type?: 'email' } = {},
  ) => (
    <Field id={field} label={label} hint={options.hint} error={errorOf(field)}>
      {(describedBy) => (
        <input
          className={`govuk-input${errorOf(field) ? ' govuk-input--error' : ''}`}
          id={field}
          type={options.type ?? 'text'}
          autoComplete={options.autoComplete}
          spellCheck={options.type === 'email' ? false : undefined}
          value={draft[field]}
          aria-describedby={describedBy}
          onChange={(e) => set(field, e.target.value)}
        />
      )}
    </Field>
  );

  /** A select of a linked metric (its field path names it, and its error). */
  const select = (
    field: string,
    label: string,
    value: string,
    onChange: (value: string) => void,
    options: readonly { value: string; label: string }[],
  ) => (
    <Field id={fieldId(field)} label={label} error={errorOf(field)}>
      {(describedBy) => (
        <select
          className="govuk-select"
          id={fieldId(field)}
          value={value}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const fail = (error: unknown) => {
    if (isProblem(error)) {
      setErrors(error.errors);
      setProblem(error.errors.length > 0 ? null : (error.detail ?? error.title));
    } else {
      setProblem('The note could not be saved: try again.');
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>, andPublish: boolean) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const content = contentOf(draft);
    const checked = noteContentSchema.safeParse(content);
    if (!checked.success) {
      setErrors(
        checked.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
      );
      setProblem(null);
      return;
    }
    setErrors([]);
    setProblem(null);
    try {
      const saved = note
        ? await save.mutateAsync({ id: note.id, version: note.version, content })
        : await create.mutateAsync(content);
      if (andPublish && saved.status === 'draft') {
        await publish.mutateAsync({ id: saved.id, version: saved.version, action: 'publish' });
      }
      await navigate({ to: '/notes/$id', params: { id: saved.id } });
    } catch (error) {
      fail(error);
    }
  };

  const summaryLeft = NOTE_LIMITS.summary - draft.summary.trim().length;
  const published = note?.status === 'published';
  return (
    <form
      noValidate
      onSubmit={(event) => {
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        void submit(event, submitter?.value === 'publish');
      }}
    >
      {errors.length > 0 || problem ? (
        <ErrorSummary
          description={problem ?? undefined}
          items={errors.map((e) => ({ text: e.message, ...(e.field ? { href: `#${targetOf(e.field)}` } : {}) }))}
          focusKey={attempt}
        />
      ) : null}
      {input('title', 'Title')}
      <Field
        id="summary"
        label="Summary"
        hint={`What you did and what changed, in ${NOTE_LIMITS.summary} characters or fewer: it shows in search results.`}
        error={errorOf('summary')}
      >
        {(describedBy) => (
          <>
            <textarea
              className={`govuk-textarea${errorOf('summary') || summaryLeft < 0 ? ' govuk-textarea--error' : ''}`}
              id="summary"
              rows={3}
              value={draft.summary}
              aria-describedby={`${describedBy ?? ''} summary-count`.trim()}
              onChange={(e) => set('summary', e.target.value)}
            />
            <div id="summary-count" className={summaryLeft < 0 ? 'govuk-error-message' : 'govuk-hint'}>
              {summaryLeft < 0
                ? `You have ${-summaryLeft} characters too many`
                : `You have ${summaryLeft} characters remaining`}
            </div>
          </>
        )}
      </Field>
      <Field
        id="body"
        label="The note"
        hint={
          <>
            What you did, why, and what you would tell another authority. Markdown: **bold**, _italic_, # headings, -
            lists, [links](https://…). HTML is shown as text; images are not shown.
          </>
        }
        error={errorOf('body')}
      >
        {(describedBy) => (
          <textarea
            className={`govuk-textarea${errorOf('body') ? ' govuk-textarea--error' : ''}`}
            id="body"
            rows={14}
            value={draft.body}
            aria-describedby={describedBy}
            onChange={(e) => set('body', e.target.value)}
          />
        )}
      </Field>
      <section className="app-preview" aria-labelledby="preview-heading">
        <h2 className="govuk-heading-s" id="preview-heading">
          Preview of the note
        </h2>
        {preview.trim() === '' ? (
          <p className="govuk-body govuk-hint">The note appears here as you type.</p>
        ) : (
          <Markdown source={preview} />
        )}
      </section>

      <div className={`govuk-form-group${errorOf('themes') ? ' govuk-form-group--error' : ''}`}>
        <fieldset
          className="govuk-fieldset"
          aria-describedby={`themes-hint${errorOf('themes') ? ' themes-error' : ''}`}
        >
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Themes</legend>
          <div className="govuk-hint" id="themes-hint">
            Choose up to {NOTE_LIMITS.themes}.
          </div>
          {errorOf('themes') ? (
            <p className="govuk-error-message" id="themes-error">
              <span className="govuk-visually-hidden">Error:</span> {errorOf('themes')}
            </p>
          ) : null}
          <div className="govuk-checkboxes govuk-checkboxes--small">
            {PRACTICE_THEMES.map((theme, i) => {
              const id = i === 0 ? 'themes' : `themes-${theme.id}`;
              const hint = 'hint' in theme ? theme.hint : undefined;
              return (
                <div className="govuk-checkboxes__item" key={theme.id}>
                  <input
                    className="govuk-checkboxes__input"
                    id={id}
                    type="checkbox"
                    value={theme.id}
                    checked={draft.themes.includes(theme.id)}
                    aria-describedby={hint ? `${id}-hint` : undefined}
                    onChange={(e) =>
                      setDraft((d) => ({
                        ...d,
                        themes: e.target.checked ? [...d.themes, theme.id] : d.themes.filter((t) => t !== theme.id),
                      }))
                    }
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                    {theme.label}
                  </label>
                  {hint ? (
                    <div className="govuk-hint govuk-checkboxes__hint" id={`${id}-hint`}>
                      {hint}
                    </div>
                  ) : null}
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>

      <h2 className="govuk-heading-m">Evidence</h2>
      <p className="govuk-body">
        Link the metrics that show whether it worked. Publishing the note shows your authority's figures for them,
        named, against your region and England, worked out from your returns as new quarters arrive.
      </p>
      {draft.metrics.map((link, index) => (
        <fieldset className="govuk-fieldset app-metric-link" key={link.key}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Linked metric {index + 1}</legend>
          {select(
            `metrics.${index}.metric`,
            'Metric',
            link.metric,
            (metric) => setLink(link.key, { metric }),
            METRIC_IDS.map((m) => ({ value: m, label: METRICS[m].label })),
          )}
          {select(`metrics.${index}.from`, 'From', link.from, (from) => setLink(link.key, { from }), periodOptions)}
          {select(`metrics.${index}.to`, 'To', link.to, (to) => setLink(link.key, { to }), [
            { value: '', label: 'The latest quarter compared' },
            ...periodOptions,
          ])}
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => setDraft((d) => ({ ...d, metrics: d.metrics.filter((m) => m.key !== link.key) }))}
          >
            Remove<span className="govuk-visually-hidden"> linked metric {index + 1}</span>
          </button>
        </fieldset>
      ))}
      {errorOf('metrics') && !errors.some((e) => /^metrics\.\d/.test(e.field ?? '')) ? (
        <p className="govuk-error-message" id="metrics">
          <span className="govuk-visually-hidden">Error:</span> {errorOf('metrics')}
        </p>
      ) : null}
      {draft.metrics.length < NOTE_LIMITS.metrics ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => {
            setDraft((d) => ({
              ...d,
              metrics: [
                ...d.metrics,
                {
                  key: nextKey,
                  // The first metric not linked yet.
                  metric: METRIC_IDS.find((m) => !d.metrics.some((l) => l.metric === m)) ?? 'turnoverRate',
                  from: firstPeriod,
                  to: '',
                },
              ],
            }));
            setNextKey((k) => k + 1);
          }}
        >
          Link a metric
        </button>
      ) : null}

      <h2 className="govuk-heading-m">Who wrote it</h2>
      {input('authorName', "Author's name", { autoComplete: 'name' })}
      {input('authorRole', "Author's role", {
        hint: 'For example, Principal social worker',
        autoComplete: 'organization-title',
      })}
      {input('contactEmail', 'Contact email address (optional)', {
        hint: 'Shown with the note to everyone signed in to the exchange, so that other authorities can ask you about it.',
        autoComplete: 'email',
        type: 'email',
      })}
      <div className="govuk-button-group">
        {published ? (
          <button type="submit" className="govuk-button" value="save" disabled={busy}>
            Save changes
          </button>
        ) : (
          <>
            <button type="submit" className="govuk-button" value="publish" disabled={busy}>
              Publish
            </button>
            <button type="submit" className="govuk-button govuk-button--secondary" value="save" disabled={busy}>
              Save as draft
            </button>
          </>
        )}
        {note ? (
          <Link to="/notes/$id" params={{ id: note.id }} className="govuk-link">
            Cancel
          </Link>
        ) : (
          <Link to="/notes" className="govuk-link">
            Cancel
          </Link>
        )}
      </div>
    </form>
  );
}

function OnlySubmitters() {
  return (
    <p className="govuk-body">
      Only your authority's submitters write practice notes.{' '}
      <Link to="/notes" className="govuk-link">
        Read the practice notes
      </Link>
      .
    </p>
  );
}

/** A new note of the user's authority. */
export function NoteNewPage() {
  const user = useUser();
  usePageTitle('Write a practice note');
  return (
    <>
      <span className="govuk-caption-l">{user.authorityName}</span>
      <h1 className="govuk-heading-l">Write a practice note</h1>
      {user.role === 'authority_submitter' ? <NoteForm note={null} /> : <OnlySubmitters />}
    </>
  );
}

/** A change of a note. */
export function NoteEditPage() {
  const { id } = editRoute.useParams();
  const note = useSuspenseQuery(noteQuery(id)).data;
  usePageTitle(`Edit: ${note.title}`);
  return (
    <>
      <span className="govuk-caption-l">{note.authority.name}</span>
      <h1 className="govuk-heading-l">Edit the practice note</h1>
      {note.can.edit ? <NoteForm note={note} /> : <OnlySubmitters />}
    </>
  );
}
