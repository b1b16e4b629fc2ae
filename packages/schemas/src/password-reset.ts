/**
 * Passwords on the wire. A signed-in user changes theirs (`/api/auth/password`). A user who has
 * forgotten theirs asks for a link by e-mail address (`/api/password-resets`); the e-mail holds a
 * one-time link (`/reset-password#<token>`) that lets them choose a new one. The API documents its
 * bodies with these schemas; the portal checks its forms with them.
 *
 * @module
 */
import { z } from 'zod';
import { newPasswordSchema } from './admin.js';
import { PASSWORD_RESET_DELIVERIES } from './constants.js';
import { emailSchema } from './reference.js';

/** How long a password-reset link works, in minutes. */
export const PASSWORD_RESET_MINUTES = 60;

/** The body that asks for a password-reset link. */
export const passwordResetRequestSchema = z.strictObject({ email: emailSchema }).meta({ id: 'PasswordResetRequest' });

/** Asking for a password-reset link. */
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;

/** The answer to a request for a link: the same whether or not an account uses the address. */
export const passwordResetRequestedSchema = z
  .object({
    delivery: z.enum(PASSWORD_RESET_DELIVERIES),
    expiresInMinutes: z.int().describe('How long a link works once sent'),
  })
  .meta({ id: 'PasswordResetRequested' });

/** The answer to a request for a link. */
export type PasswordResetRequested = z.infer<typeof passwordResetRequestedSchema>;

/**
 * The secret of a password-reset link (`/reset-password#<token>`): 43 URL-safe characters (256 random
 * bits). Anything else cannot be a token and is refused before any look-up.
 *
 * @example
 * passwordResetTokenSchema.safeParse('x'.repeat(43)).success; // true
 * passwordResetTokenSchema.safeParse('x'.repeat(42)).success; // false
 */
export const passwordResetTokenSchema = z
  .string({ error: 'The link is incomplete: open the whole link from the email' })
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: 'The link is incomplete: open the whole link from the email' });

/** The body that looks a password-reset link up. */
export const passwordResetLookupSchema = z
  .strictObject({ token: passwordResetTokenSchema })
  .meta({ id: 'PasswordResetLookup' });

/** Whose password a link resets, and until when it works: shown before they choose a new one. */
export const passwordResetSchema = z
  .object({
    name: z.string(),
    email: z.string(),
    expiresAt: z.string().describe('ISO 8601 date and time'),
  })
  .meta({ id: 'PasswordReset' });

/** Whose password a link resets. */
export type PasswordReset = z.infer<typeof passwordResetSchema>;

/** The body that sets a new password with a link. */
export const passwordResetCompleteSchema = z
  .strictObject({ token: passwordResetTokenSchema, password: newPasswordSchema })
  .meta({ id: 'PasswordResetComplete' });

/** Setting a new password with a link. */
export type PasswordResetComplete = z.infer<typeof passwordResetCompleteSchema>;

/** The body that changes a signed-in user's password: the current one, and the new one. */
export const passwordChangeSchema = z
  .strictObject({
    currentPassword: z
      .string({ error: 'Enter your current password' })
      .min(1, { error: 'Enter your current password' })
      .max(1024, { error: 'The current password is not right' }),
    newPassword: newPasswordSchema,
  })
  .meta({ id: 'PasswordChange' });

/** Changing a signed-in user's password. */
export type PasswordChange = z.infer<typeof passwordChangeSchema>;
