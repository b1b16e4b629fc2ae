/**
 * Statistical neighbours (DESIGN section 3): DfE's models of the 10 authorities most like each one,
 * stored as releases (one file as published, its id the file's hash), and an authority's neighbours
 * named with their closeness and DfE's published figures, with the median of the 10 beside its own —
 * the yardstick DfE's own dashboards use. Neighbours are public: naming them discloses nothing.
 *
 * A model's file is read by what its header says, not by fixed names: the LA number column (`LA num`
 * in 2021, `old_la_code` in 2025) and each neighbour column `SN1`/`SN_1` with the closeness column
 * after it (`SNP`, `SN_1P`). Pairs are stored by DfE's LA numbers and matched to the exchange's
 * authorities through their old code when read.
 */
import { createHash } from 'node:crypto';
import { METRICS, type MetricId, neighbourMedian } from '@csc-workforce/metrics-core';
import { NEIGHBOUR_CLOSENESS, type NeighbourCloseness, type ProblemError } from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { authorities, neighbourModels, neighbourPairs } from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { HttpProblem } from '../lib/problem.js';
import { list, PUBLISHED_MEASURES } from './comparisons/load.js';
import { IN_FORCE_ORDER } from './published.js';
import { fileProblem, importProblem } from './spreadsheets.js';

const LA_NUMBER = /^\d{3}$/;
const LA_NUMBER_HEADER = /^(la ?num(ber)?|old_la_code|la_code)$/i;
const NEIGHBOUR_HEADER = /^sn_?(\d{1,2})$/i;
const CLOSENESS_HEADER = /^sn_?\d{0,2}_?p$/i;
/** Errors listed in a refusal (all are counted). */
const MAX_LISTED = 200;

export interface ParsedModel {
  readonly id: string;
  readonly rows: number;
  readonly pairs: readonly {
    laNumber: string;
    rank: number;
    neighbourLaNumber: string;
    closeness: NeighbourCloseness | null;
  }[];
}

/** A closeness as published ("Not Close", "Somewhat close") in the exchange's words, or null if empty. */
function closenessOf(text: string): NeighbourCloseness | null | undefined {
  if (text === '') return null;
  return NEIGHBOUR_CLOSENESS.find((c) => c.toLowerCase() === text.toLowerCase());
}

/**
 * Reads and checks a statistical-neighbour file of DfE's. Every problem is reported with its row (the
 * header being row 1) and column.
 * @throws {HttpProblem} 422 for a file that is not one (one message), or has bad rows.
 */
