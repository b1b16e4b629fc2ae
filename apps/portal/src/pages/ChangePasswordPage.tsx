/**
 * /account/password: a signed-in user changes their password, with their current one. Every session
 * of theirs ends (this browser goes on in a new one) and they land on their account page, which says
 * so.
 */
import { passwordChangeSchema } from '@csc-workforce/schemas';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useChangePassword } from '../api/account';
import { isProblem } from '../api/client';
import { useFormErrors } from '../components/FormErrors';
import { TextField } from '../components/FormFields';
import { NewPasswordFields, newPasswordIssues } from '../components/NewPasswordFields';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

const FIELDS = ['currentPassword', 'password', 'confirm'] as const;

/** Issues of the API's body (`newPassword`) as issues of the form's fields (`password`). */
function formIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({
    path: [i.path[0] === 'newPassword' ? 'password' : String(i.path[0] ?? '')],
    message: i.message,
  }));
}

export function ChangePasswordPage() {
  const user = useUser();
  const navigate = useNavigate();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useFormErrors(FIELDS);
  usePageTitle('Change your password', { error: form.failed });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const issues = [
      ...(current === '' ? [{ path: ['currentPassword'], message: 'Enter your current password' }] : []),
      ...newPasswordIssues(password, confirm),
    ];
    const body = passwordChangeSchema.safeParse({ currentPassword: current, newPassword: password });
    if (issues.length > 0 || !body.success) {
      form.failIssues(issues.length > 0 ? issues : formIssues(body.error?.issues ?? []));
      setConfirm('');
      return;
    }
    change.mutate(body.data, {
      onSuccess: () => void navigate({ to: '/account', search: { done: 'password' } }),
      onError: (error) => {
        setCurrent('');
        setConfirm('');
        if (isProblem(error, 422))
          form.failIssues(formIssues(error.errors.map((e) => ({ path: [e.field ?? ''], message: e.message }))));
        else form.failProblem(error);
      },
    });
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/account" className="govuk-back-link">
          Back to your account
        </Link>
        {form.summary}
        <h1 className="govuk-heading-l">Change your password</h1>
        <p className="govuk-body">
          You will stay signed in here, and be signed out everywhere else. Any link to choose a new password that you
          asked for stops working.
        </p>
        <form onSubmit={onSubmit} noValidate>
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
      </div>
    </div>
  );
}
