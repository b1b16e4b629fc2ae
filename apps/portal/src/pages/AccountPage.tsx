/**
 * /account: the signed-in user's own account. Who they are in the exchange, a link to change their
 * password (/account/password), and their personal API tokens, for scripts that read or send returns
 * through the API: created with a name (the secret shown once), listed with when each was last used,
 * and revoked.
 */
import { type ApiToken, type CreatedApiToken, ROLE_LABELS } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { apiTokensQuery, useCreateApiToken, useRevokeApiToken } from '../api/account';
import { useFormErrors } from '../components/FormErrors';
import { TextField } from '../components/FormFields';
import { NotificationBanner } from '../components/NotificationBanner';
import { problemText, useOutcome } from '../components/Outcome';
import { Loading } from '../components/PageStates';
import { TableHead } from '../components/TableHead';
import { formatDateTime } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

const route = getRouteApi('/signed-in/account');

function NewToken({ created }: { readonly created: CreatedApiToken }) {
  return (
    <NotificationBanner type="success" heading={`Token “${created.name}” created`} focusKey={created.id}>
      <p className="govuk-body">Copy it now and keep it safe, as you would a password: it will not be shown again.</p>
      <p className="govuk-body">
        <code className="app-break-words" id="new-token">
          {created.token}
        </code>
      </p>
      <p className="govuk-body">
        Send it as the header <code>Authorization: Bearer …</code> with each request to the API.
      </p>
    </NotificationBanner>
  );
}

function TokensTable({
  tokens,
  onRevoke,
}: {
  readonly tokens: readonly ApiToken[];
  readonly onRevoke: (t: ApiToken) => void;
}) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--s">Your API tokens, newest first</caption>
      <TableHead columns={['Name', 'Created', 'Last used', 'Status', 'Action']} />
      <tbody className="govuk-table__body">
        {tokens.map((token) => (
          <tr className="govuk-table__row" key={token.id}>
            <th scope="row" className="govuk-table__header app-break-words">
              {token.name}
            </th>
            <td className="govuk-table__cell">{formatDateTime(token.createdAt)}</td>
            <td className="govuk-table__cell">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
            <td className="govuk-table__cell">
              {token.revokedAt ? `Revoked ${formatDateTime(token.revokedAt)}` : 'Active'}
            </td>
            <td className="govuk-table__cell">
              {token.revokedAt ? null : (
                <button
                  type="button"
                  className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                  onClick={() => onRevoke(token)}
                >
                  Revoke<span className="govuk-visually-hidden"> the token {token.name}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const FIELDS = ['name'] as const;
type Done = 'password' | 'revoked';

export function AccountPage() {
  const user = useUser();
  const search = route.useSearch();
  const tokens = useQuery(apiTokensQuery());
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState('');
  const [revokedName, setRevokedName] = useState('');
  const form = useFormErrors(FIELDS, 'token-');
  const outcome = useOutcome<Done>(search.done);
  usePageTitle('Your account', { error: form.failed || outcome.failed });

  const onCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    if (name.trim() === '') {
      form.failIssues([{ path: ['name'], message: 'Give the token a name' }]);
      return;
    }
    revoke.reset();
    create.mutate(name.trim(), {
      onSuccess: () => {
        form.clear();
        setName('');
      },
      onError: form.failProblem,
    });
  };
  const onRevoke = (token: ApiToken) => {
    if (revoke.isPending) return;
    create.reset();
    revoke.mutate(token.id, {
      onSuccess: () => {
        setRevokedName(token.name);
        outcome.succeed('revoked');
      },
      onError: outcome.fail,
    });
  };
  const scope = user.authorityName ?? (user.role === 'regional_lead' ? user.regionName : null);
  const list = tokens.data ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {form.summary}
        {create.isSuccess ? (
          <NewToken created={create.data} />
        ) : (
          outcome.render((done) =>
            done === 'password'
              ? {
                  heading: 'Your password has been changed',
                  body: 'You are still signed in here, and have been signed out everywhere else.',
                }
              : {
                  heading: `Token “${revokedName}” revoked`,
                  body: 'A script that uses it is refused from its next request.',
                },
          )
        )}
        <h1 className="govuk-heading-l">Your account</h1>
        <dl className="govuk-summary-list">
          {[
            ['Name', user.name],
            ['Email address', user.email],
            ['Role', `${ROLE_LABELS[user.role]}${scope ? ` for ${scope}` : ''}`],
          ].map(([key, value]) => (
            <div className="govuk-summary-list__row govuk-summary-list__row--no-actions" key={key}>
              <dt className="govuk-summary-list__key">{key}</dt>
              <dd className="govuk-summary-list__value app-break-words">{value}</dd>
            </div>
          ))}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Password</dt>
            <dd className="govuk-summary-list__value">Chosen by you</dd>
            <dd className="govuk-summary-list__actions">
              <Link to="/account/password" className="govuk-link">
                Change<span className="govuk-visually-hidden"> your password</span>
              </Link>
            </dd>
          </div>
        </dl>
        <p className="govuk-body">To change your name, email address or role, ask your administrator.</p>

        <h2 className="govuk-heading-m" id="tokens-heading">
          API tokens
        </h2>
        <p className="govuk-body">
          A personal API token lets a script of yours use the exchange's API as you, with your role and your authority's
          or region's data, without your password. Give each script its own token, and revoke any you no longer use or
          do not recognise.
        </p>
        {tokens.isPending ? <Loading /> : null}
        {tokens.isError ? (
          <p className="govuk-body">Your tokens could not be shown: {problemText(tokens.error)}</p>
        ) : null}
        {tokens.isSuccess && list.length === 0 ? <p className="govuk-body">You have no API tokens.</p> : null}
        {list.length > 0 ? <TokensTable tokens={list} onRevoke={onRevoke} /> : null}
        <form onSubmit={onCreate} noValidate aria-labelledby="tokens-heading">
          <TextField
            id="token-name"
            label="Name of a new token"
            hint="What it is for, such as “nightly upload from our HR system”."
            width="govuk-!-width-two-thirds"
            value={name}
            error={form.errors.name}
            onChange={setName}
          />
          <button
            type="submit"
            className="govuk-button govuk-button--secondary"
            disabled={create.isPending}
            aria-disabled={create.isPending}
          >
            Create a token
          </button>
        </form>
      </div>
    </div>
  );
}
