/**
 * Comparisons on the wire (DESIGN sections 5 and 6): what `GET /api/comparisons/…` answers, for an
 * authority user (own figures named, groups anonymised) or a regional lead (the region named). The
 * API documents and tests its answers with these schemas; the portal reads them as these types.
 *
 * @module
 */
import { BANDS, METRIC_IDS } from '@csc-workforce/metrics-core';
import { z } from 'zod';
import { RELEASE_REASONS, RETURN_STATUSES } from './constants.js';
import { targetProgressSchema } from './target.js';

const nullableNumber = z.number().nullable();

/** A metric as the catalogue of metrics-core defines it. */
export const metricInfoSchema = z
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
  .meta({ id: 'MetricInfo' });

/** A group's figures, shown because enough authorities contributed. */
export const shownGroupSchema = z
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
      .describe('Every contributor’s value rounded to 1 dp, ascending, never labelled (one metric’s answer only)'),
  })
  .meta({ id: 'GroupFigures' });

/**
 * A group withheld: too few contributors, a count that authority users never see, a period whose
 * comparison has not been released yet (DESIGN section 6: releases, not live figures), or England
 * beside a region it exceeds by fewer than the minimum group size (overlapping groups).
 */
export const withheldGroupSchema = z
  .object({
    status: z.literal('withheld'),
    reason: z.enum(['group-too-small', 'counts-not-shared', 'not-released', 'overlapping-groups']),
    n: z.int(),
    minGroupSize: z.int(),
    message: z.string(),
  })
  .meta({ id: 'WithheldGroup' });

export const groupSchema = z.discriminatedUnion('status', [shownGroupSchema, withheldGroupSchema]);

const limitsSchema = z.object({ lower: z.number(), upper: z.number() });

/** Where an authority falls on a group's funnel plot. */
export const funnelSchema = z.object({
  target: z.number().describe('The group’s pooled value, the centre line'),
  denominator: z.number(),
  limits95: limitsSchema.describe('At the authority’s size, allowing for the group’s overdispersion (tau2)'),
  limits998: limitsSchema,
  tau2: z
    .number()
    .min(0)
    .describe(
      'The group’s between-authority variance τ² on the transformed scale (arcsine square root for a proportion, log for a rate), by which the limits are widened (Spiegelhalter 2005); 0 when the group is not overdispersed. To 4 significant figures for an anonymised group',
    ),
  phi: z
    .number()
    .min(0)
    .describe(
      'The group’s overdispersion ratio φ (mean squared Winsorised z-score; about 1 when it varies only by chance)',
    ),
  band: z.enum(['below-99.8', 'below-95', 'within-95', 'above-95', 'above-99.8']),
  verdict: z
    .enum(['significantly-lower', 'possibly-lower', 'as-expected', 'possibly-higher', 'significantly-higher'])
    .describe('Inside the 95% limits as expected; between 95% and 99.8% possibly; outside 99.8% significantly'),
  assessment: z.enum(['better', 'worse', 'as-expected', 'unusual']),
});

/** An authority's place in a group. */
export const positionSchema = z.object({
  rank: z.int().nullable().describe('1 = best by polarity (lowest first when neither)'),
  quartile: z
    .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
    .nullable()
    .describe('By rank: 1 = the best quartile of the group'),
  band: z
    .enum(BANDS)
    .nullable()
    .describe(
      'By the group’s quartiles, as DfE’s LAIT: A = the best quartile by polarity, D the worst (for a measure that is neither better higher nor lower, A the lowest)',
    ),
  n: z.int(),
  funnel: funnelSchema.nullable(),
});

export const changeSchema = z
  .object({
    from: z.number().describe('The earlier quarter’s value, to 4 decimal places'),
    to: z.number().describe('This quarter’s value, to 4 decimal places'),
    difference: z.number().describe('to − from, to 4 decimal places'),
    direction: z.enum(['improving', 'worsening', 'no-change']).nullable(),
  })
  .nullable();

export const changesSchema = z.object({ previousQuarter: changeSchema, sameQuarterLastYear: changeSchema });

export const publishedValueSchema = z.object({ value: nullableNumber, symbol: z.string().nullable() }).nullable();

