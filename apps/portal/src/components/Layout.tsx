import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { sessionQuery } from '../api/queries';
import { SERVICE_NAME } from '../lib/text';
import { UserContext } from '../session';
import { ErrorPage, Loading } from './PageStates';
import { ServiceNavigation } from './ServiceNavigation';

function Header() {
  return (
    <div className="govuk-generic-header">
      <div className="govuk-generic-header__container govuk-width-container">
        <div className="govuk-generic-header__logo">
          <Link to="/" className="govuk-generic-header__homepage-link">
            {SERVICE_NAME}
          </Link>
        </div>
      </div>
    </div>
  );
}

function PhaseBanner() {
  return (
    <div className="govuk-phase-banner govuk-width-container">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
        <span className="govuk-phase-banner__text">
          This is a new service in a demonstration. Figures marked as demo data are made up.
        </span>
      </p>
    </div>
  );
}

function Footer() {
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <p className="govuk-body-s">
              Run for the ADCS regional groups by their local authorities. Figures are the authorities' own quarterly
              returns; metrics follow the Department for Education's definitions.
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

/** After each navigation, focus the new page's heading so screen readers announce it and keyboard users start there. */
function useFocusOnNavigation(): void {
  const router = useRouter();
  useEffect(
    () =>
      router.subscribe('onRendered', (event) => {
        if (!event.fromLocation || !event.pathChanged) return;
        const heading =
          document.querySelector<HTMLElement>('#main-content h1') ?? document.getElementById('main-content');
        if (!heading) return;
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }),
    [router],
  );
}

/**
 * The skip link (in index.html) moves focus to the main content, as GOV.UK Frontend's SkipLink does,
 * without changing the URL's hash (which the router would take for a navigation).
 */
function useSkipLink(): void {
  useEffect(() => {
    const link = document.querySelector<HTMLAnchorElement>('a.govuk-skip-link[href="#main-content"]');
    if (!link) return;
    const onClick = (event: MouseEvent) => {
      const main = document.getElementById('main-content');
      if (!main) return;
      event.preventDefault();
      main.setAttribute('tabindex', '-1');
      main.classList.add('govuk-skip-link-focused-element');
      main.addEventListener(
        'blur',
        () => {
          main.removeAttribute('tabindex');
          main.classList.remove('govuk-skip-link-focused-element');
        },
        { once: true },
      );
      main.focus();
    };
    link.addEventListener('click', onClick);
    return () => link.removeEventListener('click', onClick);
  }, []);
}

/** Every page: skip link (in index.html), header, service navigation, phase banner, main and footer. */
export function RootLayout() {
  useFocusOnNavigation();
  useSkipLink();
  return (
    <>
      <header className="govuk-template__header">
        <Header />
        <ServiceNavigation />
      </header>
      <PhaseBanner />
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          <Outlet />
        </main>
      </div>
      <Footer />
    </>
  );
}

/**
 * Sends a user whose session has ended to sign in, and back here afterwards: once, on mount (the
 * router's <Navigate> navigates again on every render, and the location changes as it navigates).
 */
function RedirectToSignIn() {
  const router = useRouter();
  useEffect(() => {
    const here = router.latestLocation;
    // Signing out navigates to the sign-in page already.
    if (here.pathname === '/sign-in') return;
    void router.navigate({ to: '/sign-in', search: { redirect: here.href }, replace: true });
  }, [router]);
  return <Loading />;
}

/** The pages that need a signed-in user; a user who signs out (or whose session ends) goes to sign in. */
export function SignedInLayout() {
  const session = useQuery(sessionQuery());
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorPage error={session.error} />;
  if (!session.data) return <RedirectToSignIn />;
  return (
    <UserContext.Provider value={session.data.user}>
      <Outlet />
    </UserContext.Provider>
  );
}