export function parseNeighbourModel(bytes: Uint8Array): ParsedModel {
  let records: string[][];
  try {
    records = parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch {
    throw fileProblem(422, 'The file is not readable CSV text.');
  }
  const [header = [], ...body] = records;
  const laColumn = header.findIndex((h) => LA_NUMBER_HEADER.test(h));
  const neighbours = header
    .map((h, i) => ({ rank: Number(NEIGHBOUR_HEADER.exec(h)?.[1] ?? Number.NaN), index: i }))
    .filter((c) => Number.isInteger(c.rank) && c.rank >= 1 && c.rank <= 20);
  if (laColumn < 0 || neighbours.length === 0) {
    throw fileProblem(
      422,
      'This is not a statistical-neighbour file of DfE\'s: it needs a column of LA numbers (such as "LA num" or "old_la_code") and neighbour columns SN1 … SN10 (or SN_1 … SN_10).',
      { row: 1 },
    );
  }
  const errors: ProblemError[] = [];
  const pairs: ParsedModel['pairs'][number][] = [];
  const seen = new Map<string, number>();
  let rows = 0;
  body.forEach((record, i) => {
    const row = i + 2;
    const fail = (column: string, message: string) =>
      errors.push({ row, column, message: `row ${row}, column ${column}: ${message}` });
    const la = record[laColumn] ?? '';
    // A line with no LA number and no neighbours is a note or a spacer (DfE's file has ",Old SNs:,,,").
    if (la === '' && neighbours.every(({ index }) => (record[index] ?? '') === '')) return;
    rows++;
    if (!LA_NUMBER.test(la)) {
      fail(header[laColumn] as string, `expected a three-digit LA number, got "${la.slice(0, 20)}"`);
      return;
    }
    const first = seen.get(la);
    if (first !== undefined) fail(header[laColumn] as string, `LA ${la} is already in row ${first}`);
    seen.set(la, row);
    for (const { rank, index } of neighbours) {
      const value = record[index] ?? '';
      if (value === '') continue;
      if (!LA_NUMBER.test(value)) {
        fail(header[index] as string, `expected a three-digit LA number, got "${value.slice(0, 20)}"`);
        continue;
      }
      const next = header[index + 1] ?? '';
      const closeness = CLOSENESS_HEADER.test(next) ? closenessOf(record[index + 1] ?? '') : null;
      if (closeness === undefined) {
        fail(
          next,
          `expected one of ${NEIGHBOUR_CLOSENESS.join(', ')}, got "${(record[index + 1] ?? '').slice(0, 30)}"`,
        );
        continue;
      }
      pairs.push({ laNumber: la, rank, neighbourLaNumber: value, closeness });
    }
  });
  if (errors.length > 0) throw importProblem(errors, MAX_LISTED);
  if (rows === 0) throw fileProblem(422, 'The file has a header but no rows.', { row: 2 });
  return { id: `sn-${createHash('sha256').update(bytes).digest('hex')}`, rows, pairs };
}

export const DFE_NEIGHBOURS_SOURCE =
  "Department for Education, children's services statistical neighbour benchmarking (OGL v3)";

/** Loads a model, all or nothing (audited); a file loaded before is not loaded again. */
export async function loadNeighbourModel(
  db: Db,
  bytes: Uint8Array,
  options: { name: string; userId: string | null; at?: Date; inForce?: boolean },
): Promise<{ id: string; created: boolean }> {
  const parsed = parseNeighbourModel(bytes);
  const at = options.at ?? new Date();
  // In force once loaded unless told otherwise (the model loaded on start; an admin may load first and choose later).
  const inForce = options.inForce ?? true;
  return db.transaction(async (tx) => {
    const [model] = await tx
      .insert(neighbourModels)
      .values({
        id: parsed.id,
        name: options.name,
        source: DFE_NEIGHBOURS_SOURCE,
        rows: parsed.rows,
        loadedAt: at,
        loadedBy: options.userId,
        inForceSince: inForce ? at : null,
        chosenBy: inForce ? options.userId : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!model) return { id: parsed.id, created: false };
    await tx.insert(neighbourPairs).values(parsed.pairs.map((p) => ({ ...p, modelId: parsed.id })));
    await audit(tx, {
      userId: options.userId,
      action: 'load-neighbour-model',
      entity: 'neighbour-model',
      entityId: parsed.id,
      detail: { name: options.name, rows: parsed.rows, pairs: parsed.pairs.length, inForce },
      at,
    });
    return { id: parsed.id, created: true };
  });
}

/** Loads `file` as a model when none exists yet (on start); returns whether it did. */
export async function ensureNeighbourModel(
  db: Db,
  file: { readonly bytes: Uint8Array; readonly name: string },
): Promise<boolean> {
  if ((await db.$count(neighbourModels)) > 0) return false;
  return (await loadNeighbourModel(db, file.bytes, { name: file.name, userId: null })).created;
}

type Model = typeof neighbourModels.$inferSelect;

/** The model in force: the one an admin chose last (the model loaded on start until one is chosen). */
export async function modelInForce(db: Db): Promise<Model | undefined> {
  const [model] = await db
    .select()
    .from(neighbourModels)
    .orderBy(sql`${neighbourModels.inForceSince} DESC NULLS LAST`, desc(neighbourModels.loadedAt), neighbourModels.id)
    .limit(1);
  return model;
}

/** Every authority (retired too) with its LA number, by name: what a model's LA numbers are matched to. */
function authoritiesByLaNumber(db: Db) {
  return db
    .select({
      code: authorities.code,
      name: authorities.name,
      la: authorities.oldLaCode,
      retiredAt: authorities.retiredAt,
    })
    .from(authorities)
    .orderBy(authorities.name);
}

/** How the model in force matches the exchange's authorities: those matched, and those not. */
export async function modelMatches(db: Db): Promise<{
  model: Model | undefined;
  matched: number;
  unmatchedAuthorities: { code: string; name: string }[];
  unmatchedLaNumbers: string[];
}> {
  const model = await modelInForce(db);
  if (!model) return { model, matched: 0, unmatchedAuthorities: [], unmatchedLaNumbers: [] };
  const inModel = new Set(
    rowsOf<{ la: string }>(
      await db.execute(sql`SELECT DISTINCT la_number AS la FROM neighbour_pairs WHERE model_id = ${model.id}`),
    ).map((r) => r.la),
  );
  const active = await authoritiesByLaNumber(db);
  const current = active.filter((a) => a.retiredAt === null);
  const known = new Set(active.map((a) => a.la).filter((la): la is string => la !== null));
  return {
    model,
    matched: current.filter((a) => a.la !== null && inModel.has(a.la)).length,
    unmatchedAuthorities: current
      .filter((a) => a.la === null || !inModel.has(a.la))
      .map(({ code, name }) => ({ code, name })),
    unmatchedLaNumbers: [...inModel].filter((la) => !known.has(la)).sort(),
  };
}

/** One year of a DfE measure for an authority and its neighbours. */
export interface NeighbourYear {
  readonly year: number;
  readonly own: number | null;
  /** The median of the neighbours' published values (those published: DfE's dashboards' yardstick). */
  readonly median: number | null;
  /** How many neighbours' values the median is of. */
  readonly of: number;
  /** Each neighbour's value, by its code (null where DfE publishes none). */
  readonly neighbours: Readonly<Record<string, number | null>>;
}

/**
 * An authority's neighbours in the model in force, named, with DfE's published figures for each
 * metric DfE publishes, by year, and the median of the neighbours' beside its own. Null when no model
 * is loaded or the authority is not in it.
 */
export async function neighboursOf(db: Db, code: string) {
  const model = await modelInForce(db);
  if (!model) return null;
  const [authority] = await db
    .select({ code: authorities.code, name: authorities.name, la: authorities.oldLaCode })
    .from(authorities)
    .where(eq(authorities.code, code));
  if (!authority?.la) return null;
  const pairs = await db
    .select()
    .from(neighbourPairs)
    .where(sql`${neighbourPairs.modelId} = ${model.id} AND ${neighbourPairs.laNumber} = ${authority.la}`)
    .orderBy(neighbourPairs.rank);
  if (pairs.length === 0) return null;
  const byLa = new Map(
    (
      await db
        .select({ code: authorities.code, name: authorities.name, la: authorities.oldLaCode })
        .from(authorities)
        .where(
          inArray(
            authorities.oldLaCode,
            pairs.map((p) => p.neighbourLaNumber),
          ),
        )
    ).map((a) => [a.la as string, a]),
  );
  const neighbours = pairs.map((p) => {
    const matched = byLa.get(p.neighbourLaNumber);
    return {
      rank: p.rank,
      laNumber: p.neighbourLaNumber,
      code: matched?.code ?? null,
      name: matched?.name ?? `LA ${p.neighbourLaNumber}`,
      closeness: p.closeness as NeighbourCloseness | null,
    };
  });
  const codes = [authority.code, ...neighbours.map((n) => n.code).filter((c): c is string => c !== null)];
  const figures = await publishedByAuthority(db, codes);
  const measures = (Object.entries(PUBLISHED_MEASURES) as [MetricId, string][]).map(([metric, measure]) => {
    const years = [...new Set([...figures.keys()].map((k) => Number(k.split('|')[0])))].sort((a, b) => a - b);
    return {
      metric,
      label: METRICS[metric].label,
      measure,
      years: years.map((year): NeighbourYear => {
        const at = (c: string) => figures.get(`${year}|${c}|${measure}`) ?? null;
        const { median, of } = neighbourMedian(neighbours.map((n) => (n.code ? at(n.code) : null)));
        return {
          year,
          own: at(authority.code),
          median,
          of,
          neighbours: Object.fromEntries(
            neighbours.filter((n) => n.code !== null).map((n) => [n.code as string, at(n.code as string)]),
          ),
        };
      }),
    };
  });
  return {
    model: { id: model.id, name: model.name, source: model.source, loadedAt: model.loadedAt.toISOString() },
    authority: { code: authority.code, name: authority.name, laNumber: authority.la },
    neighbours,
    measures,
  };
}

/**
 * DfE's authority-level figures in force for some authorities, under any of their codes (the
 * exchange's own and DfE's codes confirmed as theirs), by `year|code|measure`.
 */
async function publishedByAuthority(db: Db, codes: readonly string[]): Promise<Map<string, number | null>> {
  const rows = rowsOf<{ year: number; code: string; measure: string; value: string | null }>(
    await db.execute(sql`
      SELECT DISTINCT ON (f.time_period, f.area_code, f.measure)
             f.time_period AS year, coalesce(d.authority_code, f.area_code) AS code, f.measure, f.value
      FROM published_figures f
      JOIN published_releases r ON r.id = f.release_id AND r.withdrawn_at IS NULL
      LEFT JOIN authority_dfe_codes d ON d.code = f.area_code
      WHERE f.geographic_level = 'Local authority'
        AND coalesce(d.authority_code, f.area_code) IN (${list(codes)})
        AND f.measure IN (${list(Object.values(PUBLISHED_MEASURES))})
      ORDER BY f.time_period, f.area_code, f.measure, ${IN_FORCE_ORDER}`),
  );
  const out = new Map<string, number | null>();
  for (const row of rows)
    out.set(`${row.year}|${row.code}|${row.measure}`, row.value === null ? null : Number(row.value));
  return out;
}

/** The statistical-neighbour models loaded, newest first, with the one in force marked. */
export async function listNeighbourModels(db: Db) {
  const inForce = await modelInForce(db);
  const rows = rowsOf<{
    id: string;
    name: string;
    source: string;
    rows: number;
    loaded_at: string | Date;
    in_force_since: string | Date | null;
    loaded_by_name: string | null;
    chosen_by_name: string | null;
  }>(
    await db.execute(sql`
      SELECT m.id, m.name, m.source, m.rows, m.loaded_at, m.in_force_since,
             l.name AS loaded_by_name, c.name AS chosen_by_name
      FROM neighbour_models m
      LEFT JOIN users l ON l.id = m.loaded_by
      LEFT JOIN users c ON c.id = m.chosen_by
      ORDER BY m.loaded_at DESC, m.id`),
  );
  const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    source: r.source,
    rows: Number(r.rows),
    loadedAt: iso(r.loaded_at) as string,
    loadedByName: r.loaded_by_name,
    inForce: r.id === inForce?.id,
    inForceSince: iso(r.in_force_since),
    chosenByName: r.chosen_by_name,
  }));
}

