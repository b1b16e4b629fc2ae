/** Run by `npm run build` after tsup: writes the start-up templates into dist (see db/template.ts). */
import { templateDir } from './db/paths.js';
import { writeTemplates } from './db/template.js';

const started = performance.now();
await writeTemplates({ base: templateDir('base'), demo: templateDir('demo') });
console.log(`wrote ${templateDir('base')} and its demo twin in ${Math.round(performance.now() - started)} ms`);
