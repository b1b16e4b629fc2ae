/**
 * TanStack Query options, one factory per resource, with array keys that nest so that one
 * invalidation reaches everything below it (`['returns']` covers lists, returns and revisions).
 */

import type {
  Authority,
  CollectionPeriod,
  ComparablePeriods,
  Comparison,
  ComparisonReleases,
  CurrentSession,
  MetricComparison,
  NeighbourModelEntry,
  Neighbours,
  Note,
  NoteEvidence,
  NotePage,
  NoteRevisionSummary,
  NoteStatus,
  PublishedRelease,
  ReturnList,
  ReturnRecord,
  ReturnStatus,
  Revision,
  RevisionSummary,
  RoundList,
  Session,
  Target,
  Tracker,
} from '@csc-workforce/schemas';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest, isProblem } from './client';

/** A list of returns to ask for (GET /api/returns): every field optional. */
export interface ReturnsFilter {
  readonly period?: string;
  readonly status?: ReturnStatus;
  readonly authority?: string;
  /** Each return with its figures. */
  readonly figures?: boolean;
}

/** A search of practice notes (GET /api/notes): every field optional. */
export interface NotesFilter {
  readonly q?: string;
  readonly status?: NoteStatus;
  readonly theme?: string;
  readonly region?: string;
  readonly authority?: string;
  readonly metric?: string;
  readonly from?: string;
  readonly to?: string;
  readonly page?: number;
  readonly pageSize?: number;
}

export const queryKeys = {
  session: ['session'] as const,
  periods: ['periods'] as const,
  authorities: ['authorities'] as const,
  returns: ['returns'] as const,
  returnsList: (filter: ReturnsFilter) => ['returns', 'list', filter] as const,
  returnDetail: (authority: string, period: string) => ['returns', 'detail', authority, period] as const,
  revisions: (authority: string, period: string) => ['returns', 'detail', authority, period, 'revisions'] as const,
  revision: (authority: string, period: string, revision: number) =>
    ['returns', 'detail', authority, period, 'revisions', revision] as const,
  comparisons: ['comparisons'] as const,
  publishedReleases: ['published', 'releases'] as const,
  comparisonPeriods: ['comparisons', 'periods'] as const,
  comparison: (period: string) => ['comparisons', 'period', period] as const,
  metricComparison: (period: string, metric: string) => ['comparisons', 'period', period, metric] as const,
  comparisonReleases: (period: string) => ['comparisons', 'releases', period] as const,
  rounds: ['rounds'] as const,
  roundList: (region: string) => ['rounds', region] as const,
  tracker: (region: string, period: string) => ['rounds', region, period] as const,
  notes: ['notes'] as const,
  notesList: (filter: NotesFilter) => ['notes', 'list', filter] as const,
  note: (id: string) => ['notes', 'detail', id] as const,
  noteEvidence: (id: string) => ['notes', 'detail', id, 'evidence'] as const,
  noteRevisions: (id: string) => ['notes', 'detail', id, 'revisions'] as const,
  targets: ['targets'] as const,
  neighbours: (authority: string) => ['neighbours', authority] as const,
  /** Every neighbours' answer (an authority's, the models): what a change of the model in force changes. */
  neighboursAll: ['neighbours'] as const,
  neighbourModels: ['neighbours', 'models'] as const,
  authorityTargets: (authority: string) => ['targets', authority] as const,
};

/** The path of a region's round of a period. */
export function roundPath(region: string, period: string): string {
  return `/api/regions/${encodeURIComponent(region)}/rounds/${encodeURIComponent(period)}`;
}

/** The path of one return. */
export function returnPath(authority: string, period: string): string {
  return `/api/returns/${encodeURIComponent(authority)}/${encodeURIComponent(period)}`;
}

/** The query string of a returns list, in a stable order. */
export function returnsListPath(filter: ReturnsFilter): string {
  const params = new URLSearchParams();
  if (filter.period) params.set('period', filter.period);
  if (filter.status) params.set('status', filter.status);
  if (filter.authority) params.set('authority', filter.authority);
  if (filter.figures) params.set('figures', 'true');
  const query = params.toString();
  return query ? `/api/returns?${query}` : '/api/returns';
}

