/**
 * Administration on the wire: users and their invitations, authorities, the outbox of e-mails and the
 * audit log (`/api/users`, `/api/invitations`, `/api/authorities`, `/api/outbox`, `/api/audit`). The
 * API documents and tests its answers with these schemas; the portal checks its forms with the same
 * rules and reads the answers as these types.
 *
 * @module
 */
import { z } from 'zod';
import { INVITATION_STATES, MAIL_KIND_VALUES, MAIL_STATUSES, USER_STATUSES } from './constants.js';
import { authorityCodeSchema, authorityCodeSpanSchema, regionCodeSchema, roleSchema } from './reference.js';
import { safeText } from './text.js';

/** The fewest characters of a new password (NCSC: length, not composition rules). */
export const PASSWORD_MIN_LENGTH = 12;
/** The most characters of a password: what the sign-in form accepts. */
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * A new password: 12 to 1,024 characters, not all white space, no control characters. Any characters
 * count (pass phrases welcome); there are no composition rules, as NCSC advises.
 *
 * @example
 * newPasswordSchema.safeParse('correct horse battery staple').success; // true
 * newPasswordSchema.safeParse('short').success; // false
 */
export const newPasswordSchema = z
  .string({ error: 'Enter a password' })
  .min(1, { error: 'Enter a password', abort: true })
  .min(PASSWORD_MIN_LENGTH, {
    error: `The password must be ${PASSWORD_MIN_LENGTH} characters or more`,
    abort: true,
  })
  .max(PASSWORD_MAX_LENGTH, {
    error: `The password must be ${PASSWORD_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`,
    abort: true,
  })
  .refine((v) => v.trim().length >= PASSWORD_MIN_LENGTH, {
    error: `The password must have ${PASSWORD_MIN_LENGTH} characters or more besides spaces`,
    abort: true,
  })
  .refine(safeText.check, { error: safeText.message('The password') });

/**
 * The secret of an invitation link (`/invitation#<token>`): 43 URL-safe characters (256 random bits).
 * Anything else cannot be a token and is refused before any look-up.
 */
export const invitationTokenSchema = z
  .string({ error: 'The invitation link is incomplete: open the whole link from the e-mail' })
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: 'The invitation link is incomplete: open the whole link from the e-mail' });

/** A user's standing. */
export const userStatusSchema = z.enum(USER_STATUSES, { error: `Choose a status: ${USER_STATUSES.join(', ')}` });

/** How long an invitation link works, in days. */
export const INVITATION_DAYS = 7;

const isoDateTime = z.string().describe('ISO 8601 date and time');

/** A user as an admin sees them. */
export const adminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    authorityCode: z.string().nullable(),
    authorityName: z.string().nullable(),
    regionCode: z.string().nullable().describe("A lead's region, or the region of an authority user's authority"),
    regionName: z.string().nullable(),
    status: userStatusSchema,
    demo: z.boolean().describe('A user of the demonstration'),
    createdAt: isoDateTime,
    deactivatedAt: isoDateTime.nullable(),
    lastSignInAt: isoDateTime.nullable(),
    activeTokens: z.int().describe('Personal API tokens not revoked'),
    invitation: z
      .object({
        sentAt: isoDateTime,
        expiresAt: isoDateTime,
        state: z.enum(INVITATION_STATES),
      })
      .nullable()
      .describe('The latest invitation link, if the user was invited'),
  })
  .meta({ id: 'AdminUser' });

/** A user as an admin sees them. */
export type AdminUser = z.infer<typeof adminUserSchema>;

/** One page of a long list, newest or by name first, with how many there are in all. */
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.int().describe('How many match the filters, on every page'),
    page: z.int().describe('This page, from 1'),
    pageSize: z.int(),
  });

/** A page of users, by name. */
export const userPageSchema = pageOf(adminUserSchema).meta({ id: 'UserPage' });

/** A page of users. */
export type UserPage = z.infer<typeof userPageSchema>;

/** What an invitation link is for: whom it signs in, as what. Shown before the invitee sets a password. */
export const invitationSchema = z
  .object({
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    authorityName: z.string().nullable(),
    regionName: z.string().nullable(),
    expiresAt: isoDateTime,
  })
  .meta({ id: 'Invitation' });

/** What an invitation link is for. */
export type Invitation = z.infer<typeof invitationSchema>;

/** The body that looks an invitation up. */
export const invitationLookupSchema = z.strictObject({ token: invitationTokenSchema }).meta({ id: 'InvitationLookup' });

