/**
 * The quarterly return's figures (DESIGN section 4): the field table that drives the form, the
 * CSV/XLSX columns and the README, and the zod schema of the figures on the wire.
 *
 * @module
 */
import { FIGURE_FIELDS, type FigureField } from '@csc-workforce/metrics-core';
import { z } from 'zod';
import { describeInput, formatFigure, lowerFirst, safeText, unsafeTextProblem } from './text.js';

/**
 * What a figure counts, which decides whether it must be a whole number and how it reads:
 * `headcount` (people) and `cases` are whole numbers; `fte` (full-time equivalents), `days` (FTE
 * working days) and `money` (pounds) may have decimals.
 */
export type FieldKind = 'headcount' | 'cases' | 'fte' | 'days' | 'money';

/** The fieldsets of the return form, in the order the form shows them. */
export const RETURN_GROUPS = [
  { id: 'staff', title: 'Permanent and agency staff at quarter end' },
  { id: 'vacancies', title: 'Vacancies' },
  { id: 'caseloads', title: 'Caseloads' },
  { id: 'service', title: 'Length of service' },
  { id: 'starters', title: 'Starters in the quarter' },
  { id: 'leavers', title: 'Leavers in the quarter' },
  { id: 'sickness', title: 'Sickness absence' },
  { id: 'asye', title: 'ASYE' },
  { id: 'agencySpend', title: 'Agency spend' },
] as const;

/** The id of a fieldset in {@link RETURN_GROUPS}. */
export type ReturnGroupId = (typeof RETURN_GROUPS)[number]['id'];

/** A field of the return: a figure, or the free-text comment. */
export type ReturnFieldName = FigureField | 'comment';

/** Everything the form, the CSV import and the messages need to know about one figure. */
export interface ReturnField {
  /** The API's field name, as in `QuarterlyFigures`. */
  readonly name: FigureField;
  /** The CSV/XLSX column: the name in snake_case, such as `leavers_fte`. */
  readonly column: string;
  /** Short name for people, sentence case; used as the form label and in messages. */
  readonly label: string;
  /** One or two sentences saying what to count, shown under the label. */
  readonly hint: string;
  readonly kind: FieldKind;
  /** The fieldset of the form it belongs to. */
  readonly group: ReturnGroupId;
  /** Whether the return can be submitted without it (rule E001). */
  readonly required: boolean;
}

type FieldSpec = Omit<ReturnField, 'name' | 'column'>;

const BANDS_HINT = 'The five bands add up to the permanent headcount.';
const LEAVER_BANDS_HINT =
  "Optional. Leavers by their length of service in this authority; no more than the leavers' headcount.";
const ROUTE_HINT = "Optional split of starters by route; no more than the starters' headcount.";
const REASON_HINT = "Optional split of leavers by reason; no more than the leavers' headcount.";

