/**
 * Statistical neighbours on the wire (`/api/neighbours/…`): an authority's 10 most similar
 * authorities in DfE's model, named with their closeness, and DfE's published figures for each, with
 * the median of the 10 beside the authority's own.
 *
 * @module
 */
import { METRIC_IDS } from '@csc-workforce/metrics-core';
import { z } from 'zod';
import { NEIGHBOUR_CLOSENESS } from './constants.js';

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
          closeness: z.enum(NEIGHBOUR_CLOSENESS).nullable(),
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

/** What every loaded model is described by: its id, name, file, rows and when it was loaded. */
const loadedModel = {
  id: z.string(),
  name: z.string(),
  source: z.string(),
  rows: z.int(),
  loadedAt: z.string(),
};

/** How the model in force matches the exchange's authorities (admins). */
export const neighbourModelSchema = z
  .object({
    ...loadedModel,
    matched: z.int().describe('Active authorities of the exchange found in the model'),
    unmatchedAuthorities: z.array(z.object({ code: z.string(), name: z.string() })),
    unmatchedLaNumbers: z.array(z.string()).describe('LA numbers of the model that no authority of the exchange has'),
  })
  .meta({ id: 'NeighbourModel' });

/** How the model in force matches the exchange's authorities. */
export type NeighbourModel = z.infer<typeof neighbourModelSchema>;

/** A statistical-neighbour model loaded (admins): one file of DfE's, and whether it is in force. */
export const neighbourModelEntrySchema = z
  .object({
    ...loadedModel,
    loadedByName: z.string().nullable().describe('Who loaded it (null: loaded on start)'),
    inForce: z.boolean().describe('The model in force: the one chosen last'),
    inForceSince: z.string().nullable().describe('When it was last put in force (null: never)'),
    chosenByName: z.string().nullable(),
  })
  .meta({ id: 'NeighbourModelEntry' });
export type NeighbourModelEntry = z.infer<typeof neighbourModelEntrySchema>;

/** What putting a model in force would change, before it is loaded (admins). */
export const neighbourModelPreviewSchema = z
  .object({
    id: z.string().describe('The id it would have (the file’s hash)'),
    rows: z.int(),
    pairs: z.int(),
    loadedAlready: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('The model this file was loaded as before, if it was'),
    inForce: z.object({ id: z.string(), name: z.string() }).nullable().describe('The model in force now'),
    matched: z.int().describe('Active authorities of the exchange found in the file'),
    unmatchedAuthorities: z.array(z.object({ code: z.string(), name: z.string() })),
    unmatchedLaNumbers: z.array(z.string()).describe('LA numbers of the file that no authority of the exchange has'),
    changes: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          added: z.array(z.string()).describe('Neighbours it would gain, named'),
          removed: z.array(z.string()).describe('Neighbours it would lose, named'),
          reordered: z.boolean().describe('The same neighbours in another order'),
          changedMembers: z.int().describe('Neighbours gained and lost'),
        }),
      )
      .describe('Active authorities whose neighbours change against the model in force'),
    fewerThanK: z
      .int()
      .describe(
        'Authorities whose neighbours’ group changes by fewer than the minimum group size (and more than none): one who saw the group before and after could subtract the two',
      ),
    minGroupSize: z.int(),
  })
  .meta({ id: 'NeighbourModelPreview' });
export type NeighbourModelPreview = z.infer<typeof neighbourModelPreviewSchema>;
