import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import * as schemas from './index.js';

describe('the package', () => {
  const zodSchemas: [string, z.ZodType][] = [];
  for (const [name, value] of Object.entries(schemas as Record<string, unknown>)) {
    if (value instanceof z.ZodType) zodSchemas.push([name, value]);
  }

  test('exports the schemas of the wire', () => {
    expect(zodSchemas.map(([name]) => name)).toEqual(
      expect.arrayContaining(['returnFiguresSchema', 'returnSchema', 'userSchema', 'problemSchema']),
    );
  });

  test.each(zodSchemas)('%s converts to JSON Schema for the OpenAPI document', (_name, schema) => {
    expect(() => z.toJSONSchema(schema, { io: 'input' })).not.toThrow();
    expect(() => z.toJSONSchema(schema, { io: 'output' })).not.toThrow();
  });
});
