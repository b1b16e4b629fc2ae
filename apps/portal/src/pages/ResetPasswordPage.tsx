/**
 * /reset-password#<token>: the page a password-reset e-mail links to. The token is in the URL's
 * fragment (see lib/link-token); the page looks the link up, says whose password it resets, and lets
 * them choose a new one. Saving it signs them in (every other session of theirs ends) and lands on
 * their home page. The link works once.
 */
import type { PasswordReset } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiProblem, isProblem, PROBLEM } from '../api/client';
import { passwordResetQuery, useResetPassword } from '../api/password-resets';
import { LinkRefused, useLinkPasswordForm } from '../components/LinkPasswordForm';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { Loading } from '../components/PageStates';
import { useLinkToken } from '../lib/link-token';
import { formatDateTime } from '../lib/text';

const INCOMPLETE = 'The link is incomplete';

function Refused({ error }: { readonly error: unknown }) {
  // A deactivated account cannot get a new link: only its administrator can help.
  const deactivated = isProblem(error, PROBLEM.passwordResetAccountDeactivated);
  return (
    <LinkRefused error={error} incomplete={INCOMPLETE}>
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
    </LinkRefused>
  );
}

function ResetForm({ token, reset }: { readonly token: string; readonly reset: PasswordReset }) {
  const save = useResetPassword();
  const { password, setPassword, confirm, setConfirm, form, refused, onSubmit } = useLinkPasswordForm(
    token,
    save,
    'Choose a new password',
  );
  if (refused) return <Refused error={refused} />;
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
    return <Refused error={new ApiProblem({ type: 'about:blank', title: INCOMPLETE, status: 422 })} />;
  }
  if (lookup.isPending) return <Loading />;
  if (lookup.isError) return <Refused error={lookup.error} />;
  return <ResetForm key={token} token={token} reset={lookup.data} />;
}
