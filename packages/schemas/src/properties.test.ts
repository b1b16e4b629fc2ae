/** Invariants of the parsing and the rules, checked over generated inputs (fast-check). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { COVENTRY_LIKE } from '../test/fixtures.js';
import {
  FORM_ORDER,
  isRuleCode,
  isSingleValueRule,
  parseFigure,
  RETURN_FIELDS,
  readReturnFigures,
  returnFiguresSchema,
  validateReturn,
} from './index.js';

const FIELD_NAMES = [...FORM_ORDER, 'period', 'unknown'];

/** A valid return: whole headcounts, FTE ≤ headcount, splits within totals, bands summing to headcount. */
const validReturn = fc
  .record({
    bands: fc.tuple(fc.nat(200), fc.nat(200), fc.nat(200), fc.nat(200), fc.nat(100)),
    share: fc.double({ min: 0.5, max: 1, noNaN: true }),
    agency: fc.nat(100),
    leavers: fc.nat(30),
    starters: fc.nat(30),
  })
  .map(({ bands, share, agency, leavers, starters }) => {
    const headcount = bands.reduce((a, b) => a + b, 0);
    return {
      permanentHeadcount: headcount,
      permanentFte: headcount * share,
      agencyHeadcount: agency,
      agencyFte: agency * share,
      serviceUnder2Years: bands[0],
      service2To5Years: bands[1],
      service5To10Years: bands[2],
      service10To20Years: bands[3],
      service20PlusYears: bands[4],
      startersHeadcount: starters,
      startersFte: starters * share,
      startersNewlyQualified: Math.floor(starters / 2),
      leaversHeadcount: leavers,
      leaversFte: leavers * share,
      leaversResignation: Math.floor(leavers / 2),
      asyeHeadcount: Math.floor(headcount / 10),
      caseHoldingFte: (headcount + agency) * share * 0.7,
    };
  });

describe('properties', () => {
  test('parseFigure reads back any finite number written as a string', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(parseFigure(String(value))).toEqual({ status: 'number', value: value === 0 ? 0 : value });
        expect(parseFigure(` ${value}\t`)).toEqual(parseFigure(value));
      }),
    );
  });

  test("readReturnFigures gives validateReturn's single-value errors and figures, at either stage", () => {
    const anyInput = fc.dictionary(
      fc.constantFrom(...FIELD_NAMES, 'comment'),
      fc.oneof(fc.anything(), fc.double(), fc.string(), fc.constantFrom('-1', '1.5', '1,234', ' ', 'x'.repeat(2001))),
    );
    fc.assert(
      fc.property(anyInput, fc.option(anyInput), fc.constantFrom('draft', 'submit'), (input, previous, stage) => {
        const full = validateReturn(input, { stage: stage as 'draft' | 'submit', previous, period: '2024-25-Q2' });
        const read = readReturnFigures(input);
        expect(read.errors).toEqual(full.errors.filter((issue) => isSingleValueRule(issue.code)));
        expect(read.figures).toEqual(full.figures);
      }),
    );
  });

  test('validateReturn never throws, and every issue has a known code and a field of the form', () => {
    const anyInput = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(fc.anything(), fc.double(), fc.string()));
    fc.assert(
      fc.property(anyInput, fc.option(anyInput), fc.constantFrom('draft', 'submit'), (input, previous, stage) => {
        const result = validateReturn(input, { stage: stage as 'draft' | 'submit', previous });
        for (const issue of [...result.errors, ...result.warnings]) {
          expect(isRuleCode(issue.code)).toBe(true);
          expect(FORM_ORDER).toContain(issue.field);
          expect(issue.message).toMatch(/^[A-Z0-9]/);
          expect(issue.message).not.toContain('[object');
        }
      }),
    );
  });

  test('a generated valid return has no errors, and the wire schema accepts it', () => {
    fc.assert(
      fc.property(validReturn, (figures) => {
        expect(validateReturn(figures, { stage: 'draft' }).errors).toEqual([]);
        expect(returnFiguresSchema.safeParse(figures).success).toBe(true);
      }),
    );
  });

  test('numbers and their strings give the same issues', () => {
    const changed = fc.record(
      Object.fromEntries(RETURN_FIELDS.map((f) => [f.name, fc.double({ min: -10, max: 400, noNaN: true })])),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(changed, (patch) => {
        const input = { ...COVENTRY_LIKE, ...patch };
        const strings = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)]));
        const asNumbers = validateReturn(input, { stage: 'submit' });
        const asStrings = validateReturn(strings, { stage: 'submit' });
        expect(asStrings.errors).toEqual(asNumbers.errors);
        expect(asStrings.warnings).toEqual(asNumbers.warnings);
      }),
    );
  });
});
