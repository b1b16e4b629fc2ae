import { METRIC_IDS } from '@csc-workforce/metrics-core';
import { comparablePeriodsSchema, comparisonSchema, metricComparisonSchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { RETURN_READERS, requires } from '../../lib/access.js';
import { commonErrors, jsonResponse, periodParam } from '../../lib/openapi.js';

const tags = ['Comparisons'];

export const metricParam = z
  .enum(METRIC_IDS)
  .openapi({ param: { name: 'metric', in: 'path' }, example: 'vacancyRate' });

/** No query parameters: the groups are fixed, so any parameter (authority=, region=, …) is refused. */
const noQuery = z.strictObject({});

const roles =
  'Authority users get their own authority named and their region and England anonymised (groups under MIN_GROUP_SIZE withheld, no counts of other authorities); regional leads get every authority of their region named, with counts, and other regions as aggregates. Admins are refused (403). Only submitted and accepted returns count.';

export const periods = createRoute({
  method: 'get',
  path: '/api/comparisons',
  ...requires({ roles: RETURN_READERS }),
  tags,
  summary: 'Periods that can be compared: those with submitted or accepted returns, newest first',
  responses: {
    200: jsonResponse(comparablePeriodsSchema, 'Periods'),
    401: commonErrors[401],
    403: commonErrors[403],
  },
});

export const all = createRoute({
  method: 'get',
  path: '/api/comparisons/{period}',
  ...requires({ roles: RETURN_READERS }),
  tags,
  summary: 'Every metric for a period, compared with the region and England',
  description: roles,
  request: { params: z.object({ period: periodParam }), query: noQuery },
  responses: {
    200: jsonResponse(comparisonSchema, 'Comparisons'),
    400: commonErrors[400],
    401: commonErrors[401],
    403: commonErrors[403],
    404: commonErrors[404],
  },
});

export const one = createRoute({
  method: 'get',
  path: '/api/comparisons/{period}/metrics/{metric}',
  ...requires({ roles: RETURN_READERS }),
  tags,
  summary: 'One metric for a period, with its trend over the last 8 quarters',
  description: roles,
  request: { params: z.object({ period: periodParam, metric: metricParam }), query: noQuery },
  responses: {
    200: jsonResponse(metricComparisonSchema, 'Comparison'),
    400: commonErrors[400],
    401: commonErrors[401],
    403: commonErrors[403],
    404: commonErrors[404],
  },
});

export const exportTable = createRoute({
  method: 'get',
  path: '/api/comparisons/{period}/export',
  ...requires({ roles: RETURN_READERS }),
  tags,
  summary: 'The comparison table as CSV or XLSX',
  description: `${roles} Authority users get one row per metric (own value, region, range, England, DfE); leads one row per authority of the region and per metric.`,
  request: {
    params: z.object({ period: periodParam }),
    query: z.strictObject({
      format: z
        .enum(['csv', 'xlsx'], { error: 'must be csv or xlsx' })
        .default('csv')
        .openapi({ param: { name: 'format', in: 'query' }, example: 'xlsx' }),
    }),
  },
  responses: {
    200: {
      description: 'The table',
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: { type: 'string', format: 'binary' },
        },
      },
    },
    400: commonErrors[400],
    401: commonErrors[401],
    403: commonErrors[403],
    404: commonErrors[404],
  },
});
