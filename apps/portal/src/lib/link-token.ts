/**
 * The secret of a one-time link (an invitation, a password reset) travels in the URL's fragment, so it
 * never reaches a server's logs or another site's Referer header. A page reads it, then takes it out
 * of the address bar and the history at once.
 */
import { useRouter, useRouterState } from '@tanstack/react-router';
import { useEffect, useState } from 'react';

/** The token of a link's fragment (without '#'); a malformed escape is left as it is, for the API to refuse. */
export function readToken(fragment: string): string {
  const raw = fragment.replace(/^#/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The token of the page's link, read once and then taken out of the address (replaced by `path`);
 * a link opened over this page is read too. Empty when the link had none.
 */
export function useLinkToken(path: string): string {
  const router = useRouter();
  const hash = useRouterState({ select: (state) => state.location.hash });
  const [token, setToken] = useState(() => readToken(window.location.hash));
  useEffect(() => {
    if (!hash) return;
    setToken(readToken(hash));
    router.history.replace(path);
  }, [hash, path, router]);
  return token;
}
