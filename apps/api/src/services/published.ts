/**
 * Published statistics: DfE's "Children's social work workforce" indicators file (the format of
 * reference-data/dfe-csww), read strictly and stored as a versioned release. A release is one file
 * as published, all or nothing; its id is a SHA-256 of the file, so loading the same file again
 * finds the release already there instead of duplicating it.
 */
import { createHash } from 'node:crypto';
import {
  AREA_CODE_PATTERN,
  GEOGRAPHIC_LEVELS,
  type GeographicLevel,
  PROBLEM_TYPES,
  type ProblemError,
  PUBLISHED_SYMBOLS,
  type PublishedReleasePreview,
  type PublishedSymbol,
} from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { and, desc, eq, getTableColumns, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { authorities, authorityDfeCodes, publishedFigures, publishedReleases } from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { HttpProblem } from '../lib/problem.js';
import { refreshCurrentCodes } from './authority-codes.js';
import { fileProblem, importProblem, quote } from './spreadsheets.js';

/** The columns that identify a row: when and where. */
export const AREA_COLUMNS = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'country_code',
  'country_name',
  'region_code',
  'region_name',
  'old_la_code',
  'new_la_code',
  'la_name',
] as const;

/** The figures of a row, each stored as one figure named by its column. */
export const MEASURES = [
  'inpost_fte',
  'inpost_headcount',
  'starters_fte',
  'starters_headcount',
  'leavers_fte',
  'leavers_headcount',
  'turnover_rate_fte',
  'turnover_rate_headcount',
  'agency_fte',
  'agency_headcount',
  'agency_rate_fte',
  'agency_rate_headcount',
  'agency_cover_fte',
  'agency_cover_rate_fte',
  'vacancy_fte',
  'vacancy_rate_fte',
  'vacancy_agency_cover_rate_fte',
  'case_holders_fte',
  'cases',
  'caseload_fte',
  'working_days_lost_fte',
  'absence_rate_fte',
] as const;

export type Measure = (typeof MEASURES)[number];

/** Every column the file must have (other columns are ignored). */
export const EXPECTED_COLUMNS: readonly string[] = [...AREA_COLUMNS, ...MEASURES];

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
/** The largest file accepted. */
export const MAX_RELEASE_BYTES = 5 * 1024 * 1024;
/** Errors listed in a refusal (all are counted). */
export const MAX_LISTED_ERRORS = 200;
/** Figures per INSERT statement. */
const BATCH = 5000;

const NUMBER = /^-?\d+(\.\d+)?$/;
const SYMBOLS = new Set<string>(PUBLISHED_SYMBOLS);
const LEVELS = new Set<string>(GEOGRAPHIC_LEVELS);

export interface ParsedFigure {
  readonly timePeriod: number;
  readonly geographicLevel: GeographicLevel;
  readonly areaCode: string;
  readonly oldLaCode: string | null;
  readonly areaName: string;
  readonly measure: Measure;
  readonly value: number | null;
  readonly symbol: PublishedSymbol | null;
}

export interface ParsedRelease {
  /** `csww-` and the SHA-256 of the file's bytes, in hex. */
  readonly id: string;
  readonly firstYear: number;
  readonly lastYear: number;
  /** Data rows of the file. */
  readonly rows: number;
  readonly figures: ParsedFigure[];
}

/** The id of a release: a hash of the file as uploaded. */
export function releaseId(bytes: Uint8Array): string {
  return `csww-${createHash('sha256').update(bytes).digest('hex')}`;
}

function decode(file: Uint8Array | string): { bytes: Uint8Array; text: string } {
  const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  if (bytes.length > MAX_RELEASE_BYTES) {
    throw fileProblem(413, `The file is larger than the limit of ${MAX_RELEASE_BYTES / 1024 / 1024} MB.`);
  }
  if (bytes.length === 0) throw fileProblem(422, 'The file is empty.');
  if (bytes.includes(0)) throw fileProblem(422, 'The file is not a CSV file: it holds binary data.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileProblem(422, 'The file is not a CSV file in UTF-8: it holds bytes that are not text.');
  }
  return { bytes, text };
}

