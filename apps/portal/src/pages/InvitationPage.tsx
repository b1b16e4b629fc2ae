/**
 * /invitation#<token>: the page an invitation e-mail links to. The token is in the URL's fragment, so
 * it never reaches a server's logs or another site's Referer header; the page reads it, takes it out of
 * the address bar and the history, looks the invitation up, and lets the invitee choose a password.
 * Accepting signs them in and lands on their home page. The link works once.
 */
import { type Invitation, ROLE_LABELS } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { invitationQuery, useAcceptInvitation } from '../api/admin';
import { ApiProblem } from '../api/client';
import { LinkRefused, useLinkPasswordForm } from '../components/LinkPasswordForm';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { Loading } from '../components/PageStates';
import { useLinkToken } from '../lib/link-token';
import { formatDateTime } from '../lib/text';

const INCOMPLETE = 'The invitation link is incomplete';

function Refused({ error }: { readonly error: unknown }) {
  return (
    <LinkRefused error={error} incomplete={INCOMPLETE}>
      <p className="govuk-body">
        If you have chosen a password already,{' '}
        <Link to="/sign-in" className="govuk-link">
          sign in
        </Link>
        .
      </p>
    </LinkRefused>
  );
}

function AcceptForm({ token, invitation }: { readonly token: string; readonly invitation: Invitation }) {
  const accept = useAcceptInvitation();
  const { password, setPassword, confirm, setConfirm, form, refused, onSubmit } = useLinkPasswordForm(
    token,
    accept,
    'Choose your password',
  );
  if (refused) return <Refused error={refused} />;
  const scope = invitation.authorityName ?? (invitation.role === 'regional_lead' ? invitation.regionName : null);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {form.summary}
        <h1 className="govuk-heading-l">Choose your password</h1>
        <p className="govuk-body">
          Welcome, {invitation.name}. You have been invited to the exchange as{' '}
          <strong>
            {ROLE_LABELS[invitation.role].toLowerCase()}
            {scope ? ` for ${scope}` : ''}
          </strong>
          .
        </p>
        <p className="govuk-body">
          You will sign in with your e-mail address <strong className="app-break-words">{invitation.email}</strong> and
          this password. The link works until {formatDateTime(invitation.expiresAt)}.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <NewPasswordFields
            email={invitation.email}
            password={password}
            confirm={confirm}
            errors={form.errors}
            onPassword={setPassword}
            onConfirm={setConfirm}
          />
          <button type="submit" className="govuk-button" disabled={accept.isPending} aria-disabled={accept.isPending}>
            {accept.isPending ? 'Signing in…' : 'Save the password and sign in'}
          </button>
        </form>
      </div>
    </div>
  );
}

export function InvitationPage() {
  const token = useLinkToken('/invitation');
  const lookup = useQuery({ ...invitationQuery(token), enabled: token !== '' });
  if (token === '') {
    return <Refused error={new ApiProblem({ type: 'about:blank', title: INCOMPLETE, status: 422 })} />;
  }
  if (lookup.isPending) return <Loading />;
  if (lookup.isError) return <Refused error={lookup.error} />;
  return <AcceptForm key={token} token={token} invitation={lookup.data} />;
}
