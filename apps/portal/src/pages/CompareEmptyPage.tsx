import { usePageTitle } from '../lib/usePageTitle';

/** Comparisons before any return has been submitted. */
export function CompareEmptyPage() {
  usePageTitle('How we compare');
  return (
    <>
      <h1 className="govuk-heading-l">How we compare</h1>
      <p className="govuk-body">
        No quarter has submitted returns yet. Comparisons appear here once authorities submit their returns.
      </p>
    </>
  );
}