/** Where a row puts its area: the code, name and old code of England, the region or the authority. */
function areaOf(level: GeographicLevel, cell: (name: string) => string) {
  if (level === 'National') return { codeColumn: 'country_code', nameColumn: 'country_name', oldLaCode: null };
  if (level === 'Regional') return { codeColumn: 'region_code', nameColumn: 'region_name', oldLaCode: null };
  return { codeColumn: 'new_la_code', nameColumn: 'la_name', oldLaCode: cell('old_la_code') || null };
}

/**
 * Reads and checks a DfE indicators file. Every problem found is reported with its row (the header
 * being row 1) and column.
 * @throws {HttpProblem} 413 over {@link MAX_RELEASE_BYTES}; 422 (type /problems/import) for a file
 *   that is empty, binary, not CSV, lacks a column, or has a bad row.
 */
export function parseRelease(file: Uint8Array | string): ParsedRelease {
  const { bytes, text } = decode(file);
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw fileProblem(
      422,
      `The file is not readable CSV${line ? ` (at line ${line})` : ''}: ${(error as Error).message}`,
      line ? { row: line } : {},
    );
  }
  const [header, ...body] = records;
  if (!header || header.every((h) => h === '')) throw fileProblem(422, 'The file is empty.');
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const missing = EXPECTED_COLUMNS.filter((c) => !index.has(c));
  // Not DfE's file at all (another spreadsheet, an export of something else): one message, not a
  // line per column. A file of DfE's with a column or two gone gets each named.
  if (
    missing.includes('time_period') ||
    missing.includes('geographic_level') ||
    missing.length > EXPECTED_COLUMNS.length / 2
  ) {
    throw fileProblem(
      422,
      `This is not DfE's children's social work workforce indicators file: it has ${EXPECTED_COLUMNS.length - missing.length} of that file's ${EXPECTED_COLUMNS.length} columns (such as time_period, geographic_level, new_la_code, turnover_rate_fte). Download "csww_indicators" from DfE's Explore education statistics and upload it as it is.`,
      { row: 1 },
    );
  }
  if (missing.length > 0) {
    throw importProblem(
      missing.map((column) => ({ row: 1, column, message: `The header has no column ${column}.` })),
      MAX_LISTED_ERRORS,
    );
  }
  if (body.length === 0) throw fileProblem(422, 'The file has a header but no rows.', { row: 2 });

  const errors: ProblemError[] = [];
  const figures: ParsedFigure[] = [];
  const seen = new Map<string, number>();
  let firstYear = Number.POSITIVE_INFINITY;
  let lastYear = Number.NEGATIVE_INFINITY;
  body.forEach((record, i) => {
    const row = i + 2;
    const cell = (name: string) => record[index.get(name) as number] ?? '';
    const fail = (column: string, message: string) =>
      errors.push({ row, column, message: `row ${row}, column ${column}: ${message}` });
    if (record.length !== header.length) {
      fail(
        header[Math.min(record.length, header.length) - 1] ?? 'time_period',
        `expected ${header.length} cells, got ${record.length}`,
      );
      return;
    }
    const yearText = cell('time_period');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
    if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
      fail('time_period', `expected a year from ${FIRST_YEAR} to ${LAST_YEAR}, got ${quote(yearText)}`);
    }
    const levelText = cell('geographic_level');
    if (!LEVELS.has(levelText)) {
      fail('geographic_level', `expected one of ${GEOGRAPHIC_LEVELS.join(', ')}, got ${quote(levelText)}`);
      return;
    }
    const level = levelText as GeographicLevel;
    const area = areaOf(level, cell);
    const areaCode = cell(area.codeColumn);
    const areaName = cell(area.nameColumn);
    if (!AREA_CODE_PATTERN.test(areaCode)) {
      fail(
        area.codeColumn,
        `expected the ${level === 'Local authority' ? 'authority' : level.toLowerCase()} code (such as ${level === 'National' ? 'E92000001' : level === 'Regional' ? 'E12000005' : 'E08000026'}, or codes joined by " / "), got ${quote(areaCode)}`,
      );
    }
    if (areaName === '') fail(area.nameColumn, 'expected the name of the area, got nothing');
    if (Number.isFinite(year) && areaCode !== '') {
      const key = `${year}|${areaCode}`;
      const first = seen.get(key);
      if (first !== undefined) {
        fail(area.codeColumn, `${areaCode} in ${year} is already in row ${first}: each year and area once`);
      } else {
        seen.set(key, row);
      }
    }
    for (const measure of MEASURES) {
      const raw = cell(measure);
      let value: number | null = null;
      let symbol: PublishedSymbol | null = null;
      if (SYMBOLS.has(raw)) symbol = raw as PublishedSymbol;
      else if (NUMBER.test(raw) && Number.isFinite(Number(raw))) value = Number(raw);
      else {
        fail(measure, `expected a number or one of ${PUBLISHED_SYMBOLS.join(', ')}, got ${quote(raw)}`);
        continue;
      }
      figures.push({
        timePeriod: year,
        geographicLevel: level,
        areaCode,
        oldLaCode: area.oldLaCode,
        areaName,
        measure,
        value,
        symbol,
      });
    }
    if (Number.isFinite(year)) {
      firstYear = Math.min(firstYear, year);
      lastYear = Math.max(lastYear, year);
    }
  });
  if (errors.length > 0) throw importProblem(errors, MAX_LISTED_ERRORS);
  return { id: releaseId(bytes), firstYear, lastYear, rows: body.length, figures };
}

