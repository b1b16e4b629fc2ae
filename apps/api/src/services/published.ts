/**
 * Published statistics: DfE's "Children's social work workforce" indicators file (the format of
 * reference-data/dfe-csww), read strictly and stored as a versioned release. A release is one file
 * as published, all or nothing; its id is a SHA-256 of the file, so loading the same file again
 * finds the release already there instead of duplicating it.
 */
import { createHash } from 'node:crypto';
import {
  GEOGRAPHIC_LEVELS,
  type GeographicLevel,
  type ProblemError,
  PUBLISHED_SYMBOLS,
  type PublishedSymbol,
} from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { and, desc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { publishedFigures, publishedReleases } from '../db/schema.js';
import { audit } from '../lib/audit.js';
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
const ONS_CODE = /^[A-Z]\d{8}$/;
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
    const codes = areaCode.split(' / ');
    if (areaCode === '' || !codes.every((code) => ONS_CODE.test(code))) {
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

export interface LoadOptions {
  /** What people call the release, such as "Children's social work workforce 2017 to 2023". */
  readonly name: string;
  /** Who published it; DfE's official statistics by default. */
  readonly source?: string;
  /** Who loaded it (null when the server loads it on start). */
  readonly userId: string | null;
  readonly at?: Date;
}

export const DFE_SOURCE = "Department for Education, Children's social work workforce (official statistics, OGL v3)";

/**
 * Loads a file as a release, all or nothing, in one transaction (audited). A file loaded before is
 * not loaded again: its release is returned with `created: false`.
 * @throws {HttpProblem} as {@link parseRelease} does, before anything is written.
 */
export async function loadRelease(
  db: Db,
  file: Uint8Array | string,
  options: LoadOptions,
): Promise<{ release: Release; created: boolean; figures: number }> {
  const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  const id = releaseId(bytes);
  const existing = await findRelease(db, id);
  if (existing) return { release: existing, created: false, figures: await countFigures(db, id) };
  const parsed = parseRelease(bytes);
  const result = await db.transaction(async (tx) => {
    const [release] = await tx
      .insert(publishedReleases)
      .values({
        id,
        name: options.name,
        source: options.source ?? DFE_SOURCE,
        firstYear: parsed.firstYear,
        lastYear: parsed.lastYear,
        rows: parsed.rows,
        loadedAt: options.at ?? new Date(),
        loadedBy: options.userId,
      })
      .onConflictDoNothing()
      .returning();
    // Another load of the same file committed first: it is that release.
    if (!release) return null;
    for (let start = 0; start < parsed.figures.length; start += BATCH) {
      await insertFigures(tx, id, parsed.figures.slice(start, start + BATCH));
    }
    await audit(tx, {
      userId: options.userId,
      action: 'load-published-release',
      entity: 'published-release',
      entityId: id,
      detail: {
        name: options.name,
        rows: parsed.rows,
        figures: parsed.figures.length,
        years: [parsed.firstYear, parsed.lastYear],
      },
    });
    return release;
  });
  if (result) return { release: result, created: true, figures: parsed.figures.length };
  const other = await findRelease(db, id);
  if (!other) throw new Error(`The release ${id} was neither inserted nor found`);
  return { release: other, created: false, figures: await countFigures(db, id) };
}

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

/** The releases, newest first. */
export async function listReleases(db: Db): Promise<Release[]> {
  return db
    .select()
    .from(publishedReleases)
    .orderBy(...NEWEST);
}

/** The newest release, if any. */
export async function latestRelease(db: Db): Promise<Release | undefined> {
  const [row] = await db
    .select()
    .from(publishedReleases)
    .orderBy(...NEWEST)
    .limit(1);
  return row;
}

export interface FigureQuery {
  readonly year?: number | undefined;
  readonly level?: GeographicLevel | undefined;
  /** Area codes (a joined row by its joined code); all when absent or empty. */
  readonly areaCodes?: readonly string[] | undefined;
  /** Measures; all when absent or empty. */
  readonly measures?: readonly string[] | undefined;
  /** At most this many figures. */
  readonly limit?: number;
}

export type PublishedFigure = Omit<typeof publishedFigures.$inferSelect, 'releaseId'>;

/**
 * The figures of the newest release that match the query, ordered by year (newest first), level,
 * area and measure; `release` is undefined when no release has been loaded.
 */
export async function latestFigures(
  db: Db,
  query: FigureQuery,
): Promise<{ release: Release | undefined; figures: PublishedFigure[] }> {
  const release = await latestRelease(db);
  if (!release) return { release, figures: [] };
  const where: SQL[] = [eq(publishedFigures.releaseId, release.id)];
  if (query.year !== undefined) where.push(eq(publishedFigures.timePeriod, query.year));
  if (query.level !== undefined) where.push(eq(publishedFigures.geographicLevel, query.level));
  if (query.areaCodes?.length) where.push(inArray(publishedFigures.areaCode, [...query.areaCodes]));
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
  const figures = query.limit === undefined ? await statement : await statement.limit(query.limit);
  return { release, figures };
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
