import { METRIC_IDS } from '@csc-workforce/metrics-core';
import { createRoute, z } from '@hono/zod-openapi';
import { commonErrors, jsonResponse, periodParam } from '../../lib/openapi.js';

const tags = ['Comparisons'];
const nullableNumber = z.number().nullable();

export const metricParam = z
  .enum(METRIC_IDS)
  .openapi({ param: { name: 'metric', in: 'path' }, example: 'vacancyRate' });

const metricInfo = z
  .object({
    id: z.enum(METRIC_IDS),
    label: z.string(),
    unit: z.enum(['percent', 'ratio', 'fte']),
    kind: z.enum(['proportion', 'rate', 'count']),
    polarity: z.enum(['lower', 'higher', 'neither']),
    formula: z.string(),
    numerator: z.string(),
    denominator: z.string(),
  })
  .openapi('MetricInfo');

const shownGroup = z
  .object({
    status: z.literal('shown'),
    n: z.int().describe('Authorities that contributed a value'),
    pooled: nullableNumber.describe('Σ numerators ÷ Σ denominators (scaled): how DfE computes group rates'),
    mean: nullableNumber,
    median: nullableNumber,
    q1: nullableNumber,
    q3: nullableNumber,
    min: nullableNumber,
    max: nullableNumber,
    numerator: nullableNumber.optional().describe('Σ numerators (regional leads only)'),
    denominator: nullableNumber.optional().describe('Σ denominators (regional leads only)'),
    values: z
      .array(z.number())
      .optional()
      .describe('Every contributor’s value rounded to 1 dp, ascending, never labelled'),
  })
  .openapi('GroupFigures');

const withheldGroup = z
  .object({
    status: z.literal('withheld'),
    reason: z.enum(['group-too-small', 'counts-not-shared']),
    n: z.int(),
    minGroupSize: z.int(),
    message: z.string(),
  })
  .openapi('WithheldGroup');

const group = z.discriminatedUnion('status', [shownGroup, withheldGroup]);

const limits = z.object({ lower: z.number(), upper: z.number() });
const position = {
  rank: z.int().nullable().describe('1 = best by polarity (lowest first when neither)'),
  quartile: z.int().min(1).max(4).nullable().describe('1 = the best quarter of the group'),
  n: z.int(),
  funnel: z
    .object({
      target: z.number().describe('The group’s pooled value, the centre line'),
      denominator: z.number(),
      limits95: limits,
      limits998: limits,
      band: z.enum(['below-99.8', 'below-95', 'within-95', 'above-95', 'above-99.8']),
      assessment: z.enum(['better', 'worse', 'as-expected', 'unusual']),
    })
    .nullable(),
};

const change = z
  .object({
    from: z.number(),
    to: z.number(),
    difference: z.number(),
    direction: z.enum(['improving', 'worsening', 'no-change']).nullable(),
  })
  .nullable();
const changes = z.object({ previousQuarter: change, sameQuarterLastYear: change });

const publishedValue = z.object({ value: nullableNumber, symbol: z.string().nullable() }).nullable();
const publishedFigures = z
  .object({ national: publishedValue, region: publishedValue })
  .nullable()
  .describe(
    'DfE’s latest published figure (30 September census) for England and the region, when DfE publishes the metric',
  );

const own = {
  value: nullableNumber,
  numerator: nullableNumber,
  denominator: nullableNumber,
  reason: z
    .string()
    .nullable()
    .describe('Why the value is missing: missing-input, zero-denominator, insufficient-history'),
};

const header = {
  period: z.string(),
  periodLabel: z.string(),
  minGroupSize: z.int(),
  demo: z.boolean().describe('Demo data counted in these figures'),
  published: z
    .object({ release: z.string(), year: z.int(), label: z.string().describe('e.g. "DfE, 30 Sep 2023"') })
    .nullable(),
};
const area = z.object({ code: z.string(), name: z.string() });
const returnStatus = z.enum(['draft', 'submitted', 'accepted', 'returned']).nullable();

const authorityMetric = z.object({
  metric: metricInfo,
  own: z.object(own),
  change: changes,
  region: z.object({ group, ...position }),
  england: z.object({ group, ...position }),
  published: publishedFigures,
});

export const authorityView = z
  .object({
    view: z.literal('authority'),
    ...header,
    authority: area,
    region: area,
    ownReturn: z.object({ status: returnStatus, counted: z.boolean() }),
    metrics: z.array(authorityMetric),
  })
  .openapi('AuthorityComparison');

const regionMetric = z.object({
  metric: metricInfo,
  region: group,
  england: group,
  published: publishedFigures,
  otherRegions: z.array(z.object({ code: z.string(), name: z.string(), group })),
  authorities: z.array(
    z.object({
      code: z.string(),
      ...own,
      change: changes,
      region: z.object(position),
      england: z.object(position),
    }),
  ),
});

export const regionView = z
  .object({
    view: z.literal('region'),
    ...header,
    region: area,
    authorities: z.array(area.extend({ returnStatus, counted: z.boolean() })),
    metrics: z.array(regionMetric),
  })
  .openapi('RegionComparison');

const authorityTrend = z.array(
  z.object({
    period: z.string(),
    periodLabel: z.string(),
    own: nullableNumber,
    region: nullableNumber,
    england: nullableNumber,
  }),
);
const regionTrend = z.array(
  z.object({
    period: z.string(),
    periodLabel: z.string(),
    region: nullableNumber,
    england: nullableNumber,
    authorities: z.record(z.string(), nullableNumber),
  }),
);

export const comparisonSchema = z.discriminatedUnion('view', [authorityView, regionView]);
export const metricComparisonSchema = z.discriminatedUnion('view', [
  authorityView.extend({ trend: authorityTrend }),
  regionView.extend({ trend: regionTrend }),
]);

/** No query parameters: the groups are fixed, so any parameter (authority=, region=, …) is refused. */
const noQuery = z.strictObject({});

const roles =
  'Authority users get their own authority named and their region and England anonymised (groups under MIN_GROUP_SIZE withheld, no counts of other authorities); regional leads get every authority of their region named, with counts, and other regions as aggregates. Admins are refused (403). Only submitted and accepted returns count.';

export const periods = createRoute({
  method: 'get',
  path: '/api/comparisons',
  tags,
  summary: 'Periods that can be compared: those with submitted or accepted returns, newest first',
  responses: {
    200: jsonResponse(
      z.object({
        periods: z.array(z.object({ id: z.string(), label: z.string(), authorities: z.int() })),
        start: z
          .string()
          .nullable()
          .describe('Where to start: the newest period with at least MIN_GROUP_SIZE authorities counted'),
      }),
      'Periods',
    ),
    401: commonErrors[401],
    403: commonErrors[403],
  },
});

export const all = createRoute({
  method: 'get',
  path: '/api/comparisons/{period}',
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