/** DfE's latest published figure (30 September census) for England and the region. */
export const publishedFiguresSchema = z
  .object({ national: publishedValueSchema, region: publishedValueSchema })
  .nullable()
  .describe('DfE’s latest published figure for England and the region, when DfE publishes the metric');

/** An authority's own figure for a metric, or why there is none. */
export const ownFigureSchema = z.object({
  value: nullableNumber,
  numerator: nullableNumber,
  denominator: nullableNumber,
  reason: z
    .string()
    .nullable()
    .describe('Why the value is missing: missing-input, zero-denominator, insufficient-history'),
  missing: z
    .array(z.string())
    .describe(
      'What is missing: the periods without a counted return (insufficient-history), or the fields as field@period (missing-input); empty otherwise',
    ),
});

/** Why a comparison release was made. */
export const releaseReasonSchema = z.enum(RELEASE_REASONS);

/**
 * The release a comparison's group figures come from: a dated, immutable snapshot of a period's
 * counted returns (DESIGN section 6). `sequence` 1 is the first release; later ones are re-releases.
 */
export const releaseStampSchema = z
  .object({
    period: z.string().describe('The period released (the one compared, or the last released before it)'),
    periodLabel: z.string(),
    sequence: z.int().describe('1: the first release; 2 and on: re-releases'),
    firstReleasedAt: z.string().describe('When the period was first released (ISO 8601)'),
    releasedAt: z.string().describe('When this release was made (ISO 8601)'),
    label: z.string().describe('e.g. "released 14 August 2024; revised 21 August 2024"'),
  })
  .meta({ id: 'ReleaseStamp' });
export type ReleaseStamp = z.infer<typeof releaseStampSchema>;

/** A period not released yet: when it will be, and what it is compared with meanwhile. */
export const notReleasedSchema = z
  .object({
    message: z.string().describe('A plain sentence saying when the comparison will be released'),
    expectedBy: z
      .string()
      .nullable()
      .describe('The date (YYYY-MM-DD) by which it will be released at the latest, when one is known'),
  })
  .meta({ id: 'NotReleased' });
export type NotReleased = z.infer<typeof notReleasedSchema>;

const header = {
  period: z.string(),
  periodLabel: z.string(),
  minGroupSize: z.int(),
  demo: z.boolean().describe('Demo data counted in these figures'),
  published: z
    .object({ release: z.string(), year: z.int(), label: z.string().describe('e.g. "DfE, 30 Sep 2023"') })
    .nullable(),
  release: releaseStampSchema
    .nullable()
    .describe(
      'The release the group figures come from (other authorities’ figures are never live); null when no period up to this one has been released',
    ),
  notReleased: notReleasedSchema
    .nullable()
    .describe(
      'Set while the period compared is not released: own figures are live, the groups are those of `release` (the last released period)',
    ),
};

export const areaSchema = z.object({ code: z.string(), name: z.string() });
const returnStatusOrNone = z.enum(RETURN_STATUSES).nullable();

export const authorityMetricSchema = z.object({
  metric: metricInfoSchema,
  own: ownFigureSchema,
  change: changesSchema,
  region: positionSchema.extend({ group: groupSchema }),
  england: positionSchema.extend({ group: groupSchema }),
  neighbours: positionSchema
    .extend({ group: groupSchema })
    .nullable()
    .optional()
    .describe(
      'The authority’s statistical neighbours (DfE’s model in force) as an anonymised group of the exchange’s figures, from a release like the region (see `neighbours.release`): rates only, rounded, withheld under the minimum size or when it and another group shown differ by fewer than the minimum size (overlapping-groups). Rank and band are among the neighbours and the authority itself; no funnel. Null when the authority is not in the model',
    ),
  published: publishedFiguresSchema,
  target: targetProgressSchema.nullable().describe('The authority’s target for the metric, and where it stands'),
});

/** The statistical neighbours an authority's comparison stands beside: the model and how many. */
export const comparisonNeighboursSchema = z
  .object({
    model: z.object({ id: z.string(), name: z.string() }).describe('DfE’s statistical-neighbour model in force'),
    count: z
      .int()
      .describe(
        'How many neighbours the model gives the authority (their names are public: GET /api/neighbours/{authority}; comparisons name no other authority)',
      ),
    release: releaseStampSchema
      .nullable()
      .describe(
        'The release the neighbours’ group comes from: the period’s first release, or a later one that changed the group by at least the minimum size',
      ),
  })
  .meta({ id: 'ComparisonNeighbours' });
