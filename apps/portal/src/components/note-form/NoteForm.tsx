/**
 * Writing a practice note (authority submitters): title, summary, the note in Markdown with a preview
 * of how it will look as it is typed, themes, the metrics that show whether it worked (each over a
 * range of quarters, or to the latest), the author and an optional contact. Checked with the API's
 * own schema before it is sent; the API's answer is shown field by field when it refuses.
 */
import { NOTE_LIMITS, type Note, PRACTICE_THEMES } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { FormEvent, ReactNode } from 'react';
import { periodsQuery } from '../../api/queries';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { usePageTitle } from '../../lib/usePageTitle';
import { useUser } from '../../session';
import { ErrorSummary } from '../ErrorSummary';
import { CheckboxesField, TextareaField, TextField } from '../FormFields';
import { Markdown } from '../Markdown';
import { errorOf, targetOf } from './draft';
import { EvidenceLinks } from './EvidenceLinks';
import { useNoteDraft } from './useNoteDraft';
import { useNoteSubmit } from './useNoteSubmit';

const THEME_OPTIONS = PRACTICE_THEMES.map((theme) => ({
  value: theme.id,
  label: theme.label,
  hint: 'hint' in theme ? theme.hint : undefined,
}));

/** How the note will look, as it is typed (a moment after). */
function Preview({ body }: { readonly body: string }) {
  const preview = useDebouncedValue(body, 300);
  return (
    <section className="app-preview" aria-labelledby="preview-heading">
      <h2 className="govuk-heading-s" id="preview-heading">
        Preview of the note
      </h2>
      {preview.trim() === '' ? (
        <p className="govuk-body govuk-hint">The note appears here as you type.</p>
      ) : (
        <Markdown source={preview} topLevel={3} />
      )}
    </section>
  );
}

function Buttons({ note, busy }: { readonly note: Note | null; readonly busy: boolean }) {
  return (
    <div className="govuk-button-group">
      {note?.status === 'published' ? (
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
  );
}

/**
 * A new note (`note` null) or a change of one. The page's heading comes in as `header`, after the
 * error summary, which GOV.UK puts at the top of the page's content, before the h1; the form sets the
 * page's title (`title`), starting "Error: " while it shows errors.
 */
export function NoteForm({
  note,
  title,
  header,
}: {
  readonly note: Note | null;
  readonly title: string;
  readonly header: ReactNode;
}) {
  const user = useUser();
  const periods = useSuspenseQuery(periodsQuery()).data;
  const { draft, setText, setThemes, ...links } = useNoteDraft(note, user.name);
  const { errors, problem, attempt, busy, submit } = useNoteSubmit(note);
  const periodOptions = [...periods]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => ({ value: p.id, label: p.label }));
  const text = (field: 'title' | 'authorName' | 'authorRole' | 'contactEmail') => ({
    id: field,
    value: draft[field],
    error: errorOf(errors, field),
    onChange: (value: string) => setText(field, value),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void submit(draft, submitter?.value === 'publish');
  };
  const hasErrors = errors.length > 0 || problem !== null;
  usePageTitle(title, { error: hasErrors });
  return (
    <>
      {hasErrors ? (
        <ErrorSummary
          description={problem ?? undefined}
          items={errors.map((e) => ({ text: e.message, ...(e.field ? { href: `#${targetOf(e.field)}` } : {}) }))}
          focusKey={attempt}
        />
      ) : null}
      {header}
      <form noValidate onSubmit={onSubmit}>
        <TextField label="Title" {...text('title')} />
        <TextareaField
          id="summary"
          label="Summary"
          hint={`What you did and what changed, in ${NOTE_LIMITS.summary} characters or fewer: it shows in search results.`}
          rows={3}
          characterCount={NOTE_LIMITS.summary}
          value={draft.summary}
          error={errorOf(errors, 'summary')}
          onChange={(value) => setText('summary', value)}
        />
        <TextareaField
          id="body"
          label="The note"
          hint={
            <>
              What you did, why, and what you would tell another authority. Markdown: **bold**, _italic_, # headings, -
              lists, [links](https://…). HTML is shown as text; images are not shown.
            </>
          }
          rows={14}
          value={draft.body}
          error={errorOf(errors, 'body')}
          onChange={(value) => setText('body', value)}
        />
        <Preview body={draft.body} />
        <CheckboxesField
          id="themes"
          legend="Themes"
          hint={`Choose up to ${NOTE_LIMITS.themes}.`}
          small
          values={draft.themes}
          options={THEME_OPTIONS}
          error={errorOf(errors, 'themes')}
          onChange={setThemes}
        />
        <EvidenceLinks links={draft.metrics} edit={links} periods={periodOptions} errors={errors} />
        <h2 className="govuk-heading-m">Who wrote it</h2>
        <TextField label="Author's name" autoComplete="name" {...text('authorName')} />
        <TextField
          label="Author's role"
          hint="For example, Principal social worker"
          autoComplete="organization-title"
          {...text('authorRole')}
        />
        <TextField
          label="Contact email address (optional)"
          hint="Shown with the note to everyone signed in to the exchange, so that other authorities can ask you about it."
          autoComplete="email"
          type="email"
          spellCheck={false}
          {...text('contactEmail')}
        />
        <Buttons note={note} busy={busy} />
      </form>
    </>
  );
}
