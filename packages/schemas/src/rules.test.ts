import { PeriodError } from '@csc-workforce/metrics-core';
import { describe, expect, test } from 'vitest';
import { COVENTRY_LIKE, COVENTRY_LIKE_PREVIOUS, PERIOD } from '../test/fixtures.js';
import { caseOptions, RULE_CASES } from '../test/rule-cases.js';
import { EXAMPLE_RETURN } from './example.js';
import {
  canSubmit,
  FORM_ORDER,
  getRule,
  type Issue,
  isRuleCode,
  REQUIRED_FIELDS,
  RULES,
  type RuleCode,
  type ValidateOptions,
  validateReturn,
} from './index.js';
import { returnFiguresSchema } from './return.js';

const SUBMIT: ValidateOptions = { stage: 'submit', period: PERIOD, previous: COVENTRY_LIKE_PREVIOUS };

function codes(input: unknown, options: Partial<ValidateOptions> = {}): RuleCode[] {
  const result = validateReturn(input, { stage: 'draft', period: PERIOD, ...options });
  return [...result.errors, ...result.warnings].map((issue) => issue.code);
}

function all(input: unknown, options: Partial<ValidateOptions> = {}): Issue[] {
  const result = validateReturn(input, { stage: 'draft', period: PERIOD, ...options });
  return [...result.errors, ...result.warnings];
}

describe('RULES', () => {
  test('codes are unique and well formed: E for errors, W for warnings', () => {
    const list = RULES.map((rule) => rule.code);
    expect(new Set(list).size).toBe(list.length);
    for (const rule of RULES) {
      expect(rule.code).toMatch(rule.severity === 'error' ? /^E\d{3}$/ : /^W\d{3}$/);
      expect(isRuleCode(rule.code)).toBe(true);
      expect(getRule(rule.code)).toBe(rule);
    }
    expect(isRuleCode('E999')).toBe(false);
    expect(() => getRule('E999')).toThrow(RangeError);
  });

  test('codes are stable: never renumbered or reused for another rule', () => {
    // Add new rules at the end; never change a line of this list.
    expect(RULES.map((rule) => `${rule.code} ${rule.title}`)).toEqual([
      'E001 Required figure missing',
      'E002 Not a number',
      'E003 Negative figure',
      'E004 Whole number needed',
      'E005 Figure too large',
      'E006 Permanent FTE above headcount',
      'E007 Agency FTE above headcount',
      'E008 Starters FTE above headcount',
      'E009 Leavers FTE above headcount',
      'E010 Covered vacancies above vacancies',
      'E011 Covered vacancies above agency FTE',
      'E012 Length of service bands do not add up',
      "E013 Starters' routes above starters",
      "E014 Leavers' reasons above leavers",
      "E015 Leavers' length of service above leavers",
      'E016 Leavers to another authority above leavers',
      'E017 ASYE headcount above permanent headcount',
      'E018 Case-holding FTE above the workforce',
      'E019 Cases with no case holders',
      'E020 Sickness days impossible',
      'E021 Comment too long',
      'E022 Warnings not explained',
      'W001 Turnover doubled',
      'W002 Permanent FTE changed sharply',
      'W003 High caseload',
      'W004 Low caseload',
      'W005 Agency more than half the workforce',
      'W006 High vacancy rate',
      'W007 High sickness absence',
      'W008 No starters or leavers',
      'W009 Many ASYEs left',
      "W010 Leavers' reasons incomplete",
      "W011 Starters' routes incomplete",
      "W012 Leavers' length of service incomplete",
      'W013 Same as last quarter',
      'W014 Starters changed sharply',
      'W015 Leavers changed sharply',
      'W016 ASYEs started changed sharply',
    ]);
  });

  test('every rule points at a field it reads, and reads only fields of the return', () => {
    const fields = new Set<string>(FORM_ORDER);
    for (const rule of RULES) {
      for (const field of rule.fields) expect(fields.has(field)).toBe(true);
      if (rule.field !== '*') expect(rule.fields).toContain(rule.field);
      expect(rule.description).toMatch(/\.$/);
    }
  });
});