export type ComparisonNeighbours = z.infer<typeof comparisonNeighboursSchema>;

/** The comparisons of an authority user. */
export const authorityComparisonSchema = z
  .object({
    view: z.literal('authority'),
    ...header,
    authority: areaSchema,
    region: areaSchema,
    neighbours: comparisonNeighboursSchema
      .nullable()
      .optional()
      .describe('The authority’s statistical neighbours, when it is in the model in force'),
    ownReturn: z.object({ status: returnStatusOrNone, counted: z.boolean() }),
    summary: z
      .array(z.string())
      .describe(
        'The comparison in a few sentences, generated from its figures (the all-metrics answer; empty for one metric)',
      ),
    metrics: z.array(authorityMetricSchema),
  })
  .meta({ id: 'AuthorityComparison' });

export const regionAuthorityFigureSchema = ownFigureSchema.extend({
  code: z.string(),
  target: targetProgressSchema.nullable().describe('The authority’s target for the metric, and where it stands'),
  change: changesSchema,
  region: positionSchema,
  england: positionSchema,
});

export const regionMetricSchema = z.object({
  metric: metricInfoSchema,
  region: groupSchema,
  england: groupSchema,
  published: publishedFiguresSchema,
  otherRegions: z.array(areaSchema.extend({ group: groupSchema })),
  authorities: z.array(regionAuthorityFigureSchema),
});

/** The comparisons of a regional lead. */
export const regionComparisonSchema = z
  .object({
    view: z.literal('region'),
    ...header,
    region: areaSchema,
    summary: z
      .array(z.string())
      .describe(
        'The region in a few sentences, naming the authorities that stand out (the all-metrics answer; empty for one metric)',
      ),
    authorities: z.array(areaSchema.extend({ returnStatus: returnStatusOrNone, counted: z.boolean() })),
    metrics: z.array(regionMetricSchema),
  })
  .meta({ id: 'RegionComparison' });

/**
 * DfE's figures at a point of a trend: only at a quarter ending on a census day (30 September, a Q2),
 * where DfE's census of that year is loaded; null elsewhere.
 */
export const trendCensusSchema = z
  .union([
    z.object({
      year: z.int(),
      label: z.string().describe('Such as "DfE, 30 Sep 2023"'),
      england: nullableNumber,
      region: nullableNumber.describe('The viewer’s region (an authority’s, or the lead’s own)'),
    }),
    z.null(),
  ])
  .describe('DfE’s census at this quarter’s end, where the quarter ends on census day (a Q2)');

export const authorityTrendPointSchema = z.object({
  period: z.string(),
  periodLabel: z.string(),
  own: nullableNumber,
  region: nullableNumber,
  england: nullableNumber,
  neighbours: nullableNumber
    .optional()
    .describe('The statistical neighbours’ group, pooled, from its release (null when withheld or not released)'),
  census: trendCensusSchema,
});

export const regionTrendPointSchema = z.object({
  period: z.string(),
  periodLabel: z.string(),
  region: nullableNumber,
  england: nullableNumber,
  authorities: z.record(z.string(), nullableNumber),
  census: trendCensusSchema,
});

/** Every metric of a period, as the caller may see it. */
export const comparisonSchema = z.discriminatedUnion('view', [authorityComparisonSchema, regionComparisonSchema]);

/** One metric of a period with its trend, as the caller may see it. */
export const metricComparisonSchema = z.discriminatedUnion('view', [
  authorityComparisonSchema.extend({ trend: z.array(authorityTrendPointSchema) }),
  regionComparisonSchema.extend({ trend: z.array(regionTrendPointSchema) }),
]);

export const comparablePeriodSchema = z.object({
  id: z.string(),
  label: z.string(),
  authorities: z.int().describe('Authorities counted in the period’s latest release (0 before its first release)'),
  released: z.boolean().describe('Whether the period has been released; before that only own figures are live'),
});

