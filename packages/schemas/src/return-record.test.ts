import { describe, expect, test } from 'vitest';
import { DECLARATION_MISSING, returnSchema, returnSubmitSchema } from './return-record.js';

describe('the body of a submit', () => {
  test('needs the declaration, true', () => {
    expect(returnSubmitSchema.parse({ version: 3, declaration: true })).toEqual({ version: 3, declaration: true });
    for (const body of [{ version: 3 }, { version: 3, declaration: false }, { version: 3, declaration: 'yes' }]) {
      const result = returnSubmitSchema.safeParse(body);
      expect(result.success, JSON.stringify(body)).toBe(false);
      expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['declaration', DECLARATION_MISSING],
      ]);
    }
  });
});

describe('a return on the wire', () => {
  test('carries the previous quarter’s return, or null', () => {
    const previous = returnSchema.shape.previous;
    expect(previous.parse(null)).toBeNull();
    expect(previous.parse({ period: '2024-25-Q1', figures: { permanentHeadcount: 370 } })).toEqual({
      period: '2024-25-Q1',
      figures: { permanentHeadcount: 370 },
    });
  });
});
