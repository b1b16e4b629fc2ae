import { Link } from '@tanstack/react-router';
import { isProblem } from '../api/client';
import { usePageTitle } from '../lib/usePageTitle';

/** Shown while a page's data loads. */
export function Loading() {
  return (
    <p className="govuk-body" role="status">
      Loading…
    </p>
  );
}

/** A page's data could not be loaded. */
export function ErrorPage({ error }: { readonly error: unknown }) {
  const forbidden = isProblem(error, 403);
  const title = forbidden ? 'You cannot see this page' : 'Sorry, there is a problem with the service';
  usePageTitle(title);
  const detail = isProblem(error) ? error.detail : undefined;
  return (
    <>
      <h1 className="govuk-heading-l" tabIndex={-1}>
        {title}
      </h1>
      {detail ? <p className="govuk-body">{detail}</p> : <p className="govuk-body">Try again later.</p>}
      <p className="govuk-body">
        <Link to="/" className="govuk-link">
          Go to the home page
        </Link>
      </p>
    </>
  );
}

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1 className="govuk-heading-l" tabIndex={-1}>
        Page not found
      </h1>
      <p className="govuk-body">If you typed the web address, check it is correct.</p>
      <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
      <p className="govuk-body">
        <Link to="/" className="govuk-link">
          Go to the home page
        </Link>
      </p>
    </>
  );
}
