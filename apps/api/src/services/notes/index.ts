/**
 * Practice notes (DESIGN section 7), by concept:
 * - records.ts: a note as stored, read in one statement;
 * - access.ts: who may read a note and do what with it, and the note as the caller sees it;
 * - lifecycle.ts: creating and changing a note (every change a transaction, a revision and an audit
 *   entry, with optimistic concurrency), and its revisions;
 * - search.ts: full-text search, filters and highlights over the notes the user may see;
 * - evidence.ts: the series of the metrics a note links.
 */
export { assertAllowed, canRead, permissions, presentNote, readableNote } from './access.js';
export { noteEvidence } from './evidence.js';
export {
  changeNote,
  createNote,
  getNoteRevision,
  listNoteRevisions,
  type NewNote,
  type NoteChange,
} from './lifecycle.js';
export { findNote, type NoteRecord } from './records.js';
export { type NoteQuery, searchNotes, toHighlight } from './search.js';
