/**
 * /invitation#<token>: the page an invitation e-mail links to. The token is in the URL's fragment, so
 * it never reaches a server's logs or another site's Referer header; the page reads it, takes it out of
 * the address bar and the history, looks the invitation up, and lets the invitee choose a password.
 * Accepting signs them in and lands on their home page. The link works once.
 */
import { type Invitation, ROLE_LABELS } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouter } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { invitationQuery, useAcceptInvitation } from '../api/admin';
import { ApiProblem, isProblem } from '../api/client';
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
      title: 'The invitation link is incomplete',
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
  return (
    <>
      <FocusedHeading>{title}</FocusedHeading>
      <p className="govuk-body">{detail}</p>
      <p className="govuk-body">
        If you have chosen a password already,{' '}
        <Link to="/sign-in" className="govuk-link">
          sign in
        </Link>
        .
      </p>
    </>
  );
}

function AcceptForm({ token, invitation }: { readonly token: string; readonly invitation: Invitation }) {
  const router = useRouter();
  const accept = useAcceptInvitation();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useFormErrors(NEW_PASSWORD_FIELDS);
  const [refused, setRefused] = useState<unknown>(null);
  usePageTitle('Choose your password', { error: form.failed });
  if (refused) return <Refused error={refused} />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (accept.isPending) return;
    const issues = newPasswordIssues(password, confirm);
    if (issues.length > 0) {
      form.failIssues(issues);
      setConfirm('');
      return;
    }
    accept.mutate(
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
    return (
      <Refused
        error={new ApiProblem({ type: 'about:blank', title: 'The invitation link is incomplete', status: 422 })}
      />
    );
  }
  if (lookup.isPending) return <Loading />;
  if (lookup.isError) return <Refused error={lookup.error} />;
  return <AcceptForm key={token} token={token} invitation={lookup.data} />;
}