export type Release = typeof publishedReleases.$inferSelect;

/** What a release is called, from what it holds: "Children's social work workforce, 2017 to 2025". */
export function releaseName(firstYear: number, lastYear: number): string {
  return `Children's social work workforce, ${firstYear === lastYear ? firstYear : `${firstYear} to ${lastYear}`}`;
}

export interface LoadOptions {
  /** What people call the release; by default from what it holds ({@link releaseName}). */
  readonly name?: string | undefined;
  /** Who published it; DfE's official statistics by default. */
  readonly source?: string;
  /** Who loaded it (null when the server loads it on start). */
  readonly userId: string | null;
  readonly at?: Date;
  /**
   * The code changes the admin confirms ({@link previewRelease} proposes them): each of DfE's codes
   * in the file that is the named authority's. Any other is refused.
   */
  readonly confirmCodes?: readonly CodeConfirmation[] | undefined;
}

/** One of DfE's codes confirmed as an authority's own. */
export interface CodeConfirmation {
  readonly code: string;
  readonly authorityCode: string;
}

export const DFE_SOURCE = "Department for Education, Children's social work workforce (official statistics, OGL v3)";

/**
 * Loads a file as a release, all or nothing, in one transaction (audited), with the code changes the
 * admin confirmed. A file loaded before is not loaded again: its release is returned with
 * `created: false` (put back in force if it had been withdrawn).
 * @throws {HttpProblem} as {@link parseRelease} does, and 422 for a code confirmation the file does
 *   not propose, before anything is written.
 */
