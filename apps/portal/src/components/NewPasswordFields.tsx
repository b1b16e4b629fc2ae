/**
 * Choosing a password: the password twice, checked with the API's own rule, and a hidden username for
 * password managers. Used by the invitation, password-reset and account pages.
 */
import { newPasswordSchema, PASSWORD_MIN_LENGTH } from '@csc-workforce/schemas';
import { TextField } from './FormFields';

export type NewPasswordField = 'password' | 'confirm';
export const NEW_PASSWORD_FIELDS: readonly NewPasswordField[] = ['password', 'confirm'];

/** What is wrong with a new password and its repetition, as issues by field (none when both are right). */
export function newPasswordIssues(password: string, confirm: string): { path: string[]; message: string }[] {
  const checked = newPasswordSchema.safeParse(password);
  if (!checked.success) return checked.error.issues.map((i) => ({ path: ['password'], message: i.message }));
  return confirm === password
    ? []
    : [{ path: ['confirm'], message: 'Enter the same password twice: the two are different' }];
}

interface Props {
  /** The account's address, for password managers. */
  readonly email: string;
  /** The first field's label (default "Password"). */
  readonly label?: string;
  readonly password: string;
  readonly confirm: string;
  readonly errors: Partial<Record<NewPasswordField, string>>;
  readonly onPassword: (value: string) => void;
  readonly onConfirm: (value: string) => void;
}

export function NewPasswordFields({
  email,
  label = 'Password',
  password,
  confirm,
  errors,
  onPassword,
  onConfirm,
}: Props) {
  return (
    <>
      {/* For password managers: the account the new password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <TextField
        id="password"
        label={label}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few words you will remember make a good password.`}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        width="govuk-!-width-two-thirds"
        value={password}
        error={errors.password}
        onChange={onPassword}
      />
      <TextField
        id="confirm"
        label="Enter the password again"
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        width="govuk-!-width-two-thirds"
        value={confirm}
        error={errors.confirm}
        onChange={onConfirm}
      />
    </>
  );
}
