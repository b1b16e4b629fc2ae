/**
 * Signing in on the wire (`/api/auth/…`): the session and its user, the sign-in, and personal API
 * tokens. Changing a password and resetting a forgotten one are in password-reset.ts.
 *
 * @module
 */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './admin.js';
import { emailSchema, roleSchema } from './reference.js';
import { safeText } from './text.js';

/** The signed-in user, with the names of their authority or region. */
export const sessionUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    authorityCode: z.string().nullable(),
    authorityName: z.string().nullable(),
    authorityRetired: z
      .boolean()
      .describe("The user's authority is retired: its returns are kept as they are and cannot be changed"),
    regionCode: z.string().nullable(),
    regionName: z.string().nullable(),
  })
  .meta({ id: 'SessionUser' });

/** The signed-in user. */
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** A session: its user, and the CSRF token its changes carry. */
export const sessionSchema = z
  .object({
    user: sessionUserSchema,
    csrfToken: z.string().describe('Send as the X-CSRF-Token header with every change made with the session cookie'),
  })
  .meta({ id: 'Session' });

/** A session. */
export type Session = z.infer<typeof sessionSchema>;

/**
 * What `GET /api/auth/session` answers: the session, or, for a browser that is not signed in (no
 * session cookie, or one that has ended), no user and no CSRF token: "signed out" is an answer, not
 * an error, so that the sign-in page asks it without a failed request.
 */
export const currentSessionSchema = z
  .union([
    sessionSchema,
    z
      .object({ user: z.null(), csrfToken: z.null() })
      .describe('Not signed in: no session cookie, or its session has ended'),
  ])
  .meta({ id: 'CurrentSession' });

/** The session, or none. */
export type CurrentSession = z.infer<typeof currentSessionSchema>;

/** A sign-in: e-mail address and password. */
export const loginSchema = z
  .strictObject({
    email: emailSchema,
    password: z.string().min(1, 'Enter your password').max(PASSWORD_MAX_LENGTH),
  })
  .meta({ id: 'Login' });

/** A sign-in. */
export type Login = z.infer<typeof loginSchema>;

/** One of the user's personal API tokens (never its secret). */
export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

/** A personal API token. */
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** A personal API token to create: its name. */
export const newApiTokenSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Give the token a name')
    .max(100)
    .refine(safeText.check, { error: safeText.message('The name') }),
});

/** A personal API token to create. */
export type NewApiToken = z.infer<typeof newApiTokenSchema>;

/** A token just created: its secret, shown this once. */
export const createdApiTokenSchema = z
  .intersection(apiTokenSchema, z.object({ token: z.string().describe('The secret: shown this once, never again') }))
  .meta({ id: 'CreatedApiToken' });

/** A token just created. */
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