export async function loadRelease(
  db: Db,
  file: Uint8Array | string,
  options: LoadOptions,
): Promise<{ release: Release; created: boolean; reinstated: boolean; figures: number }> {
  const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  const id = releaseId(bytes);
  const existing = await findRelease(db, id);
  if (existing) {
    const reinstated = existing.withdrawnAt !== null && (await reinstate(db, existing, options));
    const release = reinstated ? ((await findRelease(db, id)) ?? existing) : existing;
    return { release, created: false, reinstated, figures: await countFigures(db, id) };
  }
  const parsed = parseRelease(bytes);
  const confirmations = await checkConfirmations(db, parsed, options.confirmCodes ?? []);
  const name = options.name?.trim() || releaseName(parsed.firstYear, parsed.lastYear);
  const at = options.at ?? new Date();
  const result = await db.transaction(async (tx) => {
    const [release] = await tx
      .insert(publishedReleases)
      .values({
        id,
        name,
        source: options.source ?? DFE_SOURCE,
        firstYear: parsed.firstYear,
        lastYear: parsed.lastYear,
        rows: parsed.rows,
        loadedAt: at,
        loadedBy: options.userId,
      })
      .onConflictDoNothing()
      .returning();
    // Another load of the same file committed first: it is that release.
    if (!release) return null;
    for (let start = 0; start < parsed.figures.length; start += BATCH) {
      await insertFigures(tx, id, parsed.figures.slice(start, start + BATCH));
    }
    for (const confirmation of confirmations) {
      await tx
        .insert(authorityDfeCodes)
        .values({ ...confirmation, confirmedAt: at, confirmedBy: options.userId })
        .onConflictDoUpdate({
          target: authorityDfeCodes.code,
          set: {
            authorityCode: confirmation.authorityCode,
            firstYear: confirmation.firstYear,
            confirmedAt: at,
            confirmedBy: options.userId,
          },
        });
    }
    await audit(tx, {
      userId: options.userId,
      action: 'load-published-release',
      entity: 'published-release',
      entityId: id,
      detail: {
        name,
        rows: parsed.rows,
        figures: parsed.figures.length,
        years: [parsed.firstYear, parsed.lastYear],
        codes: confirmations.map((c) => `${c.code} = ${c.authorityCode} from ${c.firstYear}`),
      },
    });
    // A code confirmed, or figures under one confirmed before: the authority's current code may change.
    await refreshCurrentCodes(tx, options.userId, at);
    return release;
  });
  if (result) return { release: result, created: true, reinstated: false, figures: parsed.figures.length };
  const other = await findRelease(db, id);
  if (!other) throw new Error(`The release ${id} was neither inserted nor found`);
  return { release: other, created: false, reinstated: false, figures: await countFigures(db, id) };
}

/** Puts a withdrawn release back in force (its file was loaded again), audited; false if another did first. */
async function reinstate(db: Db, release: Release, options: LoadOptions): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(publishedReleases)
      .set({ withdrawnAt: null, withdrawnBy: null })
      .where(and(eq(publishedReleases.id, release.id), isNotNull(publishedReleases.withdrawnAt)))
      .returning({ id: publishedReleases.id });
    if (!row) return false;
    await audit(tx, {
      userId: options.userId,
      action: 'reinstate-published-release',
      entity: 'published-release',
      entityId: release.id,
      detail: { name: release.name },
    });
    await refreshCurrentCodes(tx, options.userId, options.at ?? new Date());
    return true;
  });
}

/**
 * Withdraws a release (audited): its figures stay stored and nothing reads them, so that what is in
 * force is what was before it was loaded.
 * @throws {HttpProblem} 404 for no such release, 409 when it is withdrawn already.
 */
export async function withdrawRelease(db: Db, id: string, userId: string, at: Date): Promise<Release> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(publishedReleases)
      .set({ withdrawnAt: at, withdrawnBy: userId })
      .where(and(eq(publishedReleases.id, id), isNull(publishedReleases.withdrawnAt)))
      .returning();
    if (!row) {
      const [found] = await tx.select().from(publishedReleases).where(eq(publishedReleases.id, id));
      if (!found) throw new HttpProblem(404, { detail: `No release ${id}.` });
      throw new HttpProblem(409, {
        detail: `The release "${found.name}" was withdrawn already, on ${found.withdrawnAt?.toISOString().slice(0, 10)}. Load its file again to put it back.`,
      });
    }
    await audit(tx, {
      userId,
      action: 'withdraw-published-release',
      entity: 'published-release',
      entityId: id,
      detail: { name: row.name, years: [row.firstYear, row.lastYear] },
    });
    // The codes its figures brought are no longer in use: the authorities' former codes come back.
    await refreshCurrentCodes(tx, userId, at);
    return row;
  });
}

