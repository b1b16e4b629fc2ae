/**
 * The portal's entry: GOV.UK Frontend's styles (fonts and images from this origin), the query
 * client, the router, and React. No inline script or style anywhere: the CSP allows neither.
 */
import './govuk.scss';
import './styles.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isProblem, setCsrfTokenSource, setSessionRefresher } from './api/client';
import { queryKeys, sessionQuery } from './api/queries';
import { createAppRouter } from './router';

// What GOV.UK's page template does with an inline script, done from this module instead.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');

/** A 401 on anything but the session check means the session ended: forget it, and the layout sends the user to sign in. */
function onError(error: unknown, key?: readonly unknown[]): void {
  if (isProblem(error, 401) && key?.[0] !== queryKeys.session[0]) {
    queryClient.setQueryData(sessionQuery().queryKey, null);
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onError(error, ['mutation']) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Problems the API answered (4xx) will not change on a retry.
      retry: (count, error) => !(isProblem(error) && error.status >= 400 && error.status < 500) && count < 1,
      refetchOnWindowFocus: false,
    },
  },
});

setCsrfTokenSource(() => queryClient.getQueryData(sessionQuery().queryKey)?.csrfToken);
setSessionRefresher(() => queryClient.refetchQueries({ queryKey: queryKeys.session, exact: true }));

const router = createAppRouter(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
