/**
 * /forgot-password: a user who has forgotten their password asks for a link to choose a new one. The
 * answer is the same whether or not an account uses the address, and says where the link goes: to the
 * address by email, or (an exchange with no SMTP server) to an administrator, who passes it on.
 */
import {
  PASSWORD_RESET_MINUTES,
  type PasswordResetRequested,
  passwordResetRequestSchema,
} from '@csc-workforce/schemas';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useRequestPasswordReset } from '../api/password-resets';
import { FocusedHeading } from '../components/FocusedHeading';
import { useFormErrors } from '../components/FormErrors';
import { TextField } from '../components/FormFields';
import { plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';

const FIELDS = ['email'] as const;

function Asked({ email, answer }: { readonly email: string; readonly answer: PasswordResetRequested }) {
  usePageTitle(answer.delivery === 'email' ? 'Check your email' : 'Ask your administrator for the link');
  const lasts = plural(answer.expiresInMinutes, 'minute');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {answer.delivery === 'email' ? (
          <>
            <FocusedHeading>Check your email</FocusedHeading>
            <p className="govuk-body">
              If an account of the exchange uses <strong className="app-break-words">{email}</strong>, we have sent it a
              link to choose a new password. The link works once, for {lasts}.
            </p>
            <p className="govuk-body">
              Nothing arrived after a few minutes? Check your junk mail folder, check the address and{' '}
              <a href="/forgot-password" className="govuk-link">
                ask again
              </a>
              , or ask your administrator.
            </p>
          </>
        ) : (
          <>
            <FocusedHeading>Ask your administrator for the link</FocusedHeading>
            <p className="govuk-body">
              This exchange does not send email itself. If an account uses{' '}
              <strong className="app-break-words">{email}</strong>, a link to choose a new password is waiting in the
              exchange's outbox: ask your administrator to pass it on to you. The link works once, for {lasts}.
            </p>
          </>
        )}
        <p className="govuk-body">
          Your password stays as it is until you choose a new one.{' '}
          <Link to="/sign-in" className="govuk-link">
            Sign in
          </Link>{' '}
          if you remember it.
        </p>
      </div>
    </div>
  );
}

export function ForgotPasswordPage() {
  const ask = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const form = useFormErrors(FIELDS);
  usePageTitle('Forgotten your password?', { error: form.failed });
  if (ask.isSuccess) return <Asked email={ask.variables} answer={ask.data} />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (ask.isPending) return;
    const body = form.check(passwordResetRequestSchema.safeParse({ email }), {
      ...(email.trim() === '' ? { email: 'Enter your email address' } : {}),
    });
    if (!body) return;
    // A refusal (too many links asked for, 429) says why in its detail.
    ask.mutate(body.email, { onError: form.failProblem });
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {form.summary}
        <h1 className="govuk-heading-l">Forgotten your password?</h1>
        <p className="govuk-body">
          Enter the email address you sign in with. If an account uses it, you will get a link to choose a new password.
          The link works once, for {plural(PASSWORD_RESET_MINUTES, 'minute')}.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <TextField
            id="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            error={form.errors.email}
            onChange={setEmail}
          />
          <button type="submit" className="govuk-button" disabled={ask.isPending} aria-disabled={ask.isPending}>
            {ask.isPending ? 'Sending…' : 'Send me a link'}
          </button>
        </form>
        <p className="govuk-body">
          <Link to="/sign-in" className="govuk-link">
            Back to sign in
          </Link>
        </p>
      </div>
    </div>
  );
}
