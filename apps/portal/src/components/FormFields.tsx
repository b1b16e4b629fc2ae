/**
 * The portal's GOV.UK form fields, the only place their markup is written: a text input, a search box,
 * a textarea (with a character count), a select, radios (with the conditional field of the chosen one),
 * checkboxes, a date input and a file upload. Each has its label (or legend), hint and error message
 * tied to the control by aria-describedby, and the error styles of its form group, as the design
 * system asks; and the fieldset that groups several fields. A control is controlled (`value` and `onChange`) or read from its form (`defaultValue`
 * and `name`).
 */
import { Fragment, type ReactNode, type Ref } from 'react';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { WarningText } from './WarningText';

/** How large a label or legend is: GOV.UK's s, m, l, or the body size. */
export type LabelSize = 's' | 'm' | 'l' | 'body';

interface FieldProps {
  readonly id: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  /** The label's size; `s` unless said. */
  readonly size?: LabelSize;
  /** The label is also the heading of its section (GOV.UK's label wrapper). */
  readonly heading?: 'h1' | 'h2';
}

/** A control whose value the page holds, or one read from its form when it is sent. */
type Controlled<V> =
  | { readonly value: V; readonly onChange: (value: V) => void; readonly defaultValue?: never }
  | { readonly defaultValue?: V; readonly value?: never; readonly onChange?: never };

/** The class names that are set, joined. */
const classes = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

/** The ids a control is described by: its hint, its error and anything else of the field; undefined for none. */
function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  return classes(...ids) || undefined;
}

const hintId = (id: string, hint: unknown) => (hint ? `${id}-hint` : undefined);
const errorId = (id: string, error: unknown) => (error ? `${id}-error` : undefined);

function Hint({ id, hint }: { readonly id: string; readonly hint: ReactNode }) {
  return hint ? (
    <div id={`${id}-hint`} className="govuk-hint">
      {hint}
    </div>
  ) : null;
}