/** An authority of the exchange, as a release's preview names it. */
export interface AuthorityNamed {
  readonly code: string;
  readonly name: string;
}

/** A code of DfE's that is not the exchange's but whose old code (`old_la_code`) is an authority's (the wire's shape). */
export type CodeChange = PublishedReleasePreview['codeChanges'][number];

/** One cell whose figure would change (the wire's shape). */
type RevisedCell = PublishedReleasePreview['revised'][number];

/** What loading a file would do, worked out without writing anything (the wire's shape). */
export type ReleasePreview = PublishedReleasePreview;

const shown = (value: number | null, symbol: string | null) => (value === null ? (symbol ?? '') : String(value));
/** Revised cells listed in a preview (all are counted). */
export const MAX_LISTED_REVISIONS = 50;

/**
 * What loading `file` would do: its years and rows, the cells it revises against what is in force,
 * the authorities whose code changed (matched by DfE's old code, which stays the same across a change),
 * and the authorities it lacks. Nothing is written.
 * @throws {HttpProblem} as {@link parseRelease} does.
 */
export async function previewRelease(db: Db, file: Uint8Array | string): Promise<ReleasePreview> {
  const parsed = parseRelease(file);
  const [existing, codes, inForce] = await Promise.all([
    findRelease(db, parsed.id),
    authorityCodes(db),
    figuresInForce(db, parsed.firstYear, parsed.lastYear),
  ]);
  let revisedCells = 0;
  let addedCells = 0;
  const revised: RevisedCell[] = [];
  for (const f of parsed.figures) {
    const now = inForce.cells.get(`${f.timePeriod}|${f.areaCode}|${f.measure}`);
    if (now === undefined) {
      addedCells += 1;
      continue;
    }
    // A cell of a release reaching a newer year stays in force (the file is older than it).
    if (now.lastYear > parsed.lastYear) continue;
    const from = shown(now.value, now.symbol);
    const to = shown(f.value, f.symbol);
    if (from === to) continue;
    revisedCells += 1;
    if (revised.length < MAX_LISTED_REVISIONS) {
      revised.push({ year: f.timePeriod, areaCode: f.areaCode, areaName: f.areaName, measure: f.measure, from, to });
    }
  }
  const fileYears = [...new Set(parsed.figures.map((f) => f.timePeriod))].sort((a, b) => a - b);
  const changes = proposeCodeChanges(parsed, codes);
  const present = new Set<string>();
  for (const f of parsed.figures) {
    if (f.timePeriod !== parsed.lastYear || f.geographicLevel !== 'Local authority') continue;
    for (const code of f.areaCode.split(' / ')) present.add(codes.authorityOf.get(code) ?? code);
  }
  for (const change of changes) present.add(codes.authorityOf.get(change.authority.code) ?? change.authority.code);
  return {
    id: parsed.id,
    name: releaseName(parsed.firstYear, parsed.lastYear),
    firstYear: parsed.firstYear,
    lastYear: parsed.lastYear,
    rows: parsed.rows,
    figures: parsed.figures.length,
    loaded: existing ? { name: existing.name, withdrawn: existing.withdrawnAt !== null } : null,
    newestYearInForce: inForce.newestYear,
    bringsNewerYear: inForce.newestYear === null || parsed.lastYear > inForce.newestYear,
    newYears: fileYears.filter((y) => !inForce.years.has(y)),
    addedCells,
    revisedCells,
    revised,
    codeChanges: changes,
    missing: codes.active.filter((a) => !present.has(a.key)).map(({ code, name }) => ({ code, name })),
  };
}

/** An authority by its current code, with its key (services/authority-codes.ts). */
interface AuthorityKeyed extends AuthorityNamed {
  readonly key: string;
}

