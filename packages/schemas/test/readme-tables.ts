/** The README's tables, rendered from the code so that a test can check the README is in sync. */
import { RETURN_FIELDS, RULES, validateReturn } from '../src/index.js';
import { caseOptions, RULE_CASES } from './rule-cases.js';

/** The message the rule's minimal case gives: the README's example. */
export function exampleMessage(code: keyof typeof RULE_CASES): string {
  const ruleCase = RULE_CASES[code];
  const result = validateReturn(ruleCase.input, caseOptions(ruleCase));
  const found = [...result.errors, ...result.warnings].find((issue) => issue.code === code);
  if (!found) throw new Error(`The case of ${code} does not raise it`);
  return found.message;
}

/** The rule table: code | severity | field | rule | message example. */
export function ruleTable(): string {
  const rows = RULES.map((rule) => {
    const field = rule.field === '*' ? 'each figure' : `\`${rule.field}\``;
    const notes = [
      rule.stage === 'submit' ? ' Checked on submit only.' : '',
      rule.needsPrevious ? " Needs the previous quarter's return." : '',
    ].join('');
    return `| ${rule.code} | ${rule.severity} | ${field} | ${rule.description}${notes} | ${exampleMessage(rule.code)} |`;
  });
  return ['| code | severity | field | rule | message example |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/** The field table: field | CSV column | kind | required at submit | label. */
export function fieldTable(): string {
  const rows = RETURN_FIELDS.map(
    (f) => `| \`${f.name}\` | \`${f.column}\` | ${f.kind} | ${f.required ? 'yes' : 'optional'} | ${f.label} |`,
  );
  return [
    '| field | CSV column | kind | required at submit | label |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
