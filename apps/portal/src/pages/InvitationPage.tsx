/**
 * /invitation#<token>: the page an invitation e-mail links to. The token is in the URL's fragment, so
 * it never reaches a server's logs or another site's Referer header; the page reads it, takes it out of
 * the address bar and the history, looks the invitation up, and lets the invitee choose a password.
 * Accepting signs them in and lands on their home page. The link works once.
 */
import { type Invitation, newPasswordSchema, PASSWORD_MIN_LENGTH, ROLE_LABELS } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouter, useRouterState } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { invitationQuery, useAcceptInvitation } from '../api/admin';
import { ApiProblem, isProblem } from '../api/client';
import { useFormErrors } from '../components/FormErrors';
import { TextField } from '../components/FormFields';
import { Loading } from '../components/PageStates';
import { formatDateTime } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';

/** The token of a link's fragment (without '#'); a malformed escape is left as it is, for the API to refuse. */
function readToken(fragment: string): string {
  const raw = fragment.replace(/^#/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

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
      <h1 className="govuk-heading-l">{title}</h1>
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

type Field = 'password' | 'confirm';
const FIELDS: readonly Field[] = ['password', 'confirm'];

function AcceptForm({ token, invitation }: { readonly token: string; readonly invitation: Invitation }) {
  const router = useRouter();
  const accept = useAcceptInvitation();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useFormErrors(FIELDS);
  const [refused, setRefused] = useState<unknown>(null);
  usePageTitle('Choose your password', { error: form.failed });
  if (refused) return <Refused error={refused} />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (accept.isPending) return;
    const checked = newPasswordSchema.safeParse(password);
    const issues = checked.success ? [] : checked.error.issues.map((i) => ({ path: ['password'], message: i.message }));
    if (checked.success && confirm !== password) {
      issues.push({ path: ['confirm'], message: 'Enter the same password twice: the two are different' });
    }
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
          {/* For password managers: the account the new password belongs to. */}
          <input type="hidden" name="username" autoComplete="username" value={invitation.email} />
          <TextField
            id="password"
            label="Password"
            hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few words you will remember make a good password.`}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            width="govuk-!-width-two-thirds"
            value={password}
            error={form.errors.password}
            onChange={setPassword}
          />
          <TextField
            id="confirm"
            label="Enter the password again"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            width="govuk-!-width-two-thirds"
            value={confirm}
            error={form.errors.confirm}
            onChange={setConfirm}
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
  const router = useRouter();
  const hash = useRouterState({ select: (state) => state.location.hash });
  const [token, setToken] = useState(() => readToken(window.location.hash));
  // The secret leaves the address bar and the history at once (and a link opened over this one is read).
  useEffect(() => {
    if (!hash) return;
    setToken(readToken(hash));
    router.history.replace('/invitation');
  }, [hash, router]);
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
