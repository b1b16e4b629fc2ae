/** Shared pieces of the OpenAPI route definitions: the problem response and common parameters. */
import { isPeriodId } from '@csc-workforce/metrics-core';
import {
  AUTHORITY_CODE_PATTERN,
  MAX_VERSION,
  PERIOD_ID_PATTERN,
  problemSchema,
  REGION_CODE_PATTERN,
} from '@csc-workforce/schemas';
import { z } from '@hono/zod-openapi';

const problemContent = { 'application/problem+json': { schema: problemSchema } };

/** A problem+json response of the OpenAPI document. */
export const problemResponseDoc = (description: string) => ({ description, content: problemContent });

/** The error responses most routes can give. */
export const commonErrors = {
  400: problemResponseDoc('The request is malformed (path, query or body): see errors'),
  401: problemResponseDoc('Not signed in'),
  403: problemResponseDoc('Signed in, but not allowed (role, or missing CSRF token)'),
  404: problemResponseDoc('Not found, or not in your scope'),
  422: problemResponseDoc('The body breaks the schema: see errors, field by field'),
} as const;

/** A JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
});

/** A JSON response. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const authorityCodeParam = z
  .string()
  .regex(AUTHORITY_CODE_PATTERN, 'must be an ONS local authority code such as E08000026')
  .openapi({ param: { name: 'authority', in: 'path' }, example: 'E08000026' });

export const regionParam = z
  .string()
  .regex(REGION_CODE_PATTERN, 'must be an ONS region code such as E12000005')
  .openapi({ param: { name: 'region', in: 'path' }, example: 'E12000005' });

export const periodParam = z
  .string()
  .regex(PERIOD_ID_PATTERN, 'must be a period id such as 2024-25-Q1')
  .refine(isPeriodId, 'must be a period id such as 2024-25-Q1: the two years follow each other')
  .openapi({ param: { name: 'period', in: 'path' }, example: '2024-25-Q1' });

/** A revision number in the path (of a return, or of a note). */
export const revisionParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_VERSION)
  .openapi({ param: { name: 'revision', in: 'path' } });

/** The page of a long list: `page` from 1, `pageSize` up to 100 (default 25). */
export const pageQuery = {
  page: z.coerce
    .number({ error: 'must be a whole number from 1' })
    .int({ error: 'must be a whole number from 1' })
    .min(1, { error: 'must be a whole number from 1' })
    .max(100_000, { error: 'must be 100,000 or less' })
    .default(1)
    .openapi({ param: { name: 'page', in: 'query' }, example: 1 }),
  pageSize: z.coerce
    .number({ error: 'must be a whole number from 1 to 100' })
    .int({ error: 'must be a whole number from 1 to 100' })
    .min(1, { error: 'must be a whole number from 1 to 100' })
    .max(100, { error: 'must be a whole number from 1 to 100' })
    .default(25)
    .openapi({ param: { name: 'pageSize', in: 'query' }, example: 25 }),
};
