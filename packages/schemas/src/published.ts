/**
 * DfE's published statistics on the wire (`/api/published/…`): the releases loaded, and the figures
 * of the newest one.
 *
 * @module
 */
import { z } from 'zod';
import { GEOGRAPHIC_LEVELS, PUBLISHED_SYMBOLS } from './constants.js';

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
  })
  .meta({ id: 'PublishedRelease' });

/** A release of DfE's published statistics. */
export type PublishedRelease = z.infer<typeof publishedReleaseSchema>;

/** One published figure: a measure of an area in a year, or the symbol DfE gives in its place. */
export const publishedFigureSchema = z
  .object({
    year: z.int().describe('The year of the 30 September snapshot'),
    level: z.enum(GEOGRAPHIC_LEVELS),
    areaCode: z.string().describe('E92000001 for England, the region’s code, or the authority’s (joined by " / ")'),
    oldLaCode: z.string().nullable(),
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
