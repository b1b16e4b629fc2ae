/**
 * The route tree (code-based TanStack Router): every page component is loaded lazily, so the first
 * download is only the shell; loaders fill the query cache before a page renders.
 */
import { isMetricId, isPeriodId, previousPeriod } from '@csc-workforce/metrics-core';
import type { Authority } from '@csc-workforce/schemas';
import { AUTHORITY_CODE_PATTERN } from '@csc-workforce/schemas/constants';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  redirect,
} from '@tanstack/react-router';
import {
  adminAuthorityQuery,
  auditQuery,
  mailQuery,
  outboxQuery,
  regionsQuery,
  userListQuery,
  userQuery,
} from './api/admin';
import {
  agencyComparisonQuery,
  annexQuery,
  authorityCapsQuery,
  complianceQuery,
  regionCapsQuery,
  regionComplianceQuery,
} from './api/agency';
import { isProblem } from './api/client';
import {
  authoritiesQuery,
  comparisonPeriodsQuery,
  comparisonQuery,
  comparisonReleasesQuery,
  metricComparisonQuery,
  neighbourModelsQuery,
  neighboursQuery,
  noteQuery,
  notesListQuery,
  periodsQuery,
  publishedReleasesQuery,
  returnQuery,
  returnsListQuery,
  revisionQuery,
  revisionsQuery,
  roundListQuery,
  sessionQuery,
  trackerQuery,
} from './api/queries';
import { RootLayout, SignedInLayout } from './components/Layout';
import { ErrorPage, Loading, NotFoundPage } from './components/PageStates';
import { loadSearchSchemas, searchSchemasLoaded, validateSearchOf } from './lib/search';
import { safeRedirect } from './lib/text';
import { isAuthorityUser } from './session';

export interface RouterContext {
  readonly queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  // The first address with search parameters loads their schemas (lib/search.ts), then is asked for again.
  beforeLoad: async ({ location }) => {
    if (!searchSchemasLoaded() && location.searchStr !== '') {
      await loadSearchSchemas();
      throw redirect({ href: location.href, replace: true });
    }
  },
  component: RootLayout,
  notFoundComponent: NotFoundPage,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: validateSearchOf.signIn,
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery());
    if (session) throw redirect({ href: safeRedirect(search.redirect), replace: true });
  },
  component: lazyRouteComponent(() => import('./pages/SignInPage'), 'SignInPage'),
});

/** Pathless layout of every page that needs a signed-in user. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery());
    if (!session) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    return { session };
  },
  component: SignedInLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  loader: async ({ context: { queryClient, session } }) => {
    const periods = await queryClient.ensureQueryData(periodsQuery());
    const open = periods.find((p) => p.status === 'open');
    const user = session.user;
    if (isAuthorityUser(user)) {
      await Promise.all([
        queryClient.ensureQueryData(returnsListQuery({ authority: user.authorityCode, figures: true })),
        queryClient.ensureQueryData(notesListQuery({ authority: user.authorityCode, pageSize: 5 })),
        queryClient.ensureQueryData(notesListQuery({ status: 'draft', pageSize: 5 })),
      ]);
    } else if (user.role === 'regional_lead' && user.regionCode) {
      await Promise.all([
        queryClient.ensureQueryData(roundListQuery(user.regionCode)),
        open ? queryClient.ensureQueryData(trackerQuery(user.regionCode, open.id)) : undefined,
      ]);
    }
  },
  component: lazyRouteComponent(() => import('./pages/HomePage'), 'HomePage'),
});

/** The period of the path, or a 404 page for anything that is not a period id. */
function periodParam(period: string): string {
  if (!isPeriodId(period)) throw notFound();
  return period;
}

const returnRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'returns/$period',
  loader: async ({ context: { queryClient, session }, params }) => {
    const period = periodParam(params.period);
    await queryClient.ensureQueryData(periodsQuery());
    const authority = session.user.authorityCode;
    if (!isAuthorityUser(session.user) || !authority) return;
    await Promise.all([
      queryClient.ensureQueryData(returnQuery(authority, period)),
      queryClient.ensureQueryData(returnQuery(authority, previousPeriod(period))),
    ]);
  },
  component: lazyRouteComponent(() => import('./pages/ReturnPage'), 'ReturnPage'),
});

const historyRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'returns/$period/history',
  loader: async ({ context: { queryClient, session }, params }) => {
    const period = periodParam(params.period);
    const authority = session.user.authorityCode;
    if (!authority) return;
    await queryClient.ensureQueryData(revisionsQuery(authority, period));
  },
  component: lazyRouteComponent(() => import('./pages/HistoryPage'), 'HistoryPage'),
});

const revisionRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'returns/$period/history/$revision',
  params: {
    parse: (raw) => {
      const revision = Number(raw.revision);
      if (!/^[1-9]\d{0,8}$/.test(raw.revision)) throw notFound();
      return { period: raw.period, revision };
    },
    stringify: ({ period, revision }) => ({ period, revision: String(revision) }),
  },
  loader: async ({ context: { queryClient, session }, params }) => {
    const period = periodParam(params.period);
    const authority = session.user.authorityCode;
    if (!authority) return;
    await queryClient.ensureQueryData(revisionQuery(authority, period, params.revision));
  },
  component: lazyRouteComponent(() => import('./pages/RevisionPage'), 'RevisionPage'),
});

const uploadRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'upload',
  component: lazyRouteComponent(() => import('./pages/UploadPage'), 'UploadPage'),
});

/** A region's history in one file: for regional leads and admins (a 404 page for everyone else). */
const historyImportRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'history-import',
  beforeLoad: ({ context: { session } }) => {
    if (session.user.role !== 'regional_lead' && session.user.role !== 'admin') throw notFound();
  },
  component: lazyRouteComponent(() => import('./pages/HistoryImportPage'), 'HistoryImportPage'),
});

const downloadsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'downloads',
  loader: ({ context: { queryClient } }) => queryClient.ensureQueryData(periodsQuery()),
  component: lazyRouteComponent(() => import('./pages/DownloadsPage'), 'DownloadsPage'),
});

const agencyRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'agency',
  loader: async ({ context: { queryClient, session } }) => {
    await queryClient.ensureQueryData(periodsQuery());
    const { user } = session;
    if (user.role === 'regional_lead' && user.regionCode)
      await queryClient.ensureQueryData(regionCapsQuery(user.regionCode));
    if (isAuthorityUser(user) && user.authorityCode)
      await queryClient.ensureQueryData(authorityCapsQuery(user.authorityCode));
  },
  component: lazyRouteComponent(() => import('./pages/AgencyPage'), 'AgencyPage'),
});

const agencyPeriodRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'agency/$period',
  loader: async ({ context: { queryClient, session }, params }) => {
    const period = periodParam(params.period);
    const { user } = session;
    if (user.role === 'regional_lead' && user.regionCode) {
      await queryClient.ensureQueryData(regionComplianceQuery(user.regionCode, period));
    }
    if (isAuthorityUser(user) && user.authorityCode) {
      await Promise.all([
        queryClient.ensureQueryData(annexQuery(user.authorityCode, period)),
        queryClient.ensureQueryData(complianceQuery(user.authorityCode, period)),
        queryClient.ensureQueryData(agencyComparisonQuery(user.authorityCode, period)),
      ]);
    }
  },
  component: lazyRouteComponent(() => import('./pages/AgencyPeriodPage'), 'AgencyPeriodPage'),
});

/** Comparisons start at the newest quarter that enough authorities have submitted for. */
const compareIndexRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'compare',
  beforeLoad: async ({ context: { queryClient } }) => {
    const { start } = await queryClient.ensureQueryData(comparisonPeriodsQuery());
    if (start) throw redirect({ to: '/compare/$period', params: { period: start }, replace: true });
  },
  component: lazyRouteComponent(() => import('./pages/CompareEmptyPage'), 'CompareEmptyPage'),
});

