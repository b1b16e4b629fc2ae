/**
 * The shapes of the API's responses that the portal reads (see apps/api/src/routes/*\/*.routes.ts).
 * Type-only imports from the shared schemas cost nothing in the bundle.
 */
import type {
  NoteStatus,
  CollectionPeriod as PeriodInput,
  ProblemError,
  ReturnFigures,
  ReturnStatus,
  Role,
} from '@csc-workforce/schemas';

/** A period's status: open or closed for collection. */
export type PeriodStatus = PeriodInput['status'];

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly authorityCode: string | null;
  readonly authorityName: string | null;
  /** The authority is retired: its returns are kept as they are and cannot be changed. */
  readonly authorityRetired: boolean;
  readonly regionCode: string | null;
  readonly regionName: string | null;
}

export interface Session {
  readonly user: SessionUser;
  /** Echoed as the x-csrf-token header on every change. */
  readonly csrfToken: string;
}

export interface CollectionPeriod {
  readonly id: string;
  readonly label: string;
  readonly status: PeriodStatus;
  readonly dueDate: string | null;
  readonly quarterEnd: string;
}

export interface Authority {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  readonly retired: boolean;
}

export interface ReturnValidation {
  readonly errors: readonly ProblemError[];
  readonly warnings: readonly ProblemError[];
  readonly canSubmit: boolean;
}

export interface ReturnSummary {
  readonly authorityCode: string;
  readonly authorityName: string;
  readonly period: string;
  readonly periodLabel: string;
  readonly status: ReturnStatus;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
  readonly updatedByName: string | null;
  readonly returnedReason: string | null;
  readonly demo: boolean;
  /** Present when the list was asked for `figures=true`. */
  readonly figures?: ReturnFigures;
}

export interface ReturnRecord extends ReturnSummary {
  readonly figures: ReturnFigures;
  readonly validation: ReturnValidation;
}

export interface RevisionSummary {
  readonly revision: number;
  readonly status: ReturnStatus;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly createdByName: string | null;
}

export interface Revision extends RevisionSummary {
  readonly figures: ReturnFigures;
}

/** One return of an import, as the API reports it. */
export interface ImportedReturn {
  readonly row: number;
  readonly authorityCode: string;
  readonly period: string;
  readonly periodLabel: string;
  readonly outcome: 'created' | 'updated' | 'unchanged';
  readonly version: number;
  readonly status: ReturnStatus;
  readonly errors: number;
  readonly warnings: number;
}

export interface ImportResult {
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly returns: readonly ImportedReturn[];
}

export interface ReturnsFilter {
  readonly period?: string;
  readonly status?: ReturnStatus;
  readonly authority?: string;
  readonly figures?: boolean;
}

/** A release of DfE's published statistics (GET /api/published/releases). */
export interface PublishedRelease {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly firstYear: number;
  readonly lastYear: number;
  readonly rows: number;
  readonly loadedAt: string;
  readonly loadedBy: string | null;
  /** When an admin withdrew it (its figures are no longer used); null while it is in force. */
  readonly withdrawnAt: string | null;
  readonly withdrawnBy: string | null;
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

/** One of the user's personal API tokens (never its secret). */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A token just created: its secret, shown this once. */
export interface CreatedApiToken extends ApiToken {
  readonly token: string;
}
