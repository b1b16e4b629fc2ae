/**
 * /admin/users/invite: invite a person by e-mail with a role and its scope. They get a one-time link
 * (kept in the outbox when the exchange sends no e-mail) to choose a password.
 */
import { inviteUserSchema } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { regionsQuery, useInviteUser } from '../../api/admin';
import { authoritiesQuery } from '../../api/queries';
import { useFormErrors } from '../../components/FormErrors';
import { TextField } from '../../components/FormFields';
import { type ScopeField, ScopeFields, type ScopeValues, scopeToSend } from '../../components/ScopeFields';
import { usePageTitle } from '../../lib/usePageTitle';

type Field = 'email' | 'name' | ScopeField;
const FIELDS: readonly Field[] = ['email', 'name', 'role', 'authorityCode', 'regionCode'];

export function InviteUserPage() {
  const authorities = useSuspenseQuery(authoritiesQuery()).data;
  const regions = useSuspenseQuery(regionsQuery()).data;
  const invite = useInviteUser();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ScopeValues>({ role: '', authorityCode: '', regionCode: '' });
  const form = useFormErrors(FIELDS);
  const { errors } = form;
  usePageTitle('Invite a user', { error: form.failed });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (invite.isPending) return;
    const body = { email, name, ...scopeToSend(scope) };
    const checked = form.check(
      inviteUserSchema.safeParse(body),
      scope.role ? {} : { role: 'Choose the role of the user' },
    );
    if (!checked) return;
    invite.mutate(
      checked,
      form.handlers(
        (user) => void navigate({ to: '/admin/users/$id', params: { id: user.id }, search: { done: 'invited' } }),
      ),
    );
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/users" className="govuk-back-link">
          Back to users
        </Link>
        {form.summary}
        <h1 className="govuk-heading-l">Invite a user</h1>
        <p className="govuk-body">
          They will get an e-mail with a link to choose a password. The link works once, for 7 days.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <TextField
            id="email"
            label="E-mail address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            width="govuk-!-width-two-thirds"
            value={email}
            error={errors.email}
            onChange={setEmail}
          />
          <TextField
            id="name"
            label="Full name"
            autoComplete="off"
            spellCheck={false}
            width="govuk-!-width-two-thirds"
            value={name}
            error={errors.name}
            onChange={setName}
          />
          <ScopeFields
            idPrefix=""
            legend="Role"
            values={scope}
            onChange={setScope}
            errors={errors}
            authorities={authorities}
            regions={regions}
          />
          <button type="submit" className="govuk-button" disabled={invite.isPending} aria-disabled={invite.isPending}>
            {invite.isPending ? 'Sending…' : 'Send the invitation'}
          </button>
        </form>
      </div>
    </div>
  );
}