const SPECS: { readonly [K in FigureField]: FieldSpec } = {
  permanentHeadcount: {
    label: 'Permanent headcount',
    hint: "Registered social workers employed in the authority's children's services on the last day of the quarter, counted as people.",
    kind: 'headcount',
    group: 'staff',
    required: true,
  },
  permanentFte: {
    label: 'Permanent FTE',
    hint: 'The same people as full-time equivalents (someone working 3 days of 5 counts as 0.6). No more than the headcount.',
    kind: 'fte',
    group: 'staff',
    required: true,
  },
  agencyHeadcount: {
    label: 'Agency headcount',
    hint: 'Agency (locum) social workers in post on the last day of the quarter, counted as people.',
    kind: 'headcount',
    group: 'staff',
    required: true,
  },
  agencyFte: {
    label: 'Agency FTE',
    hint: 'The same agency social workers as full-time equivalents. No more than their headcount.',
    kind: 'fte',
    group: 'staff',
    required: true,
  },
  vacanciesFte: {
    label: 'Vacancies FTE',
    hint: 'Funded posts with no permanent post-holder on the last day of the quarter, whether an agency worker covers them or not.',
    kind: 'fte',
    group: 'vacancies',
    required: true,
  },
  vacanciesCoveredByAgencyFte: {
    label: 'Vacancies covered by agency FTE',
    hint: 'Optional. The part of the vacancies that agency social workers cover.',
    kind: 'fte',
    group: 'vacancies',
    required: false,
  },
  caseHoldingFte: {
    label: 'Case-holding FTE',
    hint: 'FTE of the social workers, permanent and agency, who hold at least one case.',
    kind: 'fte',
    group: 'caseloads',
    required: true,
  },
  casesHeld: {
    label: 'Cases held',
    hint: "Children's cases allocated to those social workers on the last day of the quarter.",
    kind: 'cases',
    group: 'caseloads',
    required: true,
  },
  serviceUnder2Years: {
    label: "Under 2 years' service",
    hint: `Permanent social workers who have been with this authority for less than 2 years. ${BANDS_HINT}`,
    kind: 'headcount',
    group: 'service',
    required: true,
  },
  service2To5Years: {
    label: "2 to 5 years' service",
    hint: 'Permanent social workers with at least 2 and under 5 years in this authority.',
    kind: 'headcount',
    group: 'service',
    required: true,
  },
  service5To10Years: {
    label: "5 to 10 years' service",
    hint: 'Permanent social workers with at least 5 and under 10 years in this authority.',
    kind: 'headcount',
    group: 'service',
    required: true,
  },
  service10To20Years: {
    label: "10 to 20 years' service",
    hint: 'Permanent social workers with at least 10 and under 20 years in this authority.',
    kind: 'headcount',
    group: 'service',
    required: true,
  },
  service20PlusYears: {
    label: "20 or more years' service",
    hint: 'Permanent social workers with 20 years or more in this authority.',
    kind: 'headcount',
    group: 'service',
    required: true,
  },
  asyeHeadcount: {
    label: 'ASYE headcount',
    hint: 'Newly qualified social workers in their Assessed and Supported Year in Employment on the last day of the quarter.',
    kind: 'headcount',
    group: 'asye',
    required: true,
  },
  startersHeadcount: {
    label: 'Starters headcount',
    hint: 'Permanent social workers who joined the authority in the quarter, counted as people.',
    kind: 'headcount',
    group: 'starters',
    required: true,
  },
  startersFte: {
    label: 'Starters FTE',
    hint: 'The same starters as full-time equivalents. No more than their headcount.',
    kind: 'fte',
    group: 'starters',
    required: true,
  },
  startersNewlyQualified: {
    label: 'Newly qualified starters',
    hint: ROUTE_HINT,
    kind: 'headcount',
    group: 'starters',
    required: false,
  },
  startersExperienced: {
    label: 'Experienced starters',
    hint: ROUTE_HINT,
    kind: 'headcount',
    group: 'starters',
    required: false,
  },
  startersFromAgency: {
    label: 'Starters from agency work',
    hint: `${ROUTE_HINT} Agency social workers who took a permanent post.`,
    kind: 'headcount',
    group: 'starters',
    required: false,
  },
  startersInternational: {
    label: 'International starters',
    hint: `${ROUTE_HINT} Social workers recruited from outside the UK.`,
    kind: 'headcount',
    group: 'starters',
    required: false,
  },
  startersReturners: {
    label: 'Returners to social work',
    hint: `${ROUTE_HINT} Social workers returning to practice after a break.`,
    kind: 'headcount',
    group: 'starters',
    required: false,
  },
  leaversHeadcount: {
    label: 'Leavers headcount',
    hint: 'Permanent social workers who left the authority in the quarter, counted as people.',
    kind: 'headcount',
    group: 'leavers',
    required: true,
  },
  leaversFte: {
    label: 'Leavers FTE',
    hint: 'The same leavers as full-time equivalents. No more than their headcount.',
    kind: 'fte',
    group: 'leavers',
    required: true,
  },
  leaversResignation: {
    label: 'Leavers who resigned',
    hint: REASON_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversRetirement: {
    label: 'Leavers who retired',
    hint: REASON_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversDismissal: {
    label: 'Leavers dismissed',
    hint: REASON_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversEndOfContract: {
    label: 'Leavers at the end of a contract',
    hint: REASON_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversToAgency: {
    label: 'Leavers to agency work',
    hint: REASON_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversOther: {
    label: 'Leavers for other reasons',
    hint: REASON_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversServiceUnder2Years: {
    label: "Leavers with under 2 years' service",
    hint: LEAVER_BANDS_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversService2To5Years: {
    label: "Leavers with 2 to 5 years' service",
    hint: LEAVER_BANDS_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversService5To10Years: {
    label: "Leavers with 5 to 10 years' service",
    hint: LEAVER_BANDS_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversService10To20Years: {
    label: "Leavers with 10 to 20 years' service",
    hint: LEAVER_BANDS_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversService20PlusYears: {
    label: "Leavers with 20 or more years' service",
    hint: LEAVER_BANDS_HINT,
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  leaversToOtherAuthority: {
    label: 'Leavers to another local authority',
    hint: 'Optional. Leavers known to have moved to another local authority. A destination, so it may overlap the reasons.',
    kind: 'headcount',
    group: 'leavers',
    required: false,
  },
  sicknessAbsenceDays: {
    label: 'Sickness absence days',
    hint: 'FTE working days that permanent social workers lost to sickness absence in the quarter.',
    kind: 'days',
    group: 'sickness',
    required: true,
  },
  asyeStarted: {
    label: 'ASYEs who started',
    hint: 'Social workers who started their ASYE with the authority in the quarter.',
    kind: 'headcount',
    group: 'asye',
    required: true,
  },
  asyeLeft: {
    label: 'ASYEs who left',
    hint: 'ASYEs who left the authority in the quarter before completing their year.',
    kind: 'headcount',
    group: 'asye',
    required: true,
  },
  agencySpend: {
    label: 'Agency spend',
    hint: 'Optional. Spending on agency social workers in the quarter, in pounds.',
    kind: 'money',
    group: 'agencySpend',
    required: false,
  },
};

/**
 * Converts a camelCase field name to its snake_case CSV column; digits are words of their own.
 *
 * @example
 * toSnakeCase('leaversFte'); // 'leavers_fte'
 * toSnakeCase('service2To5Years'); // 'service_2_to_5_years'
 * @throws never
 */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z])([A-Z0-9])/g, '$1_$2')
    .replace(/([0-9])([A-Za-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * Converts a snake_case column to the camelCase field name.
 *
 * @example
 * toCamelCase('service_2_to_5_years'); // 'service2To5Years'
 * @throws never
 */
export function toCamelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, char: string) => char.toUpperCase());
}

/** Every figure of the return with its metadata, in the order of the CSV/XLSX columns (DESIGN section 4). */
export const RETURN_FIELDS: readonly ReturnField[] = FIGURE_FIELDS.map((name) => ({
  name,
  column: toSnakeCase(name),
  ...SPECS[name],
}));

const FIELD_BY_NAME = new Map<string, ReturnField>(RETURN_FIELDS.map((field) => [field.name, field]));

/**
 * The metadata of one figure.
 *
 * @example
 * getReturnField('leaversFte').column; // 'leavers_fte'
 * @throws {RangeError} when `name` is not a figure of the return.
 */
export function getReturnField(name: string): ReturnField {
  const field = FIELD_BY_NAME.get(name);
  if (!field) throw new RangeError(`Unknown field of the return: ${JSON.stringify(name)}`);
  return field;
}

/**
 * Whether a string is the name of a figure of the return.
 *
 * @example
 * isFigureField('casesHeld'); // true
 * isFigureField('comment'); // false
 * @throws never
 */
export function isFigureField(name: unknown): name is FigureField {
  return typeof name === 'string' && FIELD_BY_NAME.has(name);
}

/**
 * The figures of one fieldset, in form order.
 *
 * @example
 * fieldsInGroup('caseloads').map((f) => f.name); // ['caseHoldingFte', 'casesHeld']
 * @throws never
 */
export function fieldsInGroup(group: ReturnGroupId): readonly ReturnField[] {
  return RETURN_FIELDS.filter((field) => field.group === group);
}

/** The figures that must be filled in to submit (rule E001). */
export const REQUIRED_FIELDS: readonly FigureField[] = RETURN_FIELDS.filter((f) => f.required).map((f) => f.name);

/** Every field in the order the form shows it (fieldset by fieldset), the comment last. */
export const FORM_ORDER: readonly ReturnFieldName[] = [
  ...RETURN_GROUPS.flatMap((group) => fieldsInGroup(group.id).map((f) => f.name)),
  'comment',
];

/** A set of figures that split a total: parts that may not add up to more than the total. */
export interface FieldSplit {
  /** How people call the parts, for messages: "the starters' routes add up to 15". */
  readonly label: string;
  readonly total: FigureField;
  readonly parts: readonly FigureField[];
  /** Whether the parts must add up to exactly the total (length of service) rather than at most. */
  readonly exact: boolean;
}

/** The splits of the return, keyed by an id. */
export const RETURN_SPLITS = {
  serviceBands: {
    label: 'length of service bands',
    total: 'permanentHeadcount',
    parts: ['serviceUnder2Years', 'service2To5Years', 'service5To10Years', 'service10To20Years', 'service20PlusYears'],
    exact: true,
  },
  starterRoutes: {
    label: "starters' routes",
    total: 'startersHeadcount',
    parts: [
      'startersNewlyQualified',
      'startersExperienced',
      'startersFromAgency',
      'startersInternational',
      'startersReturners',
    ],
    exact: false,
  },
  leaverReasons: {
    label: "leavers' reasons",
    total: 'leaversHeadcount',
    parts: [
      'leaversResignation',
      'leaversRetirement',
      'leaversDismissal',
      'leaversEndOfContract',
      'leaversToAgency',
      'leaversOther',
    ],
    exact: false,
  },
  leaverServiceBands: {
    label: "leavers' length of service bands",
    total: 'leaversHeadcount',
    parts: [
      'leaversServiceUnder2Years',
      'leaversService2To5Years',
      'leaversService5To10Years',
      'leaversService10To20Years',
      'leaversService20PlusYears',
    ],
    exact: false,
  },
} as const satisfies Record<string, FieldSplit>;

/** The most a figure of each kind can plausibly be for one authority (rule E005). */
export const MAXIMUM_BY_KIND: { readonly [K in FieldKind]: number } = {
  headcount: 20_000,
  cases: 500_000,
  fte: 20_000,
  days: 20_000 * 66,
  money: 1_000_000_000,
};

/** The longest comment, in characters (rule E021). */
export const COMMENT_MAX_LENGTH = 2000;

/** Whether figures of this kind must be whole numbers (rule E004). */
export function isWholeNumberKind(kind: FieldKind): boolean {
  return kind === 'headcount' || kind === 'cases';
}

const EXAMPLE_BY_KIND: { readonly [K in FieldKind]: string } = {
  headcount: '260',
  cases: '2890',
  fte: '243.5',
  days: '620.5',
  money: '81250',
};

function showValue(input: unknown): string {
  return typeof input === 'number' && Number.isFinite(input) ? formatFigure(input) : describeInput(input);
}

/** Message of rule E001 for one field. */
export function missingMessage(field: ReturnField): string {
  return `Enter a figure for ${lowerFirst(field.label)} to submit the return`;
}

/** Message of rule E002 for one field. */
export function notANumberMessage(field: ReturnField, input: unknown): string {
  return `${field.label} must be a number, like ${EXAMPLE_BY_KIND[field.kind]} (${showValue(input)} is not a number)`;
}

/** Message of rule E003 for one field. */
export function negativeMessage(field: ReturnField, input: unknown): string {
  return `${field.label} must be 0 or more (it is ${showValue(input)})`;
}

/** Message of rule E004 for one field. */
export function notWholeMessage(field: ReturnField, input: unknown): string {
  return `${field.label} must be a whole number (it is ${showValue(input)})`;
}

/** Message of rule E005 for one field. */
export function tooLargeMessage(field: ReturnField, input: unknown): string {
  const max = formatFigure(MAXIMUM_BY_KIND[field.kind]);
  return `${field.label} (${showValue(input)}) is more than ${max}, too large to be right: check the figure`;
}

/** Message of rule E021. */
export function commentTooLongMessage(input: unknown): string {
  if (typeof input !== 'string') return `The comment must be text (it is ${describeInput(input)})`;
  const unsafe = unsafeTextProblem(input);
  if (unsafe) return `The comment must not contain ${unsafe}: remove it, or type the comment again`;
  return `The comment must be ${formatFigure(COMMENT_MAX_LENGTH)} characters or fewer (it has ${formatFigure(input.trim().length)})`;
}

function figureSchema(field: ReturnField) {
  const checks = { abort: true } as const;
  let schema = z
    .number({ error: (issue) => notANumberMessage(field, issue.input) })
    .min(0, { ...checks, error: (issue) => negativeMessage(field, issue.input) });
  if (isWholeNumberKind(field.kind)) {
    schema = schema.int({ ...checks, error: (issue) => notWholeMessage(field, issue.input) });
  }
  return schema
    .max(MAXIMUM_BY_KIND[field.kind], { ...checks, error: (issue) => tooLargeMessage(field, issue.input) })
    .nullish()
    .meta({ title: field.label, description: `${field.hint} CSV column: ${field.column}.` });
}

type FigureSchema = ReturnType<typeof figureSchema>;

const FIGURE_SHAPE = Object.fromEntries(RETURN_FIELDS.map((field) => [field.name, figureSchema(field)])) as {
  readonly [K in FigureField]: FigureSchema;
};

/** The return's free-text comment: trimmed, at most 2,000 characters. Required to explain any warning kept. */
export const commentSchema = z
  .string({ error: (issue) => commentTooLongMessage(issue.input) })
  .trim()
  .max(COMMENT_MAX_LENGTH, { error: (issue) => commentTooLongMessage(issue.input) })
  .refine(safeText.check, { error: (issue) => commentTooLongMessage(issue.input) })
  .meta({
    title: 'Comment',
    description: 'Free text, required to explain any warning that is kept. At most 2,000 characters.',
  });

/**
 * The figures of a return on the wire (JSON): every figure a non-negative finite number (whole for
 * headcounts and cases), or `null`/absent while a draft is incomplete, plus the comment. Unknown keys
 * are refused, so that a misspelt field is never silently dropped.
 *
 * This checks each value on its own (rules E002 to E005, E021); the rules between figures, the
 * required figures and the warnings are {@link validateReturn}'s.
 */
export const returnFiguresSchema = z.strictObject({ ...FIGURE_SHAPE, comment: commentSchema.nullish() });

/** The figures of a return as the API stores and sends them. */
export type ReturnFigures = z.infer<typeof returnFiguresSchema>;

/** Figures as they arrive from a form or a CSV row: numbers, numeric strings, blanks, anything. */
export type RawReturnFigures = { readonly [K in ReturnFieldName]?: unknown };

/** The CSV/XLSX column of the comment. */
export const COMMENT_COLUMN = 'comment';

/** Every CSV/XLSX column of a return, in order: the figures, then the comment. */
export const RETURN_CSV_COLUMNS: readonly string[] = [...RETURN_FIELDS.map((f) => f.column), COMMENT_COLUMN];

/**
 * The CSV/XLSX column of a field.
 *
 * @example
 * columnForField('leaversFte'); // 'leavers_fte'
 * columnForField('comment'); // 'comment'
 * @throws {RangeError} for a name that is not a field of the return.
 */
export function columnForField(field: string): string {
  return field === 'comment' ? COMMENT_COLUMN : getReturnField(field).column;
}

/** A header or name reduced to lower-case letters and digits: `Leavers FTE`, `leavers_fte` and `leaversFte` agree. */
function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const FIELD_BY_HEADER_KEY = new Map<string, ReturnFieldName>([
  ...RETURN_FIELDS.map((f) => [headerKey(f.name), f.name] as const),
  [COMMENT_COLUMN, 'comment'],
]);

/**
 * The field a CSV/XLSX column header names. Matches the snake_case column, and forgives case, spaces,
 * hyphens, underscores and the camelCase field name.
 *
 * @example
 * fieldForColumn('leavers_fte'); // 'leaversFte'
 * fieldForColumn('Leavers FTE'); // 'leaversFte'
 * fieldForColumn('region'); // undefined
 * @throws never
 */
export function fieldForColumn(header: string): ReturnFieldName | undefined {
  return FIELD_BY_HEADER_KEY.get(headerKey(header));
}

/** A CSV/XLSX row read into fields. */
export interface RecordFigures {
  /** The raw values by field, ready for `validateReturn`. */
  readonly figures: RawReturnFigures;
  /** Headers that are not a field of the return, as written (the importer decides whether they are allowed). */
  readonly unknownColumns: readonly string[];
}

/**
 * Maps one CSV/XLSX row, keyed by column header, to the return's fields.
 *
 * @example
 * figuresFromRecord({ permanent_headcount: '260', region: 'West Midlands' });
 * // { figures: { permanentHeadcount: '260' }, unknownColumns: ['region'] }
 * @throws never
 */
export function figuresFromRecord(record: Readonly<Record<string, unknown>>): RecordFigures {
  const figures: Partial<Record<ReturnFieldName, unknown>> = {};
  const unknownColumns: string[] = [];
  for (const [header, value] of Object.entries(record)) {
    const field = fieldForColumn(header);
    if (field) figures[field] = value;
    else unknownColumns.push(header);
  }
  return { figures, unknownColumns };
}
