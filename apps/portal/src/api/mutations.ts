/**
 * Mutations: sign in and out, save, submit and import, each updating or invalidating the cache of
 * what it changed.
 */
import type {
  HistoryImportSummary,
  ImportSummary,
  Login,
  Note,
  NoteContentInput,
  ReminderResult,
  ReturnFigures,
  ReturnRecord,
  Round,
  RoundUpdate,
  Session,
  Target,
  TargetInput,
} from '@csc-workforce/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, type UploadProgress, uploadFile } from './client';
import {
  notePath,
  noteQuery,
  queryKeys,
  returnPath,
  returnQuery,
  roundPath,
  sessionQuery,
  targetsPath,
} from './queries';

/**
 * A request that signs someone in (a sign-in, an accepted invitation, a new password from a link):
 * nothing cached for someone else survives the change of user, and the new session is the cache's.
 */
export function useSignInRequest<B>(path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => apiRequest<Session>(path, { method: 'POST', json: body }),
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
      queryClient.setQueryData(sessionQuery().queryKey, session);
    },
  });
}

export const useLogin = () => useSignInRequest<Login>('/api/auth/login');

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
      queryClient.setQueryData(sessionQuery().queryKey, null);
    },
    // The server may still hold the session: ask it, rather than showing a sign-out that did not happen.
    onError: () => queryClient.invalidateQueries({ queryKey: queryKeys.session }),
  });
}

export interface SaveReturn {
  readonly authority: string;
  readonly period: string;
  /** The version the edit is based on: 0 for a new return. */
  readonly version: number;
  readonly figures: ReturnFigures;
}

export interface SubmitReturn {
  readonly authority: string;
  readonly period: string;
  readonly version: number;
  /** The submitter's declaration that the figures are correct (RETURN_DECLARATION): the API refuses false. */
  readonly declaration: boolean;
}

function useStoreReturn() {
  const queryClient = useQueryClient();
  return (saved: ReturnRecord) => {
    queryClient.setQueryData(returnQuery(saved.authorityCode, saved.period).queryKey, saved);
    void queryClient.invalidateQueries({ queryKey: queryKeys.revisions(saved.authorityCode, saved.period) });
    void queryClient.invalidateQueries({ queryKey: ['returns', 'list'] });
    // A save or submission changes what counts in comparisons, and the lead's tracker.
    void queryClient.invalidateQueries({ queryKey: queryKeys.comparisons });
    void queryClient.invalidateQueries({ queryKey: queryKeys.rounds });
  };
}

/** Saves a draft: a new revision, refused with 409 when someone saved since `version`. */
export function useSaveReturn() {
  const store = useStoreReturn();
  return useMutation({
    mutationFn: ({ authority, period, version, figures }: SaveReturn) =>
      apiRequest<ReturnRecord>(returnPath(authority, period), { method: 'PUT', json: { version, figures } }),
    onSuccess: store,
  });
}

export function useSubmitReturn() {
  const store = useStoreReturn();
  return useMutation({
    mutationFn: ({ authority, period, version, declaration }: SubmitReturn) =>
      apiRequest<ReturnRecord>(`${returnPath(authority, period)}/submit`, {
        method: 'POST',
        json: { version, declaration },
      }),
    onSuccess: store,
  });
}

export interface ImportFile {
  readonly file: File;
  readonly onProgress?: UploadProgress;
}

export function useImportReturns() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: ImportFile) =>
      uploadFile<ImportSummary>('/api/returns/import', file, onProgress),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.returns }),
        queryClient.invalidateQueries({ queryKey: queryKeys.comparisons }),
      ]),
  });
}

export interface HistoryFile {
  readonly file: File;
  /** Replace the returns the authorities saved themselves. */
  readonly replace: boolean;
  /** Check only: what the import would do, nothing saved. */
  readonly dryRun: boolean;
}

/** A region's history imported (or, with dryRun, checked) by a regional lead or an admin. */
export function useImportHistory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, replace, dryRun }: HistoryFile) =>
      uploadFile<HistoryImportSummary>(
        `/api/returns/history-import?replace=${String(replace)}&dryRun=${String(dryRun)}`,
        file,
      ),
    onSuccess: (summary) =>
      summary.dryRun
        ? undefined
        : Promise.all([
            queryClient.invalidateQueries({ queryKey: queryKeys.returns }),
            queryClient.invalidateQueries({ queryKey: queryKeys.comparisons }),
            queryClient.invalidateQueries({ queryKey: queryKeys.periods }),
          ]),
  });
}

