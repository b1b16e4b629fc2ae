/**
 * Collection periods on the wire (`/api/periods`): a period's id and status, the period as the API
 * answers it, and what an admin sends to add one or to change it. A regional lead changes their
 * region's round (round.ts) with the same body, and may say whether its opening e-mails its submitters.
 *
 * @module
 */
import { isPeriodId, type PeriodId } from '@csc-workforce/metrics-core';
import { z } from 'zod';
import { PERIOD_ID_PATTERN, PERIOD_STATUSES } from './constants.js';

/** A collection period's id, a financial-year quarter such as `2024-25-Q1`. */
export const periodIdSchema = z
  .string({ error: 'Enter a period like 2024-25-Q1' })
  .regex(PERIOD_ID_PATTERN, { error: 'Enter a period like 2024-25-Q1' })
  .refine(isPeriodId, {
    error: 'Enter a period like 2024-25-Q1: the two years must follow each other',
  })
  .meta({ description: 'A financial-year quarter, such as 2024-25-Q1', examples: ['2024-25-Q2'] }) as z.ZodType<
  PeriodId,
  string
>;

/** Whether a period (or a region's round) is open for returns. */
export const periodStatusSchema = z.enum(PERIOD_STATUSES);

/** The date returns are due, `YYYY-MM-DD`. */
export const dueDateSchema = z.iso.date({ error: 'Enter the due date as YYYY-MM-DD' });

/** A collection period: one quarter, opened and closed by an admin (`GET /api/periods`). */
export const periodSchema = z
  .object({
    id: z.string(),
    /** For people, such as `2024-25 Q1`. */
    label: z.string(),
    status: periodStatusSchema,
    dueDate: dueDateSchema.nullable(),
    quarterEnd: z.string().describe('The snapshot date of the quarter'),
  })
  .meta({ id: 'Period' });

/** A collection period. */
export type CollectionPeriod = z.infer<typeof periodSchema>;

/** A period an admin adds: closed unless said otherwise, due when its rounds say unless given a date. */
export const newPeriodSchema = z.strictObject({
  id: periodIdSchema,
  status: periodStatusSchema.default('closed'),
  dueDate: dueDateSchema.nullable().optional(),
});

/** A period to add. */
export type NewPeriod = z.input<typeof newPeriodSchema>;

/** What an admin changes of a period, or a lead of their region's round: open or close it, set its due date. */
export const periodUpdateSchema = z
  .strictObject({ status: periodStatusSchema.optional(), dueDate: dueDateSchema.nullable().optional() })
  .refine((v) => v.status !== undefined || v.dueDate !== undefined, { error: 'Change the status or the due date' });

/** A change to a period. */
export type PeriodUpdate = z.infer<typeof periodUpdateSchema>;
