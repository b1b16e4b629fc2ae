/**
 * A return on the wire (`/api/returns/…`): one authority's return for one period as the API answers
 * it, with its status, its revision and what the rules say of it; its revisions; and the bodies of a
 * save, a submit and the regional lead's review.
 *
 * @module
 */
import { z } from 'zod';
import { RETURN_STATUSES } from './constants.js';
import { problemErrorSchema } from './problem.js';
import { MAX_VERSION } from './reference.js';
import { returnFiguresSchema } from './return.js';
import { safeText } from './text.js';

/** A return's status. */
export const returnStatusSchema = z.enum(RETURN_STATUSES);

/** A revision number of a return that was saved: from 1 (PostgreSQL's integer). */
const versionSchema = z.int().min(1).max(MAX_VERSION);

/** The regional lead's reason for returning a return: trimmed, 1 to 2,000 characters. */
export const returnedReasonSchema = z
  .string({ error: 'Enter the reason for returning it' })
  .trim()
  .min(1, { error: 'Enter the reason for returning it' })
  .max(2000, { error: 'The reason must be 2,000 characters or fewer' })
  .refine(safeText.check, { error: safeText.message('The reason') });

/** What the validation rules say of a return's latest revision. */
export const returnValidationSchema = z
  .object({
    errors: z.array(problemErrorSchema).describe('Block submission'),
    warnings: z.array(problemErrorSchema).describe('Need a comment to submit'),
    canSubmit: z.boolean(),
  })
  .meta({ id: 'ReturnValidation' });

/** What the validation rules say of a return. */
export type ReturnValidation = z.infer<typeof returnValidationSchema>;

const returnFields = z.object({
  authorityCode: z.string(),
  authorityName: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  status: returnStatusSchema,
  version: versionSchema.describe('The revision number: send it back with the next save or submit'),
  figures: returnFiguresSchema,
  updatedAt: z.iso
    .datetime({ offset: true })
    .describe("When the latest revision was written: a save, an import, a submission or the lead's decision"),
  updatedBy: z.string().nullable().describe('Who wrote the latest revision'),
  updatedByName: z.string().nullable(),
  savedAt: z.iso
    .datetime({ offset: true })
    .describe(
      "When the figures were last saved (a save or an import): a submission or the regional lead's decision leaves it as it was",
    ),
  savedBy: z.string().nullable().describe('Who last saved the figures'),
  savedByName: z.string().nullable(),
  returnedReason: z.string().nullable(),
  demo: z.boolean().describe('Generated demo data, not a real return'),
  validation: returnValidationSchema,
  previous: z
    .object({ period: z.string(), figures: returnFiguresSchema })
    .nullable()
    .describe("The authority's return for the quarter before, shown beside each figure; null when it has none"),
});

/**
 * One authority's return for one period: the figures and comment of its latest revision, its status,
 * and what the rules say of it. Every save is a new revision with the next `version`. A `returned`
 * return carries the regional lead's reason.
 */
export const returnSchema = returnFields
  .superRefine((record, ctx) => {
    if (record.status === 'returned' && !record.returnedReason) {
      ctx.issues.push({
        code: 'custom',
        path: ['returnedReason'],
        message: 'A returned return needs the reason it was returned',
        input: record,
      });
    }
  })
  .meta({ id: 'Return' });

/** A return, as the API answers it. */
export type ReturnRecord = z.infer<typeof returnSchema>;

/** A return without its figures and validation: an item of a list. */
export const returnSummarySchema = returnFields
  .omit({ figures: true, validation: true, previous: true })
  .meta({ id: 'ReturnSummary' });

/** A return without its figures and validation. */
export type ReturnSummary = z.infer<typeof returnSummarySchema>;

/** The returns a caller can see (`GET /api/returns`), each with its figures when asked for (`figures=true`). */
export const returnListSchema = z.array(
  z.intersection(returnSummarySchema, z.object({ figures: returnFiguresSchema.optional() })),
);

/** A list of returns. */
export type ReturnList = z.infer<typeof returnListSchema>;

/** One revision of a return, without its figures. */
export const revisionSummarySchema = z
  .object({
    revision: z.int(),
    status: returnStatusSchema,
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    createdByName: z.string().nullable(),
  })
  .meta({ id: 'RevisionSummary' });

/** One revision of a return, without its figures. */
export type RevisionSummary = z.infer<typeof revisionSummarySchema>;

/** One revision of a return, with its figures. */
export const revisionSchema = z
  .intersection(revisionSummarySchema, z.object({ figures: returnFiguresSchema }))
  .meta({ id: 'Revision' });

/** One revision of a return. */
export type Revision = z.infer<typeof revisionSchema>;

/**
 * The body of a save (a new revision): the figures, and the `version` the edit was based on (0 for a
 * return not saved before), so that a concurrent edit is refused instead of merged.
 */
export const returnUpdateSchema = z.strictObject({
  version: z.int().min(0).max(MAX_VERSION),
  figures: returnFiguresSchema,
});

/** The body of a save. */
export type ReturnUpdate = z.infer<typeof returnUpdateSchema>;

/** The declaration a submitter makes with a submission, as the check-answers page words it. */
export const RETURN_DECLARATION = 'I confirm these figures are correct to the best of my knowledge';

/** The error when a submission lacks the declaration. */
export const DECLARATION_MISSING = 'Confirm that these figures are correct to the best of your knowledge';

/**
 * The body of a submit: the version being submitted, and the submitter's declaration
 * ({@link RETURN_DECLARATION}), which must be `true`; it is recorded in the submission's audit entry.
 */
export const returnSubmitSchema = z.strictObject({
  version: versionSchema.describe('The version being submitted (the latest you read)'),
  declaration: z
    .literal(true, { error: DECLARATION_MISSING })
    .describe(`The submitter's declaration: "${RETURN_DECLARATION}". Must be true.`),
});

/** The body of a submit. */
export type ReturnSubmit = z.infer<typeof returnSubmitSchema>;

/** The regional lead's acceptance of a submitted return: the version reviewed. */
export const returnAcceptSchema = z.strictObject({
  version: versionSchema.describe('The version you reviewed'),
});

/** The body of an acceptance. */
export type ReturnAccept = z.infer<typeof returnAcceptSchema>;

/** The regional lead's sending back of a return: the version reviewed, and what the authority must correct. */
export const returnSendBackSchema = z.strictObject({
  version: versionSchema.describe('The version you reviewed'),
  reason: returnedReasonSchema.describe('What the authority must correct: shown on its home page and e-mailed'),
});

/** The body of a sending back. */
export type ReturnSendBack = z.infer<typeof returnSendBackSchema>;
