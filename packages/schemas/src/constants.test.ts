import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import * as constants from './constants.js';
import * as main from './index.js';
import { problem } from './problem.js';
import { isRuleCode, RULES } from './rules.js';

const SRC = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(SRC, '../dist');

/**
 * The modules a module loads when it runs: its imports and re-exports that are not type-only, followed
 * through relative paths. Bare specifiers (packages) are listed as they are.
 */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  for (const statement of source.statements) {
    let specifier: string | undefined;
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) {
      const bindings = statement.importClause?.namedBindings;
      const allTypes =
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        statement.importClause?.name === undefined &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      if (!allTypes) specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    }
    if (specifier === undefined) continue;
    if (specifier.startsWith('.')) runtimeImports(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')), seen);
    else seen.add(specifier);
  }
  return seen;
}

describe('the constants entry (@csc-workforce/schemas/constants)', () => {
  test('loads no package at all, zod least of all: only modules of its own folder', () => {
    const loaded = [...runtimeImports(join(SRC, 'constants.ts'))];
    expect(loaded.filter((module) => !module.startsWith(SRC))).toEqual([]);
    expect(loaded.map((module) => module.slice(SRC.length + 1))).toEqual(['constants.ts']);
  });

  test.skipIf(!existsSync(join(DIST, 'constants.js')))('is built without zod: its file and its chunks', () => {
    const files = new Set<string>();
    const follow = (name: string) => {
      if (files.has(name)) return;
      files.add(name);
      const code = readFileSync(join(DIST, name), 'utf8');
      for (const [, imported] of code.matchAll(/from\s*["']([^"']+)["']/g)) {
        expect(imported, `${name} imports ${imported}`).toMatch(/^\.\//);
        follow((imported as string).slice(2));
      }
    };
    follow('constants.js');
    for (const name of files) expect(readFileSync(join(DIST, name), 'utf8')).not.toMatch(/\bzod\b|\bmarked\b/);
  });

  test('the main entry exports every constant, the same value', () => {
    for (const [name, value] of Object.entries(constants)) {
      expect(main, name).toHaveProperty([name]);
      expect((main as Record<string, unknown>)[name], name).toBe(value);
    }
  });

  test('the code patterns take the codes they name and refuse the rest', () => {
    expect(['E06000001', 'E08000026', 'E10000031'].every((c) => constants.AUTHORITY_CODE_PATTERN.test(c))).toBe(true);
    expect(
      ['E12000005', 'E05000001', 'E0800002', 'e08000026'].some((c) => constants.AUTHORITY_CODE_PATTERN.test(c)),
    ).toBe(false);
    expect(constants.REGION_CODES.every((c) => constants.REGION_CODE_PATTERN.test(c))).toBe(true);
    expect(constants.REGION_CODE_PATTERN.test('E08000026')).toBe(false);
    expect(constants.PERIOD_ID_PATTERN.test('2024-25-Q1')).toBe(true);
    expect(constants.PERIOD_ID_PATTERN.test('2024-25-Q5')).toBe(false);
  });

  test('the area-code pattern takes an ONS code, or several joined by " / ", and nothing else', () => {
    for (const code of ['E92000001', 'E12000005', 'E08000026', 'E06000061 / E06000062']) {
      expect(constants.AREA_CODE_PATTERN.test(code), code).toBe(true);
    }
    for (const code of ['', 'e92000001', 'E9200000', 'E920000011', 'E06000061/E06000062', 'E06000061 / ']) {
      expect(constants.AREA_CODE_PATTERN.test(code), code).toBe(false);
    }
  });

  test('an ONS code is a capital letter and 8 digits, and a confirmed change of code two of them joined by a colon', () => {
    expect(['E92000001', 'E12000005', 'W06000001'].every((c) => constants.ONS_CODE_PATTERN.test(c))).toBe(true);
    expect(['', 'e92000001', 'E9200000', 'E06000061 / E06000062'].some((c) => constants.ONS_CODE_PATTERN.test(c))).toBe(
      false,
    );
    expect(constants.ONS_CODE_PAIR_PATTERN.test('E08000038:E08000016')).toBe(true);
    for (const pair of ['E08000038', 'E08000038:', 'E08000038:E0800001', 'E08000038 : E08000016']) {
      expect(constants.ONS_CODE_PAIR_PATTERN.test(pair), pair).toBe(false);
    }
  });

  test('the rule codes it names are rules: single-value errors, and the ones checked on submit only', () => {
    for (const code of [...constants.SINGLE_VALUE_RULE_CODES, ...constants.SUBMIT_ONLY_RULE_CODES]) {
      expect(isRuleCode(code), code).toBe(true);
    }
    expect(RULES.filter((rule) => rule.stage === 'submit').map((rule) => rule.code)).toEqual([
      ...constants.SUBMIT_ONLY_RULE_CODES,
    ]);
  });

  test('every problem type is a relative URI under /problems/, or about:blank, and each is listed once', () => {
    const types = Object.values(constants.PROBLEM_TYPES);
    for (const type of types) expect(type).toMatch(/^(\/problems\/[a-z-]+|about:blank)$/);
    expect(new Set(types).size).toBe(types.length);
  });

  test('a problem takes only a listed type (checked by the type checker)', () => {
    expect(problem(409, { type: constants.PROBLEM_TYPES.periodClosed }).type).toBe('/problems/period-closed');
    // @ts-expect-error: a type that is not in PROBLEM_TYPES
    expect(problem(409, { type: '/problems/made-up' }).type).toBe('/problems/made-up');
  });
});
