/**
 * Statistical neighbours on the wire (`/api/neighbours/…`): an authority's 10 most similar
 * authorities in DfE's model, named with their closeness, and DfE's published figures for each, with
 * the median of the 10 beside the authority's own.
 *
 * @module
 */
import { METRIC_IDS } from '@csc-workforce/metrics-core';
import { z } from 'zod';

/** An authority's neighbours and DfE's figures for them. */
export const neighboursSchema = z
  .object({
    model: z.object({ id: z.string(), name: z.string(), source: z.string(), loadedAt: z.string() }),
    authority: z.object({ code: z.string(), name: z.string(), laNumber: z.string() }),
    neighbours: z
      .array(
        z.object({
          rank: z.int().describe('1 = the most similar'),
          laNumber: z.string().describe('DfE’s LA number'),
          code: z.string().nullable().describe('The exchange’s code; null for an LA number it does not know'),
          name: z.string(),
          closeness: z.enum(['Extremely close', 'Very close', 'Close', 'Somewhat close', 'Not close']).nullable(),
        }),
      )
      .describe('Nearest first; public, as DfE publishes them'),
    measures: z.array(
      z.object({
        metric: z.enum(METRIC_IDS),
        label: z.string(),
        measure: z.string().describe('DfE’s column'),
        years: z.array(
          z.object({
            year: z.int().describe('The census of 30 September of that year'),
            own: z.number().nullable(),
            median: z.number().nullable().describe('The median of the neighbours’ published values'),
            of: z.int().describe('How many neighbours’ values the median is of'),
            neighbours: z.record(z.string(), z.number().nullable()).describe('Each neighbour’s value, by its code'),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Neighbours' });

/** An authority's neighbours and DfE's figures for them. */
export type Neighbours = z.infer<typeof neighboursSchema>;

/** How the model in force matches the exchange's authorities (admins). */
export const neighbourModelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    source: z.string(),
    rows: z.int(),
    loadedAt: z.string(),
    matched: z.int().describe('Active authorities of the exchange found in the model'),
    unmatchedAuthorities: z.array(z.object({ code: z.string(), name: z.string() })),
    unmatchedLaNumbers: z.array(z.string()).describe('LA numbers of the model that no authority of the exchange has'),
  })
  .meta({ id: 'NeighbourModel' });

/** How the model in force matches the exchange's authorities. */
export type NeighbourModel = z.infer<typeof neighbourModelSchema>;
