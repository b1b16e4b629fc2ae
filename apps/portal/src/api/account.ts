/** The signed-in user's own account: their password and their personal API tokens. */
import type { ApiToken, CreatedApiToken, PasswordChange, Session } from '@csc-workforce/schemas';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import { sessionQuery } from './queries';

const tokensKey = ['account', 'tokens'] as const;

/** The user's API tokens, revoked ones included. */
export const apiTokensQuery = () =>
  queryOptions({
    queryKey: tokensKey,
    queryFn: ({ signal }) => apiRequest<ApiToken[]>('/api/auth/tokens', { signal }),
  });

/**
 * Changes the password (the current one checked): every session ends and this browser goes on in a
 * new one, whose CSRF token the cache takes at once.
 */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordChange) => apiRequest<Session>('/api/auth/password', { method: 'POST', json: body }),
    onSuccess: (session) => queryClient.setQueryData(sessionQuery().queryKey, session),
  });
}

/** Creates a token; its secret is in the answer, and nowhere else ever again. */
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest<CreatedApiToken>('/api/auth/tokens', { method: 'POST', json: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

/** Revokes a token: scripts using it are refused from the next request. */
export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/api/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
