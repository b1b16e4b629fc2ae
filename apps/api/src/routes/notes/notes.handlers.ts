import type { NoteStatus } from '@csc-workforce/schemas';
import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { forbidden, notFound } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler, CurrentUser } from '../../lib/types.js';
import { authorityKey } from '../../services/authority-codes.js';
import {
  assertAllowed,
  changeNote,
  createNote,
  findNote,
  getNoteRevision,
  listNoteRevisions,
  type NoteChange,
  noteEvidence,
  presentNote,
  readableNote,
  searchNotes,
} from '../../services/notes/index.js';
import type * as routes from './notes.routes.js';

/** The note as the caller sees it, with its version as the ETag. */
async function answer(c: Context<AppBindings>, user: CurrentUser, id: string) {
  const note = await readableNote(c.get('deps').database.db, user, id);
  c.header('ETag', `"${note.version}"`);
  return presentNote(note, user);
}

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const user = requireUser(c);
  const query = c.req.valid('query');
  // An authority asked for by any of its codes, current or former.
  const authority = query.authority === undefined ? undefined : await authorityKey(c, query.authority);
  return c.json(await searchNotes(c.get('deps').database.db, user, { ...query, authority }), 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const user = requireUser(c);
  if (!user.authorityCode) throw forbidden('Your account belongs to no authority.');
  const { database, now } = c.get('deps');
  const id = await createNote(database.db, {
    authorityCode: user.authorityCode,
    content: c.req.valid('json'),
    userId: user.id,
    at: now(),
  });
  c.header('Location', `/api/notes/${id}`);
  return c.json(await answer(c, user, id), 201);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const user = requireUser(c);
  return c.json(await answer(c, user, c.req.valid('param').id), 200);
};

/** Checks and makes one change of a note, and answers with the note as it now is. */
async function change(
  c: Context<AppBindings>,
  id: string,
  action: 'edit' | 'publish' | 'archive' | 'restore',
  write: Pick<NoteChange, 'expectedVersion' | 'content' | 'reason'>,
) {
  const user = requireUser(c);
  const { database, now } = c.get('deps');
  const note = await readableNote(database.db, user, id);
  assertAllowed(user, note, action);
  const status: NoteStatus =
    action === 'publish'
      ? 'published'
      : action === 'archive'
        ? 'archived'
        : action === 'restore'
          ? 'draft'
          : note.status;
  await changeNote(database.db, {
    note,
    ...write,
    status,
    userId: user.id,
    at: now(),
    action: action === 'edit' ? 'save-note' : `${action}-note`,
  });
  return answer(c, user, id);
}

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const { version, ...content } = c.req.valid('json');
  return c.json(await change(c, c.req.valid('param').id, 'edit', { expectedVersion: version, content }), 200);
};

export const publish: AppRouteHandler<typeof routes.publish> = async (c) => {
  const { version } = c.req.valid('json');
  return c.json(await change(c, c.req.valid('param').id, 'publish', { expectedVersion: version }), 200);
};

export const archive: AppRouteHandler<typeof routes.archive> = async (c) => {
  const { version, reason } = c.req.valid('json');
  return c.json(await change(c, c.req.valid('param').id, 'archive', { expectedVersion: version, reason }), 200);
};

export const restore: AppRouteHandler<typeof routes.restore> = async (c) => {
  const { version } = c.req.valid('json');
  return c.json(await change(c, c.req.valid('param').id, 'restore', { expectedVersion: version }), 200);
};

export const evidence: AppRouteHandler<typeof routes.evidence> = async (c) => {
  const user = requireUser(c);
  const { database, env } = c.get('deps');
  const note = await readableNote(database.db, user, c.req.valid('param').id);
  c.header('cache-control', 'private, no-store');
  return c.json(await noteEvidence(database, note, env), 200);
};

/** The note, if the user belongs to its authority (whose history it is); else 404. */
async function ownNote(c: Context<AppBindings>, id: string) {
  const user = requireUser(c);
  const { db } = c.get('deps').database;
  const note = await findNote(db, id);
  const own =
    note !== null &&
    (user.role === 'authority_submitter' || user.role === 'authority_viewer') &&
    user.authorityCode === note.authorityCode;
  if (!own) throw notFound(`No practice note ${id} whose history you can see.`);
  return note;
}

export const revisions: AppRouteHandler<typeof routes.revisions> = async (c) => {
  const note = await ownNote(c, c.req.valid('param').id);
  return c.json(await listNoteRevisions(c.get('deps').database.db, note.id), 200);
};

export const revision: AppRouteHandler<typeof routes.revision> = async (c) => {
  const { id, revision: number } = c.req.valid('param');
  const note = await ownNote(c, id);
  const row = await getNoteRevision(c.get('deps').database.db, note.id, number);
  if (!row) throw notFound(`The note has no revision ${number}.`);
  return c.json(row, 200);
};
