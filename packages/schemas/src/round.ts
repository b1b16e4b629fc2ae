/**
 * Collection rounds on the wire: what the regional lead's desk reads and sends
 * (`/api/regions/{region}/rounds/…`). A round is one region's collection of one period; the API
 * documents and tests its answers with these schemas, the portal reads them as these types.
 *
 * @module
 */
import { z } from 'zod';
import { dueDateSchema, periodStatusSchema } from './period.js';
import { problemErrorSchema } from './problem.js';
import { returnStatusSchema } from './return-record.js';
import { safeText } from './text.js';

/** One region's round of one period. */
export const roundSchema = z
  .object({
    period: z.string(),
    periodLabel: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    status: periodStatusSchema.describe("Whether the region's returns can be changed"),
    periodStatus: periodStatusSchema.describe('The period’s status for every region, set by an admin'),
    dueDate: dueDateSchema.nullable().describe('When the region’s returns are due'),
    regional: z.boolean().describe('The region has its own status or due date, set by its lead'),
    updatedAt: z.string().nullable(),
    updatedByName: z.string().nullable(),
  })
  .meta({ id: 'Round' });

/** A round. */
export type Round = z.infer<typeof roundSchema>;

/**
 * What a lead changes of their region's round: open or close it, set its due date (null: the period's),
 * and, when it opens, whether its submitters are e-mailed (`notify`; without it they are, as before it
 * existed: the portal asks the lead and sends `false` unless they choose to).
 */
export const roundUpdateSchema = z
  .strictObject({
    status: periodStatusSchema.optional(),
    dueDate: dueDateSchema.nullable().optional(),
    notify: z
      .boolean({ error: 'notify must be true or false' })
      .optional()
      .describe(
        "When the round opens: whether to e-mail the submitters of the region's authorities (default true). Ignored otherwise",
      ),
  })
  .refine((v) => v.status !== undefined || v.dueDate !== undefined, { error: 'Change the status or the due date' })
  .meta({ id: 'RoundUpdate' });

/** A change to a round. */
export type RoundUpdate = z.infer<typeof roundUpdateSchema>;

/** The tracker's state of an authority's return: its status, or not started. */
export const trackedStatusSchema = z.enum([...returnStatusSchema.options, 'not_started']);

/** A tracked status. */
export type TrackedStatus = z.infer<typeof trackedStatusSchema>;

/** One authority of the tracker. */
export const trackedAuthoritySchema = z.object({
  code: z.string(),
  name: z.string(),
  status: trackedStatusSchema,
  version: z.int().nullable(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  overdue: z.boolean().describe('Past the due date and not submitted'),
  errors: z.int().describe('Errors the return still has'),
  warnings: z.array(problemErrorSchema).describe('Warnings of the return, explained in its comment'),
  comment: z.string().nullable(),
  returnedReason: z.string().nullable(),
  lastRemindedAt: z.string().nullable(),
  submitters: z.int().describe('Active submitters of the authority: who a reminder reaches'),
});

/** One authority of the tracker. */
export type TrackedAuthority = z.infer<typeof trackedAuthoritySchema>;

/** The submission tracker of a region's round. */
export const trackerSchema = z
  .object({
    round: roundSchema,
    overdue: z.boolean().describe('Some return is overdue'),
    summary: z.object({
      authorities: z.int(),
      submitted: z.int().describe('Submitted or accepted'),
      notStarted: z.int(),
      draft: z.int(),
      awaitingReview: z.int(),
      returned: z.int(),
      accepted: z.int(),
    }),
    authorities: z.array(trackedAuthoritySchema),
  })
  .meta({ id: 'Tracker' });

/** The submission tracker of a region's round. */
export type Tracker = z.infer<typeof trackerSchema>;

/** A region's rounds, newest period first, with how far each got. */
export const roundListSchema = z
  .array(roundSchema.extend({ authorities: z.int(), submitted: z.int(), accepted: z.int() }))
  .meta({ id: 'RoundList' });

/** A region's rounds. */
export type RoundList = z.infer<typeof roundListSchema>;

/** A reminder to the authorities that have not submitted, with the lead's optional message. */
export const reminderSchema = z
  .strictObject({
    message: z
      .string()
      .trim()
      .max(1000, { error: 'The message must be 1,000 characters or fewer' })
      .refine(safeText.check, { error: safeText.message('The message') })
      .optional()
      .describe('Added to the e-mail'),
  })
  .meta({ id: 'Reminder' });

/** A reminder. */
export type Reminder = z.infer<typeof reminderSchema>;

const namedAuthority = z.object({ code: z.string(), name: z.string() });

/** Who a reminder reached. */
export const reminderResultSchema = z
  .object({
    reminded: z.array(namedAuthority).describe('Authorities whose submitters were e-mailed'),
    recipients: z.int().describe('E-mails written'),
    withoutSubmitter: z.array(namedAuthority).describe('Authorities with no active submitter to remind'),
  })
  .meta({ id: 'ReminderResult' });

/** Who a reminder reached. */
export type ReminderResult = z.infer<typeof reminderResultSchema>;
