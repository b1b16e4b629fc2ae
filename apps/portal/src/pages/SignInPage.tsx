import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { apiRequest, isProblem } from '../api/client';
import { useLogin } from '../api/mutations';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary';
import { plural, safeRedirect } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';

const route = getRouteApi('/sign-in');

interface FieldErrors {
  email?: string;
  password?: string;
}

function checkFields(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (email.trim() === '') errors.email = 'Enter your email address';
  else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
    errors.email = 'Enter an email address in the correct format, like name@example.gov.uk';
  }
  if (password === '') errors.password = 'Enter your password';
  return errors;
}

/** What a failed sign-in says: the fields' errors, or one message for the form. */
function describeFailure(error: unknown): { fields: FieldErrors; message?: string } {
  if (isProblem(error, 429)) {
    const wait = error.retryAfterSeconds;
    const minutes = wait === undefined ? undefined : Math.max(1, Math.ceil(wait / 60));
    return {
      fields: {},
      message: `There have been too many failed attempts to sign in. Wait ${minutes ? plural(minutes, 'minute') : 'a few minutes'} and try again.`,
    };
  }
  if (isProblem(error, 401)) {
    return { fields: { email: 'Enter a correct email address and password' } };
  }
  if (isProblem(error, 422)) {
    const fields: FieldErrors = {};
    for (const e of error.errors) {
      if (e.field === 'email' || e.field === 'password') fields[e.field] ??= e.message;
    }
    return Object.keys(fields).length > 0 ? { fields } : { fields, message: error.detail ?? error.title };
  }
  return { fields: {}, message: isProblem(error) ? (error.detail ?? error.title) : 'Something went wrong. Try again.' };
}

/** Tells people how to try the demonstration, when the server runs one. */
function DemoAccounts() {
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => apiRequest<{ demo: boolean }>('/api/health'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!health.data?.demo) return null;
  return (
    <div className="govuk-inset-text">
      <p className="govuk-body">
        This is a demonstration. Sign in as <strong className="app-break-words">submitter.coventry@demo.test</strong>{' '}
        (or another demo user) with the password <strong>demo-password</strong>.
      </p>
    </div>
  );
}

export function SignInPage() {
  const search = route.useSearch();
  const router = useRouter();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const hasErrors = Boolean(errors.email || errors.password || message);
  usePageTitle('Sign in', { error: hasErrors });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (login.isPending) return;
    const found = checkFields(email, password);
    if (found.email || found.password) {
      setErrors(found);
      setMessage(undefined);
      setAttempt((n) => n + 1);
      return;
    }
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: () => void router.navigate({ href: safeRedirect(search.redirect), replace: true }),
        onError: (error) => {
          const failure = describeFailure(error);
          setErrors(failure.fields);
          setMessage(failure.message);
          setAttempt((n) => n + 1);
          setPassword('');
        },
      },
    );
  };

  const items: ErrorSummaryItem[] = [
    ...(message ? [{ text: message }] : []),
    ...(errors.email ? [{ text: errors.email, href: '#email' }] : []),
    ...(errors.password ? [{ text: errors.password, href: '#password' }] : []),
  ];

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {hasErrors ? <ErrorSummary items={items} focusKey={attempt} /> : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">
          Sign in to send your authority's quarterly children's social care workforce return, and to see its figures.
        </p>
        <DemoAccounts />
        <form noValidate onSubmit={onSubmit}>
          <div className={`govuk-form-group${errors.email ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="email">
              Email address
            </label>
            {errors.email ? (
              <p id="email-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.email}
              </p>
            ) : null}
            <input
              className={`govuk-input${errors.email ? ' govuk-input--error' : ''}`}
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              spellCheck={false}
              value={email}
              aria-describedby={errors.email ? 'email-error' : undefined}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <div className={`govuk-form-group${errors.password ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor="password">
              Password
            </label>
            {errors.password ? (
              <p id="password-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.password}
              </p>
            ) : null}
            <input
              className={`govuk-input govuk-!-width-two-thirds${errors.password ? ' govuk-input--error' : ''}`}
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              spellCheck={false}
              value={password}
              aria-describedby={errors.password ? 'password-error' : undefined}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          <button type="submit" className="govuk-button">
            Sign in
          </button>
        </form>
        <p className="govuk-body">
          <Link to="/forgot-password" className="govuk-link">
            Forgotten your password?
          </Link>
        </p>
      </div>
    </div>
  );
}
