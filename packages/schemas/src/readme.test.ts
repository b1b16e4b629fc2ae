import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fieldTable, ruleTable } from '../test/readme-tables.js';
import { RETURN_FIELDS, RULES } from './index.js';

/**
 * The README's tables are generated from the code. After changing a rule or a field, run
 * `UPDATE_README=1 npx vitest run src/readme.test.ts` to rewrite them between their markers.
 */
const README_URL = new URL('../README.md', import.meta.url);

function replaceBetween(text: string, name: string, content: string): string {
  const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(text)) throw new Error(`README has no ${name} markers`);
  return text.replace(pattern, (_match, start: string, end: string) => `${start}\n\n${content}\n\n${end}`);
}

if (process.env.UPDATE_README === '1') {
  const current = readFileSync(README_URL, 'utf8');
  const updated = replaceBetween(replaceBetween(current, 'rules', ruleTable()), 'fields', fieldTable());
  if (updated !== current) writeFileSync(README_URL, updated);
}

/** The README with its tables' cells trimmed, as the formatter may pad them to align the columns. */
function normaliseTables(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^-+$/, '---'))
            .join(' | ')
            .trim()
        : line,
    )
    .join('\n');
}

const README = normaliseTables(readFileSync(README_URL, 'utf8'));

describe('README', () => {
  test('its rule table lists exactly the codes of RULES, in order', () => {
    const listed = [...README.matchAll(/^\| ([EW]\d{3}) \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(RULES.map((rule) => rule.code));
  });

  test('its rule table says what the rules say, with the messages they give', () => {
    expect(README).toContain(normaliseTables(ruleTable()));
  });

  test('its field table lists every field with its column, kind and requirement', () => {
    const listed = [...README.matchAll(/^\| `(\w+)` \| `(\w+)` \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(RETURN_FIELDS.map((field) => field.name));
    expect(README).toContain(normaliseTables(fieldTable()));
  });
});