/** A lead's choices of authority for the statistical neighbours: the region's current authorities, by name. */
function regionAuthorities(all: readonly Authority[], region: string): Authority[] {
  return all.filter((a) => a.regionCode === region && !a.retired).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/**
 * An authority's statistical neighbours: an authority user's own authority, a regional lead's choice
 * of the region's (the first by default); a 404 page for admins (the API refuses them too).
 */
const neighboursRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'compare/neighbours',
  validateSearch: validateSearchOf.neighbours,
  loaderDeps: ({ search }) => ({ authority: search.authority }),
  loader: async ({ context: { queryClient, session }, deps }) => {
    const user = session.user;
    let authority: string;
    let choices: Authority[] = [];
    if (isAuthorityUser(user)) authority = user.authorityCode;
    else {
      choices = regionAuthorities(await queryClient.ensureQueryData(authoritiesQuery()), leadRegion(user));
      const chosen = choices.find((a) => a.code === deps.authority) ?? choices[0];
      if (!chosen) throw notFound();
      authority = chosen.code;
    }
    await queryClient.ensureQueryData(neighboursQuery(authority));
    return { authority, choices };
  },
  component: lazyRouteComponent(() => import('./pages/NeighboursPage'), 'NeighboursPage'),
});

const compareRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'compare/$period',
  loader: async ({ context: { queryClient }, params }) => {
    const period = periodParam(params.period);
    await Promise.all([
      queryClient.ensureQueryData(comparisonPeriodsQuery()),
      queryClient.ensureQueryData(comparisonQuery(period)),
    ]);
  },
  component: lazyRouteComponent(() => import('./pages/ComparePage'), 'ComparePage'),
});

const comparePrintRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'compare/$period/print',
  loader: ({ context: { queryClient }, params }) =>
    queryClient.ensureQueryData(comparisonQuery(periodParam(params.period))),
  component: lazyRouteComponent(() => import('./pages/ComparePrintPage'), 'ComparePrintPage'),
});

const compareMetricRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'compare/$period/$metric',
  loader: async ({ context: { queryClient }, params }) => {
    const period = periodParam(params.period);
    if (!isMetricId(params.metric)) throw notFound();
    await queryClient.ensureQueryData(metricComparisonQuery(period, params.metric));
  },
  component: lazyRouteComponent(() => import('./pages/CompareMetricPage'), 'CompareMetricPage'),
});

const publishedRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'published',
  loader: ({ context: { queryClient } }) => queryClient.ensureQueryData(publishedReleasesQuery()),
  component: lazyRouteComponent(() => import('./pages/PublishedPage'), 'PublishedPage'),
});

/** The region of a regional lead, or a 404 page for everyone else (the API refuses them too). */
function leadRegion(user: { role: string; regionCode: string | null }): string {
  if (user.role !== 'regional_lead' || !user.regionCode) throw notFound();
  return user.regionCode;
}

const roundsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'rounds',
  loader: ({ context: { queryClient, session } }) =>
    queryClient.ensureQueryData(roundListQuery(leadRegion(session.user))),
  component: lazyRouteComponent(() => import('./pages/RoundsPage'), 'RoundsPage'),
});

const trackerRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'rounds/$period',
  loader: async ({ context: { queryClient, session }, params }) => {
    const region = leadRegion(session.user);
    const period = periodParam(params.period);
    await Promise.all([
      queryClient.ensureQueryData(trackerQuery(region, period)),
      queryClient.ensureQueryData(comparisonReleasesQuery(period)),
    ]);
  },
  component: lazyRouteComponent(() => import('./pages/TrackerPage'), 'TrackerPage'),
});

const reviewRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'rounds/$period/$authority',
  loader: async ({ context: { queryClient, session }, params }) => {
    leadRegion(session.user);
    const period = periodParam(params.period);
    if (!AUTHORITY_CODE_PATTERN.test(params.authority)) throw notFound();
    await Promise.all([
      queryClient.ensureQueryData(returnQuery(params.authority, period)),
      queryClient.ensureQueryData(returnQuery(params.authority, previousPeriod(period))),
      queryClient.ensureQueryData(revisionsQuery(params.authority, period)),
    ]);
  },
  component: lazyRouteComponent(() => import('./pages/ReviewPage'), 'ReviewPage'),
});

const notesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'notes',
  validateSearch: validateSearchOf.notes,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient }, deps }) => queryClient.ensureQueryData(notesListQuery(deps)),
  component: lazyRouteComponent(() => import('./pages/NotesPage'), 'NotesPage'),
});

const noteNewRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'notes/new',
  loader: ({ context: { queryClient } }) => queryClient.ensureQueryData(periodsQuery()),
  component: lazyRouteComponent(() => import('./pages/NoteEditPage'), 'NoteNewPage'),
});

/** Loads a note, or shows the not-found page for one that does not exist or is out of sight. */
async function loadNote(queryClient: QueryClient, id: string) {
  try {
    return await queryClient.ensureQueryData(noteQuery(id));
  } catch (error) {
    if (isProblem(error, 404) || isProblem(error, 400)) throw notFound();
    throw error;
  }
}

const noteRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'notes/$id',
  loader: ({ context: { queryClient }, params }) => loadNote(queryClient, params.id),
  component: lazyRouteComponent(() => import('./pages/NotePage'), 'NotePage'),
});

const noteEditRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'notes/$id/edit',
  loader: async ({ context: { queryClient }, params }) => {
    await Promise.all([loadNote(queryClient, params.id), queryClient.ensureQueryData(periodsQuery())]);
  },
  component: lazyRouteComponent(() => import('./pages/NoteEditPage'), 'NoteEditPage'),
});

/** Administration: for admins only, a 404 page for everyone else (the API refuses them too). */
function adminOnly(user: { role: string }): void {
  if (user.role !== 'admin') throw notFound();
}

const adminUsersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/users',
  validateSearch: validateSearchOf.adminUsers,
  loaderDeps: ({ search }) => search,
  loader: async ({ context: { queryClient, session }, deps }) => {
    adminOnly(session.user);
    await Promise.all([
      queryClient.ensureQueryData(userListQuery(deps)),
      queryClient.ensureQueryData(authoritiesQuery()),
      queryClient.ensureQueryData(regionsQuery()),
    ]);
  },
  component: lazyRouteComponent(() => import('./pages/admin/UsersPage'), 'UsersPage'),
});

const adminInviteRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/users/invite',
  loader: async ({ context: { queryClient, session } }) => {
    adminOnly(session.user);
    await Promise.all([queryClient.ensureQueryData(authoritiesQuery()), queryClient.ensureQueryData(regionsQuery())]);
  },
  component: lazyRouteComponent(() => import('./pages/admin/InviteUserPage'), 'InviteUserPage'),
});

const adminUserRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/users/$id',
  validateSearch: validateSearchOf.adminUser,
  loader: async ({ context: { queryClient, session }, params }) => {
    adminOnly(session.user);
    await Promise.all([
      queryClient.ensureQueryData(userQuery(params.id)),
      queryClient.ensureQueryData(authoritiesQuery()),
      queryClient.ensureQueryData(regionsQuery()),
    ]);
  },
  component: lazyRouteComponent(() => import('./pages/admin/UserPage'), 'UserPage'),
});

const adminAuthoritiesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/authorities',
  validateSearch: validateSearchOf.adminAuthorities,
  loader: async ({ context: { queryClient, session } }) => {
    adminOnly(session.user);
    await Promise.all([queryClient.ensureQueryData(authoritiesQuery()), queryClient.ensureQueryData(regionsQuery())]);
  },
  component: lazyRouteComponent(() => import('./pages/admin/AuthoritiesPage'), 'AuthoritiesPage'),
});

const adminAddAuthorityRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/authorities/new',
  loader: ({ context: { queryClient, session } }) => {
    adminOnly(session.user);
    return queryClient.ensureQueryData(regionsQuery());
  },
  component: lazyRouteComponent(() => import('./pages/admin/AddAuthorityPage'), 'AddAuthorityPage'),
});

const adminAuthorityRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/authorities/$code',
  validateSearch: validateSearchOf.adminAuthority,
  loader: ({ context: { queryClient, session }, params }) => {
    adminOnly(session.user);
    if (!AUTHORITY_CODE_PATTERN.test(params.code)) throw notFound();
    return queryClient.ensureQueryData(adminAuthorityQuery(params.code));
  },
  component: lazyRouteComponent(() => import('./pages/admin/AuthorityPage'), 'AuthorityPage'),
});

const adminPeriodsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/periods',
  loader: ({ context: { queryClient, session } }) => {
    adminOnly(session.user);
    return queryClient.ensureQueryData(periodsQuery());
  },
  component: lazyRouteComponent(() => import('./pages/admin/PeriodsPage'), 'PeriodsPage'),
});

const adminPeriodRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/periods/$period',
  validateSearch: validateSearchOf.adminPeriod,
  loader: async ({ context: { queryClient, session }, params }) => {
    adminOnly(session.user);
    const periods = await queryClient.ensureQueryData(periodsQuery());
    if (!periods.some((p) => p.id === params.period)) throw notFound();
    await queryClient.ensureQueryData(comparisonReleasesQuery(params.period));
  },
  component: lazyRouteComponent(() => import('./pages/admin/PeriodPage'), 'PeriodPage'),
});

const adminOutboxRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/outbox',
  validateSearch: validateSearchOf.adminOutbox,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient, session }, deps }) => {
    adminOnly(session.user);
    return queryClient.ensureQueryData(outboxQuery(deps));
  },
  component: lazyRouteComponent(() => import('./pages/admin/OutboxPage'), 'OutboxPage'),
});

const adminMailRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/outbox/$id',
  loader: ({ context: { queryClient, session }, params }) => {
    adminOnly(session.user);
    if (!/^[1-9]\d{0,15}$/.test(params.id)) throw notFound();
    return queryClient.ensureQueryData(mailQuery(Number(params.id)));
  },
  component: lazyRouteComponent(() => import('./pages/admin/MailPage'), 'MailPage'),
});

const adminNeighboursRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/neighbours',
  loader: ({ context: { queryClient, session } }) => {
    adminOnly(session.user);
    return queryClient.ensureQueryData(neighbourModelsQuery());
  },
  component: lazyRouteComponent(() => import('./pages/admin/NeighbourModelsPage'), 'NeighbourModelsPage'),
});

const adminAuditRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'admin/audit',
  validateSearch: validateSearchOf.adminAudit,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient, session }, deps }) => {
    adminOnly(session.user);
    return queryClient.ensureQueryData(auditQuery(deps));
  },
  component: lazyRouteComponent(() => import('./pages/admin/AuditPage'), 'AuditPage'),
});

/** The page an invitation e-mail links to: for people not signed in (the token is the URL's fragment). */
const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'invitation',
  component: lazyRouteComponent(() => import('./pages/InvitationPage'), 'InvitationPage'),
});

/** The signed-in user's own account: their password and API tokens. */
const accountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'account',
  validateSearch: validateSearchOf.account,
  component: lazyRouteComponent(() => import('./pages/AccountPage'), 'AccountPage'),
});

const changePasswordRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'account/password',
  component: lazyRouteComponent(() => import('./pages/ChangePasswordPage'), 'ChangePasswordPage'),
});

/** Asking for a password-reset link: for people not signed in. */
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'forgot-password',
  component: lazyRouteComponent(() => import('./pages/ForgotPasswordPage'), 'ForgotPasswordPage'),
});

/** The page a password-reset e-mail links to (the token is the URL's fragment). */
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'reset-password',
  component: lazyRouteComponent(() => import('./pages/ResetPasswordPage'), 'ResetPasswordPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  invitationRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  signedInRoute.addChildren([
    homeRoute,
    accountRoute,
    changePasswordRoute,
    returnRoute,
    historyRoute,
    revisionRoute,
    uploadRoute,
    historyImportRoute,
    downloadsRoute,
    agencyRoute,
    agencyPeriodRoute,
    compareIndexRoute,
    neighboursRoute,
    compareRoute,
    comparePrintRoute,
    compareMetricRoute,
    publishedRoute,
    roundsRoute,
    trackerRoute,
    reviewRoute,
    notesRoute,
    noteNewRoute,
    noteRoute,
    noteEditRoute,
    adminUsersRoute,
    adminInviteRoute,
    adminUserRoute,
    adminAuthoritiesRoute,
    adminAddAuthorityRoute,
    adminAuthorityRoute,
    adminPeriodsRoute,
    adminPeriodRoute,
    adminOutboxRoute,
    adminMailRoute,
    adminNeighboursRoute,
    adminAuditRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // The query cache decides freshness; the router always asks it.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: Loading,
    defaultPendingMs: 300,
    defaultErrorComponent: ({ error }) => <ErrorPage error={error} />,
    defaultNotFoundComponent: NotFoundPage,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
