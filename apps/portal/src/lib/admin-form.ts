/** What the administration's forms share: errors by field, from the shared schemas or the API's problems. */
import { isProblem } from '../api/client';

/** One message per field, the first. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The first issue of each field of a schema's result (`path[0]`); issues of no known field in `other`. */
export function issuesByField<F extends string>(
  issues: readonly IssueLike[],
  fields: readonly F[],
): { fields: FieldErrors<F>; other: string[] } {
  const out: FieldErrors<F> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '') as F;
    if (fields.includes(field)) out[field] ??= issue.message;
    else other.push(issue.message);
  }
  return { fields: out, other };
}

/**
 * What a refused request says, for a form: the errors of its fields (from the problem's `errors`),
 * and a message for the rest (the problem's detail, or why it could not be sent).
 */
export function problemByField<F extends string>(
  error: unknown,
  fields: readonly F[],
): { fields: FieldErrors<F>; message?: string } {
  if (!isProblem(error)) return { fields: {}, message: 'Something went wrong. Try again.' };
  const found = issuesByField(
    error.errors.map((e) => ({ path: [e.field ?? ''], message: e.message })),
    fields,
  );
  if (Object.keys(found.fields).length > 0 && found.other.length === 0) return { fields: found.fields };
  return { fields: found.fields, message: found.other[0] ?? error.detail ?? error.title };
}
