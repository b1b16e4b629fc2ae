/** Forgotten passwords: ask for a link, look it up, choose a new password with it (no session needed). */
import type { PasswordReset, PasswordResetComplete, PasswordResetRequested } from '@csc-workforce/schemas';
import { queryOptions, useMutation } from '@tanstack/react-query';
import { apiRequest } from './client';
import { useSignInRequest } from './mutations';

/** Asks for a link for an address: the same answer whether or not an account uses it. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) =>
      apiRequest<PasswordResetRequested>('/api/password-resets', { method: 'POST', json: { email } }),
  });
}

/** Whose password a link resets, by the token of the link. */
export const passwordResetQuery = (token: string) =>
  queryOptions({
    queryKey: ['password-reset', token] as const,
    queryFn: ({ signal }) =>
      apiRequest<PasswordReset>('/api/password-resets/lookup', { method: 'POST', json: { token }, signal }),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

/** Sets a new password with a link: the user is signed in, as by signing in. */
export const useResetPassword = () => useSignInRequest<PasswordResetComplete>('/api/password-resets/complete');
