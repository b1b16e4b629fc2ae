/**
 * Practice notes: the store (a note's current state, its linked metrics and its revisions, every
 * change one transaction with optimistic concurrency and an audit entry), who may read and do what,
 * full-text search, and the evidence of the metrics a note links.
 *
 * Who may read a note (decided here, for every route):
 * - a published note: everyone signed in, every role and region;
 * - a draft: the users of its authority only (not the regional lead: a draft is work in progress);
 * - an archived note: the users of its authority, and the lead of its region (who moderates).
 * Who may change one: its authority's submitters write, publish, archive (withdraw) and restore it;
 * the lead of its region archives a published note with a reason (moderation); viewers and admins
 * only read. A note out of the caller's sight answers 404, as if it did not exist.
 */
import { randomUUID } from 'node:crypto';
import { comparePeriods, METRICS, type MetricId, type PeriodId, periodRange } from '@csc-workforce/metrics-core';
import {
  type Highlight,
  markdownToText,
  NOTE_LIMITS,
  type Note,
  type NoteContent,
  type NoteEvidence,
  type NoteMetricLink,
  type NotePage,
  type NoteStatus,
  type NoteSummary,
  PROBLEM_TYPES,
  type PracticeThemeId,
} from '@csc-workforce/schemas';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Database, type Db, rowsOf } from '../db/client.js';
import { practiceNoteMetrics, practiceNoteRevisions, practiceNotes, users } from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { forbidden, HttpProblem, notFound } from '../lib/problem.js';
import type { CurrentUser } from '../lib/types.js';
import { comparablePeriods, evidenceTrend, metricInfo, startPeriod, type ViewSettings } from './comparisons/index.js';

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
  readonly authorityCode: string;
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

// ——— Who may do what ———

const isOwn = (user: CurrentUser, note: { authorityCode: string }) =>
  (user.role === 'authority_submitter' || user.role === 'authority_viewer') &&
  user.authorityCode === note.authorityCode;

const isLeadOf = (user: CurrentUser, note: { regionCode: string }) =>
  user.role === 'regional_lead' && user.regionCode === note.regionCode;

/** Whether the user may read the note at all. */
export function canRead(user: CurrentUser, note: Pick<NoteRecord, 'status' | 'authorityCode' | 'regionCode'>): boolean {
  if (note.status === 'published') return true;
  if (note.status === 'draft') return isOwn(user, note);
  return isOwn(user, note) || isLeadOf(user, note);
}

/** What the user may do with a note they can read. */
export function permissions(user: CurrentUser, note: NoteRecord): Note['can'] {
  const submitter = user.role === 'authority_submitter' && user.authorityCode === note.authorityCode;
  return {
    edit: submitter && note.status !== 'archived',
    publish: submitter && note.status === 'draft',
    archive: note.status !== 'archived' && (submitter || (isLeadOf(user, note) && note.status === 'published')),
    restore: submitter && note.status === 'archived',
    history: isOwn(user, note),
  };
}

/** The note, if the user may read it; otherwise 404. */
export async function readableNote(db: Db, user: CurrentUser, id: string): Promise<NoteRecord> {
  const note = await findNote(db, id);
  if (!note || !canRead(user, note)) throw notFound(`No practice note ${id} that you can see.`);
  return note;
}

/**
 * Checks that the user may take `action` on a note they can read: 403 when they may not (they can see
 * the note, so saying so reveals nothing), 409 when the note's status does not allow it.
 */
export function assertAllowed(user: CurrentUser, note: NoteRecord, action: keyof Note['can']): void {
  if (permissions(user, note)[action]) return;
  const submitter = user.role === 'authority_submitter' && user.authorityCode === note.authorityCode;
  const lead = isLeadOf(user, note);
  const mayAct = action === 'archive' ? submitter || lead : submitter;
  if (!mayAct) {
    throw forbidden(
      action === 'archive'
        ? `Only a submitter of ${note.authorityName}, or the regional lead of ${note.regionName}, can archive this note.`
        : `Only a submitter of ${note.authorityName} can change its practice notes.`,
    );
  }
  throw new HttpProblem(409, {
    type: '/problems/invalid-status',
    title: `The note is ${note.status}`,
    detail: invalidStatusDetail(action, note.status),
  });
}

