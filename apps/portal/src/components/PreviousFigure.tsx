import type { FieldKind } from '@csc-workforce/schemas';
import { formatFigure } from './FiguresSummary';

/** The previous quarter's return, as the API answers it beside a return. */
export interface PreviousReturn {
  readonly period: string;
  readonly figures: { readonly [field: string]: unknown };
}

/** A figure as typed, as a number: null when empty or not a number. */
export function typedNumber(text: string | undefined): number | null {
  const cleaned = (text ?? '').replace(/[£,\s]/g, '');
  if (cleaned === '') return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

/** The change from last quarter's figure to this one: "up 4.4", "down £1,200", "no change", or "". */
export function changeText(now: number | null, before: number | null, kind: FieldKind): string {
  if (now === null || before === null) return '';
  const difference = Math.round((now - before) * 100) / 100;
  if (difference === 0) return 'no change';
  return `${difference > 0 ? 'up' : 'down'} ${formatFigure(Math.abs(difference), kind)}`;
}

/** Last quarter's figure of a field, or null when it was not given. */
export function previousValue(previous: PreviousReturn | null, field: string): number | null {
  const value = previous?.figures[field];
  return typeof value === 'number' ? value : null;
}

/** "Last quarter: 370.6 — up 4.4" under a figure of the return form, updated as the user types. */
export function PreviousFigure({
  id,
  previous,
  field,
  kind,
  value,
}: {
  readonly id: string;
  readonly previous: PreviousReturn;
  readonly field: string;
  readonly kind: FieldKind;
  readonly value: string;
}) {
  const before = previousValue(previous, field);
  const change = changeText(typedNumber(value), before, kind);
  return (
    <p className="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0 app-previous-figure" id={id}>
      Last quarter: {before === null ? 'not given' : formatFigure(before, kind)}
      {change ? ` — ${change}` : ''}
    </p>
  );
}
