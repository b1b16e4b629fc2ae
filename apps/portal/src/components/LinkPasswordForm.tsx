/**
 * What the pages of one-time links (an invitation, a password reset) share: why a link does not work,
 * in words for people, as the page's answer; and the form that chooses a password with the link, whose
 * success signs the user in and lands on their home page.
 */
import { useRouter } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { isProblem } from '../api/client';
import { usePageTitle } from '../lib/usePageTitle';
import { FocusedHeading } from './FocusedHeading';
import { useFormErrors } from './FormErrors';
import { NEW_PASSWORD_FIELDS, newPasswordIssues } from './NewPasswordFields';

/** Why a link does not work, in words for people; `incomplete` is the title of a malformed link. */
export function linkRefusal(error: unknown, incomplete: string): { title: string; detail: string | undefined } {
  if (isProblem(error, 422)) {
    return {
      title: incomplete,
      detail: 'Open the whole link from the email: copy all of it into the address bar if it was split over two lines.',
    };
  }
  if (isProblem(error, 429)) return { title: 'Too many links that do not work', detail: error.detail };
  if (isProblem(error, 404) || isProblem(error, 410)) return { title: error.title, detail: error.detail };
  return {
    title: 'Sorry, there is a problem with the service',
    detail: isProblem(error) ? error.detail : 'Try again later.',
  };
}

/** A link that does not work, as the page's answer (focused, titled), then what the user can do. */
export function LinkRefused({
  error,
  incomplete,
  children,
}: {
  readonly error: unknown;
  readonly incomplete: string;
  readonly children?: ReactNode;
}) {
  const { title, detail } = linkRefusal(error, incomplete);
  usePageTitle(title);
  return (
    <>
      <FocusedHeading>{title}</FocusedHeading>
      <p className="govuk-body">{detail}</p>
      {children}
    </>
  );
}

interface SignInMutation {
  readonly isPending: boolean;
  mutate(
    body: { token: string; password: string },
    options: { onSuccess: () => void; onError: (error: unknown) => void },
  ): void;
}

/**
 * The state of a form that chooses a password with a link: the two fields, their errors, and the
 * refusal of a link that stopped working meanwhile (used, replaced, expired), which becomes the page.
 */
export function useLinkPasswordForm(token: string, save: SignInMutation, title: string) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useFormErrors(NEW_PASSWORD_FIELDS);
  const [refused, setRefused] = useState<unknown>(null);
  usePageTitle(title, { error: form.failed, enabled: refused === null });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const issues = newPasswordIssues(password, confirm);
    if (issues.length > 0) {
      form.failIssues(issues);
      setConfirm('');
      return;
    }
    save.mutate(
      { token, password },
      {
        onSuccess: () => void router.navigate({ to: '/', replace: true }),
        onError: (error) => {
          if (isProblem(error, 410) || isProblem(error, 404)) setRefused(error);
          else form.failProblem(error);
        },
      },
    );
  };
  return { password, setPassword, confirm, setConfirm, form, refused, onSubmit };
}