function invalidStatusDetail(action: keyof Note['can'], status: NoteStatus): string {
  if (action === 'publish') return `Only a draft can be published; this note is ${status}.`;
  if (action === 'restore') return 'Only an archived note can be restored.';
  if (action === 'archive' && status === 'archived') return 'This note is archived already.';
  if (action === 'archive') return 'A regional lead archives published notes only.';
  return 'An archived note cannot be changed: restore it as a draft first.';
}

// ——— Reading ———

const noteSelect = sql`
  SELECT n.id, n.status, n.version, n.title, n.summary, n.body, n.themes, n.author_name, n.author_role,
         n.contact_email, n.created_at, n.updated_at, n.published_at, n.archived_at, n.archived_reason, n.demo,
         n.authority_code, a.name AS authority_name, a.region_code, r.name AS region_name,
         (SELECT coalesce(json_agg(json_build_object('metric', m.metric, 'from', m.from_period, 'to', m.to_period)
                                   ORDER BY m.position), '[]'::json)
            FROM practice_note_metrics m WHERE m.note_id = n.id) AS metrics
  FROM practice_notes n
  JOIN authorities a ON a.code = n.authority_code
  JOIN regions r ON r.code = a.region_code`;

interface NoteRow {
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
  authority_name: string;
  region_code: string;
  region_name: string;
  metrics: NoteMetricLink[] | string;
}

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const toDateOrNull = (value: Date | string | null) => (value === null ? null : toDate(value));
/** A JSON value as either driver gives it: parsed already, or as text. */
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** A text[] as either driver gives it: an array, or PostgreSQL's literal `{a,b}` (theme ids need no quoting). */
const textArray = <T extends string>(value: T[] | string): T[] =>
  Array.isArray(value)
    ? value
    : (value
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean) as T[]);