/** The neighbours (LA numbers, nearest first) of each LA of a model, stored or parsed. */
type NeighbourLists = Map<string, string[]>;

const listsOf = (pairs: readonly { laNumber: string; rank: number; neighbourLaNumber: string }[]): NeighbourLists => {
  const out: NeighbourLists = new Map();
  for (const p of [...pairs].sort((a, b) => a.rank - b.rank)) {
    const list = out.get(p.laNumber) ?? [];
    list.push(p.neighbourLaNumber);
    out.set(p.laNumber, list);
  }
  return out;
};

/**
 * What putting a model in force would change, before it is loaded or chosen: the authorities of the
 * exchange it matches and those it lacks, its LA numbers that no authority has, and each authority
 * whose neighbours change (those added and removed, named), with how many members its group changes
 * by. Nothing is written.
 *
 * A group that changes by fewer than `k` members (and more than none) lets one who saw the group
 * before and after subtract the two: such authorities are counted for the admin to weigh.
 * @throws {HttpProblem} 422 as {@link parseNeighbourModel}.
 */
export async function previewNeighbourModel(db: Db, bytes: Uint8Array, k: number) {
  const parsed = parseNeighbourModel(bytes);
  const [loaded] = await db
    .select({ id: neighbourModels.id, name: neighbourModels.name })
    .from(neighbourModels)
    .where(eq(neighbourModels.id, parsed.id));
  const inForce = await modelInForce(db);
  const before: NeighbourLists = inForce
    ? listsOf(await db.select().from(neighbourPairs).where(eq(neighbourPairs.modelId, inForce.id)))
    : new Map();
  const after = listsOf(parsed.pairs);
  const all = await authoritiesByLaNumber(db);
  const nameOf = new Map(all.filter((a) => a.la !== null).map((a) => [a.la as string, a.name]));
  const named = (la: string) => nameOf.get(la) ?? `LA ${la}`;
  const current = all.filter((a) => a.retiredAt === null);
  const changes: {
    code: string;
    name: string;
    added: string[];
    removed: string[];
    reordered: boolean;
    changedMembers: number;
  }[] = [];
  for (const a of current) {
    if (a.la === null) continue;
    const was = before.get(a.la) ?? [];
    const now = after.get(a.la) ?? [];
    if (was.length === now.length && was.every((la, i) => now[i] === la)) continue;
    const added = now.filter((la) => !was.includes(la));
    const removed = was.filter((la) => !now.includes(la));
    changes.push({
      code: a.code,
      name: a.name,
      added: added.map(named),
      removed: removed.map(named),
      reordered: added.length === 0 && removed.length === 0,
      changedMembers: added.length + removed.length,
    });
  }
  const known = new Set(nameOf.keys());
  return {
    id: parsed.id,
    rows: parsed.rows,
    pairs: parsed.pairs.length,
    loadedAlready: loaded ? { id: loaded.id, name: loaded.name } : null,
    inForce: inForce ? { id: inForce.id, name: inForce.name } : null,
    matched: current.filter((a) => a.la !== null && after.has(a.la)).length,
    unmatchedAuthorities: current
      .filter((a) => a.la === null || !after.has(a.la))
      .map(({ code, name }) => ({ code, name })),
    unmatchedLaNumbers: [...after.keys()].filter((la) => !known.has(la)).sort(),
    changes,
    fewerThanK: changes.filter((c) => c.changedMembers > 0 && c.changedMembers < k).length,
    minGroupSize: k,
  };
}