/** The body that accepts an invitation: its token and the new password. */
export const invitationAcceptSchema = z
  .strictObject({ token: invitationTokenSchema, password: newPasswordSchema })
  .meta({ id: 'InvitationAccept' });

/** Accepting an invitation. */
export type InvitationAccept = z.infer<typeof invitationAcceptSchema>;

const oldLaCodeSchema = z
  .string()
  .regex(/^\d{3}$/, { error: "Enter DfE's 3-digit code, like 331, or leave it empty" })
  .meta({ description: "DfE's 3-digit local authority code, stable when the ONS code changes", examples: ['331'] });

const authorityNameSchema = z
  .string({ error: 'Enter the name of the authority' })
  .trim()
  .min(1, { error: 'Enter the name of the authority' })
  .max(200, { error: 'The name must be 200 characters or fewer' })
  .refine(safeText.check, { error: safeText.message('The name') });

/** A local authority an admin adds (DESIGN section 3): its ONS code, name and region. */
export const newAuthoritySchema = z
  .strictObject({
    code: authorityCodeSchema,
    name: authorityNameSchema,
    regionCode: regionCodeSchema,
    oldLaCode: oldLaCodeSchema.nullable().optional(),
  })
  .meta({ id: 'NewAuthority' });

/** A local authority to add. */
export type NewAuthority = z.infer<typeof newAuthoritySchema>;

/** What an admin changes of an authority: its name, or whether it is retired. */
export const authorityChangeSchema = z
  .strictObject({
    name: authorityNameSchema.optional(),
    retired: z.boolean({ error: 'Say true to retire the authority, false to bring it back' }).optional(),
  })
  .refine((v) => v.name !== undefined || v.retired !== undefined, { error: 'Change the name or retire the authority' })
  .meta({ id: 'AuthorityChange' });

/** A change to an authority. */
export type AuthorityChange = z.infer<typeof authorityChangeSchema>;

/** An authority as an admin sees it. */
export const adminAuthoritySchema = z
  .object({
    code: z.string(),
    name: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    oldLaCode: z.string().nullable(),
    formerCodes: z
      .array(authorityCodeSpanSchema)
      .describe('The codes it had before its current one (`code`), oldest first, each accepted as its own'),
    retired: z.boolean(),
    retiredAt: isoDateTime.nullable(),
    returns: z.int().describe('Returns the authority has, kept when it is retired'),
    users: z.int().describe('Its users who are not deactivated'),
  })
  .meta({ id: 'AdminAuthority' });

/** An authority as an admin sees it. */
export type AdminAuthority = z.infer<typeof adminAuthoritySchema>;

/** One e-mail of the outbox, with its whole text. */
export const outboxMailSchema = z
  .object({
    id: z.int(),
    createdAt: isoDateTime,
    to: z.string(),
    subject: z.string(),
    body: z.string().describe('The plain text; the secret of an invitation link is withheld once the mail was sent'),
    kind: z.enum(MAIL_KIND_VALUES),
    entityId: z.string().nullable().describe('What the mail is about: a return, a round, a user'),
    status: z.enum(MAIL_STATUSES),
    attempts: z.int(),
    lastError: z.string().nullable(),
    sentAt: isoDateTime.nullable(),
  })
  .meta({ id: 'OutboxMail' });

/** One e-mail of the outbox. */
export type OutboxMail = z.infer<typeof outboxMailSchema>;

/** A page of the outbox, newest first. */
export const outboxPageSchema = pageOf(outboxMailSchema).meta({ id: 'OutboxPage' });

/** A page of the outbox. */
export type OutboxPage = z.infer<typeof outboxPageSchema>;

/** The password-reset link of a mail kept in the outbox, revealed to an admin to pass on. */
export const mailLinkSchema = z.object({ link: z.string() }).meta({ id: 'MailLink' });

/** A revealed password-reset link. */
export type MailLink = z.infer<typeof mailLinkSchema>;

/** One entry of the audit log. */
export const auditEntrySchema = z
  .object({
    id: z.int(),
    at: isoDateTime,
    userId: z.string().nullable(),
    userName: z.string().nullable().describe('Who did it'),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    entityName: z.string().nullable().describe('The name of the user or authority it was done to'),
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

/** One entry of the audit log. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** A page of the audit log, newest first, with the actions and entities the log holds (for filters). */
export const auditPageSchema = pageOf(auditEntrySchema)
  .extend({
    actions: z.array(z.string()).describe('Every action in the log, for a filter'),
    entities: z.array(z.string()).describe('Every kind of entity in the log, for a filter'),
  })
  .meta({ id: 'AuditPage' });

/** A page of the audit log. */
export type AuditPage = z.infer<typeof auditPageSchema>;