/** A GOV.UK error message; `id` is its own (a field's is `${field}-error`). */
export function ErrorMessage({ id, error }: { readonly id: string; readonly error: string | undefined }) {
  return error ? (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

function Label({ id, label, size = 's', heading: Heading }: Omit<FieldProps, 'error' | 'hint'>) {
  const element = (
    <label className={classes('govuk-label', size !== 'body' && `govuk-label--${size}`)} htmlFor={id}>
      {label}
    </label>
  );
  return Heading ? <Heading className="govuk-label-wrapper">{element}</Heading> : element;
}

/** The form group of one control: its label, hint and error message, then the control. */
function Group({ children, ...field }: FieldProps & { readonly children: ReactNode }) {
  return (
    <div className={classes('govuk-form-group', field.error && 'govuk-form-group--error')}>
      <Label id={field.id} label={field.label} size={field.size} heading={field.heading} />
      <Hint id={field.id} hint={field.hint} />
      <ErrorMessage id={`${field.id}-error`} error={field.error} />
      {children}
    </div>
  );
}

/** The form group of several controls: a fieldset with its legend, hint and error message. */
function FieldsetGroup({
  id,
  legend,
  size = 's',
  hint,
  error,
  children,
}: Omit<FieldProps, 'label' | 'heading'> & { readonly legend: ReactNode; readonly children: ReactNode }) {
  return (
    <div className={classes('govuk-form-group', error && 'govuk-form-group--error')}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(hintId(id, hint), errorId(id, error))}>
        <legend className={classes('govuk-fieldset__legend', size !== 'body' && `govuk-fieldset__legend--${size}`)}>
          {legend}
        </legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={`${id}-error`} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

/** The props a controlled or form-read control passes on to its element. */
function valueProps<E extends { value: string }>(control: Controlled<string>) {
  return control.onChange
    ? { value: control.value, onChange: (event: { target: E }) => control.onChange?.(event.target.value) }
    : { defaultValue: control.defaultValue };
}

/**
 * A fieldset of several fields under one legend (a section of a form), such as the figures of a
 * return's group: the legend is the section's heading when `heading` is given.
 */
export function Fieldset({
  legend,
  size = 's',
  heading: Heading,
  className,
  formGroup,
  children,
}: {
  readonly legend: ReactNode;
  readonly size?: LabelSize;
  readonly heading?: 'h1' | 'h2';
  /** An app class of the fieldset. */
  readonly className?: string;
  /** In a form group (spaced as one), with this class too ('' for none). */
  readonly formGroup?: string;
  readonly children: ReactNode;
}) {
  const fieldset = (
    <fieldset className={classes('govuk-fieldset', className)}>
      <legend className={classes('govuk-fieldset__legend', size !== 'body' && `govuk-fieldset__legend--${size}`)}>
        {Heading ? <Heading className="govuk-fieldset__heading">{legend}</Heading> : legend}
      </legend>
      {children}
    </fieldset>
  );
  return formGroup === undefined ? fieldset : <div className={classes('govuk-form-group', formGroup)}>{fieldset}</div>;
}

type TextFieldProps = FieldProps &
  Controlled<string> & {
    readonly name?: string;
    readonly type?: 'text' | 'email' | 'password' | 'search' | 'date';
    readonly autoComplete?: string;
    /** A GOV.UK width class, such as govuk-input--width-10 or govuk-!-width-two-thirds. */
    readonly width?: string;
    readonly spellCheck?: boolean;
    readonly inputMode?: 'decimal' | 'numeric';
    readonly maxLength?: number;
    /** Shown before the input, such as "£". */
    readonly prefix?: string;
    /** Shown after the input, such as "%". */
    readonly suffix?: string;
    /** A warning about the value (GOV.UK warning text), between the error message and the input. */
    readonly warning?: string | undefined;
    /** Shown after the input and read with it, such as the previous quarter's figure; needs `afterId`. */
    readonly after?: ReactNode;
    /** The id of the element `after` renders, for aria-describedby. */
    readonly afterId?: string;
  };

export function TextField({
  name,
  type = 'text',
  autoComplete,
  width,
  spellCheck,
  inputMode,
  maxLength,
  prefix,
  suffix,
  warning,
  after,
  afterId,
  ...props
}: TextFieldProps) {
  const { id, hint, error } = props;
  const input = (
    <input
      className={classes('govuk-input', width, error && 'govuk-input--error')}
      id={id}
      name={name ?? id}
      type={type}
      autoComplete={autoComplete}
      spellCheck={spellCheck}
      inputMode={inputMode}
      maxLength={maxLength}
      aria-describedby={describedBy(
        hintId(id, hint),
        errorId(id, error),
        warning && `${id}-warning`,
        after ? afterId : undefined,
      )}
      {...valueProps<HTMLInputElement>(props)}
    />
  );
  return (
    <Group {...props}>
      {warning ? <WarningText id={`${id}-warning`}>{warning}</WarningText> : null}
      {prefix || suffix ? (
        <div className="govuk-input__wrapper">
          {prefix ? (
            <div className="govuk-input__prefix" aria-hidden="true">
              {prefix}
            </div>
          ) : null}
          {input}
          {suffix ? (
            <div className="govuk-input__suffix" aria-hidden="true">
              {suffix}
            </div>
          ) : null}
        </div>
      ) : (
        input
      )}
      {after}
    </Group>
  );
}

type SearchFieldProps = Omit<FieldProps, 'error'> & {
  readonly name: string;
  readonly defaultValue?: string;
  /** The text of the button beside the box, which sends its form. */
  readonly button: string;
};

/** A search box with its button beside it, read from its form. */
export function SearchField({ name, defaultValue, button, ...props }: SearchFieldProps) {
  const { id, hint } = props;
  return (
    <Group {...props}>
      <div className="app-search">
        <input
          className="govuk-input app-search__input"
          id={id}
          name={name}
          type="search"
          defaultValue={defaultValue}
          aria-describedby={describedBy(hintId(id, hint))}
        />
        <button type="submit" className="govuk-button app-search__button">
          {button}
        </button>
      </div>
    </Group>
  );
}

/** "You have 12 characters remaining", or too many. */
export function charactersLeftText(left: number): string {
  return left < 0
    ? `You have ${(-left).toLocaleString('en-GB')} characters too many`
    : `You have ${left.toLocaleString('en-GB')} characters remaining`;
}

function CharacterCount({ id, left }: { readonly id: string; readonly left: number }) {
  const text = charactersLeftText(left);
  const announced = useDebouncedValue(text, 1000);
  return (
    <>
      <div id={`${id}-count`} className={left < 0 ? 'govuk-error-message' : 'govuk-hint'}>
        {text}
      </div>
      {/* As GOV.UK's character count: screen readers hear the count once typing pauses, not at every key. */}
      <div className="govuk-visually-hidden" aria-live="polite">
        {announced}
      </div>
    </>
  );
}

type TextareaFieldProps = FieldProps & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly rows?: number;
  readonly maxLength?: number;
  /** The most characters the trimmed text may have: the count of what is left shows under the box. */
  readonly characterCount?: number;
};

export function TextareaField({ value, onChange, rows = 5, maxLength, characterCount, ...props }: TextareaFieldProps) {
  const { id, hint, error } = props;
  const left = characterCount === undefined ? undefined : characterCount - value.trim().length;
  return (
    <Group {...props}>
      <textarea
        className={classes('govuk-textarea', (error || (left !== undefined && left < 0)) && 'govuk-textarea--error')}
        id={id}
        name={id}
        rows={rows}
        maxLength={maxLength}
        value={value}
        aria-describedby={describedBy(hintId(id, hint), errorId(id, error), left !== undefined && `${id}-count`)}
        onChange={(event) => onChange(event.target.value)}
      />
      {left === undefined ? null : <CharacterCount id={id} left={left} />}
    </Group>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

type SelectFieldProps = FieldProps &
  Controlled<string> & {
    readonly name?: string;
    readonly options: readonly Option[];
    /** The first option, for "none chosen" (value ''). */
    readonly placeholder?: string;
    /** A GOV.UK or app class for the select's width, such as app-full-width. */
    readonly width?: string;
    /** Beside the select, in its form group: the button that sends a one-field form. */
    readonly after?: ReactNode;
  };

export function SelectField({ name, options, placeholder, width, after, ...props }: SelectFieldProps) {
  const { id, hint, error } = props;
  return (
    <Group {...props}>
      <select
        className={classes('govuk-select', width, error && 'govuk-select--error')}
        id={id}
        name={name ?? id}
        aria-describedby={describedBy(hintId(id, hint), errorId(id, error))}
        {...valueProps<HTMLSelectElement>(props)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {after ? <> {after}</> : null}
    </Group>
  );
}

export interface ChoiceOption extends Option {
  readonly hint?: string | undefined;
}

export interface RadioOption extends ChoiceOption {
  /** Shown under the option while it is chosen (GOV.UK conditional reveal). */
  readonly conditional?: ReactNode;
}

interface ChoicesProps {
  readonly id: string;
  readonly legend: ReactNode;
  readonly size?: LabelSize;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
}

/** One radio or checkbox with its label and hint; the first option's id is the field's, so an error summary can link to it. */
function Choice({
  kind,
  name,
  optionId,
  option,
  checked,
  onChange,
}: {
  readonly kind: 'radios' | 'checkboxes';
  readonly name: string;
  readonly optionId: string;
  readonly option: ChoiceOption;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  return (
    <div className={`govuk-${kind}__item`}>
      <input
        className={`govuk-${kind}__input`}
        id={optionId}
        name={name}
        type={kind === 'radios' ? 'radio' : 'checkbox'}
        value={option.value}
        checked={checked}
        aria-describedby={option.hint ? `${optionId}-item-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label className={`govuk-label govuk-${kind}__label`} htmlFor={optionId}>
        {option.label}
      </label>
      {option.hint ? (
        <div id={`${optionId}-item-hint`} className={`govuk-hint govuk-${kind}__hint`}>
          {option.hint}
        </div>
      ) : null}
    </div>
  );
}

const optionIdOf = (id: string, value: string, index: number) => (index === 0 ? id : `${id}-${value}`);

interface RadiosFieldProps extends ChoicesProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly RadioOption[];
  readonly inline?: boolean;
}

/** Radios in a fieldset; the first radio's id is `id`, so an error summary can link to it. */
export function RadiosField({ value, onChange, options, inline = false, ...group }: RadiosFieldProps) {
  return (
    <FieldsetGroup {...group}>
      <div className={classes('govuk-radios', inline && 'govuk-radios--inline')}>
        {options.map((option, i) => {
          const checked = option.value === value;
          return (
            <Fragment key={option.value}>
              <Choice
                kind="radios"
                name={group.id}
                optionId={optionIdOf(group.id, option.value, i)}
                option={option}
                checked={checked}
                onChange={() => onChange(option.value)}
              />
              {option.conditional && checked ? (
                <div className="govuk-radios__conditional">{option.conditional}</div>
              ) : null}
            </Fragment>
          );
        })}
      </div>
    </FieldsetGroup>
  );
}

interface CheckboxesFieldProps extends ChoicesProps {
  readonly values: readonly string[];
  readonly onChange: (values: readonly string[]) => void;
  readonly options: readonly ChoiceOption[];
  readonly small?: boolean;
}

/** Checkboxes in a fieldset; the first box's id is `id`, so an error summary can link to it. */
export function CheckboxesField({ values, onChange, options, small = false, ...group }: CheckboxesFieldProps) {
  return (
    <FieldsetGroup {...group}>
      <div className={classes('govuk-checkboxes', small && 'govuk-checkboxes--small')}>
        {options.map((option, i) => (
          <Choice
            key={option.value}
            kind="checkboxes"
            name={group.id}
            optionId={optionIdOf(group.id, option.value, i)}
            option={option}
            checked={values.includes(option.value)}
            onChange={(checked) =>
              onChange(checked ? [...values, option.value] : values.filter((v) => v !== option.value))
            }
          />
        ))}
      </div>
    </FieldsetGroup>
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

/** A field of a date input. */
export type DatePart = keyof DateParts;

const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];

/** What is wrong with a date input: the message, and the fields to mark (GOV.UK marks only those). */
export interface DateError {
  readonly error: string;
  readonly parts: readonly DatePart[];
}

/**
 * The `YYYY-MM-DD` of a date input, null when it is left empty, or what is wrong (in GOV.UK's words)
 * and which of its fields are wrong: those missing, those not numbers, a month past 12, a day past
 * the month's last.
 */
export function readDate(parts: DateParts, what: string): { date: string | null } | DateError {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { date: null };
  const missing = DATE_PARTS.filter((part) => !{ day, month, year }[part]);
  if (missing.length > 0) {
    return { error: `${what} must include a ${missing.join(' and ')}`, parts: missing };
  }
  const malformed = DATE_PARTS.filter(
    (part) => !(part === 'year' ? /^\d{4}$/ : /^\d{1,2}$/).test({ day, month, year }[part]),
  );
  if (malformed.length > 0) return { error: `${what} must be a real date`, parts: malformed };
  if (Number(month) < 1 || Number(month) > 12) return { error: `${what} must be a real date`, parts: ['month'] };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return { error: `${what} must be a real date`, parts: ['day'] };
  }
  return { date: iso };
}

/** The id of a date input's field: the day's is the input's own, the others `${id}-month` and `${id}-year`. */
export function datePartId(id: string, part: DatePart): string {
  return part === 'day' ? id : `${id}-${part}`;
}

/** Where an error summary links for a date input's error: its first wrong field (the day when not said). */
export function dateErrorTarget(id: string, parts?: readonly DatePart[]): string {
  return `#${datePartId(id, parts?.[0] ?? 'day')}`;
}

interface DateFieldProps extends ChoicesProps {
  readonly value: DateParts;
  readonly onChange: (value: DateParts) => void;
  /** The fields the error is about, marked as wrong; all three when not said. */
  readonly errorParts?: readonly DatePart[] | undefined;
}

/** A GOV.UK date input; the day's id is `id` (for an error summary's link), the others `${id}-month` and `${id}-year`. */
export function DateField({ value, onChange, errorParts, ...group }: DateFieldProps) {
  const { id, error } = group;
  const wrong = (name: DatePart) => Boolean(error) && (errorParts ?? DATE_PARTS).includes(name);
  const part = (name: DatePart, label: string, width: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={datePartId(id, name)}>
          {label}
        </label>
        <input
          className={classes('govuk-input govuk-date-input__input', width, wrong(name) && 'govuk-input--error')}
          id={datePartId(id, name)}
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
    <FieldsetGroup {...group}>
      <div className="govuk-date-input">
        {part('day', 'Day', 'govuk-input--width-2')}
        {part('month', 'Month', 'govuk-input--width-2')}
        {part('year', 'Year', 'govuk-input--width-4')}
      </div>
    </FieldsetGroup>
  );
}

type FileFieldProps = FieldProps & {
  readonly name?: string;
  /** The file types offered, such as `.csv,text/csv`. */
  readonly accept: string;
  /** The input, to read its file when the form is sent and to clear it after. */
  readonly inputRef: Ref<HTMLInputElement>;
};

/** A GOV.UK file upload, read from its form. */
export function FileField({ name, accept, inputRef, ...props }: FileFieldProps) {
  const { id, hint, error } = props;
  return (
    <Group {...props}>
      <input
        ref={inputRef}
        className={classes('govuk-file-upload', error && 'govuk-file-upload--error')}
        id={id}
        name={name ?? id}
        type="file"
        accept={accept}
        aria-describedby={describedBy(hintId(id, hint), errorId(id, error))}
      />
    </Group>
  );
}