/** Resolves 404 to null: "nothing there yet" is an answer, not an error. */
async function orNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (isProblem(error, 404)) return null;
    throw error;
  }
}

/**
 * The signed-in user and CSRF token, or null when signed out: the API answers a browser that is not
 * signed in with no user (not a 401, which the browser's console would log on every sign-in page).
 */
export const sessionQuery = () =>
  queryOptions({
    queryKey: queryKeys.session,
    queryFn: async ({ signal }): Promise<Session | null> => {
      const current = await apiRequest<CurrentSession>('/api/auth/session', { signal });
      return current.user === null ? null : current;
    },
    staleTime: 5 * 60_000,
  });

export const periodsQuery = () =>
  queryOptions({
    queryKey: queryKeys.periods,
    queryFn: ({ signal }) => apiRequest<CollectionPeriod[]>('/api/periods', { signal }),
    staleTime: 5 * 60_000,
  });

export const authoritiesQuery = () =>
  queryOptions({
    queryKey: queryKeys.authorities,
    queryFn: ({ signal }) => apiRequest<Authority[]>('/api/authorities', { signal }),
    staleTime: 30 * 60_000,
  });

export const returnsListQuery = (filter: ReturnsFilter) =>
  queryOptions({
    queryKey: queryKeys.returnsList(filter),
    queryFn: ({ signal }) => apiRequest<ReturnList>(returnsListPath(filter), { signal }),
  });

/**
 * One return, or null when the authority has no return for the period yet. Whether it has one is
 * asked of the list first (which answers an empty list, where the return itself would be a 404 that
 * the browser's console logs on every return not started); only a return that exists is read.
 */
export const returnQuery = (authority: string, period: string) =>
  queryOptions({
    queryKey: queryKeys.returnDetail(authority, period),
    queryFn: async ({ signal }) => {
      const listed = await apiRequest<ReturnList>(returnsListPath({ authority, period }), { signal });
      if (listed.length === 0) return null;
      // Gone since it was listed (never, but a 404 is still "none").
      return orNull(apiRequest<ReturnRecord>(returnPath(authority, period), { signal }));
    },
  });

export const revisionsQuery = (authority: string, period: string) =>
  queryOptions({
    queryKey: queryKeys.revisions(authority, period),
    queryFn: ({ signal }) =>
      orNull(apiRequest<RevisionSummary[]>(`${returnPath(authority, period)}/revisions`, { signal })),
  });

export const revisionQuery = (authority: string, period: string, revision: number) =>
  queryOptions({
    queryKey: queryKeys.revision(authority, period, revision),
    queryFn: ({ signal }) =>
      orNull(apiRequest<Revision>(`${returnPath(authority, period)}/revisions/${revision}`, { signal })),
    // A revision never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });

/** The periods with submitted returns to compare, newest first, and the one to start at. */
export const comparisonPeriodsQuery = () =>
  queryOptions({
    queryKey: queryKeys.comparisonPeriods,
    queryFn: ({ signal }) => apiRequest<ComparablePeriods>('/api/comparisons', { signal }),
    staleTime: 60_000,
  });

/** Every metric of a period compared (the server shapes it for the signed-in user's role). */
export const comparisonQuery = (period: string) =>
  queryOptions({
    queryKey: queryKeys.comparison(period),
    queryFn: ({ signal }) => apiRequest<Comparison>(`/api/comparisons/${encodeURIComponent(period)}`, { signal }),
    staleTime: 60_000,
  });

/** One metric of a period compared, with its trend. */
export const metricComparisonQuery = (period: string, metric: string) =>
  queryOptions({
    queryKey: queryKeys.metricComparison(period, metric),
    queryFn: ({ signal }) =>
      apiRequest<MetricComparison>(
        `/api/comparisons/${encodeURIComponent(period)}/metrics/${encodeURIComponent(metric)}`,
        { signal },
      ),
    staleTime: 60_000,
  });

/** The path of a period's comparison releases. */
export function releasesPath(period: string): string {
  return `/api/periods/${encodeURIComponent(period)}/releases`;
}

/**
 * A period's comparison releases, newest first, and the changes waiting for the next (regional leads,
 * their own region's counts; admins, every region's).
 */
export const comparisonReleasesQuery = (period: string) =>
  queryOptions({
    queryKey: queryKeys.comparisonReleases(period),
    queryFn: ({ signal }) => apiRequest<ComparisonReleases>(releasesPath(period), { signal }),
  });

/** The releases of DfE's published statistics loaded, those in force first (newest year first), then those withdrawn. */
export const publishedReleasesQuery = () =>
  queryOptions({
    queryKey: queryKeys.publishedReleases,
    queryFn: ({ signal }) => apiRequest<PublishedRelease[]>('/api/published/releases', { signal }),
  });

/** The query string of a notes search, in a stable order, without the defaults. */
export function notesListPath(filter: NotesFilter): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'status', 'theme', 'region', 'authority', 'metric', 'from', 'to'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (filter.page && filter.page > 1) params.set('page', String(filter.page));
  if (filter.pageSize) params.set('pageSize', String(filter.pageSize));
  const query = params.toString();
  return query ? `/api/notes?${query}` : '/api/notes';
}

/** The path of one note. */
export function notePath(id: string): string {
  return `/api/notes/${encodeURIComponent(id)}`;
}

/** A page of practice notes: a search, or the newest. */
export const notesListQuery = (filter: NotesFilter) =>
  queryOptions({
    queryKey: queryKeys.notesList(filter),
    queryFn: ({ signal }) => apiRequest<NotePage>(notesListPath(filter), { signal }),
  });

/** One practice note, with what the signed-in user may do with it. */
export const noteQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.note(id),
    queryFn: ({ signal }) => apiRequest<Note>(notePath(id), { signal }),
  });

