/**
 * /reset-password#<token>: the page a password-reset e-mail links to. The token is in the URL's
 * fragment (see lib/link-token); the page looks the link up, says whose password it resets, and lets
 * them choose a new one. Saving it signs them in (every other session of theirs ends) and lands on
 * their home page. The link works once.
 */
import type { PasswordReset } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouter } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiProblem, isProblem } from '../api/client';
import { passwordResetQuery, useResetPassword } from '../api/password-resets';
import { FocusedHeading } from '../components/FocusedHeading';
import { useFormErrors } from '../components/FormErrors';
import { NEW_PASSWORD_FIELDS, NewPasswordFields, newPasswordIssues } from '../components/NewPasswordFields';
import { Loading } from '../components/PageStates';
import { useLinkToken } from '../lib/link-token';
import { formatDateTime } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';

/** Why a link does not work, in words for people. */
function refusal(error: unknown): { title: string; detail: string | undefined } {
  if (isProblem(error, 422)) {
    return {
      title: 'The link is incomplete',
      detail:
        'Open the whole link from the e-mail: copy all of it into the address bar if it was split over two lines.',
    };
  }
  if (isProblem(error, 429)) return { title: 'Too many links that do not work', detail: error.detail };
  if (isProblem(error, 404) || isProblem(error, 410)) return { title: error.title, detail: error.detail };
  return {
    title: 'Sorry, there is a problem with the service',
    detail: isProblem(error) ? error.detail : 'Try again later.',
  };
}

function Refused({ error }: { readonly error: unknown }) {
  const { title, detail } = refusal(error);
  usePageTitle(title);
  // A deactivated account cannot get a new link: only its administrator can help.
  const deactivated = isProblem(error, '/problems/password-reset-account-deactivated');
  return (
    <>
      <FocusedHeading>{title}</FocusedHeading>
      <p className="govuk-body">{detail}</p>
      {deactivated ? null : (
        <p className="govuk-body">
          <Link to="/forgot-password" className="govuk-link">
            Ask for a new link
          </Link>{' '}
          or{' '}
          <Link to="/sign-in" className="govuk-link">
            sign in
          </Link>
          .
        </p>
      )}
    </>
  );
}

function ResetForm({ token, reset }: { readonly token: string; readonly reset: PasswordReset }) {
  const router = useRouter();
  const save = useResetPassword();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useFormErrors(NEW_PASSWORD_FIELDS);
  const [refused, setRefused] = useState<unknown>(null);
  usePageTitle('Choose a new password', { error: form.failed });
  if (refused) return <Refused error={refused} />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const issues = newPasswordIssues(password, confirm);
    if (issues.length > 0) {
      form.failIssues(issues);
      setConfirm('');
      return;
    }
    save.mutate(
      { token, password },
      {
        onSuccess: () => void router.navigate({ to: '/', replace: true }),
        onError: (error) => {
          // A link that stopped working meanwhile (used, replaced, expired) is the page's answer.
          if (isProblem(error, 410) || isProblem(error, 404)) setRefused(error);
          else form.failProblem(error);
        },
      },
    );
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {form.summary}
        <h1 className="govuk-heading-l">Choose a new password</h1>
        <p className="govuk-body">
          {reset.name}, choose a new password for <strong className="app-break-words">{reset.email}</strong>. You will
          be signed in, and signed out everywhere else. The link works until {formatDateTime(reset.expiresAt)}.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <NewPasswordFields
            email={reset.email}
            password={password}
            confirm={confirm}
            errors={form.errors}
            onPassword={setPassword}
            onConfirm={setConfirm}
          />
          <button type="submit" className="govuk-button" disabled={save.isPending} aria-disabled={save.isPending}>
            {save.isPending ? 'Signing in…' : 'Save the password and sign in'}
          </button>
        </form>
      </div>
    </div>
  );
}

export function ResetPasswordPage() {
  const token = useLinkToken('/reset-password');
  const lookup = useQuery({ ...passwordResetQuery(token), enabled: token !== '' });
  if (token === '') {
    return <Refused error={new ApiProblem({ type: 'about:blank', title: 'The link is incomplete', status: 422 })} />;
  }
  if (lookup.isPending) return <Loading />;
  if (lookup.isError) return <Refused error={lookup.error} />;
  return <ResetForm key={token} token={token} reset={lookup.data} />;
}