describe('a valid realistic return', () => {
  test('has no errors and no warnings, and can be submitted without a comment', () => {
    const result = validateReturn(COVENTRY_LIKE, SUBMIT);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.figures).toEqual(COVENTRY_LIKE);
    expect(canSubmit(result, undefined)).toBe(true);
  });

  test('reads the same from form or CSV strings', () => {
    const strings = Object.fromEntries(Object.entries(COVENTRY_LIKE).map(([k, v]) => [k, ` ${v} `]));
    const result = validateReturn(strings, SUBMIT);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.figures).toEqual(COVENTRY_LIKE);
  });

  test('the previous quarter, with only the required figures, is valid too', () => {
    const result = validateReturn(COVENTRY_LIKE_PREVIOUS, { stage: 'submit', period: '2024-25-Q1' });
    expect([...result.errors, ...result.warnings]).toEqual([]);
  });

  test('stored figures with nulls for the optional figures are valid', () => {
    const stored = { ...COVENTRY_LIKE_PREVIOUS, agencySpend: null, leaversOther: null, comment: null };
    expect(validateReturn(stored, { stage: 'submit' }).errors).toEqual([]);
  });
});

describe.each(RULES.map((rule) => [rule.code, rule] as const))('rule %s', (code, rule) => {
  const ruleCase = RULE_CASES[code];
  const result = validateReturn(ruleCase.input, caseOptions(ruleCase));
  const issues = [...result.errors, ...result.warnings];

  test('fires on its minimal bad input, and no other rule does', () => {
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set([code, ...(ruleCase.also ?? [])]));
  });

  test('reports the severity, field and message of the rule', () => {
    const own = issues.filter((i) => i.code === code);
    for (const found of own) {
      expect(found.severity).toBe(rule.severity);
      expect(rule.severity === 'error' ? result.errors : result.warnings).toContain(found);
      if (rule.field === '*') expect(FORM_ORDER).toContain(found.field);
      else expect(found.field).toBe(rule.field);
      expect(found.fields ?? [found.field]).toEqual(rule.fields.length > 1 ? rule.fields : [found.field]);
      expect(found.message).toMatch(/^[A-Z0-9]/);
      expect(found.message).not.toMatch(/undefined|NaN|null|\[object/);
    }
  });

  test('does not fire on the valid realistic return', () => {
    expect(codes(COVENTRY_LIKE, SUBMIT)).not.toContain(code);
  });

  if (rule.needsPrevious) {
    test('does not fire without the previous quarter', () => {
      expect(codes(ruleCase.input, { ...ruleCase.options, previous: undefined })).toEqual([]);
    });
  }
});

describe('messages name the figures', () => {
  test.each([
    [{ permanentHeadcount: 100, permanentFte: 105.5 }, 'Permanent FTE (105.5) is more than permanent headcount (100)'],
    [{ casesHeld: 'twelve' }, 'Cases held must be a number, like 2890 ("twelve" is not a number)'],
    [{ permanentHeadcount: '-5' }, 'Permanent headcount must be 0 or more (it is -5)'],
    [{ asyeHeadcount: ' 2.5 ' }, 'ASYE headcount must be a whole number (it is 2.5)'],
  ])('%j', (input, message) => {
    expect(all(input).map((i) => i.message)).toEqual([message]);
  });
});

