/**
 * The return form's state: every field as the text the user typed, and what to show of the shared
 * rules' issues while they type.
 */

import { FIGURE_FIELDS } from '@csc-workforce/metrics-core';
import type { Issue, ReturnFieldName, ReturnFigures } from '@csc-workforce/schemas';
import { isSingleValueRule, isSubmitOnlyRule } from '@csc-workforce/schemas/constants';

/** The form's values: each figure and the comment, as typed. */
export type FormValues = { [K in ReturnFieldName]: string };

/** Every field of the form, figures in form order and then the comment. */
export const FORM_FIELDS: readonly ReturnFieldName[] = [...FIGURE_FIELDS, 'comment'];

/** The text of a stored figure: plain digits, never a locale format, so it reads back the same. */
export function figureText(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/** The form's values for stored figures (blank for a figure not given). */
export function valuesFromFigures(figures: ReturnFigures | null | undefined): FormValues {
  const values = {} as FormValues;
  for (const field of FIGURE_FIELDS) values[field] = figureText(figures?.[field]);
  values.comment = typeof figures?.comment === 'string' ? figures.comment : '';
  return values;
}

/** Whether the values differ from the saved ones, ignoring spaces around them. */
export function isDirty(values: FormValues, saved: FormValues): boolean {
  return FORM_FIELDS.some((field) => values[field].trim() !== saved[field].trim());
}

/** Errors that stop even a draft from being saved (not a number, negative, not whole, too large, comment too long). */
export function blocksSaving(issue: Issue): boolean {
  return isSingleValueRule(issue.code);
}

/**
 * The issues to show beside the fields as the user types: every error in the figures given, but
 * "missing" ones (E001) and the comment a warning needs (E022) only once the user tries to submit,
 * so an empty form does not open full of errors.
 */
export function visibleIssues(issues: readonly Issue[], submitting: boolean): readonly Issue[] {
  return submitting ? issues : issues.filter((issue) => !isSubmitOnlyRule(issue.code));
}

/** The first issue of each field, keyed by field: one message per field, as GOV.UK asks. */
export function firstIssueByField(issues: readonly Issue[]): Map<string, Issue> {
  const byField = new Map<string, Issue>();
  for (const issue of issues) if (!byField.has(issue.field)) byField.set(issue.field, issue);
  return byField;
}

/**
 * The figures to send: what the rules read as numbers, and the comment when it is not blank.
 * Figures left blank are sent as absent (a blank is never 0).
 */
export function figuresToSend(parsed: { readonly [key: string]: number | string | undefined }): ReturnFigures {
  const figures: Record<string, number | string> = {};
  for (const field of FIGURE_FIELDS) {
    const value = parsed[field];
    if (typeof value === 'number') figures[field] = value;
  }
  if (typeof parsed.comment === 'string' && parsed.comment.trim() !== '') figures.comment = parsed.comment.trim();
  return figures as ReturnFigures;
}

/** The field a problem error of the API points at: `figures.leaversFte` → `leaversFte`. */
export function fieldOfProblemError(path: string | undefined): string | undefined {
  if (!path) return undefined;
  return path.startsWith('figures.') ? path.slice('figures.'.length) : path;
}
