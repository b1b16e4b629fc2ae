import type { ChangeEvent } from 'react';
import { WarningText } from './WarningText';

interface FigureInputProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly value: string;
  readonly onChange: (id: string, value: string) => void;
  readonly error?: string | undefined;
  readonly warning?: string | undefined;
  /** A GOV.UK width class suffix: 5, 10 or 20 characters. */
  readonly width?: 4 | 5 | 10 | 20;
  /** Shown before the input, such as "£". */
  readonly prefix?: string;
  readonly optional?: boolean;
}

/**
 * A GOV.UK text input for a figure: `inputmode="decimal"` (not type=number, which mangles what people
 * type), its hint, inline error and warning linked by aria-describedby.
 */
export function FigureInput({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  warning,
  width = 10,
  prefix,
  optional = false,
}: FigureInputProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const warningId = warning ? `${id}-warning` : undefined;
  const describedBy = [hintId, errorId, warningId].filter(Boolean).join(' ') || undefined;
  const inputClass = `govuk-input govuk-input--width-${width}${error ? ' govuk-input--error' : ''}`;
  const input = (
    <input
      className={inputClass}
      id={id}
      name={id}
      type="text"
      inputMode="decimal"
      spellCheck={false}
      autoComplete="off"
      value={value}
      aria-describedby={describedBy}
      onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(id, event.target.value)}
    />
  );
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
        {optional ? ' (optional)' : ''}
      </label>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {warning ? <WarningText id={warningId}>{warning}</WarningText> : null}
      {prefix ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">
            {prefix}
          </div>
          {input}
        </div>
      ) : (
        input
      )}
    </div>
  );
}
