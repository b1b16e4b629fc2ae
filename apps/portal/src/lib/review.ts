/**
 * What a regional lead reads when reviewing a return: its figures beside another set (the previous
 * quarter's return, or another revision), field by field.
 */
import { type FieldKind, fieldsInGroup, RETURN_GROUPS, type ReturnFigures } from '@csc-workforce/schemas';

/** One field of two sets of figures. */
export interface FigureChange {
  readonly field: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly before: number | null;
  readonly after: number | null;
  /** `after − before` when both are numbers. */
  readonly difference: number | null;
  /** The change as a percentage of `before` (null when `before` is 0 or missing). */
  readonly percent: number | null;
}

const FIELDS = RETURN_GROUPS.flatMap((group) => fieldsInGroup(group.id));

const figureOf = (figures: ReturnFigures | null | undefined, field: string): number | null => {
  const value = (figures as Record<string, unknown> | null | undefined)?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/**
 * Every field of the return, in the form's order, with its value in `before` and `after`.
 * @param onlyChanged - leave out fields whose value is the same in both.
 */
export function figureChanges(
  before: ReturnFigures | null | undefined,
  after: ReturnFigures | null | undefined,
  onlyChanged = false,
): FigureChange[] {
  const out: FigureChange[] = [];
  for (const field of FIELDS) {
    const a = figureOf(before, field.name);
    const b = figureOf(after, field.name);
    if (onlyChanged && a === b) continue;
    const difference = a !== null && b !== null ? Math.round((b - a) * 1000) / 1000 : null;
    out.push({
      field: field.name,
      label: field.label,
      kind: field.kind,
      before: a,
      after: b,
      difference,
      percent: difference !== null && a !== null && a !== 0 ? (difference / Math.abs(a)) * 100 : null,
    });
  }
  return out;
}

/** Whether the comments of two sets of figures differ. */
export const commentChanged = (before: ReturnFigures | null | undefined, after: ReturnFigures | null | undefined) =>
  (before?.comment ?? '') !== (after?.comment ?? '');

const SIGNED = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const PERCENT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0, signDisplay: 'exceptZero' });

/** A change for people: "+12 (+5%)", "−3.5", "0", or "" when it cannot be worked out. */
export function changeLabel(change: Pick<FigureChange, 'difference' | 'percent'>): string {
  if (change.difference === null) return '';
  const main = SIGNED.format(change.difference).replace('-', '−');
  return change.percent === null || change.difference === 0
    ? main
    : `${main} (${PERCENT.format(change.percent).replace('-', '−')}%)`;
}
