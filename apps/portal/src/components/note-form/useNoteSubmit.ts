/**
 * Sending the note form: checked with the API's own schema first, then created or saved (and published
 * when asked), then the note is shown. What is wrong, from the schema or the API's answer, is kept field
 * by field for the error summary and the fields.
 */
import { type Note, noteContentSchema, type ProblemError } from '@csc-workforce/schemas';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { isProblem } from '../../api/client';
import { useCreateNote, useNoteAction, useSaveNote } from '../../api/mutations';
import { contentOf, type Draft } from './draft';

export interface NoteSubmit {
  /** What is wrong, field by field (the field is a path of the content, such as `metrics.0.from`). */
  readonly errors: readonly ProblemError[];
  /** What is wrong with the whole note, when the API says no more. */
  readonly problem: string | null;
  /** Counts the attempts, so the error summary takes focus on each. */
  readonly attempt: number;
  readonly busy: boolean;
  submit(draft: Draft, andPublish: boolean): Promise<void>;
}

export function useNoteSubmit(note: Note | null): NoteSubmit {
  const navigate = useNavigate();
  const create = useCreateNote();
  const save = useSaveNote();
  const publish = useNoteAction();
  const [errors, setErrors] = useState<readonly ProblemError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const fail = (error: unknown) => {
    if (isProblem(error)) {
      setErrors(error.errors);
      setProblem(error.errors.length > 0 ? null : (error.detail ?? error.title));
    } else {
      setProblem('The note could not be saved: try again.');
    }
  };

  const submit = async (draft: Draft, andPublish: boolean) => {
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

  return { errors, problem, attempt, busy: create.isPending || save.isPending || publish.isPending, submit };
}
