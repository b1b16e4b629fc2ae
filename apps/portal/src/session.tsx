/** The signed-in user, for the pages below the signed-in layout. */

import type { SessionUser } from '@csc-workforce/schemas';
import { createContext, useContext } from 'react';

export const UserContext = createContext<SessionUser | null>(null);

/** The signed-in user; only for pages under the signed-in layout, which provides it. */
export function useUser(): SessionUser {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser() is for pages under the signed-in layout');
  return user;
}

/** Whether the user edits and submits returns (a retired authority's are kept as they are). */
export function canEditReturns(user: SessionUser): boolean {
  return user.role === 'authority_submitter' && !user.authorityRetired;
}

/** Whether the user belongs to one authority (submitter or viewer). */
export function isAuthorityUser(user: SessionUser): user is SessionUser & { authorityCode: string } {
  return (user.role === 'authority_submitter' || user.role === 'authority_viewer') && user.authorityCode !== null;
}
