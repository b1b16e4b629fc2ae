/**
 * /admin/users/$id: one user, their standing and invitation; change their name, role and scope;
 * deactivate or reactivate them, or send a new invitation link. An admin's own role and access are
 * for another admin to change.
 */
import { type AdminUser, isAuthorityRole, ROLE_LABELS, userChangeSchema } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { regionsQuery, useChangeUser, userQuery, useUserAction } from '../../api/admin';
import { authoritiesQuery } from '../../api/queries';
import { useFormErrors } from '../../components/FormErrors';
import { TextField } from '../../components/FormFields';
import { type Outcome, useOutcome } from '../../components/Outcome';
import { type ScopeField, ScopeFields, type ScopeValues, scopeToSend } from '../../components/ScopeFields';
import { UserStatusTag } from '../../components/UserStatusTag';
import { WarningText } from '../../components/WarningText';
import { formatDateTime } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';
import { useUser } from '../../session';

const route = getRouteApi('/signed-in/admin/users/$id');

type Field = 'name' | ScopeField;
const FIELDS: readonly Field[] = ['name', 'role', 'authorityCode', 'regionCode'];

const INVITATION_TEXT = {
  pending: 'Waiting to be accepted',
  expired: 'The link has expired',
  used: 'Accepted',
  withdrawn: 'The link was withdrawn',
} as const;

