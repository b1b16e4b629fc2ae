/**
 * A submitter sets (or changes) their authority's target for one metric: the value, the quarter to
 * reach it by and an optional note, checked in the browser with the shared schema and range (the
 * server checks them again; what it refuses is shown by field, the same way). Loaded lazily, and only
 * for submitters: nobody else's page carries the schemas' code.
 */
import { TARGET_TOLERANCE } from '@csc-workforce/metrics-core';
import {
  MAX_TARGET_NOTE,
  type MetricInfo,
  type Target,
  type TargetInput,
  type TargetProgress,
  targetInputSchema,
  targetProblems,
  targetRange,
} from '@csc-workforce/schemas';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useSetTarget } from '../../api/mutations';
import { useFormErrors } from '../../components/FormErrors';
import { SelectField, TextareaField, TextField } from '../../components/FormFields';
import { differenceText } from '../../lib/compare';
import { targetQuarters } from '../../lib/targets';

const FIELDS = ['value', 'by', 'note'] as const;

/** What the value field asks for: its range, and which side of the target counts as meeting it. */
function valueHint(metric: MetricInfo): string {
  const { min, max } = targetRange(metric.id);
  const range =
    metric.unit === 'percent'
      ? `A percentage from ${min} to ${max}, such as 12.5.`
      : metric.unit === 'ratio'
        ? `A number from ${min}, such as 15.`
        : 'A number of FTE, such as 5 or -2.';
  const side =
    metric.polarity === 'lower'
      ? ' Lower is better: the target is met at or below it.'
      : metric.polarity === 'higher'
        ? ' Higher is better: the target is met at or above it.'
        : ` The target is met within ${differenceText(TARGET_TOLERANCE[metric.unit], metric.unit)} of it.`;
  return range + side;
}

/** The value as typed, read as a number ("12.5", "12.5%", "1,200"); NaN when it is not one. */
function readValue(text: string): number {
  const cleaned = text.trim().replace(/,/g, '').replace(/%$/, '').trim();
  return cleaned === '' ? Number.NaN : Number(cleaned);
}

export function TargetForm({
  authority,
  metric,
  period,
  current,
  onDone,
  onCancel,
}: {
  readonly authority: string;
  readonly metric: MetricInfo;
  /** The quarter viewed: the first the target can be set for. */
  readonly period: string;
  readonly current: TargetProgress | null;
  readonly onDone: (saved: Target) => void;
  readonly onCancel: () => void;
}) {
  const save = useSetTarget(authority, metric.id);
  const form = useFormErrors(FIELDS, 'target-');
  const [value, setValue] = useState(current ? String(current.value) : '');
  const [by, setBy] = useState(current?.by ?? '');
  const [note, setNote] = useState(current?.note ?? '');
  const first = useRef<HTMLDivElement>(null);
  // The form opens from a button: take the user to its first field.
  useEffect(() => {
    first.current?.querySelector('input')?.focus();
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = { value: readValue(value), by, note: note.trim() === '' ? null : note };
    const result = targetInputSchema.safeParse(input);
    const replace = {
      ...(value.trim() === '' ? { value: 'Enter the target' } : {}),
      ...(by === '' ? { by: 'Choose the quarter to reach the target by' } : {}),
    };
    // Every problem at once: the shape's, and a value the metric cannot take.
    const issues = [
      ...(result.success ? [] : result.error.issues),
      ...(Number.isFinite(input.value)
        ? // It reads the value only: the quarter may still be unchosen.
          targetProblems(metric.id, { ...input, by: input.by as TargetInput['by'] }).map((p) => ({
            path: [p.field],
            message: p.message,
          }))
        : []),
    ];
    if (!result.success || issues.length > 0) {
      form.failIssues(issues, replace);
      return;
    }
    save.mutate(result.data, form.handlers(onDone));
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      {form.summary}
      <div ref={first}>
        <TextField
          id="target-value"
          label={`Target for ${metric.label.toLowerCase()}`}
          hint={valueHint(metric)}
          width="govuk-input--width-5"
          inputMode="decimal"
          spellCheck={false}
          suffix={metric.unit === 'percent' ? '%' : metric.unit === 'fte' ? 'FTE' : undefined}
          value={value}
          error={form.errors.value}
          onChange={setValue}
        />
      </div>
      <SelectField
        id="target-by"
        label="Reach it by the end of"
        hint="The quarter by whose end the target is to be met."
        placeholder="Choose a quarter"
        options={targetQuarters(period, current?.by)}
        value={by}
        error={form.errors.by}
        onChange={setBy}
      />
      <TextareaField
        id="target-note"
        label="Note (optional)"
        hint="Where the target comes from, such as a review or a workforce plan. Your region’s lead sees it too."
        rows={3}
        characterCount={MAX_TARGET_NOTE}
        value={note}
        error={form.errors.note}
        onChange={setNote}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={save.isPending}>
          Save the target
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
