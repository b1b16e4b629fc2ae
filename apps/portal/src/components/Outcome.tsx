/**
 * What an action of an administration page came to: a success banner saying what was done (focused,
 * so it is announced and in view, each time), or an error summary saying why it was refused.
 */
import { type ReactNode, useState } from 'react';
import { isProblem } from '../api/client';
import { ErrorSummary } from './ErrorSummary';
import { NotificationBanner } from './NotificationBanner';

/** Why a request was refused, for people. */
export function problemText(error: unknown): string {
  return isProblem(error) ? (error.detail ?? error.title) : 'Something went wrong. Try again.';
}

export interface Outcome<D extends string> {
  /** What was done last, if anything. */
  readonly done: D | undefined;
  readonly failed: boolean;
  succeed(what: D): void;
  fail(error: unknown): void;
  /** The banner or the error summary, for the top of the page. */
  render(banner: (done: D) => { readonly heading: string; readonly body: ReactNode }): ReactNode;
}

/** @param initial - done before the page opened (a form that led here). */
export function useOutcome<D extends string>(initial?: D): Outcome<D> {
  const [done, setDone] = useState<{ what: D; n: number } | null>(initial ? { what: initial, n: 0 } : null);
  const [failure, setFailure] = useState<{ text: string; n: number } | null>(null);
  return {
    done: done?.what,
    failed: failure !== null,
    succeed(what) {
      setFailure(null);
      setDone((d) => ({ what, n: (d?.n ?? 0) + 1 }));
    },
    fail(error) {
      setDone(null);
      setFailure((f) => ({ text: problemText(error), n: (f?.n ?? 0) + 1 }));
    },
    render(banner) {
      if (failure) return <ErrorSummary items={[{ text: failure.text }]} focusKey={failure.n} />;
      if (!done) return null;
      const { heading, body } = banner(done.what);
      return (
        <NotificationBanner type="success" heading={heading} focusKey={`${done.what}-${done.n}`}>
          <p className="govuk-body">{body}</p>
        </NotificationBanner>
      );
    },
  };
}
