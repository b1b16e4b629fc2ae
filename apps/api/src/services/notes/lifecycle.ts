/**
 * A practice note's life: created as a draft, saved, published, archived and restored. Every change is
 * one transaction with optimistic concurrency (the version read), a new revision with the content as
 * it then is, and an audit entry; the revisions are the note's history.
 */
import { randomUUID } from 'node:crypto';
import {
  markdownToText,
  type NoteContent,
  type NoteMetricLink,
  type NoteStatus,
  PROBLEM_TYPES,
} from '@csc-workforce/schemas';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { practiceNoteMetrics, practiceNoteRevisions, practiceNotes, users } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { HttpProblem } from '../../lib/problem.js';
import { type NoteRecord, parsed } from './records.js';

/** The content of a note (as a save sends it, or a stored note's) as a revision keeps it. */
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

/**
 * Changes a note as one transaction: its row only if its version is still `expectedVersion` (else 409,
 * nothing written), a new revision with the content as it now is, and an audit entry.
 */
export async function changeNote(db: Db, change: NoteChange): Promise<void> {
  const { note, at, userId, status } = change;
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
      // The content as it now is: the new one of a save, else the stored one.
      content: contentOf(change.content ?? note),
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
