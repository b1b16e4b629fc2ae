/**
 * What an admin page that loads a reference file (DfE's published statistics, a statistical-neighbour
 * model) shares: why a file was refused (a field's problem, or every problem by row and column), the
 * "done" banner after a load or a choice, and the error summary that takes the focus again on each
 * new refusal.
 */
import type { ProblemError } from '@csc-workforce/schemas';
import { useState } from 'react';
import { isProblem } from '../api/client';
import { plural } from '../lib/text';
import { ErrorSummary, type ErrorSummaryItem } from './ErrorSummary';
import { NotificationBanner } from './NotificationBanner';
import { rowErrorItems } from './RowErrorsTable';

/** Why a file (or a choice) was refused: one field's problem, or a file's problems by row and column. */
export type FileFailure =
  | { readonly kind: 'field'; readonly message: string; readonly href: string }
  | { readonly kind: 'rows'; readonly fileName: string; readonly errors: readonly ProblemError[] };

/**
 * A refusal as the page shows it: the file's problems when the answer lists any (with `byRowOnly`,
 * only when one of them names a row: a problem of the form's own fields stays with its field), else
 * the problem's detail at `href`, else that the upload failed.
 */
export function fileFailureOf(error: unknown, fileName: string, href: string, byRowOnly = false): FileFailure {
  if (isProblem(error) && error.errors.length > 0 && (!byRowOnly || error.errors.some((e) => e.row !== undefined))) {
    return { kind: 'rows', fileName, errors: error.errors };
  }
  if (isProblem(error)) return { kind: 'field', message: error.detail ?? error.title, href };
  return { kind: 'field', message: 'The file could not be uploaded. Try again.', href };
}

/** Why a chosen file cannot be a CSV of reference data (none, not CSV, empty); undefined when it can. */
export function csvFileError(file: File | undefined): string | undefined {
  if (!file) return 'Select a CSV file';
  if (!/\.csv$/i.test(file.name) || file.size === 0) return 'The selected file must be a CSV file with data in it';
  return undefined;
}

/** A page's refusal and "done" message, and how many refusals there have been (each takes the focus). */
export function useFileLoad() {
  const [failure, setFailure] = useState<FileFailure | null>(null);
  const [done, setDone] = useState<{ key: string; text: string } | null>(null);
  const [attempts, setAttempts] = useState(0);
  const refuse = (next: FileFailure) => {
    setFailure(next);
    setAttempts((n) => n + 1);
  };
  return { failure, setFailure, refuse, done, setDone, attempts } as const;
}

/** The error summary of a refusal (nothing from the file loaded) and the banner of what was done. */
export function FileLoadOutcome({
  failure,
  done,
  attempts,
}: {
  readonly failure: FileFailure | null;
  readonly done: { key: string; text: string } | null;
  readonly attempts: number;
}) {
  const items: ErrorSummaryItem[] =
    failure?.kind === 'field'
      ? [{ text: failure.message, href: failure.href }]
      : failure?.kind === 'rows'
        ? rowErrorItems(failure.errors)
        : [];
  return (
    <>
      {failure ? (
        <ErrorSummary
          items={items}
          focusKey={attempts}
          description={
            failure.kind === 'rows'
              ? `The file has ${plural(failure.errors.length, 'problem')}. Nothing from it has been loaded.`
              : undefined
          }
        />
      ) : null}
      {done ? (
        <NotificationBanner type="success" heading="Done" focusKey={done.key}>
          <p className="govuk-body">{done.text}</p>
        </NotificationBanner>
      ) : null}
    </>
  );
}