/**
 * Puts a loaded model in force (audited); the model in force is the one chosen last.
 * @throws {HttpProblem} 404 when no such model is loaded; 409 when it is in force already.
 */
export async function chooseNeighbourModel(db: Db, id: string, options: { userId: string; at: Date }) {
  return db.transaction(async (tx) => {
    // One choice at a time: the table's rows are locked while the one in force is decided.
    await tx.execute(sql`SELECT id FROM neighbour_models FOR UPDATE`);
    const [model] = await tx.select().from(neighbourModels).where(eq(neighbourModels.id, id));
    if (!model) throw new HttpProblem(404, { detail: `No statistical-neighbour model ${id} is loaded.` });
    const current = await modelInForce(tx);
    if (current?.id === id) throw new HttpProblem(409, { detail: `${model.name} is the model in force already.` });
    await tx
      .update(neighbourModels)
      .set({ inForceSince: options.at, chosenBy: options.userId })
      .where(eq(neighbourModels.id, id));
    await audit(tx, {
      userId: options.userId,
      action: 'choose-neighbour-model',
      entity: 'neighbour-model',
      entityId: id,
      detail: { name: model.name, previous: current ? { id: current.id, name: current.name } : null },
      at: options.at,
    });
    return { id: model.id, name: model.name };
  });
}
