import { useEffect } from 'react';
import { documentTitle } from './text';

interface PageTitleOptions {
  /** The page shows errors: the title starts "Error: ", as GOV.UK asks. */
  readonly error?: boolean;
  /** False when a component inside the page sets the title instead. */
  readonly enabled?: boolean;
}

/** Sets the document title of the page: each page has its own. */
export function usePageTitle(title: string, options: PageTitleOptions = {}): void {
  const error = options.error ?? false;
  const enabled = options.enabled ?? true;
  useEffect(() => {
    if (enabled) document.title = documentTitle(title, { error });
  }, [title, error, enabled]);
}
