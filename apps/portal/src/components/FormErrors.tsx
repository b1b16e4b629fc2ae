/**
 * The errors of an administration form: one message per field (from the shared schema in the browser,
 * or the API's problem), an optional message for the whole form, and the GOV.UK error summary that
 * links each to its field and takes focus on each failed attempt.
 */
import { type ReactNode, useState } from 'react';
import { type FieldErrors, issuesByField, problemByField } from '../lib/admin-form';
import { ErrorSummary } from './ErrorSummary';

interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** What a zod schema's `safeParse` returns. */
type CheckResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: { readonly issues: readonly IssueLike[] } };

export interface FormErrors<F extends string> {
  readonly errors: FieldErrors<F>;
  readonly failed: boolean;
  /** The error summary to show at the top of the page (null when there is nothing wrong). */
  readonly summary: ReactNode;
  /**
   * A schema's issues, with messages of the form's own that replace them (a field left empty), and the
   * ids the summary links to for fields of several inputs (a date's month when it is the month that is wrong).
   */
  failIssues(issues: readonly IssueLike[], replace?: FieldErrors<F>, targets?: Targets<F>): void;
  /** The checked value of a schema's result, or null after showing its issues. */
  check<T>(result: CheckResult<T>, replace?: FieldErrors<F>): T | null;
  /** A mutation's callbacks: on success the errors go and `then` runs; a refusal is shown. */
  handlers<R>(then: (result: R) => void): { onSuccess: (result: R) => void; onError: (error: unknown) => void };
  /** A refused request. */
  failProblem(error: unknown): void;
  clear(): void;
}

/** The id an error summary links to for a field, when it is not `${idPrefix}${field}`. */
type Targets<F extends string> = Partial<Record<F, string>>;

/** @param idPrefix - of the fields' ids, which the summary links to (`#${idPrefix}${field}`). */
export function useFormErrors<F extends string>(fields: readonly F[], idPrefix = ''): FormErrors<F> {
  const [state, setState] = useState<{
    fields: FieldErrors<F>;
    message?: string | undefined;
    targets?: Targets<F>;
    attempt: number;
  }>({ fields: {}, attempt: 0 });
  const failed = state.message !== undefined || Object.keys(state.fields).length > 0;
  const fail = (found: { fields: FieldErrors<F>; message?: string | undefined }, targets: Targets<F> = {}) =>
    setState((s) => ({ fields: found.fields, message: found.message, targets, attempt: s.attempt + 1 }));
  const failIssues = (issues: readonly IssueLike[], replace: FieldErrors<F> = {}, targets: Targets<F> = {}) => {
    const found = issuesByField(issues, fields);
    fail({ fields: { ...found.fields, ...replace }, message: found.other[0] }, targets);
  };
  const failProblem = (error: unknown) => fail(problemByField(error, fields));
  const clear = () => setState((s) => ({ fields: {}, attempt: s.attempt }));
  return {
    errors: state.fields,
    failed,
    summary: failed ? (
      <ErrorSummary
        focusKey={state.attempt}
        items={[
          ...(state.message ? [{ text: state.message }] : []),
          ...fields.flatMap((field) => {
            const text = state.fields[field];
            return text ? [{ text, href: `#${state.targets?.[field] ?? `${idPrefix}${field}`}` }] : [];
          }),
        ]}
      />
    ) : null,
    failIssues,
    check(result, replace) {
      if (result.success) return result.data;
      failIssues(result.error.issues, replace);
      return null;
    },
    handlers: (then) => ({
      onSuccess: (result) => {
        clear();
        then(result);
      },
      onError: failProblem,
    }),
    failProblem,
    clear,
  };
}
