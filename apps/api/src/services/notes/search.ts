/**
 * Finding practice notes: PostgreSQL full-text search over the weighted document (title, then summary,
 * then body), filters, pages, and the matches highlighted, among the notes the user may see.
 */
import type { Highlight, NotePage, NoteStatus, NoteSummary } from '@csc-workforce/schemas';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { offsetOf, type PageRequest } from '../../lib/paging.js';
import type { CurrentUser } from '../../lib/types.js';
import { presentNote } from './access.js';
import { type NoteRow, noteSelect, toRecord } from './records.js';

/** What a list or search asks for. */
export interface NoteQuery extends PageRequest {
  readonly q?: string | undefined;
  readonly status: NoteStatus;
  readonly theme?: string | undefined;
  readonly region?: string | undefined;
  readonly authority?: string | undefined;
  readonly metric?: string | undefined;
  /** Notes dated (published, or last changed when not published) on or after this day, YYYY-MM-DD. */
  readonly from?: string | undefined;
  /** … and on or before this day. */
  readonly to?: string | undefined;
}

/**
 * Markers around the words ts_headline highlights: private-use characters, removed from the text
 * first, so that a note cannot forge a highlight; the API turns them into `mark` stretches.
 */
const START = '\ue000';
const STOP = '\ue001';
const MARKERS = `${START}${STOP}`;
const TITLE_HEADLINE = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;
const EXCERPT_HEADLINE = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** Splits ts_headline's output into plain and marked stretches. */
export function toHighlight(text: string): Highlight {
  const out: Highlight = [];
  let rest = text;
  while (rest.length > 0) {
    const start = rest.indexOf(START);
    if (start < 0) {
      out.push({ text: rest, mark: false });
      break;
    }
    if (start > 0) out.push({ text: rest.slice(0, start), mark: false });
    const stop = rest.indexOf(STOP, start + 1);
    const end = stop < 0 ? rest.length : stop;
    const marked = rest.slice(start + 1, end);
    if (marked) out.push({ text: marked, mark: true });
    rest = stop < 0 ? '' : rest.slice(stop + 1);
  }
  // Neighbouring stretches of the same kind joined.
  return out.reduce<Highlight>((acc, part) => {
    const last = acc.at(-1);
    if (last && last.mark === part.mark) acc[acc.length - 1] = { text: last.text + part.text, mark: part.mark };
    else acc.push(part);
    return acc;
  }, []);
}

/** Which notes of a status the user may see, as a condition on `n` (the note) and `a` (its authority). */
function visibleTo(user: CurrentUser, status: NoteStatus) {
  if (status === 'published') return sql`n.status = 'published'`;
  const own =
    (user.role === 'authority_submitter' || user.role === 'authority_viewer') && user.authorityCode
      ? sql`n.authority_code = ${user.authorityCode}`
      : sql`false`;
  if (status === 'draft') return sql`n.status = 'draft' AND ${own}`;
  const lead = user.role === 'regional_lead' && user.regionCode ? sql`a.region_code = ${user.regionCode}` : sql`false`;
  return sql`n.status = 'archived' AND (${own} OR ${lead})`;
}

interface SearchRow extends NoteRow {
  total: number;
  rank: number | null;
  title_headline: string | null;
  excerpt_headline: string | null;
}

/**
 * A page of the notes the user may see, filtered, ranked by relevance when searching (ts_rank over
 * the weighted document: title, then summary, then body) and newest first otherwise, with the
 * matches highlighted (ts_headline) in the title and the best passages.
 */
export async function searchNotes(db: Db, user: CurrentUser, query: NoteQuery): Promise<NotePage> {
  const q = query.q?.trim() ? query.q.trim() : null;
  const conditions = [visibleTo(user, query.status)];
  if (query.theme) conditions.push(sql`${query.theme} = ANY (n.themes)`);
  if (query.region) conditions.push(sql`a.region_code = ${query.region}`);
  if (query.authority) conditions.push(sql`n.authority_code = ${query.authority}`);
  if (query.metric) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM practice_note_metrics m WHERE m.note_id = n.id AND m.metric = ${query.metric})`,
    );
  }
  const dated = sql`coalesce(n.published_at, n.updated_at)`;
  if (query.from) conditions.push(sql`${dated} >= ${query.from}::date`);
  if (query.to) conditions.push(sql`${dated} < ${query.to}::date + 1`);
  if (q) conditions.push(sql`n.search @@ websearch_to_tsquery('english', ${q})`);
  const rank = q ? sql`ts_rank(n.search, websearch_to_tsquery('english', ${q}), 1)` : sql`NULL::real`;
  const offset = offsetOf(query);
  const headlines = q
    ? sql`ts_headline('english', translate(n.title, ${MARKERS}, ''), websearch_to_tsquery('english', ${q}), ${TITLE_HEADLINE}) AS title_headline,
          ts_headline('english', translate(n.summary || E'\n' || n.body_text, ${MARKERS}, ''), websearch_to_tsquery('english', ${q}), ${EXCERPT_HEADLINE}) AS excerpt_headline`
    : sql`NULL AS title_headline, NULL AS excerpt_headline`;
  const rows = rowsOf<SearchRow>(
    await db.execute(sql`
      WITH matches AS (
        SELECT n.id, ${rank} AS rank, ${dated} AS dated
        FROM practice_notes n JOIN authorities a ON a.code = n.authority_code
        WHERE ${sql.join(conditions, sql` AND `)}
      ),
      page AS (
        SELECT id, rank, dated FROM matches ORDER BY rank DESC NULLS LAST, dated DESC, id
        LIMIT ${query.pageSize} OFFSET ${offset}
      ),
      listed AS (
        ${noteSelect}
        JOIN page p ON p.id = n.id
      )
      SELECT t.total::int AS total, p.rank, l.*, ${headlines}
      FROM (SELECT count(*) AS total FROM matches) t
      LEFT JOIN page p ON true
      LEFT JOIN listed l ON l.id = p.id
      LEFT JOIN practice_notes n ON n.id = p.id
      ORDER BY p.rank DESC NULLS LAST, p.dated DESC, p.id`),
  );
  const total = Number(rows[0]?.total ?? 0);
  const items: NoteSummary[] = rows
    .filter((row) => row.id !== null)
    .map((row) => {
      const note = toRecord(row);
      const {
        body: _body,
        can: _can,
        contactEmail: _contact,
        archivedReason: _reason,
        createdAt: _created,
        ...rest
      } = presentNote(note, user);
      return {
        ...rest,
        rank: row.rank === null ? null : Number(row.rank),
        highlights:
          row.title_headline === null || row.excerpt_headline === null
            ? null
            : { title: toHighlight(row.title_headline), excerpt: toHighlight(row.excerpt_headline) },
      };
    });
  return { total, page: query.page, pageSize: query.pageSize, items };
}
