/**
 * The service on the wire: whether the API and its database answer (`GET /api/health`).
 *
 * @module
 */
import { z } from 'zod';
import { DATABASE_KINDS } from './constants.js';

/** The API and its database answer. */
export const healthSchema = z
  .object({
    status: z.literal('ok'),
    database: z.enum(DATABASE_KINDS),
    demo: z.boolean(),
  })
  .meta({ id: 'Health' });

/** The API's health. */
export type Health = z.infer<typeof healthSchema>;
