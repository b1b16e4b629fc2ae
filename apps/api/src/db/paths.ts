/** Files the API reads at run time, found from this module whether it runs from src or dist. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above this module that contains `name`. */
function findUp(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${name} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** apps/api/migrations: the SQL migrations, applied in file-name order. */
export const migrationsDir = () => findUp('migrations');
/** reference-data/dfe-csww/csww_indicators_2017_to_2023.csv at the repository root. */
export const dfeFile = () => join(findUp('reference-data'), 'dfe-csww', 'csww_indicators_2017_to_2023.csv');
/** apps/portal/dist, the built portal (may not exist in API-only tests). */
export const portalDistDir = () => join(dirname(migrationsDir()), '..', 'portal', 'dist');
/** apps/api/dist/pglite-template, or its demo twin, data folders written by the build (see template.ts). */
export const templateDir = (kind: 'base' | 'demo' = 'base') =>
  join(dirname(migrationsDir()), 'dist', kind === 'demo' ? 'pglite-demo-template' : 'pglite-template');
/**
 * The published statistics loaded on start when no release exists: DfE's indicators file above, with
 * its bytes (the release id is their hash) and the name the release is listed under.
 */
export const dfePublishedRelease = () => ({
  bytes: new Uint8Array(readFileSync(dfeFile())),
  name: "Children's social work workforce, 2017 to 2023",
});

/** reference-data/dfe-sn: DfE's statistical-neighbour groupings of April 2021. */
export const neighbourFile = () =>
  join(findUp('reference-data'), 'dfe-sn', 'New_Statistical_Neighbour_Groupings_April_2021.csv');

/** The statistical-neighbour model loaded on start when none is: DfE's April 2021 groupings. */
export const dfeNeighbourModel = () => ({
  bytes: new Uint8Array(readFileSync(neighbourFile())),
  name: 'Statistical neighbours, April 2021',
});
