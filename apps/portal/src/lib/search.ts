/**
 * The routes' `validateSearch`, with the zod schemas of lib/search-schemas.ts loaded lazily: zod
 * stays out of the home page's scripts. Until the schemas have arrived only an empty search can be
 * read (every parameter is optional); the root route loads them for an address with search parameters
 * and asks for the same address again (router.tsx). Nothing here loads them by itself: links to pages
 * with search parameters are built (and their searches tried) on every page, the home page included.
 */
import type { z } from 'zod';
import type { SEARCH } from './search-schemas';

type Schemas = typeof SEARCH;

let schemas: Schemas | null = null;
let loading: Promise<void> | null = null;

/** Whether searches can be checked now. */
export function searchSchemasLoaded(): boolean {
  return schemas !== null;
}

/** Loads the schemas (once; again after a failure). */
export function loadSearchSchemas(): Promise<void> {
  loading ??= import('./search-schemas').then(
    (module) => {
      schemas = module.SEARCH;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The `validateSearch` of a route: its schema's parse, once the schemas are loaded. */
function searchOf<N extends keyof Schemas>(name: N) {
  type Search = z.output<Schemas[N]>;
  return (search: Record<string, unknown>): Search => {
    if (schemas) return schemas[name].parse(search) as Search;
    // Every parameter of every search is optional: none given is a valid search of each.
    if (Object.keys(search).length === 0) return {} as Search;
    throw new Error(`The search of ${name} cannot be checked before its schema has loaded`);
  };
}

/**
 * Each route's `validateSearch`, by the name of its schema. (Made here, not where the routes are
 * declared: there the router would infer the schema's name back from the route, and lose its type.)
 */
export const validateSearchOf = {
  signIn: searchOf('signIn'),
  notes: searchOf('notes'),
  neighbours: searchOf('neighbours'),
  adminUsers: searchOf('adminUsers'),
  adminUser: searchOf('adminUser'),
  adminAuthorities: searchOf('adminAuthorities'),
  adminAuthority: searchOf('adminAuthority'),
  adminPeriod: searchOf('adminPeriod'),
  adminOutbox: searchOf('adminOutbox'),
  adminAudit: searchOf('adminAudit'),
  account: searchOf('account'),
} satisfies { readonly [N in keyof Schemas]: unknown };