describe('raw input from forms and uploads', () => {
  test.each([
    ['12', []],
    [' 12 ', []],
    ['1,234', []],
    ['twelve', ['E002']],
    ['12abc', ['E002']],
    ['NaN', ['E002']],
    ['Infinity', ['E002']],
    ['1e400', ['E002']],
    [true, ['E002']],
    [{}, ['E002']],
    ['-1', ['E003']],
    ['\u22121', ['E003']],
    ['12.5', ['E004']],
    ['12.', []],
  ])('permanent headcount %j gives %j', (value, expected) => {
    expect(codes({ permanentHeadcount: value })).toEqual(expected);
  });

  test('FTE may have decimals', () => {
    expect(codes({ permanentFte: ' 12.5 ', agencyFte: '0.6' })).toEqual([]);
  });

  test('a blank is a missing figure, not 0: fine in a draft, E001 on submit', () => {
    expect(codes({ permanentHeadcount: '' })).toEqual([]);
    const result = validateReturn({ ...COVENTRY_LIKE, permanentHeadcount: '  ' }, SUBMIT);
    expect(result.errors.map((e) => [e.code, e.field])).toEqual([['E001', 'permanentHeadcount']]);
    expect(result.figures.permanentHeadcount).toBeUndefined();
  });

  test('a bad value is one error, not a cascade of cross-field errors', () => {
    expect(codes({ permanentHeadcount: 'lots', permanentFte: 105 })).toEqual(['E002']);
    expect(codes({ permanentHeadcount: -100, permanentFte: 105 })).toEqual(['E003']);
    const missing = codes({ permanentHeadcount: 'lots' }, { stage: 'submit' }).filter((c) => c === 'E001');
    expect(missing).toHaveLength(REQUIRED_FIELDS.length - 1);
  });

  test('an invalid required figure is reported as E002, not also as missing', () => {
    const result = validateReturn({ ...COVENTRY_LIKE, casesHeld: 'n/a' }, SUBMIT);
    expect(result.errors.map((e) => e.code)).toEqual(['E002']);
  });

  test('keys that are not fields are ignored; input that is not an object reads as empty', () => {
    expect(codes({ period: PERIOD, authorityCode: 'E08000026', constructor: 'x' })).toEqual([]);
    for (const input of [null, undefined, 'text', 42, []]) {
      expect(validateReturn(input, { stage: 'submit' }).errors).toHaveLength(REQUIRED_FIELDS.length);
    }
  });

  test('figures keeps every number read, even a wrong one, and the trimmed comment', () => {
    const result = validateReturn(
      { permanentHeadcount: '-5', casesHeld: 'x', comment: '  Why.  ' },
      { stage: 'draft' },
    );
    expect(result.figures).toEqual({ permanentHeadcount: -5, comment: 'Why.' });
  });
});

describe('stages', () => {
  test('a draft may be incomplete', () => {
    expect(validateReturn({}, { stage: 'draft' })).toEqual({ stage: 'draft', errors: [], warnings: [], figures: {} });
  });

  test('on submit every required figure, and only those, must be there', () => {
    const result = validateReturn({}, { stage: 'submit' });
    expect(result.errors.map((e) => e.field)).toEqual(FORM_ORDER.filter((f) => REQUIRED_FIELDS.includes(f as never)));
    expect(result.errors.every((e) => e.code === 'E001')).toBe(true);
  });

  test('optional figures may be left out at submit', () => {
    const { permanentHeadcount: _headcount, permanentFte: _fte, ...others } = COVENTRY_LIKE;
    const required = Object.fromEntries(REQUIRED_FIELDS.map((f) => [f, COVENTRY_LIKE[f]]));
    expect(validateReturn(required, SUBMIT).errors).toEqual([]);
    expect(codes(others, SUBMIT)).toEqual(['E001', 'E001']);
  });

  test('warnings need a comment on submit (E022), not in a draft', () => {
    const input = { ...COVENTRY_LIKE, casesHeld: 6000 };
    expect(codes(input)).toEqual(['W003']);
    expect(codes(input, SUBMIT)).toEqual(['E022', 'W003']);
    expect(codes({ ...input, comment: 'Two teams were merged in September.' }, SUBMIT)).toEqual(['W003']);
    expect(codes({ ...input, comment: '   ' }, SUBMIT)).toContain('E022');
  });
});