/** The periods that can be compared, and where to start. */
export const comparablePeriodsSchema = z.object({
  periods: z.array(comparablePeriodSchema),
  start: z
    .string()
    .nullable()
    .describe(
      'Where to start: the newest period with your own figures not released yet, else the newest released with at least MIN_GROUP_SIZE authorities',
    ),
});

/** One region's part of a release: returns counted, and how many authorities' contributions changed. */
export const releaseRegionSchema = z.object({
  code: z.string(),
  name: z.string(),
  returns: z.int().describe('Counted returns of the region in the release'),
  changed: z.int().nullable().describe('Authorities whose contributions changed since the previous release'),
});

/** A release of a period's comparison. */
export const comparisonReleaseSchema = z
  .object({
    period: z.string(),
    periodLabel: z.string(),
    sequence: z.int(),
    releasedAt: z.string(),
    reason: releaseReasonSchema,
    releasedByName: z.string().nullable().describe('The admin who made it, when one did'),
    returns: z.int().describe('Counted returns in the release, England'),
    changed: z.int().nullable().describe('Authorities whose contributions changed since the previous release'),
    regions: z.array(releaseRegionSchema).describe('Per region; a lead sees their own region only'),
    label: z.string(),
  })
  .meta({ id: 'ComparisonRelease' });
export type ComparisonRelease = z.infer<typeof comparisonReleaseSchema>;

/** A period's releases, newest first, and what waits for the next one. */
export const comparisonReleasesSchema = z
  .object({
    period: z.string(),
    periodLabel: z.string(),
    minGroupSize: z.int(),
    releases: z.array(comparisonReleaseSchema),
    pending: z
      .object({
        changed: z
          .int()
          .describe(
            'Authorities whose contributions changed since the last release: in England for an admin, in their own region for a lead (what waits is live)',
          ),
        regions: z.array(releaseRegionSchema.omit({ returns: true })),
        nextCheck: z.string().nullable().describe('When the next scheduled release may be made (ISO 8601)'),
        message: z.string(),
      })
      .describe('Changes not released yet'),
  })
  .meta({ id: 'ComparisonReleases' });
export type ComparisonReleases = z.infer<typeof comparisonReleasesSchema>;

/** What a release holds: every return it counted, with the revision used. */
export const releaseContentsSchema = z
  .object({
    release: comparisonReleaseSchema,
    returns: z.array(
      z.object({
        authorityCode: z.string(),
        authorityName: z.string(),
        regionCode: z.string(),
        revision: z.int().describe('The revision of the return counted'),
      }),
    ),
  })
  .meta({ id: 'ReleaseContents' });
export type ReleaseContents = z.infer<typeof releaseContentsSchema>;

export type MetricInfo = z.infer<typeof metricInfoSchema>;
export type ShownGroup = z.infer<typeof shownGroupSchema>;
export type WithheldGroup = z.infer<typeof withheldGroupSchema>;
export type Group = z.infer<typeof groupSchema>;
export type Funnel = z.infer<typeof funnelSchema>;
export type Position = z.infer<typeof positionSchema>;
export type Change = NonNullable<z.infer<typeof changeSchema>>;
export type Changes = z.infer<typeof changesSchema>;
export type PublishedValue = NonNullable<z.infer<typeof publishedValueSchema>>;
export type PublishedFigures = NonNullable<z.infer<typeof publishedFiguresSchema>>;
export type OwnFigure = z.infer<typeof ownFigureSchema>;
export type Area = z.infer<typeof areaSchema>;
export type AuthorityMetric = z.infer<typeof authorityMetricSchema>;
export type AuthorityComparison = z.infer<typeof authorityComparisonSchema>;
export type RegionAuthorityFigure = z.infer<typeof regionAuthorityFigureSchema>;
export type RegionMetric = z.infer<typeof regionMetricSchema>;
export type RegionComparison = z.infer<typeof regionComparisonSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
export type AuthorityTrendPoint = z.infer<typeof authorityTrendPointSchema>;
export type RegionTrendPoint = z.infer<typeof regionTrendPointSchema>;
export type MetricComparison = z.infer<typeof metricComparisonSchema>;
export type ComparablePeriod = z.infer<typeof comparablePeriodSchema>;
export type ComparablePeriods = z.infer<typeof comparablePeriodsSchema>;
