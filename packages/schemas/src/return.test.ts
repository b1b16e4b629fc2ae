import { FIGURE_FIELDS, type FigureField } from '@csc-workforce/metrics-core';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { COVENTRY_LIKE } from '../test/fixtures.js';
import {
  COMMENT_COLUMN,
  columnForField,
  FORM_ORDER,
  fieldForColumn,
  fieldsInGroup,
  figuresFromRecord,
  formatZodIssues,
  getReturnField,
  isFigureField,
  REQUIRED_FIELDS,
  RETURN_CSV_COLUMNS,
  RETURN_FIELDS,
  RETURN_GROUPS,
  RETURN_SPLITS,
  type ReturnFigures,
  returnFiguresSchema,
  toCamelCase,
  toSnakeCase,
  validateReturn,
} from './index.js';

/** The optional figures of DESIGN section 4. */
const OPTIONAL: readonly FigureField[] = [
  'vacanciesCoveredByAgencyFte',
  ...RETURN_SPLITS.starterRoutes.parts,
  ...RETURN_SPLITS.leaverReasons.parts,
  ...RETURN_SPLITS.leaverServiceBands.parts,
  'leaversToOtherAuthority',
  'agencySpend',
];

describe('RETURN_FIELDS', () => {
  test('lists every figure of metrics-core once, in its order', () => {
    expect(RETURN_FIELDS.map((f) => f.name)).toEqual(FIGURE_FIELDS);
  });

  test('the optional figures are those of the design, all others are required', () => {
    const optional = RETURN_FIELDS.filter((f) => !f.required).map((f) => f.name);
    expect(new Set(optional)).toEqual(new Set(OPTIONAL));
    expect(REQUIRED_FIELDS).toHaveLength(FIGURE_FIELDS.length - OPTIONAL.length);
  });

  test('headcounts and cases are whole-number kinds, FTE, days and money are not', () => {
    const kind = (name: FigureField) => getReturnField(name).kind;
    expect(kind('permanentHeadcount')).toBe('headcount');
    expect(kind('casesHeld')).toBe('cases');
    expect(kind('leaversFte')).toBe('fte');
    expect(kind('sicknessAbsenceDays')).toBe('days');
    expect(kind('agencySpend')).toBe('money');
    for (const field of RETURN_FIELDS) {
      if (field.name.endsWith('Fte')) expect(field.kind).toBe('fte');
    }
  });

  test('every field has a label, a hint and a known group; every group has fields', () => {
    const groups = new Set<string>(RETURN_GROUPS.map((g) => g.id));
    for (const field of RETURN_FIELDS) {
      expect(field.label).not.toBe('');
      expect(field.hint).toMatch(/\.$/);
      expect(groups.has(field.group)).toBe(true);
    }
    for (const group of RETURN_GROUPS) expect(fieldsInGroup(group.id).length).toBeGreaterThan(0);
  });

  test('labels are unique, so that messages name one field', () => {
    const labels = RETURN_FIELDS.map((f) => f.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  test('FORM_ORDER has every field once, fieldset by fieldset, the comment last', () => {
    expect(new Set(FORM_ORDER)).toEqual(new Set([...FIGURE_FIELDS, 'comment']));
    expect(FORM_ORDER).toHaveLength(FIGURE_FIELDS.length + 1);
    expect(FORM_ORDER.at(-1)).toBe('comment');
    expect(FORM_ORDER.slice(0, 4)).toEqual(['permanentHeadcount', 'permanentFte', 'agencyHeadcount', 'agencyFte']);
  });

  test('getReturnField and isFigureField know only the figures', () => {
    expect(isFigureField('casesHeld')).toBe(true);
    expect(isFigureField('comment')).toBe(false);
    expect(isFigureField('toString')).toBe(false);
    expect(() => getReturnField('permanent_headcount')).toThrow(RangeError);
  });

  test('the splits name figures, and only the service bands must add up exactly', () => {
    for (const split of Object.values(RETURN_SPLITS)) {
      for (const part of [split.total, ...split.parts]) expect(isFigureField(part)).toBe(true);
    }
    expect(Object.values(RETURN_SPLITS).filter((s) => s.exact)).toEqual([RETURN_SPLITS.serviceBands]);
  });
});

describe('CSV columns', () => {
  test.each([
    ['leaversFte', 'leavers_fte'],
    ['permanentHeadcount', 'permanent_headcount'],
    ['vacanciesCoveredByAgencyFte', 'vacancies_covered_by_agency_fte'],
    ['service2To5Years', 'service_2_to_5_years'],
    ['serviceUnder2Years', 'service_under_2_years'],
    ['service20PlusYears', 'service_20_plus_years'],
    ['leaversService10To20Years', 'leavers_service_10_to_20_years'],
    ['asyeHeadcount', 'asye_headcount'],
  ])('%s ⇄ %s', (field, column) => {
    expect(toSnakeCase(field)).toBe(column);
    expect(toCamelCase(column)).toBe(field);
    expect(columnForField(field)).toBe(column);
    expect(fieldForColumn(column)).toBe(field);
  });

  test('every column maps back to its field, and columns are unique', () => {
    for (const field of RETURN_FIELDS) {
      expect(toCamelCase(field.column)).toBe(field.name);
      expect(fieldForColumn(field.column)).toBe(field.name);
    }
    expect(new Set(RETURN_CSV_COLUMNS).size).toBe(RETURN_CSV_COLUMNS.length);
    expect(RETURN_CSV_COLUMNS.at(-1)).toBe(COMMENT_COLUMN);
    expect(columnForField('comment')).toBe('comment');
  });

  test.each([
    ['Leavers FTE', 'leaversFte'],
    [' leavers-fte ', 'leaversFte'],
    ['LEAVERS_FTE', 'leaversFte'],
    ['leaversFte', 'leaversFte'],
    ['\uFEFFpermanent_headcount', 'permanentHeadcount'],
    ['Service 2 to 5 years', 'service2To5Years'],
    ['Comment', 'comment'],
  ])('the header %j names %s', (header, field) => {
    expect(fieldForColumn(header)).toBe(field);
  });

  test.each(['region', 'period', '', 'leavers'])('the header %j names no field', (header) => {
    expect(fieldForColumn(header)).toBeUndefined();
  });

  test('figuresFromRecord maps a row and lists the columns it does not know', () => {
    const row = { permanent_headcount: '260', 'Leavers FTE': '11.4', comment: 'ok', authority_code: 'E08000026' };
    expect(figuresFromRecord(row)).toEqual({
      figures: { permanentHeadcount: '260', leaversFte: '11.4', comment: 'ok' },
      unknownColumns: ['authority_code'],
    });
  });
});

describe('returnFiguresSchema', () => {
  test('accepts a complete return, an empty draft and nulls', () => {
    expect(returnFiguresSchema.parse(COVENTRY_LIKE)).toEqual(COVENTRY_LIKE);
    expect(returnFiguresSchema.parse({})).toEqual({});
    expect(returnFiguresSchema.parse({ permanentHeadcount: null, comment: null })).toEqual({
      permanentHeadcount: null,
      comment: null,
    });
  });

  test('has the type the API stores: every figure optional', () => {
    const draft: ReturnFigures = { permanentHeadcount: 1 };
    expect(returnFiguresSchema.safeParse(draft).success).toBe(true);
  });

  test('trims the comment and refuses one over 2,000 characters', () => {
    expect(returnFiguresSchema.parse({ comment: '  Two ASYEs left for family reasons.  ' }).comment).toBe(
      'Two ASYEs left for family reasons.',
    );
    expect(returnFiguresSchema.safeParse({ comment: `${'x'.repeat(2000)}   ` }).success).toBe(true);
    expect(returnFiguresSchema.safeParse({ comment: 'x'.repeat(2001) }).success).toBe(false);
  });

  test('allows decimals in FTE, days and money but not in headcounts and cases', () => {
    expect(
      returnFiguresSchema.safeParse({ permanentFte: 0.6, sicknessAbsenceDays: 2.5, agencySpend: 0.5 }).success,
    ).toBe(true);
    expect(returnFiguresSchema.safeParse({ permanentHeadcount: 0.6 }).success).toBe(false);
    expect(returnFiguresSchema.safeParse({ casesHeld: 10.5 }).success).toBe(false);
  });

  test('refuses strings (JSON carries numbers) and unknown keys', () => {
    expect(returnFiguresSchema.safeParse({ permanentHeadcount: '260' }).success).toBe(false);
    const result = returnFiguresSchema.safeParse({ permanentHeadCount: 260 });
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error ?? { issues: [] })).toEqual([
      {
        field: 'permanentHeadCount',
        message: 'Unknown field "permanentHeadCount": did you mean "permanentHeadcount"?',
      },
    ]);
  });

  test('says the same as the rules, with the same codes, about each bad value', () => {
    const bad = {
      permanentHeadcount: 'twelve',
      permanentFte: -1,
      agencyHeadcount: 2.5,
      casesHeld: 600_000,
      agencySpend: -0.5,
      asyeLeft: -1.5,
      comment: 'x'.repeat(2001),
    };
    const parsed = returnFiguresSchema.safeParse(bad);
    const wire = formatZodIssues(parsed.error ?? { issues: [] }).map((e) => [e.field, e.code, e.message]);
    const rules = validateReturn(bad, { stage: 'draft' }).errors.map((e) => [e.field, e.code, e.message]);
    expect(new Set(wire)).toEqual(new Set(rules));
    expect(wire).toHaveLength(7);
  });

  test('converts to JSON Schema with a title and description for each figure', () => {
    const schema = z.toJSONSchema(returnFiguresSchema) as {
      properties: Record<string, { title?: string; description?: string }>;
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual([...FIGURE_FIELDS, 'comment']);
    expect(schema.properties.leaversFte?.title).toBe('Leavers FTE');
    expect(schema.properties.leaversFte?.description).toContain('CSV column: leavers_fte.');
    expect(schema.additionalProperties).toBe(false);
  });
});
