/**
 * The administration's queries and mutations: users and invitations, authorities, periods, the outbox
 * and the audit log. Keys start with `admin` (or the resource the rest of the portal shares), so a
 * change invalidates what it touched.
 */
import type {
  AdminAuthority,
  AdminUser,
  AuditPage,
  AuthorityChange,
  CollectionPeriod,
  ComparisonRelease,
  Invitation,
  InvitationAccept,
  InviteUser,
  NewAuthority,
  NewPeriod,
  OutboxMail,
  OutboxPage,
  PeriodUpdate,
  UserChange,
  UserPage,
} from '@csc-workforce/schemas';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import { useSignInRequest } from './mutations';
import { queryKeys, releasesPath } from './queries';

/** The users list's filters, as the page's search parameters (the API checks their values). */
export interface UserFilter {
  readonly role?: string | undefined;
  readonly authority?: string | undefined;
  readonly region?: string | undefined;
  readonly status?: string | undefined;
  readonly q?: string | undefined;
  readonly page?: number | undefined;
}

export interface OutboxFilter {
  readonly kind?: string | undefined;
  readonly status?: string | undefined;
  readonly page?: number | undefined;
}

export interface AuditFilter {
  readonly action?: string | undefined;
  readonly entity?: string | undefined;
  readonly entityId?: string | undefined;
  readonly page?: number | undefined;
}

export const adminKeys = {
  users: ['admin', 'users'] as const,
  userList: (filter: UserFilter) => ['admin', 'users', 'list', filter] as const,
  user: (id: string) => ['admin', 'users', 'detail', id] as const,
  authority: (code: string) => ['admin', 'authorities', code] as const,
  outbox: ['admin', 'outbox'] as const,
  outboxList: (filter: OutboxFilter) => ['admin', 'outbox', 'list', filter] as const,
  mail: (id: number) => ['admin', 'outbox', 'mail', id] as const,
  audit: ['admin', 'audit'] as const,
  auditList: (filter: AuditFilter) => ['admin', 'audit', filter] as const,
};

/** A path with the filter's non-empty values as its query string, in the filter's order. */
export function withQuery(path: string, filter: object): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** How many rows a page of the admin's lists holds. */
export const PAGE_SIZE = 25;

/** England's regions (they do not change). */
export const regionsQuery = () =>
  queryOptions({
    queryKey: ['regions'] as const,
    queryFn: ({ signal }) => apiRequest<{ code: string; name: string }[]>('/api/regions', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const userListQuery = (filter: UserFilter) =>
  queryOptions({
    queryKey: adminKeys.userList(filter),
    queryFn: ({ signal }) =>
      apiRequest<UserPage>(withQuery('/api/users', { ...filter, pageSize: PAGE_SIZE }), { signal }),
  });

export const userQuery = (id: string) =>
  queryOptions({
    queryKey: adminKeys.user(id),
    queryFn: ({ signal }) => apiRequest<AdminUser>(`/api/users/${encodeURIComponent(id)}`, { signal }),
  });

export const adminAuthorityQuery = (code: string) =>
  queryOptions({
    queryKey: adminKeys.authority(code),
    queryFn: ({ signal }) => apiRequest<AdminAuthority>(`/api/authorities/${encodeURIComponent(code)}`, { signal }),
  });

export const outboxQuery = (filter: OutboxFilter) =>
  queryOptions({
    queryKey: adminKeys.outboxList(filter),
    queryFn: ({ signal }) =>
      apiRequest<OutboxPage>(withQuery('/api/outbox', { ...filter, pageSize: PAGE_SIZE }), { signal }),
  });

export const mailQuery = (id: number) =>
  queryOptions({
    queryKey: adminKeys.mail(id),
    queryFn: ({ signal }) => apiRequest<OutboxMail>(`/api/outbox/${id}`, { signal }),
  });

/**
 * Reveals the password-reset link of a mail kept in the outbox, to pass on: a change (the audit log
 * records who read it), so a mutation, never a query that a hover or a refetch could run.
 */
export function useRevealLink(id: number) {
  return useMutation({
    mutationFn: () => apiRequest<{ link: string }>(`/api/outbox/${id}/link`, { method: 'POST' }),
  });
}

export const auditQuery = (filter: AuditFilter) =>
  queryOptions({
    queryKey: adminKeys.auditList(filter),
    queryFn: ({ signal }) =>
      apiRequest<AuditPage>(withQuery('/api/audit', { ...filter, pageSize: PAGE_SIZE }), { signal }),
  });

/** After a change: the lists it may have changed, and the audit log, which every change writes to. */
function useAfterChange() {
  const queryClient = useQueryClient();
  return (...keys: (readonly unknown[])[]) =>
    Promise.all(
      [...keys, adminKeys.audit, adminKeys.outbox].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}

export function useInviteUser() {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (body: InviteUser) => apiRequest<AdminUser>('/api/users', { method: 'POST', json: body }),
    onSuccess: () => after(adminKeys.users),
  });
}

export function useChangeUser(id: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (body: UserChange) =>
      apiRequest<AdminUser>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: body }),
    onSuccess: () => after(adminKeys.users),
  });
}

/** Deactivate, reactivate, or send a new invitation link. */
export function useUserAction(id: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (action: 'deactivate' | 'reactivate' | 'invitation') =>
      apiRequest<AdminUser>(`/api/users/${encodeURIComponent(id)}/${action}`, { method: 'POST' }),
    onSuccess: () => after(adminKeys.users),
  });
}

export function useAddAuthority() {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (body: NewAuthority) => apiRequest<AdminAuthority>('/api/authorities', { method: 'POST', json: body }),
    onSuccess: () => after(queryKeys.authorities),
  });
}

export function useChangeAuthority(code: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (body: AuthorityChange) =>
      apiRequest<AdminAuthority>(`/api/authorities/${encodeURIComponent(code)}`, { method: 'PATCH', json: body }),
    // A name or retirement shows in every list of authorities, users and comparisons.
    onSuccess: () => after(queryKeys.authorities, adminKeys.authority(code), adminKeys.users, queryKeys.comparisons),
  });
}

export function useAddPeriod() {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (body: NewPeriod) => apiRequest<CollectionPeriod>('/api/periods', { method: 'POST', json: body }),
    onSuccess: () => after(queryKeys.periods),
  });
}

export function useChangePeriod(id: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (body: PeriodUpdate) =>
      apiRequest<CollectionPeriod>(`/api/periods/${encodeURIComponent(id)}`, { method: 'PATCH', json: body }),
    // Closing a period (or moving its due date) may release its comparison.
    onSuccess: () => after(queryKeys.periods, queryKeys.comparisons),
  });
}

/**
 * Releases a period's comparison now: its first release, or a re-release of the changes that are safe
 * together. Refused (409) when nothing can be released, with the reason in the problem's detail.
 */
export function useReleaseNow(period: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: () => apiRequest<ComparisonRelease>(releasesPath(period), { method: 'POST' }),
    // Every comparison's groups may come from the new release; its list is under the comparisons too.
    onSuccess: () => after(queryKeys.comparisons),
  });
}

/** Looks an invitation up by the token of its link (no session needed). */
export const invitationQuery = (token: string) =>
  queryOptions({
    queryKey: ['invitation', token] as const,
    queryFn: ({ signal }) =>
      apiRequest<Invitation>('/api/invitations/lookup', { method: 'POST', json: { token }, signal }),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

/** Accepts an invitation with a new password: the invitee is signed in, as by {@link useLogin}. */
export const useAcceptInvitation = () => useSignInRequest<InvitationAccept>('/api/invitations/accept');
