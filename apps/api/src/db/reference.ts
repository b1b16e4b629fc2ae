/**
 * Reference data: the 9 English regions and their local authorities with ONS codes, from the 2023
 * rows of DfE's children's social work workforce file. Joined rows ("North Northamptonshire / West
 * Northamptonshire") are split; authorities listed under Inner and Outer London belong to London
 * (E12000007). Loaded idempotently on every start: existing rows (perhaps renamed or retired by an
 * admin) are left as they are.
 */
import { readFileSync } from 'node:fs';
import { REGION_CODE_PATTERN } from '@csc-workforce/schemas/constants';
import { parse } from 'csv-parse/sync';
import type { Db } from './client.js';
import { dfeFile } from './paths.js';
import { authorities, regions } from './schema.js';

export interface ReferenceAuthority {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  readonly oldLaCode: string | null;
}

export interface ReferenceData {
  readonly regions: { code: string; name: string }[];
  readonly authorities: ReferenceAuthority[];
}

const LONDON = 'E12000007';

/** Reads the regions and authorities of the DfE file's `year` (default 2023). */
export function readReferenceData(file = dfeFile(), year = '2023'): ReferenceData {
  const rows: Record<string, string>[] = parse(readFileSync(file, 'utf8'), { columns: true, bom: true, trim: true });
  const ofYear = rows.filter((r) => r.time_period === year);
  const regionRows = ofYear.filter(
    (r) => r.geographic_level === 'Regional' && REGION_CODE_PATTERN.test(r.region_code ?? ''),
  );
  const outRegions = regionRows
    .map((r) => ({ code: r.region_code as string, name: r.region_name as string }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const outAuthorities: ReferenceAuthority[] = [];
  for (const r of ofYear.filter((row) => row.geographic_level === 'Local authority')) {
    const codes = (r.new_la_code ?? '').split(' / ');
    const names = (r.la_name ?? '').split(' / ');
    const oldCodes = (r.old_la_code ?? '').split(' / ');
    const regionCode = (r.region_code ?? '').startsWith('E13') ? LONDON : (r.region_code as string);
    codes.forEach((code, i) => {
      outAuthorities.push({
        code: code.trim(),
        name: (names[i] ?? names[0] ?? code).trim(),
        regionCode,
        oldLaCode: oldCodes[i]?.trim() || null,
      });
    });
  }
  outAuthorities.sort((a, b) => a.name.localeCompare(b.name));
  return { regions: outRegions, authorities: outAuthorities };
}

/** Inserts the regions and authorities that are missing; returns how many were added. */
export async function seedReferenceData(
  db: Db,
  data = readReferenceData(),
): Promise<{ regions: number; authorities: number }> {
  const r = await db.insert(regions).values(data.regions).onConflictDoNothing().returning({ code: regions.code });
  const a = await db
    .insert(authorities)
    .values(data.authorities.map((x) => ({ ...x })))
    .onConflictDoNothing()
    .returning({ code: authorities.code });
  return { regions: r.length, authorities: a.length };
}