describe('limits: rules do not fire at their thresholds', () => {
  test.each<[string, Record<string, unknown>]>([
    ['FTE equal to headcount', { permanentHeadcount: 100, permanentFte: 100, agencyHeadcount: 5, agencyFte: 5 }],
    ['sums of decimals within rounding', { permanentFte: 0.2, agencyFte: 0.1, caseHoldingFte: 0.3, casesHeld: 3 }],
    ['caseload of exactly 30', { casesHeld: 600, caseHoldingFte: 20 }],
    ['caseload of exactly 5', { casesHeld: 100, caseHoldingFte: 20 }],
    ['agency rate of exactly 50%', { permanentFte: 40, agencyFte: 40 }],
    ['vacancy rate of exactly 40%', { permanentFte: 60, vacanciesFte: 40 }],
    ['no cases and no case holders', { casesHeld: 0, caseHoldingFte: 0 }],
    [
      'no starters or leavers with a headcount of 99',
      { permanentHeadcount: 99, startersHeadcount: 0, leaversHeadcount: 0 },
    ],
    ['ASYE leavers exactly half the ASYEs', { asyeHeadcount: 8, asyeLeft: 4 }],
    ['no ASYEs and none left', { asyeHeadcount: 0, asyeLeft: 0 }],
    ['service bands partly filled in, below the headcount', { permanentHeadcount: 260, serviceUnder2Years: 70 }],
    ['splits adding up to their totals', { leaversHeadcount: 3, leaversResignation: 2, leaversOther: 1 }],
    ['the largest plausible headcount', { permanentHeadcount: 20_000 }],
    ['a comment of exactly 2,000 characters', { comment: 'x'.repeat(2000) }],
  ])('%s', (_name, input) => {
    expect(codes(input)).toEqual([]);
  });

  test('sickness days of exactly FTE × 66 are possible, though queried as a high absence rate', () => {
    expect(codes({ permanentFte: 100, sicknessAbsenceDays: 660 })).toEqual(['W007']);
  });

  test('turnover doubled but under 5% in the quarter is not queried', () => {
    expect(codes({ permanentFte: 100, leaversFte: 4 }, { previous: { permanentFte: 100, leaversFte: 2 } })).toEqual([]);
    expect(codes({ permanentFte: 100, leaversFte: 5 }, { previous: { permanentFte: 100, leaversFte: 2.5 } })).toEqual([
      'W001',
    ]);
  });

  test('turnover up from 0 last quarter is queried once it reaches 5%', () => {
    expect(codes({ permanentFte: 100, leaversFte: 6 }, { previous: { permanentFte: 100, leaversFte: 0 } })).toEqual([
      'W001',
    ]);
  });

  test('a change in permanent FTE of exactly 20% is not queried; a rise of more is', () => {
    expect(codes({ permanentFte: 120 }, { previous: { permanentFte: 100 } })).toEqual([]);
    expect(codes({ permanentFte: 80 }, { previous: { permanentFte: 100 } })).toEqual([]);
    const rise = all({ permanentFte: 121 }, { previous: { permanentFte: 100 } });
    expect(rise.map((i) => i.message)).toEqual([
      'Permanent FTE has risen by 21.0% since last quarter, from 100 to 121',
    ]);
  });

  test('a previous quarter with no permanent FTE is not compared', () => {
    expect(codes({ permanentFte: 50 }, { previous: { permanentFte: 0 } })).toEqual([]);
  });

  test('bad figures in the previous quarter are ignored, not reported', () => {
    expect(codes({ permanentFte: 100 }, { previous: { permanentFte: 'lots' } })).toEqual([]);
  });

  test('service bands adding up to more than the headcount are an error before all are filled in', () => {
    expect(codes({ permanentHeadcount: 100, serviceUnder2Years: 70, service2To5Years: 40 })).toEqual(['E012']);
  });
});

