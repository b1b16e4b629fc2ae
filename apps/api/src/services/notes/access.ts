/**
 * Who may read a practice note and what they may do with it, decided here for every route:
 * - a published note: everyone signed in, every role and region;
 * - a draft: the users of its authority only (not the regional lead: a draft is work in progress);
 * - an archived note: the users of its authority, and the lead of its region (who moderates).
 * Who may change one: its authority's submitters write, publish, archive (withdraw) and restore it;
 * the lead of its region archives a published note with a reason (moderation); viewers and admins
 * only read. A note out of the caller's sight answers 404, as if it did not exist.
 */
import { METRICS } from '@csc-workforce/metrics-core';
import { type Note, type NoteMetricLink, type NoteStatus, PROBLEM_TYPES } from '@csc-workforce/schemas';
import type { Db } from '../../db/client.js';
import { forbidden, HttpProblem, notFound } from '../../lib/problem.js';
import type { CurrentUser } from '../../lib/types.js';
import { findNote, type NoteRecord } from './records.js';

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
    type: PROBLEM_TYPES.invalidStatus,
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
    authority: { code: note.authorityShown, name: note.authorityName },
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