/** A note's evidence, worked out from the returns now. */
export const noteEvidenceQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.noteEvidence(id),
    queryFn: ({ signal }) => apiRequest<NoteEvidence>(`${notePath(id)}/evidence`, { signal }),
    staleTime: 60_000,
  });

/** A note's revisions (its authority's users). */
export const noteRevisionsQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.noteRevisions(id),
    queryFn: ({ signal }) => apiRequest<NoteRevisionSummary[]>(`${notePath(id)}/revisions`, { signal }),
  });

/** A region's collection rounds, newest period first (regional leads). */
export const roundListQuery = (region: string) =>
  queryOptions({
    queryKey: queryKeys.roundList(region),
    queryFn: ({ signal }) => apiRequest<RoundList>(`/api/regions/${encodeURIComponent(region)}/rounds`, { signal }),
  });

/** The submission tracker of a region's round (regional leads). */
export const trackerQuery = (region: string, period: string) =>
  queryOptions({
    queryKey: queryKeys.tracker(region, period),
    queryFn: ({ signal }) => apiRequest<Tracker>(roundPath(region, period), { signal }),
  });

/** The path of an authority's targets, or of its target for one metric. */
export function targetsPath(authority: string, metric?: string): string {
  const base = `/api/targets/${encodeURIComponent(authority)}`;
  return metric === undefined ? base : `${base}/${encodeURIComponent(metric)}`;
}

/** An authority's targets, by metric, with who set each and when (its users and its region's lead). */
export const targetsQuery = (authority: string) =>
  queryOptions({
    queryKey: queryKeys.authorityTargets(authority),
    queryFn: ({ signal }) => apiRequest<Target[]>(targetsPath(authority), { signal }),
  });

/** The statistical-neighbour models loaded, newest first, the one in force marked (admins). */
export const neighbourModelsQuery = () =>
  queryOptions({
    queryKey: queryKeys.neighbourModels,
    queryFn: ({ signal }) => apiRequest<NeighbourModelEntry[]>('/api/neighbours/models', { signal }),
  });

/**
 * An authority's statistical neighbours, named, with DfE's published figures for each and their
 * median; null when the authority is not in the model in force (its users and its region's lead).
 */
export const neighboursQuery = (authority: string) =>
  queryOptions({
    queryKey: queryKeys.neighbours(authority),
    queryFn: ({ signal }) =>
      orNull(apiRequest<Neighbours>(`/api/neighbours/${encodeURIComponent(authority)}`, { signal })),
    staleTime: 30 * 60_000,
  });
