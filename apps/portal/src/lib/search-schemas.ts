/**
 * The zod schemas of the pages' search parameters (TanStack Router's `validateSearch`). A value that
 * does not fit is left out, as if it were not in the address: a list then shows its first page,
 * unfiltered by it. This module is loaded only with the first page that has search parameters
 * (lib/search.ts), so zod stays out of the home page's scripts.
 */
import { NOTE_STATUSES } from '@csc-workforce/schemas';
import { z } from 'zod';

/**
 * A search parameter's text, trimmed; nothing for an empty one. The router reads a value that looks
 * like JSON as JSON, so a search for 2024 arrives as a number: it is text again.
 */
const text = z
  .union([z.string(), z.number().transform(String)])
  .pipe(z.string().trim().min(1))
  .optional()
  .catch(undefined);

/** The page of a paged list, from 2 (page 1 is the default and stays out of the address). */
const page = z.coerce.number().int().min(2).max(100_000).optional().catch(undefined);

/** A page's `done` parameter: what was just done, for its success banner. */
const done = <const T extends string>(value: T) => z.object({ done: z.literal(value).optional().catch(undefined) });

export const SEARCH = {
  /** Where to go once signed in (checked again by `safeRedirect` before it is followed). */
  signIn: z.object({ redirect: z.string().optional().catch(undefined) }),
  /** The practice notes' search and filters; the API checks the values. */
  notes: z.object({
    q: text,
    status: z.enum(NOTE_STATUSES).optional().catch(undefined),
    theme: text,
    region: text,
    metric: text,
    from: text,
    to: text,
    page,
  }),
  /** The statistical neighbours of an authority (a lead's choice; its users see their own) and the measure shown. */
  neighbours: z.object({ authority: text, metric: text }),
  adminUsers: z.object({ q: text, role: text, region: text, authority: text, status: text, page }),
  adminUser: done('invited'),
  adminAuthorities: z.object({ q: text, region: text }),
  adminAuthority: done('added'),
  adminPeriod: done('added'),
  adminOutbox: z.object({ kind: text, status: text, page }),
  adminAudit: z.object({ action: text, entity: text, entityId: text, page }),
  account: done('password'),
};
