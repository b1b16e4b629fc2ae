/**
 * Reference data and records on the wire: roles and users, regions and authorities (ONS codes)
 * (DESIGN sections 2 and 3). Periods are in period.ts, returns in return-record.ts.
 *
 * @module
 */
import { z } from 'zod';
import { AUTHORITY_CODE_PATTERN, isAuthorityRole, REGION_CODES, ROLE_LABELS, ROLES, type Role } from './constants.js';
import { safeText } from './text.js';

/** A user's role: `authority_submitter`, `authority_viewer`, `regional_lead` or `admin`. */
export const roleSchema = z.enum(ROLES, {
  error: `Choose a role: ${ROLES.join(', ')}`,
});

/**
 * An English region's ONS code, `E12000001` to `E12000009`: one of {@link REGIONS} (an enum in the
 * OpenAPI document). Typed as a string, as the codes read from the database are.
 */
export const regionCodeSchema: z.ZodType<string, string> = z
  .enum(REGION_CODES, { error: 'Enter a region code from E12000001 to E12000009' })
  .meta({ description: 'ONS code of an English region, such as E12000005 (West Midlands)', examples: ['E12000005'] });

/**
 * A local authority's ONS code: `E06` (unitary), `E07` (district), `E08` (metropolitan district),
 * `E09` (London borough) or `E10` (county), then 6 digits, such as `E08000026` (Coventry).
 */
export const authorityCodeSchema = z
  .string()
  .regex(AUTHORITY_CODE_PATTERN, {
    error: 'Enter a local authority code: E06, E07, E08, E09 or E10 then 6 digits, like E08000026',
  })
  .meta({ description: 'ONS code of a local authority, such as E08000026 (Coventry)', examples: ['E08000026'] });

const nameSchema = z
  .string({ error: 'Enter a name' })
  .trim()
  .min(1, { error: 'Enter a name' })
  .max(200, { error: 'The name must be 200 characters or fewer' })
  .refine(safeText.check, { error: safeText.message('The name') });

/** The largest version (revision number) of a return: PostgreSQL's integer. */
export const MAX_VERSION = 2_147_483_647;

/** One of England's 9 regions (`GET /api/regions`). */
export const regionSchema = z.object({ code: regionCodeSchema, name: nameSchema }).meta({ id: 'Region' });

/** A region. */
export type Region = z.infer<typeof regionSchema>;

/**
 * One of the codes an authority has had (DESIGN section 3): from the date it took effect (the census
 * date of DfE's first figures under it; null when not known) to the date the next one did.
 */
export const authorityCodeSpanSchema = z
  .object({
    code: z.string(),
    from: z.iso.date().nullable().describe('When it took effect; null when not known (its code when first added)'),
    to: z.iso.date().nullable().describe('When the next code took effect; null for the current code'),
  })
  .meta({ id: 'AuthorityCodeSpan' });

/** One of an authority's codes, with its dates. */
export type AuthorityCodeSpan = z.infer<typeof authorityCodeSpanSchema>;

/**
 * A local authority, in one region (`GET /api/authorities`), by its current code; its former codes
 * (a change of ONS code, as Barnsley's E08000016 to E08000038) are listed with their dates, and each is
 * accepted wherever the API takes a code. Retired authorities stay (their returns are kept) with
 * `retired: true`.
 */
export const authoritySchema = z
  .object({
    code: authorityCodeSchema,
    name: nameSchema,
    regionCode: regionCodeSchema,
    retired: z.boolean(),
    formerCodes: z.array(authorityCodeSpanSchema).describe('The codes it had before its current one, oldest first'),
  })
  .meta({ id: 'Authority' });

/** A local authority. */
export type Authority = z.infer<typeof authoritySchema>;

/** A user's id, as the API assigns it. */
export const userIdSchema = z.string().trim().min(1).max(64);

/** An email address, trimmed and lower-cased. */
export const emailSchema = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.gov.uk' }));

export interface ScopedUser {
  readonly role: Role;
  readonly authorityCode?: string | null | undefined;
  readonly regionCode?: string | null | undefined;
}

export interface ScopeProblem {
  readonly path: 'authorityCode' | 'regionCode';
  readonly message: string;
}

/**
 * What is wrong with a user's scope: authority roles have an authority, regional leads a region,
 * admins neither. Empty when the scope fits the role.
 *
 * @example
 * userScopeProblems({ role: 'regional_lead', regionCode: 'E12000005' }); // []
 * userScopeProblems({ role: 'authority_viewer' })[0]?.path; // 'authorityCode'
 * @throws never
 */
export function userScopeProblems(user: ScopedUser): ScopeProblem[] {
  const hasAuthority = user.authorityCode !== undefined && user.authorityCode !== null;
  const hasRegion = user.regionCode !== undefined && user.regionCode !== null;
  const problems: ScopeProblem[] = [];
  const wantsAuthority = isAuthorityRole(user.role);
  const wantsRegion = user.role === 'regional_lead';
  const role = ROLE_LABELS[user.role].toLowerCase();
  if (wantsAuthority && !hasAuthority) {
    problems.push({ path: 'authorityCode', message: `Choose the local authority of this ${role}` });
  }
  if (!wantsAuthority && hasAuthority) {
    problems.push({ path: 'authorityCode', message: 'Leave the authority empty: only authority users belong to one' });
  }
  if (wantsRegion && !hasRegion) {
    problems.push({ path: 'regionCode', message: 'Choose the region of this regional lead' });
  }
  if (!wantsRegion && hasRegion) {
    problems.push({ path: 'regionCode', message: 'Leave the region empty: only regional leads have one' });
  }
  return problems;
}

function refineScope(user: ScopedUser, ctx: { issues: z.core.$ZodRawIssue[] }): void {
  for (const problem of userScopeProblems(user)) {
    ctx.issues.push({ code: 'custom', path: [problem.path], message: problem.message, input: user });
  }
}

const userFields = {
  email: emailSchema,
  name: nameSchema,
  role: roleSchema,
  /** The authority of an authority submitter or viewer. */
  authorityCode: authorityCodeSchema.nullish(),
  /** The region of a regional lead. */
  regionCode: regionCodeSchema.nullish(),
};

/**
 * A user. Authority submitters and viewers have an `authorityCode`, regional leads a `regionCode`,
 * admins neither.
 */
export const userSchema = z.object({ id: userIdSchema, ...userFields, active: z.boolean() }).superRefine(refineScope);

/** A user. */
export type User = z.infer<typeof userSchema>;

/** A user to create (the API assigns the id); unknown keys are refused. `active` defaults to true. */
export const newUserSchema = z
  .strictObject({ ...userFields, active: z.boolean().default(true) })
  .superRefine(refineScope);

/** A user to create. */
export type NewUser = z.infer<typeof newUserSchema>;

/**
 * A user an admin invites: who, with which role and scope. The user gets a one-time link by e-mail to
 * set a password; until then they cannot sign in.
 */
export const inviteUserSchema = z.strictObject(userFields).superRefine(refineScope);

/** A user to invite. */
export type InviteUser = z.infer<typeof inviteUserSchema>;

/**
 * What an admin changes of a user: name, role and scope. The scope is checked against the role the
 * user will have: a new role drops the scope it does not use, and must be given the one it needs.
 */
export const userChangeSchema = z
  .strictObject({
    name: nameSchema.optional(),
    role: roleSchema.optional(),
    authorityCode: authorityCodeSchema.nullable().optional(),
    regionCode: regionCodeSchema.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), {
    error: 'Change the name, the role or the scope',
  });

/** A change to a user. */
export type UserChange = z.infer<typeof userChangeSchema>;
