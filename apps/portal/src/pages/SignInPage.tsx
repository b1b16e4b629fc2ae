import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { apiRequest, isProblem } from '../api/client';
import { useLogin } from '../api/mutations';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary';
import { TextField } from '../components/FormFields';
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
          <TextField
            id="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            error={errors.email}
            onChange={setEmail}
          />
          <TextField
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            width="govuk-!-width-two-thirds"
            value={password}
            error={errors.password}
            onChange={setPassword}
          />
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