function toRecord(row: NoteRow): NoteRecord {
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

const linkWithLabel = (link: NoteMetricLink) => ({ ...link, label: METRICS[link.metric].label });

/** A note on the wire, with what the caller may do. */
export function presentNote(note: NoteRecord, user: CurrentUser): Note {
  return {
    id: note.id,
    status: note.status,
    version: note.version,
    title: note.title,
    summary: note.summary,
    body: note.body,
    themes: note.themes,
    metrics: note.metrics.map(linkWithLabel),
    authority: { code: note.authorityCode, name: note.authorityName },
    region: { code: note.regionCode, name: note.regionName },
    authorName: note.authorName,
    authorRole: note.authorRole,
    contactEmail: note.contactEmail,
    createdAt: note.createdAt.toISOString(),
    updatedAt: note.updatedAt.toISOString(),
    publishedAt: note.publishedAt?.toISOString() ?? null,
    archivedAt: note.archivedAt?.toISOString() ?? null,
    archivedReason: note.archivedReason,
    demo: note.demo,
    can: permissions(user, note),
  };
}

// ——— Writing ———

/** The content of a note as a revision keeps it. */
function contentOf(content: NoteContent): Record<string, unknown> {
  return {
    title: content.title,
    summary: content.summary,
    body: content.body,
    themes: content.themes,
    metrics: content.metrics,
    authorName: content.authorName,
    authorRole: content.authorRole,
    contactEmail: content.contactEmail,
  };
}

const contentColumns = (content: NoteContent) => ({
  title: content.title,
  summary: content.summary,
  body: content.body,
  bodyText: markdownToText(content.body),
  themes: content.themes,
  authorName: content.authorName,
  authorRole: content.authorRole,
  contactEmail: content.contactEmail,
});

async function writeLinks(tx: Db, id: string, links: readonly NoteMetricLink[]): Promise<void> {
  await tx.delete(practiceNoteMetrics).where(eq(practiceNoteMetrics.noteId, id));
  if (links.length === 0) return;
  await tx.insert(practiceNoteMetrics).values(
    links.map((link, position) => ({
      noteId: id,
      metric: link.metric,
      fromPeriod: link.from,
      toPeriod: link.to,
      position,
    })),
  );
}

export interface NewNote {
  readonly authorityCode: string;
  readonly content: NoteContent;
  readonly userId: string | null;
  readonly at: Date;
  /** A fixed id (the demo's); a random one otherwise. */
  readonly id?: string;
  readonly demo?: boolean;
  /** Published at once, at this time (the demo's published notes). */
  readonly publishedAt?: Date;
}

/** Creates a note (a draft, unless `publishedAt` is given) with its first revision; returns its id. */
export async function createNote(db: Db, note: NewNote): Promise<string> {
  const id = note.id ?? randomUUID();
  const status: NoteStatus = note.publishedAt ? 'published' : 'draft';
  await db.transaction(async (tx) => {
    await tx.insert(practiceNotes).values({
      id,
      authorityCode: note.authorityCode,
      status,
      version: 1,
      ...contentColumns(note.content),
      demo: note.demo ?? false,
      createdAt: note.at,
      createdBy: note.userId,
      updatedAt: note.publishedAt ?? note.at,
      updatedBy: note.userId,
      publishedAt: note.publishedAt ?? null,
    });
    await writeLinks(tx as unknown as Db, id, note.content.metrics);
    await tx.insert(practiceNoteRevisions).values({
      noteId: id,
      revision: 1,
      status,
      content: contentOf(note.content),
      createdAt: note.at,
      createdBy: note.userId,
    });
    await audit(tx, {
      userId: note.userId,
      action: 'create-note',
      entity: 'practice_note',
      entityId: id,
      at: note.at,
    });
  });
  return id;
}

function conflict(expected: number, current: number): HttpProblem {
  return new HttpProblem(409, {
    type: PROBLEM_TYPES.conflict,
    title: 'Someone else changed this note',
    detail: `You are changing version ${expected}, but version ${current} has been saved since (by someone else, or in another window). Reload the note to see the changes; nothing of yours was saved.`,
  });
}

export interface NoteChange {
  readonly note: NoteRecord;
  readonly expectedVersion: number;
  readonly userId: string;
  readonly at: Date;
  /** New content (a save); the current content is kept otherwise. */
  readonly content?: NoteContent;
  /** The status after the change. */
  readonly status: NoteStatus;
  /** Why it was archived. */
  readonly reason?: string;
  readonly action: 'save-note' | 'publish-note' | 'archive-note' | 'restore-note';
}

/** The content of a stored note, as a save would send it. */
function currentContent(note: NoteRecord): NoteContent {
  return {
    title: note.title,
    summary: note.summary,
    body: note.body,
    themes: note.themes,
    metrics: note.metrics,
    authorName: note.authorName,
    authorRole: note.authorRole,
    contactEmail: note.contactEmail,
  };
}

/**
 * Changes a note as one transaction: its row only if its version is still `expectedVersion` (else 409,
 * nothing written), a new revision with the content as it now is, and an audit entry.
 */
export async function changeNote(db: Db, change: NoteChange): Promise<void> {
  const { note, at, userId, status } = change;
  const content = change.content ?? currentContent(note);
  const version = change.expectedVersion + 1;
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(practiceNotes)
      .set({
        status,
        version,
        ...(change.content ? contentColumns(change.content) : {}),
        updatedAt: at,
        updatedBy: userId,
        ...(status === 'published' && note.status !== 'published' ? { publishedAt: note.publishedAt ?? at } : {}),
        ...(status === 'archived'
          ? { archivedAt: at, archivedBy: userId, archivedReason: change.reason ?? null }
          : { archivedAt: null, archivedBy: null, archivedReason: null }),
      })
      .where(and(eq(practiceNotes.id, note.id), eq(practiceNotes.version, change.expectedVersion)))
      .returning({ id: practiceNotes.id });
    if (updated.length === 0) {
      const [current] = await tx
        .select({ version: practiceNotes.version })
        .from(practiceNotes)
        .where(eq(practiceNotes.id, note.id));
      throw conflict(change.expectedVersion, current?.version ?? note.version);
    }
    if (change.content) await writeLinks(tx as unknown as Db, note.id, change.content.metrics);
    await tx.insert(practiceNoteRevisions).values({
      noteId: note.id,
      revision: version,
      status,
      content: contentOf(content),
      reason: change.reason ?? null,
      createdAt: at,
      createdBy: userId,
    });
    await audit(tx, {
      userId,
      action: change.action,
      entity: 'practice_note',
      entityId: note.id,
      detail: { version, status },
      at,
    });
  });
}

