/**
 * Authority codes that change (DESIGN section 3; migration 0013). An authority's key is the code the
 * exchange first knew it by (`authorities.code`), and it never changes: every table refers to the
 * authority by it. The codes it has had since are DfE's codes confirmed as its own when a release
 * brought them (`authority_dfe_codes`, each from 30 September of the first census year DfE published
 * under it); the one in use now is `authorities.current_code` (null while that is the key).
 *
 * At the edges of the API: a code in a path, query or body may be any of an authority's codes
 * ({@link CodeBook.keyOf} gives its key); every answer and export shows the current code
 * ({@link CodeBook.current}).
 */
import type { AuthorityCodeSpan } from '@csc-workforce/schemas';
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { type Database, type Db, rowsOf } from '../db/client.js';
import { audit } from '../lib/audit.js';
import type { AppBindings } from '../lib/types.js';

/** The date a code first used in DfE's census of `year` took effect: that census's date. */
export const codeTakesEffect = (year: number) => `${year}-09-30`;

interface AuthorityRow {
  readonly code: string;
  readonly current_code: string | null;
}

interface DfeCodeRow {
  readonly code: string;
  readonly authority_code: string;
  readonly first_year: number;
}

/** Every authority's codes: which authority a code is, and the code each shows. */
export class CodeBook {
  private readonly keys = new Map<string, string>();
  private readonly currents = new Map<string, string>();
  private readonly histories = new Map<string, AuthorityCodeSpan[]>();

  constructor(authorities: readonly AuthorityRow[], dfeCodes: readonly DfeCodeRow[]) {
    const confirmed = new Map<string, DfeCodeRow[]>();
    for (const row of dfeCodes) {
      this.keys.set(row.code, row.authority_code);
      const list = confirmed.get(row.authority_code) ?? [];
      list.push(row);
      confirmed.set(row.authority_code, list);
    }
    for (const a of authorities) {
      this.keys.set(a.code, a.code);
      if (a.current_code === null) continue;
      this.currents.set(a.code, a.current_code);
      this.keys.set(a.current_code, a.code);
      // Its codes in order: the key, then each confirmed code up to the current one by first year.
      const codes = (confirmed.get(a.code) ?? []).sort((x, y) => x.first_year - y.first_year);
      const current = codes.find((c) => c.code === a.current_code);
      const used = codes.filter((c) => current && c.first_year <= current.first_year);
      const spans: AuthorityCodeSpan[] = [];
      let from: string | null = null;
      let code = a.code;
      for (const next of used) {
        const to = codeTakesEffect(next.first_year);
        spans.push({ code, from, to });
        code = next.code;
        from = to;
      }
      spans.push({ code, from, to: null });
      this.histories.set(a.code, spans);
    }
  }

  /** The key of the authority `code` is (its key, current or former code, or a DfE code confirmed). */
  keyOf(code: string): string | undefined {
    return this.keys.get(code);
  }

  /** The code an authority shows now, by its key (an unknown key shows as it is). */
  current(key: string): string {
    return this.currents.get(key) ?? key;
  }

  /** Whether any authority has `code`, now or before. */
  known(code: string): boolean {
    return this.keys.has(code);
  }

  /**
   * An authority's codes, oldest first, each with the date it took effect and the date the next did
   * (null: not known, or still in use); the last is the current code. One code when it never changed.
   */
  history(key: string): AuthorityCodeSpan[] {
    return this.histories.get(key) ?? [{ code: key, from: null, to: null }];
  }

  /** An authority's former codes, oldest first (the history without its current code). */
  former(key: string): AuthorityCodeSpan[] {
    return this.history(key).slice(0, -1);
  }
}

/** Reads every authority's codes. */
export async function loadCodeBook(db: Pick<Db, 'execute'>): Promise<CodeBook> {
  // One after the other: `db` may be a transaction (one connection).
  const authorities = await db.execute(sql`SELECT code, current_code FROM authorities`);
  const dfeCodes = await db.execute(sql`SELECT code, authority_code, first_year FROM authority_dfe_codes`);
  return new CodeBook(rowsOf<AuthorityRow>(authorities), rowsOf<DfeCodeRow>(dfeCodes));
}

const CODE_TABLES = ['authorities', 'authority_dfe_codes'];
const books = new WeakMap<Database, { stamp: string; book: CodeBook }>();

/**
 * Every authority's codes: on the embedded database kept until the authorities or their codes change
 * (the change feed says so before a write returns); on a PostgreSQL server read on every call.
 */
export async function codeBookOf(database: Database): Promise<CodeBook> {
  const stamp = database.changes?.stamp(CODE_TABLES);
  const cached = books.get(database);
  if (stamp !== undefined && cached?.stamp === stamp) return cached.book;
  const book = await loadCodeBook(database.db);
  if (stamp !== undefined && database.changes?.stamp(CODE_TABLES) === stamp) books.set(database, { stamp, book });
  return book;
}

const perRequest = new WeakMap<Context<AppBindings>, Promise<CodeBook>>();

/**
 * The request's code book, read once per request (its scope check and its handler share it): on a
 * PostgreSQL server that is one read, not one per use.
 */
export function codeBook(c: Context<AppBindings>): Promise<CodeBook> {
  let book = perRequest.get(c);
  if (!book) {
    book = codeBookOf(c.get('deps').database);
    perRequest.set(c, book);
  }
  return book;
}

/** The key of the authority a request names by any of its codes (a code no authority has, as it is). */
export async function authorityKey(c: Context<AppBindings>, code: string): Promise<string> {
  return (await codeBook(c)).keyOf(code) ?? code;
}

/**
 * Works out each authority's current code again (in the transaction of a release's load, withdrawal
 * or return): the newest by first year of its confirmed DfE codes that a release in force holds
 * figures under, or its key when there is none. Each change is audited.
 */
export async function refreshCurrentCodes(
  tx: Pick<Db, 'execute' | 'insert'>,
  userId: string | null,
  at: Date,
): Promise<void> {
  const changed = rowsOf<{ code: string; name: string; before: string | null; after: string | null }>(
    await tx.execute(sql`
      WITH wanted AS (
        SELECT a.code,
          (SELECT d.code FROM authority_dfe_codes d
            WHERE d.authority_code = a.code
              AND EXISTS (
                SELECT 1 FROM published_figures f
                JOIN published_releases r ON r.id = f.release_id AND r.withdrawn_at IS NULL
                WHERE f.area_code = d.code AND f.geographic_level = 'Local authority')
            ORDER BY d.first_year DESC, d.code DESC LIMIT 1) AS current_code
        FROM authorities a
      ),
      before AS (SELECT code, current_code FROM authorities)
      UPDATE authorities a SET current_code = w.current_code
      FROM wanted w JOIN before b ON b.code = w.code
      WHERE a.code = w.code AND a.current_code IS DISTINCT FROM w.current_code
      RETURNING a.code, a.name, b.current_code AS before, a.current_code AS after`),
  );
  for (const row of changed) {
    await audit(tx, {
      userId,
      at,
      action: 'change-authority-code',
      entity: 'authority',
      entityId: row.code,
      detail: { name: row.name, from: row.before ?? row.code, to: row.after ?? row.code },
    });
  }
}