interface AuthorityCodes {
  readonly active: AuthorityKeyed[];
  /** Every authority (retired too) by its old code (DfE's three digits). */
  readonly byOldCode: ReadonlyMap<string, AuthorityKeyed>;
  /** The key of the exchange's authority of each code known: its own, and DfE's codes confirmed. */
  readonly authorityOf: ReadonlyMap<string, string>;
  /** Each authority's current code, by its key. */
  readonly currentOf: ReadonlyMap<string, string>;
}

async function authorityCodes(db: Db): Promise<AuthorityCodes> {
  const [rows, aliases] = await Promise.all([
    db
      .select({
        code: authorities.code,
        currentCode: authorities.currentCode,
        name: authorities.name,
        oldLaCode: authorities.oldLaCode,
        retiredAt: authorities.retiredAt,
      })
      .from(authorities)
      .orderBy(authorities.code),
    db.select().from(authorityDfeCodes),
  ]);
  const byOldCode = new Map<string, AuthorityKeyed>();
  const authorityOf = new Map<string, string>();
  const currentOf = new Map<string, string>();
  const keyed = (row: (typeof rows)[number]) => ({ key: row.code, code: row.currentCode ?? row.code, name: row.name });
  for (const row of rows) {
    if (row.oldLaCode) byOldCode.set(row.oldLaCode, keyed(row));
    authorityOf.set(row.code, row.code);
    currentOf.set(row.code, row.currentCode ?? row.code);
  }
  for (const alias of aliases) authorityOf.set(alias.code, alias.authorityCode);
  return { active: rows.filter((r) => r.retiredAt === null).map(keyed), byOldCode, authorityOf, currentOf };
}

/** The file's authority codes that are not the exchange's but whose old code is an authority's. */
function proposeCodeChanges(parsed: ParsedRelease, codes: AuthorityCodes): CodeChange[] {
  const found = new Map<string, CodeChange>();
  for (const f of parsed.figures) {
    if (f.geographicLevel !== 'Local authority' || f.areaCode.includes(' / ') || !f.oldLaCode) continue;
    const known = codes.authorityOf.get(f.areaCode);
    if (known === f.areaCode) continue;
    const authority = codes.byOldCode.get(f.oldLaCode);
    if (!authority) continue;
    const before = found.get(f.areaCode);
    if (before && before.firstYear <= f.timePeriod) continue;
    found.set(f.areaCode, {
      code: f.areaCode,
      name: f.areaName,
      oldLaCode: f.oldLaCode,
      firstYear: f.timePeriod,
      authority: { code: authority.code, name: authority.name },
      confirmed: known === authority.key,
    });
  }
  return [...found.values()].sort((a, b) => a.authority.name.localeCompare(b.authority.name));
}

/** The confirmations checked against what the file proposes, with the first year of each code. */
async function checkConfirmations(
  db: Db,
  parsed: ParsedRelease,
  confirmations: readonly CodeConfirmation[],
): Promise<{ code: string; authorityCode: string; firstYear: number }[]> {
  if (confirmations.length === 0) return [];
  const codes = await authorityCodes(db);
  const proposed = new Map(proposeCodeChanges(parsed, codes).map((c) => [c.code, c]));
  const errors: ProblemError[] = [];
  const out: { code: string; authorityCode: string; firstYear: number }[] = [];
  // The exchange's authority may be named by any of its codes, current or former.
  const keyOf = (code: string) => codes.authorityOf.get(code) ?? code;
  confirmations.forEach((confirmation, i) => {
    const change = proposed.get(confirmation.code);
    if (!change || keyOf(change.authority.code) !== keyOf(confirmation.authorityCode)) {
      errors.push({
        field: `confirm.${i}`,
        message: change
          ? `${confirmation.code} (${change.name}) is ${change.authority.code}'s code by its old code ${change.oldLaCode}, not ${confirmation.authorityCode}'s.`
          : `The file proposes no change of code to ${confirmation.code}: only codes it holds whose old code is an authority's can be confirmed.`,
      });
      return;
    }
    out.push({ code: change.code, authorityCode: keyOf(change.authority.code), firstYear: change.firstYear });
  });
  if (errors.length > 0) {
    throw new HttpProblem(422, {
      type: PROBLEM_TYPES.validation,
      title: 'The code changes confirmed are not the file’s',
      detail: 'Nothing was loaded: confirm only the changes of code the preview proposes.',
      errors,
    });
  }
  return out;
}