// ——— Revisions ———

/** The revisions of a note, oldest first, without their content. */
export async function listNoteRevisions(db: Db, id: string) {
  const rows = await db
    .select({
      revision: practiceNoteRevisions.revision,
      status: practiceNoteRevisions.status,
      reason: practiceNoteRevisions.reason,
      createdAt: practiceNoteRevisions.createdAt,
      createdBy: practiceNoteRevisions.createdBy,
      createdByName: users.name,
    })
    .from(practiceNoteRevisions)
    .leftJoin(users, eq(users.id, practiceNoteRevisions.createdBy))
    .where(eq(practiceNoteRevisions.noteId, id))
    .orderBy(asc(practiceNoteRevisions.revision));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** One revision of a note with its content, or null. */
export async function getNoteRevision(db: Db, id: string, revision: number) {
  const [row] = await db
    .select({
      revision: practiceNoteRevisions.revision,
      status: practiceNoteRevisions.status,
      reason: practiceNoteRevisions.reason,
      content: practiceNoteRevisions.content,
      createdAt: practiceNoteRevisions.createdAt,
      createdBy: practiceNoteRevisions.createdBy,
      createdByName: users.name,
    })
    .from(practiceNoteRevisions)
    .leftJoin(users, eq(users.id, practiceNoteRevisions.createdBy))
    .where(and(eq(practiceNoteRevisions.noteId, id), eq(practiceNoteRevisions.revision, revision)));
  if (!row) return null;
  return { ...row, content: parsed(row.content) as unknown as NoteContent, createdAt: row.createdAt.toISOString() };
}

// ——— Search ———

/** What a list or search asks for. */
export interface NoteQuery {
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
  readonly page: number;
  readonly pageSize: number;
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
  const offset = (query.page - 1) * query.pageSize;
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

// ——— Evidence ———

/**
 * The evidence of a note: for each linked metric, its authority's series over the linked quarters
 * (named and live: the authority published it), with its region's and England's pooled lines as
 * released (the comparisons' releases: a group line withheld below the minimum group size, rounded as
 * authority users see it). An open-ended link runs to the quarter comparisons start at for the
 * authority, its last 20 quarters at most.
 */
export async function noteEvidence(
  database: Database,
  note: NoteRecord,
  settings: ViewSettings,
): Promise<NoteEvidence> {
  const minGroupSize = settings.MIN_GROUP_SIZE;
  const viewer = { kind: 'authority', authorityCode: note.authorityCode } as const;
  const latest = startPeriod(await comparablePeriods(database, viewer), minGroupSize);
  let demo = false;
  const metrics: NoteEvidence['metrics'] = [];
  for (const link of note.metrics) {
    const to = (link.to ?? latest) as PeriodId | null;
    const periods =
      to && comparePeriods(link.from, to) <= 0 ? periodRange(link.from, to).slice(-NOTE_LIMITS.quarters) : [];
    const evidence = await evidenceTrend(database, settings, note.authorityCode, link.metric as MetricId, periods);
    demo ||= evidence.demo;
    metrics.push({
      metric: metricInfo(link.metric),
      from: link.from,
      to: to ?? link.from,
      openEnded: link.to === null,
      trend: evidence.trend,
    });
  }
  return {
    authority: { code: note.authorityCode, name: note.authorityName },
    region: { code: note.regionCode, name: note.regionName },
    minGroupSize,
    demo,
    metrics,
  };
}