/** Stores a note the API answered, and marks every list and its evidence stale. */
function useStoreNote() {
  const queryClient = useQueryClient();
  return (note: Note) => {
    queryClient.setQueryData(noteQuery(note.id).queryKey, note);
    void queryClient.invalidateQueries({ queryKey: ['notes', 'list'] });
    void queryClient.invalidateQueries({ queryKey: queryKeys.noteEvidence(note.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.noteRevisions(note.id) });
  };
}

/** Writes a new note of the user's authority, as a draft. */
export function useCreateNote() {
  const store = useStoreNote();
  return useMutation({
    mutationFn: (content: NoteContentInput) => apiRequest<Note>('/api/notes', { method: 'POST', json: content }),
    onSuccess: store,
  });
}

export interface SaveNote {
  readonly id: string;
  readonly version: number;
  readonly content: NoteContentInput;
}

/** Saves a change of a note: refused with 409 when someone changed it since `version`. */
export function useSaveNote() {
  const store = useStoreNote();
  return useMutation({
    mutationFn: ({ id, version, content }: SaveNote) =>
      apiRequest<Note>(notePath(id), { method: 'PUT', json: { ...content, version } }),
    onSuccess: store,
  });
}

export interface NoteAction {
  readonly id: string;
  readonly version: number;
  readonly action: 'publish' | 'archive' | 'restore';
  /** Why it is archived. */
  readonly reason?: string;
}

/** Publishes, archives (with a reason) or restores a note. */
export function useNoteAction() {
  const store = useStoreNote();
  return useMutation({
    mutationFn: ({ id, version, action, reason }: NoteAction) =>
      apiRequest<Note>(`${notePath(id)}/${action}`, {
        method: 'POST',
        json: action === 'archive' ? { version, reason } : { version },
      }),
    onSuccess: store,
  });
}

export interface Decision {
  readonly authority: string;
  readonly period: string;
  /** The version the lead reviewed. */
  readonly version: number;
  /** Accept it, or send it back with this reason. */
  readonly sendBack?: string;
}

/** A regional lead accepts a submitted return, or sends it back with a reason. */
export function useDecideReturn() {
  const store = useStoreReturn();
  return useMutation({
    mutationFn: ({ authority, period, version, sendBack }: Decision) =>
      apiRequest<ReturnRecord>(`${returnPath(authority, period)}/${sendBack === undefined ? 'accept' : 'send-back'}`, {
        method: 'POST',
        json: sendBack === undefined ? { version } : { version, reason: sendBack },
      }),
    onSuccess: store,
  });
}

/** A regional lead opens or closes their region's round, or sets its due date. */
export function useUpdateRound(region: string, period: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: RoundUpdate) =>
      apiRequest<Round>(roundPath(region, period), { method: 'PATCH', json: update }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.rounds }),
        queryClient.invalidateQueries({ queryKey: queryKeys.periods }),
        // Closing the last open round releases the period's comparison.
        queryClient.invalidateQueries({ queryKey: queryKeys.comparisons }),
      ]),
  });
}

/** A regional lead reminds the authorities that have not submitted. */
export function useSendReminder(region: string, period: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: string) =>
      apiRequest<ReminderResult>(`${roundPath(region, period)}/reminders`, {
        method: 'POST',
        json: message ? { message } : {},
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tracker(region, period) }),
  });
}

/** After a target changes: the authority's targets, and every comparison (which carries its progress). */
function useTargetChanged() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.targets }),
      queryClient.invalidateQueries({ queryKey: queryKeys.comparisons }),
    ]);
}

/** A submitter sets their authority's target for a metric, replacing any it had. */
export function useSetTarget(authority: string, metric: string) {
  const changed = useTargetChanged();
  return useMutation({
    mutationFn: (input: TargetInput) =>
      apiRequest<Target>(targetsPath(authority, metric), { method: 'PUT', json: input }),
    onSuccess: changed,
  });
}

/** A submitter removes their authority's target for a metric. */
export function useRemoveTarget(authority: string, metric: string) {
  const changed = useTargetChanged();
  return useMutation({
    mutationFn: () => apiRequest<void>(targetsPath(authority, metric), { method: 'DELETE' }),
    onSuccess: changed,
  });
}