describe('period', () => {
  // 70 sickness days for 10 FTE is 11.07% of a quarter of 253 working days, 11.02% of 254.
  const input = { permanentFte: 10, sicknessAbsenceDays: 70 };

  test('sets the working days of the absence rate', () => {
    const message = (period?: string) => all(input, { period })[0]?.message;
    expect(message('2024-25-Q2')).toContain('11.0%');
    expect(message(undefined)).toContain('11.1%');
  });

  test("defaults to the input's own period", () => {
    const own = validateReturn({ ...input, period: '2019-20-Q4' }, { stage: 'draft' });
    expect(own.warnings[0]?.message).toContain('11.0%');
  });

  test('an invalid period option is a programming error', () => {
    expect(() => validateReturn(input, { stage: 'draft', period: '2024-26-Q1' })).toThrow(PeriodError);
  });
});

describe('order', () => {
  test('issues follow the form, field by field', () => {
    const result = validateReturn(
      { asyeHeadcount: 30, permanentHeadcount: 20, casesHeld: 'x', permanentFte: 'y' },
      { stage: 'draft' },
    );
    expect(result.errors.map((e) => `${e.code} ${e.field}`)).toEqual([
      'E002 permanentFte',
      'E002 casesHeld',
      'E017 asyeHeadcount',
    ]);
  });
});

describe('canSubmit', () => {
  const withWarning = { ...COVENTRY_LIKE, casesHeld: 6000 };

  test('only a result validated for submission can allow it', () => {
    expect(canSubmit(validateReturn(COVENTRY_LIKE, { ...SUBMIT, stage: 'draft' }), 'ok')).toBe(false);
    expect(canSubmit(validateReturn(COVENTRY_LIKE, SUBMIT), undefined)).toBe(true);
  });

  test('errors block submission whatever the comment', () => {
    const result = validateReturn({ ...COVENTRY_LIKE, permanentFte: 300 }, SUBMIT);
    expect(canSubmit(result, 'We checked.')).toBe(false);
  });

  test('warnings need a non-blank comment of at most 2,000 characters', () => {
    const result = validateReturn(withWarning, SUBMIT);
    expect(result.errors.map((e) => e.code)).toEqual(['E022']);
    expect(canSubmit(result, undefined)).toBe(false);
    expect(canSubmit(result, null)).toBe(false);
    expect(canSubmit(result, '   ')).toBe(false);
    expect(canSubmit(result, 'Two teams were merged in September.')).toBe(true);
    expect(canSubmit(result, 'x'.repeat(2001))).toBe(false);
  });

  test('the comment passed in decides, not the one validated', () => {
    const result = validateReturn({ ...withWarning, comment: 'x'.repeat(2001) }, SUBMIT);
    expect(result.errors.map((e) => e.code)).toEqual(['E021']);
    expect(canSubmit(result, 'Shorter now.')).toBe(true);
  });
});

describe('EXAMPLE_RETURN', () => {
  test('is valid, complete for submission and raises no warning', () => {
    const result = validateReturn(EXAMPLE_RETURN, SUBMIT);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    for (const field of REQUIRED_FIELDS) expect(EXAMPLE_RETURN).toHaveProperty([field]);
  });
});

describe('text that cannot be stored', () => {
  test('a comment with a control or broken character is E021, in the rules and on the wire', () => {
    for (const comment of ['a\u0000b', 'line\u0007bell', 'half \ud800 pair']) {
      const result = validateReturn({ ...EXAMPLE_RETURN, comment }, SUBMIT);
      expect(
        result.errors.map((e) => e.code),
        JSON.stringify(comment),
      ).toEqual(['E021']);
      expect(returnFiguresSchema.safeParse({ ...EXAMPLE_RETURN, comment }).success).toBe(false);
    }
    const fine = 'Two teams merged;\ttabs, line\nbreaks and émojis 🙂 are fine.';
    expect(validateReturn({ ...EXAMPLE_RETURN, comment: fine }, SUBMIT).errors).toEqual([]);
    expect(returnFiguresSchema.safeParse({ ...EXAMPLE_RETURN, comment: fine }).success).toBe(true);
  });
});
