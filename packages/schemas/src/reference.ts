/**
 * Reference data and records on the wire: roles and users, regions and authorities (ONS codes),
 * collection periods, and the return envelope with its lifecycle status (DESIGN sections 2 to 4).
 *
 * @module
 */
import { isPeriodId, type PeriodId } from '@csc-workforce/metrics-core';
import { z } from 'zod';
import {
  AUTHORITY_CODE_PATTERN,
  isAuthorityRole,
  PERIOD_ID_PATTERN,
  PERIOD_STATUSES,
  REGION_CODES,
  RETURN_STATUSES,
  ROLE_LABELS,
  ROLES,
  type Role,
} from './constants.js';
import { returnFiguresSchema } from './return.js';
import { safeText } from './text.js';

/** A user's role: `authority_submitter`, `authority_viewer`, `regional_lead` or `admin`. */
export const roleSchema = z.enum(ROLES, {
  error: `Choose a role: ${ROLES.join(', ')}`,
});

/** An English region's ONS code, `E12000001` to `E12000009`: one of {@link REGIONS}. */
export const regionCodeSchema = z
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

/** A region. */
export const regionSchema = z.object({ code: regionCodeSchema, name: nameSchema });

/** A region. */
export type Region = z.infer<typeof regionSchema>;

/** A local authority, in one region. Retired authorities stay (their returns are kept) with `active: false`. */
export const authoritySchema = z.object({
  code: authorityCodeSchema,
  name: nameSchema,
  regionCode: regionCodeSchema,
  active: z.boolean(),
});

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

/** A collection period's id, a financial-year quarter such as `2024-25-Q1`. */
export const periodIdSchema = z
  .string({ error: 'Enter a period like 2024-25-Q1' })
  .regex(PERIOD_ID_PATTERN, { error: 'Enter a period like 2024-25-Q1' })
  .refine(isPeriodId, {
    error: 'Enter a period like 2024-25-Q1: the two years must follow each other',
  })
  .meta({ description: 'A financial-year quarter, such as 2024-25-Q1', examples: ['2024-25-Q2'] }) as z.ZodType<
  PeriodId,
  string
>;

/** Whether a period is open for returns. */
export const periodStatusSchema = z.enum(PERIOD_STATUSES);

/** A collection period: one quarter, opened and closed by an admin. */
export const periodSchema = z.object({
  id: periodIdSchema,
  /** For people, such as `2024-25 Q1`. */
  label: z.string().min(1),
  status: periodStatusSchema,
  /** The date returns are due, `YYYY-MM-DD`. */
  dueDate: z.iso.date({ error: 'Enter the due date as YYYY-MM-DD' }),
});

/** A collection period. */
export type CollectionPeriod = z.infer<typeof periodSchema>;

/** A return's status. */
export const returnStatusSchema = z.enum(RETURN_STATUSES);

/** The regional lead's reason for returning a return: trimmed, 1 to 2,000 characters. */
export const returnedReasonSchema = z
  .string({ error: 'Enter the reason for returning it' })
  .trim()
  .min(1, { error: 'Enter the reason for returning it' })
  .max(2000, { error: 'The reason must be 2,000 characters or fewer' })
  .refine(safeText.check, { error: safeText.message('The reason') });

/**
 * One revision of one authority's return for one period. Every save is a new revision with the next
 * `version`; `figures` holds the figures and the comment. A `returned` return carries the lead's reason.
 */
export const returnEnvelopeSchema = z
  .object({
    authorityCode: authorityCodeSchema,
    period: periodIdSchema,
    status: returnStatusSchema,
    /** The revision number, 1 for the first save; the version an edit is based on (optimistic concurrency). */
    version: z.int().min(1).max(MAX_VERSION),
    figures: returnFiguresSchema,
    /** When this revision was saved: ISO date-time with offset. */
    updatedAt: z.iso.datetime({ offset: true }),
    /** The id of the user who saved it. */
    updatedBy: userIdSchema,
    returnedReason: returnedReasonSchema.nullish(),
  })
  .superRefine((envelope, ctx) => {
    if (envelope.status === 'returned' && !envelope.returnedReason) {
      ctx.issues.push({
        code: 'custom',
        path: ['returnedReason'],
        message: 'A returned return needs the reason it was returned',
        input: envelope,
      });
    }
  });

/** One revision of a return. */
export type ReturnEnvelope = z.infer<typeof returnEnvelopeSchema>;

/**
 * The body of a save (a new revision): the figures, and the `version` the edit was based on (0 for a
 * return not saved before), so that a concurrent edit is refused instead of merged.
 */
export const returnUpdateSchema = z.strictObject({
  version: z.int().min(0).max(MAX_VERSION),
  figures: returnFiguresSchema,
});

/** The body of a save. */
export type ReturnUpdate = z.infer<typeof returnUpdateSchema>;

/** The regional lead's decision on a submitted return: accept it, or return it with a reason. */
export const returnReviewSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept'), version: z.int().min(1).max(MAX_VERSION) }),
  z.strictObject({
    decision: z.literal('return'),
    version: z.int().min(1).max(MAX_VERSION),
    reason: returnedReasonSchema,
  }),
]);

/** The regional lead's decision on a submitted return. */
export type ReturnReview = z.infer<typeof returnReviewSchema>;
