import type { CollectionPeriod, SessionUser } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { useLogout } from '../api/mutations';
import { periodsQuery, sessionQuery } from '../api/queries';
import { isAuthorityUser } from '../session';

/** GOV.UK's tablet breakpoint: above it the navigation is always shown, below it behind "Menu". */
const TABLET = '(min-width: 40.0625em)';

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

type NavItem =
  | {
      readonly to:
        | '/'
        | '/upload'
        | '/downloads'
        | '/agency'
        | '/compare'
        | '/published'
        | '/rounds'
        | '/notes'
        | '/admin/users'
        | '/admin/authorities'
        | '/admin/periods'
        | '/admin/outbox'
        | '/admin/audit'
        | '/account';
      readonly path: string;
      readonly text: string;
    }
  | {
      readonly to: '/returns/$period';
      readonly params: { readonly period: string };
      readonly path: string;
      readonly text: string;
    };

function currentOpenPeriod(periods: readonly CollectionPeriod[] | undefined): CollectionPeriod | undefined {
  return periods?.find((p) => p.status === 'open');
}

function navItems(user: SessionUser, open: CollectionPeriod | undefined): NavItem[] {
  const items: NavItem[] = [{ to: '/', path: '/', text: 'Home' }];
  if (isAuthorityUser(user) && open) {
    items.push({
      to: '/returns/$period',
      params: { period: open.id },
      path: `/returns/${open.id}`,
      text: `${open.label} return`,
    });
  }
  if (user.role === 'regional_lead') items.push({ to: '/rounds', path: '/rounds', text: 'Collection rounds' });
  if (isAuthorityUser(user) || user.role === 'regional_lead') {
    items.push({ to: '/compare', path: '/compare', text: 'How we compare' });
    items.push({ to: '/agency', path: '/agency', text: 'Agency workers' });
  }
  items.push({ to: '/notes', path: '/notes', text: 'Practice notes' });
  if (user.role === 'authority_submitter') items.push({ to: '/upload', path: '/upload', text: 'Upload' });
  if (user.role !== 'admin') items.push({ to: '/downloads', path: '/downloads', text: 'Downloads' });
  if (user.role === 'admin') {
    items.push(
      { to: '/admin/users', path: '/admin/users', text: 'Users' },
      { to: '/admin/authorities', path: '/admin/authorities', text: 'Authorities' },
      { to: '/admin/periods', path: '/admin/periods', text: 'Periods' },
      { to: '/published', path: '/published', text: 'Published statistics' },
      { to: '/admin/outbox', path: '/admin/outbox', text: 'Outbox' },
      { to: '/admin/audit', path: '/admin/audit', text: 'Audit log' },
    );
  }
  items.push({ to: '/account', path: '/account', text: 'Your account' });
  return items;
}

function NavLink({ item, pathname }: { readonly item: NavItem; readonly pathname: string }) {
  const current = pathname === item.path;
  const active = current || (item.path !== '/' && pathname.startsWith(`${item.path}/`));
  const text = active ? <strong className="govuk-service-navigation__active-fallback">{item.text}</strong> : item.text;
  const props = {
    className: 'govuk-service-navigation__link',
    'aria-current': current ? ('page' as const) : active ? ('true' as const) : undefined,
  };
  return (
    <li className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}>
      {item.to === '/returns/$period' ? (
        <Link to={item.to} params={item.params} {...props}>
          {text}
        </Link>
      ) : (
        <Link to={item.to} {...props}>
          {text}
        </Link>
      )}
    </li>
  );
}

function SignOut() {
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <li className="govuk-service-navigation__item">
      <button
        type="button"
        className="govuk-service-navigation__link app-link-button"
        disabled={logout.isPending}
        onClick={() => {
          logout.mutate(undefined, { onSuccess: () => void navigate({ to: '/sign-in' }) });
        }}
      >
        Sign out
      </button>
      {logout.isError ? (
        <span className="govuk-error-message" role="alert">
          Sign out failed: try again
        </span>
      ) : null}
    </li>
  );
}

/** GOV.UK service navigation: the service's sections for the signed-in user, behind "Menu" on small screens. */
export function ServiceNavigation() {
  const session = useQuery(sessionQuery()).data ?? null;
  const periods = useQuery({ ...periodsQuery(), enabled: session !== null }).data;
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const wide = useMediaQuery(TABLET);
  const [open, setOpen] = useState(false);
  const listId = useId();
  // Close the menu when the page changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger.
  useEffect(() => setOpen(false), [pathname]);
  const user = session?.user;
  const items = user ? navItems(user, currentOpenPeriod(periods)) : [];
  return (
    <section aria-label="Service information" className="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <span className="govuk-service-navigation__service-name">
            <span className="govuk-service-navigation__text">
              {user ? (user.authorityName ?? user.regionName ?? 'Administration') : 'Quarterly workforce returns'}
            </span>
          </span>
          {user ? (
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              {wide ? null : (
                <button
                  type="button"
                  className="govuk-service-navigation__toggle"
                  aria-controls={listId}
                  aria-expanded={open}
                  onClick={() => setOpen((was) => !was)}
                >
                  Menu
                </button>
              )}
              <ul className="govuk-service-navigation__list" id={listId} hidden={!wide && !open}>
                {items.map((item) => (
                  <NavLink key={item.path} item={item} pathname={pathname} />
                ))}
                <SignOut />
              </ul>
            </nav>
          ) : null}
        </div>
      </div>
    </section>
  );
}