/**
 * The figures in force for years `from` to `to`: of the releases not withdrawn, for each cell the one
 * reaching the newest year, then the one loaded last; with the years and the newest year in force.
 */
async function figuresInForce(
  db: Db,
  from: number,
  to: number,
): Promise<{
  cells: Map<string, { value: number | null; symbol: string | null; lastYear: number }>;
  years: Set<number>;
  newestYear: number | null;
}> {
  const rows = rowsOf<{
    year: number;
    area: string;
    measure: string;
    value: string | null;
    symbol: string | null;
    last: number;
  }>(
    await db.execute(sql`
      SELECT DISTINCT ON (f.time_period, f.area_code, f.measure)
             f.time_period AS year, f.area_code AS area, f.measure, f.value, f.symbol, r.last_year AS last
      FROM published_figures f JOIN published_releases r ON r.id = f.release_id AND r.withdrawn_at IS NULL
      WHERE f.time_period BETWEEN ${from} AND ${to}
      ORDER BY f.time_period, f.area_code, f.measure, ${IN_FORCE_ORDER}`),
  );
  const [newest] = rowsOf<{ y: number | null }>(
    await db.execute(sql`SELECT max(last_year) AS y FROM published_releases WHERE withdrawn_at IS NULL`),
  );
  const cells = new Map<string, { value: number | null; symbol: string | null; lastYear: number }>();
  const years = new Set<number>();
  for (const row of rows) {
    const year = Number(row.year);
    years.add(year);
    cells.set(`${year}|${row.area}|${row.measure}`, {
      value: row.value === null ? null : Number(row.value),
      symbol: row.symbol,
      lastYear: Number(row.last),
    });
  }
  return { cells, years, newestYear: newest?.y === null || newest?.y === undefined ? null : Number(newest.y) };
}

/**
 * Of two releases holding the same cell, the one in force: the one reaching the newest year, then the
 * one loaded last (for an `ORDER BY` after the cell's columns, releases as `r`).
 */
export const IN_FORCE_ORDER = sql.raw('r.last_year DESC, r.loaded_at DESC, r.id DESC');

/**
 * Inserts figures in one statement whose parameters are 8 arrays, one a column (`unnest`): on PGlite
 * this is several times faster than a VALUES list with a parameter per cell.
 */
async function insertFigures(db: Pick<Db, 'execute'>, id: string, figures: readonly ParsedFigure[]): Promise<void> {
  const column = <T>(pick: (f: ParsedFigure) => T) => sql.param(figures.map(pick));
  await db.execute(sql`
    INSERT INTO published_figures
      (release_id, time_period, geographic_level, area_code, old_la_code, area_name, measure, value, symbol)
    SELECT ${id}, * FROM unnest(
      ${column((f) => f.timePeriod)}::integer[],
      ${column((f) => f.geographicLevel)}::text[],
      ${column((f) => f.areaCode)}::text[],
      ${column((f) => f.oldLaCode)}::text[],
      ${column((f) => f.areaName)}::text[],
      ${column((f) => f.measure)}::text[],
      ${column((f) => (f.value === null ? null : String(f.value)))}::numeric[],
      ${column((f) => f.symbol)}::text[]
    )`);
}

async function findRelease(db: Db, id: string): Promise<Release | undefined> {
  const [row] = await db.select().from(publishedReleases).where(eq(publishedReleases.id, id));
  return row;
}

async function countFigures(db: Db, id: string): Promise<number> {
  return db.$count(publishedFigures, eq(publishedFigures.releaseId, id));
}

/** Newest first: the release reaching the latest year, then the one loaded last. */
const NEWEST = [desc(publishedReleases.lastYear), desc(publishedReleases.loadedAt), desc(publishedReleases.id)];

