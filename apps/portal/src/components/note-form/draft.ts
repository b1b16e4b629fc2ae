/**
 * A practice note as its form holds it (the draft), and the content sent to the API from it: every
 * field as typed, the linked metrics with keys of their own so that removing one keeps the others' state.
 */
import type { MetricId } from '@csc-workforce/metrics-core';
import type { Note, NoteContentInput, ProblemError } from '@csc-workforce/schemas';

/** A linked metric as the form holds it: `to` is '' for "to the latest quarter". */
export interface LinkDraft {
  readonly key: number;
  readonly metric: string;
  readonly from: string;
  readonly to: string;
}

export interface Draft {
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly themes: readonly string[];
  readonly metrics: readonly LinkDraft[];
  readonly authorName: string;
  readonly authorRole: string;
  readonly contactEmail: string;
}

/** The fields of a draft that are typed text. */
export type DraftTextField = 'title' | 'summary' | 'body' | 'authorName' | 'authorRole' | 'contactEmail';

/** The draft of a note: the note's content, or an empty note by `authorName`. */
export function draftOf(note: Note | null, authorName: string): Draft {
  if (!note) {
    return {
      title: '',
      summary: '',
      body: '',
      themes: [],
      metrics: [],
      authorName,
      authorRole: '',
      contactEmail: '',
    };
  }
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

/** What the API is sent: no link keys, an open-ended link's `to` and an empty contact as null. */
export function contentOf(draft: Draft): NoteContentInput {
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
export const fieldId = (field: string) => field.replace(/\./g, '-');

/** The id a problem's field points at: a theme's error at the themes' first box. */
export function targetOf(field: string): string {
  if (field.startsWith('themes')) return 'themes';
  return fieldId(field);
}

/** The first error of a field path or of anything inside it (`metrics` holds `metrics.0.from`). */
export function errorOf(errors: readonly ProblemError[], field: string): string | undefined {
  return errors.find((e) => e.field === field || e.field?.startsWith(`${field}.`))?.message;
}

/** An error about the list of linked metrics itself (too many), not about one of them. */
export function listErrorOf(errors: readonly ProblemError[], field: string): string | undefined {
  const inside = new RegExp(`^${field}\\.\\d`);
  return errors.some((e) => inside.test(e.field ?? '')) ? undefined : errorOf(errors, field);
}
