/**
 * GOV.UK form fields for the administration's forms: a text input, a select, radios (with the
 * conditional field of the chosen one) and a date input, each with its label, hint and error message
 * tied to the control (aria-describedby), as the design system asks.
 */
import { Fragment, type ReactNode } from 'react';

interface FieldProps {
  readonly id: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
}

/** The ids the control is described by: its hint and its error. */
function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Hint({ id, hint }: { readonly id: string; readonly hint: ReactNode }) {
  return hint ? (
    <div id={`${id}-hint`} className="govuk-hint">
      {hint}
    </div>
  ) : null;
}

function ErrorMessage({ id, error }: { readonly id: string; readonly error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

/** A form group of one control: its label, hint and error message, then the control. */
function Group({
  id,
  label,
  hint,
  error,
  labelClassName,
  children,
}: FieldProps & { readonly labelClassName: string; readonly children: ReactNode }) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label ${labelClassName}`} htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorMessage id={id} error={error} />
      {children}
    </div>
  );
}

interface TextFieldProps extends FieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: 'text' | 'email' | 'password' | 'search';
  readonly autoComplete?: string;
  /** A GOV.UK width class, such as govuk-input--width-10 or govuk-!-width-two-thirds. */
  readonly width?: string;
  readonly spellCheck?: boolean;
  readonly labelClassName?: string;
}

export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  type = 'text',
  autoComplete,
  width,
  spellCheck,
  labelClassName = 'govuk-label--s',
}: TextFieldProps) {
  return (
    <Group id={id} label={label} hint={hint} error={error} labelClassName={labelClassName}>
      <input
        className={`govuk-input${width ? ` ${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </Group>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

interface SelectFieldProps extends FieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly Option[];
  /** The first option, for "none chosen" (value ''). */
  readonly placeholder?: string;
  readonly labelClassName?: string;
}

export function SelectField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
  placeholder,
  labelClassName = 'govuk-label--s',
}: SelectFieldProps) {
  return (
    <Group id={id} label={label} hint={hint} error={error} labelClassName={labelClassName}>
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Group>
  );
}

export interface RadioOption extends Option {
  readonly hint?: string;
  /** Shown under the option while it is chosen (GOV.UK conditional reveal). */
  readonly conditional?: ReactNode;
}

interface RadiosFieldProps extends Omit<FieldProps, 'label'> {
  readonly legend: ReactNode;
  readonly legendClassName?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly RadioOption[];
  readonly inline?: boolean;
}

/** Radios in a fieldset; the first radio's id is `id`, so an error summary can link to it. */
export function RadiosField({
  id,
  legend,
  legendClassName = 'govuk-fieldset__legend--s',
  hint,
  error,
  value,
  onChange,
  options,
  inline = false,
}: RadiosFieldProps) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className={`govuk-fieldset__legend ${legendClassName}`}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        <div className={`govuk-radios${inline ? ' govuk-radios--inline' : ''}`}>
          {options.map((option, i) => {
            const optionId = i === 0 ? id : `${id}-${option.value}`;
            const checked = option.value === value;
            return (
              <Fragment key={option.value}>
                <div className="govuk-radios__item">
                  <input
                    className="govuk-radios__input"
                    id={optionId}
                    name={id}
                    type="radio"
                    value={option.value}
                    checked={checked}
                    aria-describedby={option.hint ? `${optionId}-item-hint` : undefined}
                    onChange={() => onChange(option.value)}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={optionId}>
                    {option.label}
                  </label>
                  {option.hint ? (
                    <div id={`${optionId}-item-hint`} className="govuk-hint govuk-radios__hint">
                      {option.hint}
                    </div>
                  ) : null}
                </div>
                {option.conditional && checked ? (
                  <div className="govuk-radios__conditional">{option.conditional}</div>
                ) : null}
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** A date as the three fields of a GOV.UK date input. */
export interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** The parts of a `YYYY-MM-DD` date, or empty ones. */
export function dateParts(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return EMPTY_DATE;
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] as string };
}

/**
 * The `YYYY-MM-DD` of a date input, null when it is left empty, or the message of what is wrong
 * (in GOV.UK's words).
 */
export function readDate(parts: DateParts, what: string): { date: string | null } | { error: string } {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { date: null };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean);
  if (missing.length > 0) return { error: `${what} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `${what} must be a real date` };
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return { error: `${what} must be a real date` };
  }
  return { date: iso };
}

interface DateFieldProps extends Omit<FieldProps, 'label'> {
  readonly legend: ReactNode;
  readonly value: DateParts;
  readonly onChange: (value: DateParts) => void;
}

/** A GOV.UK date input; the day's id is `id` (for an error summary's link), the others `${id}-month` and `${id}-year`. */
export function DateField({ id, legend, hint, error, value, onChange }: DateFieldProps) {
  const part = (name: keyof DateParts, label: string, width: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={name === 'day' ? id : `${id}-${name}`}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input ${width}${error ? ' govuk-input--error' : ''}`}
          id={name === 'day' ? id : `${id}-${name}`}
          name={`${id}-${name}`}
          type="text"
          inputMode="numeric"
          value={value[name]}
          onChange={(event) => onChange({ ...value, [name]: event.target.value })}
        />
      </div>
    </div>
  );
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        <div className="govuk-date-input">
          {part('day', 'Day', 'govuk-input--width-2')}
          {part('month', 'Month', 'govuk-input--width-2')}
          {part('year', 'Year', 'govuk-input--width-4')}
        </div>
      </fieldset>
    </div>
  );
}
