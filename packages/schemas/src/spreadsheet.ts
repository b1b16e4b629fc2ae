/**
 * Spreadsheets on the wire: what an import of returns from a CSV or XLSX file answers
 * (`POST /api/returns/import`). The files themselves are described by the routes.
 *
 * @module
 */
import { z } from 'zod';
import { IMPORT_OUTCOMES } from './constants.js';
import { problemErrorSchema } from './problem.js';
import { returnStatusSchema } from './return-record.js';

/**
 * An error or a warning of a return that an import saved, where the file has it: the row of the
 * return and the column of the figure (none for a rule about the whole return), with the rule's code.
 */
export const importProblemSchema = problemErrorSchema
  .extend({
    severity: z.enum(['error', 'warning']).describe('An error blocks submission; a warning needs a comment'),
  })
  .meta({ id: 'ImportProblem' });

/** An error or a warning of an imported return. */
export type ImportProblem = z.infer<typeof importProblemSchema>;

/** One return of the file, after the import. */
export const importedReturnSchema = z
  .object({
    row: z.int().describe('The row of the file (the header is row 1)'),
    authorityCode: z.string(),
    period: z.string(),
    periodLabel: z.string(),
    outcome: z.enum(IMPORT_OUTCOMES),
    version: z.int().describe('The version of the return after the import'),
    status: returnStatusSchema,
    errors: z.int().describe('Errors that block submission, as the return’s validation reports them'),
    warnings: z.int().describe('Warnings that need a comment to submit'),
    problems: z
      .array(importProblemSchema)
      .describe(
        "Each of those errors and warnings, at the file's row of the return and the column of its figure, so that the file's problems show at upload",
      ),
  })
  .meta({ id: 'ImportedReturn' });

/** One return of an import. */
export type ImportedReturn = z.infer<typeof importedReturnSchema>;

/** What an import did, return by return. */
export const importSummarySchema = z
  .object({
    rows: z.int().describe('Rows of returns read (the header and blank rows not counted)'),
    created: z.int(),
    updated: z.int(),
    unchanged: z.int().describe('Rows identical to the stored return: left as they are'),
    skipped: z.int().describe('Rows with no figure and no comment'),
    returns: z.array(importedReturnSchema),
  })
  .meta({ id: 'ImportSummary' });

/** What an import did. */
export type ImportSummary = z.infer<typeof importSummarySchema>;
