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

/** What a regional lead's history import did to the returns of one authority. */
export const historyAuthoritySchema = z
  .object({
    authorityCode: z.string(),
    authorityName: z.string(),
    created: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    kept: z
      .int()
      .describe('Returns the authority saved itself, kept as they are (the import was not asked to replace them)'),
  })
  .meta({ id: 'HistoryImportAuthority' });

/** A return the authority saved itself, that a history import left as it is. */
export const historyKeptReturnSchema = z
  .object({
    row: z.int().describe('The row of the file (the header is row 1)'),
    authorityCode: z.string(),
    period: z.string(),
    periodLabel: z.string(),
    status: returnStatusSchema,
  })
  .meta({ id: 'HistoryKeptReturn' });

/**
 * What a regional lead's (or an admin's) import of a region's history did (`POST
 * /api/returns/history-import`), or would do (`dryRun`): counts, by authority, the returns the
 * authorities saved themselves that were kept, the closed periods created for the quarters the exchange
 * did not have, and the comparisons released after it.
 */
export const historyImportSummarySchema = z
  .object({
    dryRun: z.boolean().describe('Only checked: nothing was saved'),
    rows: z.int().describe('Rows of returns read (the header and blank rows not counted)'),
    created: z.int(),
    updated: z.int(),
    unchanged: z.int().describe('Rows identical to the stored return: left as they are'),
    kept: z.int().describe('Rows over a return the authority saved itself: kept as it is, unless replace was asked'),
    skipped: z.int().describe('Rows with no figure and no comment'),
    warnings: z.int().describe('Returns imported with warnings (recorded, not refused: the history is as it was)'),
    authorities: z.array(historyAuthoritySchema),
    keptReturns: z.array(historyKeptReturnSchema),
    periodsCreated: z
      .array(z.string())
      .describe('Closed collection periods created for quarters the exchange did not have'),
    released: z.array(z.string()).describe('Periods whose comparisons were first released after the import'),
    awaitingRelease: z
      .array(z.string())
      .describe('Periods released before whose changed returns wait for the next re-release (DESIGN section 6)'),
  })
  .meta({ id: 'HistoryImportSummary' });

/** What a history import did. */
export type HistoryImportSummary = z.infer<typeof historyImportSummarySchema>;