function Row({ label, children }: { readonly label: string; readonly children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

function Summary({ user }: { readonly user: AdminUser }) {
  return (
    <dl className="govuk-summary-list">
      <Row label="E-mail address">
        <span className="app-break-words">{user.email}</span>
      </Row>
      <Row label="Role">{ROLE_LABELS[user.role]}</Row>
      {user.authorityName ? <Row label="Local authority">{user.authorityName}</Row> : null}
      {user.regionName ? <Row label="Region">{user.regionName}</Row> : null}
      <Row label="Status">
        <UserStatusTag status={user.status} />
        {user.deactivatedAt ? ` since ${formatDateTime(user.deactivatedAt)}` : ''}
      </Row>
      <Row label="Last signed in">{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never'}</Row>
      {user.invitation ? (
        <Row label="Invitation">
          {INVITATION_TEXT[user.invitation.state]}: sent {formatDateTime(user.invitation.sentAt)}
          {user.invitation.state === 'pending' ? `, works until ${formatDateTime(user.invitation.expiresAt)}` : ''}
        </Row>
      ) : null}
      <Row label="API tokens in use">{user.activeTokens}</Row>
      <Row label="Added">{formatDateTime(user.createdAt)}</Row>
    </dl>
  );
}

/** The success banner of what was just done. */
const DONE_TEXT = {
  invited: 'Invitation sent',
  changed: 'Changes saved',
  deactivate: 'User deactivated',
  reactivate: 'User reactivated',
  invitation: 'New invitation link sent',
} as const;
type Done = keyof typeof DONE_TEXT;

function doneDetail(done: Done, user: AdminUser): string {
  if (done === 'invited' || done === 'invitation') {
    return `${user.name} has been e-mailed a link to choose a password. The e-mail is in the outbox.`;
  }
  if (done === 'deactivate') return `${user.name} can no longer sign in; their sessions and API tokens have ended.`;
  if (done === 'reactivate') {
    return user.status === 'active'
      ? `${user.name} can sign in again with their password.`
      : `${user.name} has not yet chosen a password: send them a new invitation link.`;
  }
  return `${user.name}'s changes apply from their next page or request.`;
}

function ChangeForm({
  user,
  own,
  onSaved,
}: {
  readonly user: AdminUser;
  readonly own: boolean;
  readonly onSaved: () => void;
}) {
  const authorities = useSuspenseQuery(authoritiesQuery()).data;
  const regions = useSuspenseQuery(regionsQuery()).data;
  const change = useChangeUser(user.id);
  const [name, setName] = useState(user.name);
  const [scope, setScope] = useState<ScopeValues>({
    role: user.role,
    authorityCode: isAuthorityRole(user.role) ? (user.authorityCode ?? '') : '',
    regionCode: user.role === 'regional_lead' ? (user.regionCode ?? '') : '',
  });
  const form = useFormErrors(FIELDS, 'change-');
  const { errors } = form;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const body = own ? { name } : { name, ...scopeToSend(scope) };
    const checked = form.check(userChangeSchema.safeParse(body));
    if (checked) change.mutate(checked, form.handlers(onSaved));
  };
  return (
    <>
      {form.summary}
      <form onSubmit={onSubmit} noValidate>
        <h2 className="govuk-heading-m">Name, role and scope</h2>
        <TextField
          id="change-name"
          label="Full name"
          autoComplete="off"
          spellCheck={false}
          width="govuk-!-width-two-thirds"
          value={name}
          error={errors.name}
          onChange={setName}
        />
        {own ? (
          <div className="govuk-inset-text">
            This is your own account: another administrator can change your role, or deactivate you.
          </div>
        ) : (
          <ScopeFields
            idPrefix="change-"
            legend="Role"
            values={scope}
            onChange={setScope}
            errors={errors}
            authorities={authorities}
            regions={regions}
          />
        )}
        <button type="submit" className="govuk-button" disabled={change.isPending} aria-disabled={change.isPending}>
          Save changes
        </button>
      </form>
    </>
  );
}

function Access({ user, outcome }: { readonly user: AdminUser; readonly outcome: Outcome<Done> }) {
  const action = useUserAction(user.id);
  const run = (what: 'deactivate' | 'reactivate' | 'invitation') => {
    if (action.isPending) return;
    action.mutate(what, { onSuccess: () => outcome.succeed(what), onError: outcome.fail });
  };
  const button = (what: 'deactivate' | 'reactivate' | 'invitation', text: string, kind = '') => (
    <button
      type="button"
      className={`govuk-button${kind}`}
      disabled={action.isPending}
      aria-disabled={action.isPending}
      onClick={() => run(what)}
    >
      {text}
    </button>
  );
  return (
    <>
      <h2 className="govuk-heading-m">Access</h2>
      {user.status === 'deactivated' ? (
        <>
          <p className="govuk-body">{user.name} cannot sign in.</p>
          {button('reactivate', 'Reactivate')}
        </>
      ) : (
        <>
          {user.status === 'invited' ? (
            <>
              <p className="govuk-body">
                {user.name} has not yet chosen a password. A new link replaces the one sent before.
              </p>
              {button('invitation', 'Send a new invitation link', ' govuk-button--secondary')}
            </>
          ) : null}
          <WarningText>
            Deactivating ends {user.name}'s sessions and API tokens at once
            {user.status === 'invited' ? ', and withdraws their invitation' : ''}.
          </WarningText>
          {button('deactivate', 'Deactivate', ' govuk-button--warning')}
        </>
      )}
    </>
  );
}

export function UserPage() {
  const { id } = route.useParams();
  const search = route.useSearch();
  const user = useSuspenseQuery(userQuery(id)).data;
  const me = useUser();
  const own = me.id === user.id;
  const outcome = useOutcome<Done>(search.done);
  usePageTitle(user.name, { error: outcome.failed });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/users" className="govuk-back-link">
          Back to users
        </Link>
        {outcome.render((done) => ({ heading: DONE_TEXT[done], body: doneDetail(done, user) }))}
        <span className="govuk-caption-l">{ROLE_LABELS[user.role]}</span>
        <h1 className="govuk-heading-l app-break-words">{user.name}</h1>
        <Summary user={user} />
        {user.status === 'invited' ? (
          <p className="govuk-body">
            <Link to="/admin/outbox" search={{ kind: 'invitation' }} className="govuk-link">
              Read the invitation e-mails in the outbox
            </Link>
          </p>
        ) : null}
        <ChangeForm user={user} own={own} onSaved={() => outcome.succeed('changed')} />
        {own ? null : <Access user={user} outcome={outcome} />}
      </div>
    </div>
  );
}