/** The releases, newest first: those in force, then those withdrawn. */
export async function listReleases(db: Db): Promise<Release[]> {
  return db
    .select()
    .from(publishedReleases)
    .orderBy(sql`${publishedReleases.withdrawnAt} IS NOT NULL`, ...NEWEST);
}

/** The newest release in force, if any. */
export async function latestRelease(db: Db): Promise<Release | undefined> {
  const [row] = await db
    .select()
    .from(publishedReleases)
    .where(isNull(publishedReleases.withdrawnAt))
    .orderBy(...NEWEST)
    .limit(1);
  return row;
}

export interface FigureQuery {
  readonly year?: number | undefined;
  readonly level?: GeographicLevel | undefined;
  /** Area codes (a joined row by its joined code; an authority by any of its codes); all when absent or empty. */
  readonly areaCodes?: readonly string[] | undefined;
  /** Measures; all when absent or empty. */
  readonly measures?: readonly string[] | undefined;
  /** At most this many figures. */
  readonly limit?: number;
}

export type PublishedFigure = Omit<typeof publishedFigures.$inferSelect, 'releaseId'> & {
  /** The exchange's authority a figure of DfE's is, under any of its codes; null for England and regions. */
  readonly authorityCode: string | null;
};

/**
 * The figures of the newest release in force that match the query, ordered by year (newest first),
 * level, area and measure; `release` is undefined when none is loaded. An authority asked for by any
 * of its codes gets its figures under all of them (Barnsley: E08000016 to 2024, E08000038 from 2025).
 */
export async function latestFigures(
  db: Db,
  query: FigureQuery,
): Promise<{ release: Release | undefined; figures: PublishedFigure[] }> {
  const release = await latestRelease(db);
  if (!release) return { release, figures: [] };
  const codes = await authorityCodes(db);
  const where: SQL[] = [eq(publishedFigures.releaseId, release.id)];
  if (query.year !== undefined) where.push(eq(publishedFigures.timePeriod, query.year));
  if (query.level !== undefined) where.push(eq(publishedFigures.geographicLevel, query.level));
  if (query.areaCodes?.length) {
    const asked = new Set(query.areaCodes.map((code) => codes.authorityOf.get(code) ?? code));
    const areas = new Set(query.areaCodes);
    for (const [code, authority] of codes.authorityOf) if (asked.has(authority)) areas.add(code);
    where.push(inArray(publishedFigures.areaCode, [...areas]));
  }
  if (query.measures?.length) where.push(inArray(publishedFigures.measure, [...query.measures]));
  const { releaseId: _, ...columns } = getTableColumns(publishedFigures);
  const statement = db
    .select(columns)
    .from(publishedFigures)
    .where(and(...where))
    .orderBy(
      desc(publishedFigures.timePeriod),
      publishedFigures.geographicLevel,
      publishedFigures.areaCode,
      publishedFigures.measure,
    );
  const rows = query.limit === undefined ? await statement : await statement.limit(query.limit);
  const figures = rows.map((f) => ({
    ...f,
    authorityCode: authorityShown(codes, f),
  }));
  return { release, figures };
}

/** The exchange's authority a figure of DfE's is, by its current code; null for England and regions. */
function authorityShown(codes: AuthorityCodes, f: { geographicLevel: string; areaCode: string }): string | null {
  if (f.geographicLevel !== 'Local authority') return null;
  const key = codes.authorityOf.get(f.areaCode);
  return key === undefined ? null : (codes.currentOf.get(key) ?? key);
}

/** Loads `file` as a release when no release exists yet (on start); returns whether it did. */
export async function ensurePublishedRelease(
  db: Db,
  file: { readonly bytes: Uint8Array; readonly name: string },
): Promise<boolean> {
  if ((await db.$count(publishedReleases)) > 0) return false;
  const { created } = await loadRelease(db, file.bytes, { name: file.name, userId: null });
  return created;
}
