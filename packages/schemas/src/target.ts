/**
 * An authority's targets (DESIGN section 4): per metric, a value to reach by a quarter, with an
 * optional note, set by the authority's submitters; its users and its region's lead see the progress
 * towards it beside the comparison.
 *
 * @module
 */
import { METRIC_IDS, METRICS, type MetricId, TARGET_STATUSES } from '@csc-workforce/metrics-core';
import { z } from 'zod';
import { periodIdSchema } from './period.js';

/** The longest note of a target. */
export const MAX_TARGET_NOTE = 500;

/** The values a target of a metric may take: a percentage from 0 to 100, a ratio from 0, any FTE change. */
export function targetRange(metric: MetricId): { min: number; max: number } {
  const unit = METRICS[metric].unit;
  if (unit === 'percent') return { min: 0, max: 100 };
  if (unit === 'ratio') return { min: 0, max: 1_000 };
  return { min: -100_000, max: 100_000 };
}

/** A target as a submitter sets it (`PUT /api/targets/{authority}/{metric}`); the metric is the path's. */
export const targetInputSchema = z.strictObject({
  value: z
    .number({ error: 'Enter the target as a number' })
    .refine(Number.isFinite, { error: 'Enter the target as a number' }),
  by: periodIdSchema.describe('The quarter by whose end the target is to be reached'),
  note: z
    .string({ error: 'The note must be text' })
    .trim()
    .max(MAX_TARGET_NOTE, { error: `The note must be ${MAX_TARGET_NOTE} characters or fewer` })
    .nullable()
    .optional()
    .describe('Where the target comes from, such as a review or a workforce plan'),
});

/** A target as a submitter sets it. */
export type TargetInput = z.infer<typeof targetInputSchema>;

/**
 * The problems of a target for `metric`, by field, beyond its shape: a value the metric cannot take.
 * @example
 * targetProblems('vacancyRate', { value: 120, by: '2025-26-Q4' }); // [{ field: 'value', message: … }]
 */
export function targetProblems(metric: MetricId, input: TargetInput): { field: string; message: string }[] {
  const { min, max } = targetRange(metric);
  if (input.value < min || input.value > max) {
    const unit = METRICS[metric].unit === 'percent' ? '%' : '';
    return [{ field: 'value', message: `Enter a target from ${min}${unit} to ${max}${unit}` }];
  }
  return [];
}

/** An authority's target for one metric, as the API answers it. */
export const targetSchema = z
  .object({
    authorityCode: z.string(),
    metric: z.enum(METRIC_IDS),
    value: z.number(),
    by: z.string().describe('The quarter by whose end it is to be reached'),
    byLabel: z.string(),
    note: z.string().nullable(),
    setAt: z.string().describe('When it was last set (ISO 8601)'),
    setByName: z.string().nullable().describe('Who set it'),
  })
  .meta({ id: 'Target' });

/** An authority's target for one metric. */
export type Target = z.infer<typeof targetSchema>;

/** Where an authority stands against its target at a period, as comparisons show it. */
export const targetProgressSchema = z
  .object({
    value: z.number(),
    by: z.string(),
    byLabel: z.string(),
    note: z.string().nullable(),
    /** The authority's value at the period, less the target (null without a value). */
    gap: z.number().nullable().describe('The value at this period less the target; null without a value'),
    status: z.enum(TARGET_STATUSES).describe('met: at or beyond the target in the metric’s better direction'),
    overdue: z.boolean().describe('The period is after the quarter the target was for, and it is not met'),
  })
  .meta({ id: 'TargetProgress' });

/** Where an authority stands against its target. */
export type TargetProgress = z.infer<typeof targetProgressSchema>;
