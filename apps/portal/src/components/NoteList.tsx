/**
 * Practice notes in a list (search results, the home page, a metric page): each note's title linked
 * to it, who wrote it and when, and its summary, or with a search the passages that matched, the
 * words found marked. Type-only imports from the schemas: the home page must not load zod.
 */
import type { Highlight, NoteStatus, NoteSummary } from '@csc-workforce/schemas';
import { Link } from '@tanstack/react-router';
import { withKeys } from '../lib/keys';
import { formatDate } from '../lib/text';
import { DemoTag } from './StatusTag';

const STATUS: { readonly [K in NoteStatus]: { readonly label: string; readonly colour: string } } = {
  draft: { label: 'Draft', colour: 'govuk-tag--yellow' },
  published: { label: 'Published', colour: 'govuk-tag--green' },
  archived: { label: 'Archived', colour: 'govuk-tag--grey' },
};

/** A GOV.UK tag for a note's status. */
export function NoteStatusTag({ status }: { readonly status: NoteStatus }) {
  return <strong className={`govuk-tag ${STATUS[status].colour}`}>{STATUS[status].label}</strong>;
}

/** Text with the words a search found marked: plain text and <mark> elements, never HTML. */
export function Highlighted({ parts }: { readonly parts: Highlight }) {
  return (
    <>
      {withKeys(parts, (p) => `${p.mark ? 'm' : 't'}:${p.text}`).map(([key, part]) =>
        part.mark ? (
          <mark key={key} className="app-mark">
            {part.text}
          </mark>
        ) : (
          <span key={key}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** When a note was published, or last changed when it is not published. */
export function noteDate(note: Pick<NoteSummary, 'publishedAt' | 'updatedAt' | 'status'>): string {
  return note.status === 'published' && note.publishedAt
    ? `Published ${formatDate(note.publishedAt)}`
    : `Last changed ${formatDate(note.updatedAt)}`;
}

interface NoteListProps {
  readonly notes: readonly NoteSummary[];
  /** The level of each note's title heading, under the list's own heading. */
  readonly headingLevel?: 2 | 3 | 4;
  /** Show each note's status (lists that mix drafts and published notes). */
  readonly showStatus?: boolean;
}

export function NoteList({ notes, headingLevel = 3, showStatus = false }: NoteListProps) {
  const Heading = headingLevel === 2 ? 'h2' : headingLevel === 3 ? 'h3' : 'h4';
  return (
    <ul className="govuk-list app-note-list">
      {notes.map((note) => (
        <li key={note.id} className="app-note-list__item">
          <Heading className="govuk-heading-s app-note-list__title">
            <Link to="/notes/$id" params={{ id: note.id }} className="govuk-link">
              {note.highlights ? <Highlighted parts={note.highlights.title} /> : note.title}
            </Link>
          </Heading>
          <p className="govuk-body-s app-note-list__meta">
            {note.authority.name}, {note.region.name}. {noteDate(note)}. {note.authorName}, {note.authorRole}.
            {showStatus ? (
              <>
                {' '}
                <NoteStatusTag status={note.status} />
              </>
            ) : null}
            {note.demo ? (
              <>
                {' '}
                <DemoTag />
              </>
            ) : null}
          </p>
          <p className="govuk-body app-note-list__summary">
            {note.highlights ? <Highlighted parts={note.highlights.excerpt} /> : note.summary}
          </p>
        </li>
      ))}
    </ul>
  );
}
