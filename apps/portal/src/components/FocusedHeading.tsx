/**
 * A page's heading that takes focus when it appears: for an answer that replaces a form without a
 * change of address (the router's navigation focus does not run), so that screen readers announce it
 * and keyboard users start from it rather than from a button that is gone.
 */
import { type ReactNode, useEffect, useRef } from 'react';

export function FocusedHeading({ children }: { readonly children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 className="govuk-heading-l" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
