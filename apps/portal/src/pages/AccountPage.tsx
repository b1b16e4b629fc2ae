/**
 * /account: the signed-in user's own account. Who they are in the exchange; changing their password
 * (the current one checked; every other session of theirs ends); and their personal API tokens, for
 * scripts that read or send returns through the API: created with a name (the secret shown once),
 * listed with when each was last used, and revoked.
 */
import { passwordChangeSchema, ROLE_LABELS } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiTokensQuery, useChangePassword, useCreateApiToken, useRevokeApiToken } from '../api/account';
import { isProblem } from '../api/client';
import type { ApiToken, CreatedApiToken } from '../api/types';
import { useFormErrors } from '../components/FormErrors';
import { TextField } from '../components/FormFields';
import { NewPasswordFields, newPasswordIssues } from '../components/NewPasswordFields';
import { NotificationBanner } from '../components/NotificationBanner';
import { problemText } from '../components/Outcome';
import { Loading } from '../components/PageStates';
import { TableHead } from '../components/TableHead';
import { formatDateTime } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

const PASSWORD_FIELDS = ['currentPassword', 'password', 'confirm'] as const;

function ChangePassword() {
  const user = useUser();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [changed, setChanged] = useState(0);
  const form = useFormErrors(PASSWORD_FIELDS);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const issues = [
      ...(current === '' ? [{ path: ['currentPassword'], message: 'Enter your current password' }] : []),
      ...newPasswordIssues(password, confirm),
    ];
    if (issues.length > 0) {
      form.failIssues(issues);
      setConfirm('');
      return;
    }
    const body = passwordChangeSchema.parse({ currentPassword: current, newPassword: password });
    change.mutate(body, {
      onSuccess: () => {
        form.clear();
        setCurrent('');
        setPassword('');
        setConfirm('');
        setChanged((n) => n + 1);
      },
      onError: (error) => {
        setCurrent('');
        // The API names the new password `newPassword`; the form's field is `password`.
        if (isProblem(error, 422)) {
          form.failIssues(
            error.errors.map((e) => ({
              path: [e.field === 'newPassword' ? 'password' : (e.field ?? '')],
              message: e.message,
            })),
          );
        } else form.failProblem(error);
      },
    });
  };
  return (
    <>
      {form.summary}
      {changed > 0 ? (
        <NotificationBanner type="success" heading="Your password has been changed" focusKey={changed}>
          <p className="govuk-body">
            You are still signed in here, and have been signed out everywhere else. We have emailed you to say so.
          </p>
        </NotificationBanner>
      ) : null}
      <h2 className="govuk-heading-m" id="password-heading">
        Change your password
      </h2>
      <form onSubmit={onSubmit} noValidate aria-labelledby="password-heading">
        <TextField
          id="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          width="govuk-!-width-two-thirds"
          value={current}
          error={form.errors.currentPassword}
          onChange={setCurrent}
        />
        <NewPasswordFields
          email={user.email}
          label="New password"
          password={password}
          confirm={confirm}
          errors={form.errors}
          onPassword={setPassword}
          onConfirm={setConfirm}
        />
        <button type="submit" className="govuk-button" disabled={change.isPending} aria-disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change the password'}
        </button>
      </form>
    </>
  );
}

function TokenRow({ token }: { readonly token: ApiToken }) {
  const revoke = useRevokeApiToken();
  return (
    <tr className="govuk-table__row">
      <th scope="row" className="govuk-table__header app-break-words">
        {token.name}
      </th>
      <td className="govuk-table__cell">{formatDateTime(token.createdAt)}</td>
      <td className="govuk-table__cell">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
      <td className="govuk-table__cell">
        {token.revokedAt ? (
          `Revoked ${formatDateTime(token.revokedAt)}`
        ) : (
          <>
            <button
              type="button"
              className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(token.id)}
            >
              Revoke<span className="govuk-visually-hidden"> the token {token.name}</span>
            </button>
            {revoke.isError ? (
              <p className="govuk-error-message" role="alert">
                <span className="govuk-visually-hidden">Error:</span> {problemText(revoke.error)}
              </p>
            ) : null}
          </>
        )}
      </td>
    </tr>
  );
}

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

const TOKEN_FIELDS = ['name'] as const;

function ApiTokens() {
  const tokens = useQuery(apiTokensQuery());
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const form = useFormErrors(TOKEN_FIELDS, 'token-');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    if (name.trim() === '') {
      form.failIssues([{ path: ['name'], message: 'Give the token a name' }]);
      return;
    }
    create.mutate(name.trim(), {
      onSuccess: () => {
        form.clear();
        setName('');
      },
      onError: form.failProblem,
    });
  };
  const list = tokens.data ?? [];
  return (
    <>
      <h2 className="govuk-heading-m" id="tokens-heading">
        API tokens
      </h2>
      <p className="govuk-body">
        A personal API token lets a script of yours use the exchange's API as you, with your role and your authority's
        or region's data, without your password. Give each script its own token, and revoke any you no longer use or do
        not recognise.
      </p>
      {create.isSuccess ? <NewToken created={create.data} /> : null}
      {form.summary}
      {tokens.isPending ? <Loading /> : null}
      {tokens.isError ? (
        <p className="govuk-body">Your tokens could not be shown: {problemText(tokens.error)}</p>
      ) : null}
      {tokens.isSuccess && list.length === 0 ? <p className="govuk-body">You have no API tokens.</p> : null}
      {list.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Your API tokens</caption>
          <TableHead columns={['Name', 'Created', 'Last used', 'Status']} />
          <tbody className="govuk-table__body">
            {list.map((token) => (
              <TokenRow key={token.id} token={token} />
            ))}
          </tbody>
        </table>
      ) : null}
      <form onSubmit={onSubmit} noValidate aria-labelledby="tokens-heading">
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
    </>
  );
}

export function AccountPage() {
  const user = useUser();
  usePageTitle('Your account');
  const scope = user.authorityName ?? (user.role === 'regional_lead' ? user.regionName : null);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your account</h1>
        <dl className="govuk-summary-list">
          {[
            ['Name', user.name],
            ['Email address', user.email],
            ['Role', `${ROLE_LABELS[user.role]}${scope ? ` for ${scope}` : ''}`],
          ].map(([key, value]) => (
            <div className="govuk-summary-list__row" key={key}>
              <dt className="govuk-summary-list__key">{key}</dt>
              <dd className="govuk-summary-list__value app-break-words">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="govuk-body">To change your name, email address or role, ask your administrator.</p>
        <ChangePassword />
        <ApiTokens />
      </div>
    </div>
  );
}
