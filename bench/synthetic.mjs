// The benchmark's bigger database: the demo's (153 real authorities, 8 quarters of returns) plus
// synthetic authorities, `--factor` (default 10) times as many in all: each real authority has 9
// synthetic siblings in its region, with codes E079xxxxx (a shape the ONS uses for districts, which
// hold no children's services: no real authority has one) and names "Synthetic 0001 (Coventry)". Their
// returns are made by the demo's own generator (apps/api/src/db/demo.ts), so they pass the same
// rules, from a copy of DfE's file in which each sibling has its real authority's counts scaled by
// a factor from 0.5 to 2 (seeded, so every run builds the same database).
//   node --conditions=@csc-workforce/source --import tsx bench/synthetic.mjs --out DIR [--factor 10]
// Writes the data folder DIR (the built API's demo template, copied, plus the synthetic authorities).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { openDatabase } from '../apps/api/src/db/client.ts';
import { DEMO_PERIODS, insertDemoReturns } from '../apps/api/src/db/demo.ts';
import { dfeFile, templateDir } from '../apps/api/src/db/paths.ts';
import { readReferenceData } from '../apps/api/src/db/reference.ts';
import { authorities } from '../apps/api/src/db/schema.ts';
import { makeRelease } from '../apps/api/src/services/releases.ts';
import { random } from '../packages/metrics-core/test/random.mjs';

const { values: args } = parseArgs({ options: { out: { type: 'string' }, factor: { type: 'string' } } });
if (!args.out) throw new Error('usage: synthetic.mjs --out DIR [--factor 10]');
const FACTOR = Number(args.factor ?? 10);

/** The count columns of DfE's file (the demo reads these); rates and averages are left as they are. */
const isCount = (column, index, header) => index > header.indexOf('la_name') && !/rate|caseload/.test(column);

const reference = readReferenceData();
const rows = parse(readFileSync(dfeFile(), 'utf8'), { bom: true, trim: true });
const header = rows[0];
const at = (name) => header.indexOf(name);
const census = rows.filter(
  (r) => r[at('geographic_level')] === 'Local authority' && ['2022', '2023'].includes(r[at('time_period')]),
);

const rnd = random(20_241_001);
const synthetic = [];
const fileRows = [header];
let n = 0;
for (let copy = 1; copy < FACTOR; copy++) {
  for (const authority of reference.authorities) {
    n += 1;
    const code = `E079${String(n).padStart(5, '0')}`;
    const scale = 0.5 + rnd() * 1.5;
    synthetic.push({
      code,
      name: `Synthetic ${String(n).padStart(4, '0')} (${authority.name})`,
      regionCode: authority.regionCode,
      oldLaCode: null,
    });
    for (const row of census.filter((r) => r[at('new_la_code')].split(' / ').includes(authority.code))) {
      const share = 1 / row[at('new_la_code')].split(' / ').length;
      fileRows.push(
        row.map((cell, i) => {
          if (i === at('new_la_code')) return code;
          if (i === at('old_la_code')) return '';
          if (i === at('la_name')) return code;
          if (!isCount(header[i], i, header) || !/^\d+(\.\d+)?$/.test(cell)) return cell;
          const value = Number(cell) * share * scale;
          return header[i].endsWith('_fte') ? value.toFixed(1) : String(Math.round(value));
        }),
      );
    }
  }
}

const scratch = mkdtempSync(join(os.tmpdir(), 'csc-bench-synthetic-'));
try {
  const file = join(scratch, 'synthetic-dfe.csv');
  writeFileSync(file, stringify(fileRows));
  const database = await openDatabase({ dataDir: args.out, template: templateDir('demo') });
  try {
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < synthetic.length; i += 500) await tx.insert(authorities).values(synthetic.slice(i, i + 500));
      await insertDemoReturns(
        tx,
        synthetic.map((a) => a.code),
        file,
      );
    });
    // The demo's quarters were released with its 153 authorities: re-released with every authority.
    for (const period of DEMO_PERIODS) {
      const outcome = await makeRelease(database.db, period, { reason: 'scheduled', by: null, now: new Date(), k: 5 });
      if (!outcome.made) throw new Error(`re-releasing ${period}: ${outcome.reason}`);
    }
  } finally {
    await database.close();
  }
  console.log(`  ${reference.authorities.length + synthetic.length} authorities (${synthetic.length} synthetic)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
