/**
 * Practice notes as stored: a note's current state with its authority's and region's names and its
 * linked metrics, read in one statement (as either driver gives its values).
 */
import type { NoteMetricLink, NoteStatus, PracticeThemeId } from '@csc-workforce/schemas';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';

/** A note as stored, with its authority's and region's names and its linked metrics. */
export interface NoteRecord {
  readonly id: string;
  readonly status: NoteStatus;
  readonly version: number;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly themes: PracticeThemeId[];
  readonly metrics: NoteMetricLink[];
  /** Its authority's key (services/authority-codes.ts). */
  readonly authorityCode: string;
  /** Its authority's current code: what answers show. */
  readonly authorityShown: string;
  readonly authorityName: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly authorName: string;
  readonly authorRole: string;
  readonly contactEmail: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly publishedAt: Date | null;
  readonly archivedAt: Date | null;
  readonly archivedReason: string | null;
  readonly demo: boolean;
}

/** A note with its authority's and region's names and its linked metrics, as `n`, `a` and `r`. */
export const noteSelect = sql`
  SELECT n.id, n.status, n.version, n.title, n.summary, n.body, n.themes, n.author_name, n.author_role,
         n.contact_email, n.created_at, n.updated_at, n.published_at, n.archived_at, n.archived_reason, n.demo,
         n.authority_code, coalesce(a.current_code, a.code) AS authority_shown, a.name AS authority_name,
         a.region_code, r.name AS region_name,
         (SELECT coalesce(json_agg(json_build_object('metric', m.metric, 'from', m.from_period, 'to', m.to_period)
                                   ORDER BY m.position), '[]'::json)
            FROM practice_note_metrics m WHERE m.note_id = n.id) AS metrics
  FROM practice_notes n
  JOIN authorities a ON a.code = n.authority_code
  JOIN regions r ON r.code = a.region_code`;

/** A row of {@link noteSelect}. */
export interface NoteRow {
  id: string;
  status: NoteStatus;
  version: number;
  title: string;
  summary: string;
  body: string;
  themes: PracticeThemeId[] | string;
  author_name: string;
  author_role: string;
  contact_email: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  published_at: Date | string | null;
  archived_at: Date | string | null;
  archived_reason: string | null;
  demo: boolean;
  authority_code: string;
  authority_shown: string;
  authority_name: string;
  region_code: string;
  region_name: string;
  metrics: NoteMetricLink[] | string;
}

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const toDateOrNull = (value: Date | string | null) => (value === null ? null : toDate(value));
/** A JSON value as either driver gives it: parsed already, or as text. */
export const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** A text[] as either driver gives it: an array, or PostgreSQL's literal `{a,b}` (theme ids need no quoting). */
const textArray = <T extends string>(value: T[] | string): T[] =>
  Array.isArray(value)
    ? value
    : (value
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean) as T[]);

/** A row of {@link noteSelect} as a record. */
export function toRecord(row: NoteRow): NoteRecord {
  return {
    id: row.id,
    status: row.status,
    version: Number(row.version),
    title: row.title,
    summary: row.summary,
    body: row.body,
    themes: textArray(row.themes),
    metrics: parsed(row.metrics),
    authorityCode: row.authority_code,
    authorityShown: row.authority_shown,
    authorityName: row.authority_name,
    regionCode: row.region_code,
    regionName: row.region_name,
    authorName: row.author_name,
    authorRole: row.author_role,
    contactEmail: row.contact_email,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    publishedAt: toDateOrNull(row.published_at),
    archivedAt: toDateOrNull(row.archived_at),
    archivedReason: row.archived_reason,
    demo: row.demo,
  };
}

/** A note by id, whoever asks (callers check who may read it), or null. */
export async function findNote(db: Db, id: string): Promise<NoteRecord | null> {
  const [row] = rowsOf<NoteRow>(await db.execute(sql`${noteSelect} WHERE n.id = ${id}`));
  return row ? toRecord(row) : null;
}
