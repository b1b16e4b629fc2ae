/**
 * DfE's published statistics on the wire (`/api/published/…`): the releases loaded, and the figures
 * of the newest one.
 *
 * @module
 */
import { z } from 'zod';
import { AREA_CODE_PATTERN, GEOGRAPHIC_LEVELS, PUBLISHED_SYMBOLS } from './constants.js';

/** The most figures one query answers; `truncated` says when more matched. */
export const MAX_PUBLISHED_FIGURES = 5000;

/** A release of DfE's published statistics: one file, as loaded. */
export const publishedReleaseSchema = z
  .object({
    id: z.string().describe('csww- and the SHA-256 of the file as loaded'),
    name: z.string(),
    source: z.string(),
    firstYear: z.int(),
    lastYear: z.int(),
    rows: z.int().describe('Rows of the file (years × areas)'),
    loadedAt: z.string().describe('When it was loaded (ISO 8601)'),
    loadedBy: z.string().nullable().describe('The admin who loaded it; null when the server loaded it on start'),
    withdrawnAt: z
      .string()
      .nullable()
      .describe('When an admin withdrew it (ISO 8601): nothing reads its figures; null while it is in force'),
    withdrawnBy: z.string().nullable().describe('The admin who withdrew it'),
  })
  .meta({ id: 'PublishedRelease' });

/** A release of DfE's published statistics. */
export type PublishedRelease = z.infer<typeof publishedReleaseSchema>;

/** One published figure: a measure of an area in a year, or the symbol DfE gives in its place. */
export const publishedFigureSchema = z
  .object({
    year: z.int().describe('The year of the 30 September snapshot'),
    level: z.enum(GEOGRAPHIC_LEVELS),
    areaCode: z
      .string()
      .regex(AREA_CODE_PATTERN)
      .describe('E92000001 for England, the region’s code, or the authority’s (joined by " / ")'),
    oldLaCode: z.string().nullable(),
    authorityCode: z
      .string()
      .nullable()
      .describe(
        "The exchange's authority the figure is, by its current code, under any of the codes DfE has given it (Barnsley: E08000016 to 2024, E08000038 from 2025); null for England, a region, or an area the exchange does not know",
      ),
    areaName: z.string(),
    measure: z.string(),
    value: z.number().nullable(),
    symbol: z
      .enum(PUBLISHED_SYMBOLS)
      .nullable()
      .describe(
        'In place of a value: z not applicable, x not available, c confidential, u low reliability, low rounds to zero',
      ),
  })
  .meta({ id: 'PublishedFigure' });

/** One published figure. */
export type PublishedFigure = z.infer<typeof publishedFigureSchema>;

/** The figures a query found in the newest release (not to be confused with `PublishedFigures` beside a metric of a comparison). */
export const publishedFigureSetSchema = z
  .object({
    release: z
      .union([publishedReleaseSchema, z.null()])
      .describe('The newest release, which the figures come from; null if none is loaded'),
    figures: z.array(publishedFigureSchema),
    truncated: z.boolean().describe(`More than ${MAX_PUBLISHED_FIGURES} figures matched: narrow the query`),
  })
  .meta({ id: 'PublishedFigures' });

/** The figures a query found. */
export type PublishedFigureSet = z.infer<typeof publishedFigureSetSchema>;

const authorityNamedSchema = z.object({ code: z.string(), name: z.string() });

/** What loading a file of DfE's would do (`POST /api/published/releases/preview`): nothing is written. */
export const publishedReleasePreviewSchema = z
  .object({
    id: z.string().describe('The id the release would have: csww- and the SHA-256 of the file'),
    name: z.string().describe('Its name, from what it holds'),
    firstYear: z.int(),
    lastYear: z.int(),
    rows: z.int(),
    figures: z.int(),
    loaded: z
      .union([z.object({ name: z.string(), withdrawn: z.boolean() }), z.null()])
      .describe('The file was loaded before: loading it again changes nothing, or puts it back if withdrawn'),
    newestYearInForce: z.int().nullable().describe('The newest census year in force now'),
    bringsNewerYear: z
      .boolean()
      .describe('The file reaches a newer year: its census becomes the one beside the latest quarters'),
    newYears: z.array(z.int()).describe('Years of the file that no release in force has'),
    addedCells: z.int().describe('Figures that no release in force has'),
    revisedCells: z
      .int()
      .describe('Figures in force that the file would change (a release reaching a newer year keeps its own)'),
    revised: z
      .array(
        z.object({
          year: z.int(),
          areaCode: z.string(),
          areaName: z.string(),
          measure: z.string(),
          from: z.string(),
          to: z.string(),
        }),
      )
      .describe('The first 50 of them'),
    codeChanges: z
      .array(
        z.object({
          code: z.string().describe('DfE’s code in the file'),
          name: z.string(),
          oldLaCode: z.string().describe('DfE’s old code, the same across the change'),
          firstYear: z.int(),
          authority: authorityNamedSchema.describe('The exchange’s authority with that old code, by its current code'),
          confirmed: z.boolean().describe('Confirmed already, by an earlier release'),
        }),
      )
      .describe(
        'Codes of the file that are not the exchange’s, matched to an authority by the old code: confirm each to load them as its own',
      ),
    missing: z
      .array(authorityNamedSchema)
      .describe('Active authorities of the exchange with no row in the file’s last year'),
  })
  .meta({ id: 'PublishedReleasePreview' });

/** What loading a file would do. */
export type PublishedReleasePreview = z.infer<typeof publishedReleasePreviewSchema>;
