/** Run by `npm run build` after tsup: writes dist/pglite-template.tar.gz (see db/template.ts). */
import { templateFile } from './db/paths.js';
import { writeTemplate } from './db/template.js';

const started = performance.now();
await writeTemplate(templateFile());
console.log(`wrote ${templateFile()} in ${Math.round(performance.now() - started)} ms`);
