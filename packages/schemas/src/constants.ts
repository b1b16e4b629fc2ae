/**
 * `@csc-workforce/schemas/constants`: the lists, labels, code patterns and problem types of the wire
 * as plain values, with no zod, for code that must stay light (the portal's first page) and for the
 * database schema. Each is declared here once; the schemas of the main entry are built from them and
 * the main entry exports them all again.
 *
 * @module
 */
import type { RuleCode } from './rules.js';

// ---------------------------------------------------------------------------------------------
// Roles

/** The roles of DESIGN section 2. */
export const ROLES = ['authority_submitter', 'authority_viewer', 'regional_lead', 'admin'] as const;

/** A user's role. */
export type Role = (typeof ROLES)[number];

/** The name of each role for people. */
export const ROLE_LABELS: { readonly [K in Role]: string } = {
  authority_submitter: 'Authority submitter',
  authority_viewer: 'Authority viewer',
  regional_lead: 'Regional lead',
  admin: 'Administrator',
};

/** The roles whose users belong to one local authority (and need its `authorityCode`). */
export const AUTHORITY_ROLES = ['authority_submitter', 'authority_viewer'] as const satisfies readonly Role[];

/**
 * Whether a role belongs to one local authority.
 *
 * @example
 * isAuthorityRole('authority_viewer'); // true
 * isAuthorityRole('regional_lead'); // false
 * @throws never
 */
export function isAuthorityRole(role: Role): role is (typeof AUTHORITY_ROLES)[number] {
  return role === 'authority_submitter' || role === 'authority_viewer';
}

// ---------------------------------------------------------------------------------------------
// Codes and formats

/**
 * A local authority's ONS code: `E06` (unitary), `E07` (district), `E08` (metropolitan district),
 * `E09` (London borough) or `E10` (county), then 6 digits, such as `E08000026` (Coventry).
 */
export const AUTHORITY_CODE_PATTERN = /^E(?:0[6-9]|10)\d{6}$/;

/**
 * The form of an ONS region code: `E12` then 6 digits. England's regions are the nine of
 * {@link REGIONS}; a path takes any code of this form, so that a region that does not exist answers
 * as one outside the caller's scope does.
 */
export const REGION_CODE_PATTERN = /^E12\d{6}$/;

/**
 * An ONS geography code as DfE's published statistics give it: a capital letter then 8 digits, such
 * as `E92000001` (England), `E12000005` (a region) or `E08000026` (an authority).
 */
export const ONS_CODE_PATTERN = /^[A-Z]\d{8}$/;

/** {@link ONS_CODE_PATTERN} without its anchors, for the patterns of codes put together. */
const ONS_CODE = ONS_CODE_PATTERN.source.slice(1, -1);

/**
 * An area's code in DfE's published statistics: one ONS code, or several joined by " / " as DfE
 * writes them (`E06000061 / E06000062`).
 */
export const AREA_CODE_PATTERN = new RegExp(`^${ONS_CODE}( / ${ONS_CODE})*$`);

/** A change of code an admin confirms when loading a release: DfE's code and the authority's, `E08000038:E08000016`. */
export const ONS_CODE_PAIR_PATTERN = new RegExp(`^${ONS_CODE}:${ONS_CODE}$`);

/**
 * A collection period's id, a financial-year quarter such as `2024-25-Q1` (`isPeriodId` of
 * metrics-core also checks that the two years follow each other).
 */
export const PERIOD_ID_PATTERN = /^\d{4}-\d{2}-Q[1-4]$/;

/** The 9 English regions (ONS codes and names): the regional groups of authorities. */
export const REGIONS = [
  { code: 'E12000001', name: 'North East' },
  { code: 'E12000002', name: 'North West' },
  { code: 'E12000003', name: 'Yorkshire and The Humber' },
  { code: 'E12000004', name: 'East Midlands' },
  { code: 'E12000005', name: 'West Midlands' },
  { code: 'E12000006', name: 'East of England' },
  { code: 'E12000007', name: 'London' },
  { code: 'E12000008', name: 'South East' },
  { code: 'E12000009', name: 'South West' },
] as const;

/** An English region's ONS code: one of {@link REGIONS}. */
export type RegionCode = (typeof REGIONS)[number]['code'];

/** The codes of the 9 English regions, in order. */
export const REGION_CODES = REGIONS.map((region) => region.code) as [RegionCode, ...RegionCode[]];

// ---------------------------------------------------------------------------------------------
// Periods, rounds and returns

/** Whether a period (for every region) or a region's round is open for returns. */
export const PERIOD_STATUSES = ['open', 'closed'] as const;

/** Whether a period or a round is open. */
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

/**
 * The lifecycle of a return: `draft` → `submitted` → `accepted` (locked), or `returned` by the
 * regional lead with a reason and then edited again.
 */
export const RETURN_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;

/** A return's status. */
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** The name of each status for people (the status tag of the portal). */
export const RETURN_STATUS_LABELS: { readonly [K in ReturnStatus]: string } = {
  draft: 'Draft',
  submitted: 'Submitted',
  accepted: 'Accepted',
  returned: 'Sent back',
};

/** What an import did to each return it read: created it, saved a new revision, or left it as it was. */
export const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged'] as const;

/** What an import did to a return. */
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

/**
 * The rules that judge one value on its own (not a number, negative, not whole, too large, a comment
 * too long): even a draft with one of these errors is refused, and an import names its cell.
 */
export const SINGLE_VALUE_RULE_CODES = ['E002', 'E003', 'E004', 'E005', 'E021'] as const satisfies readonly RuleCode[];

/** The rules checked on submit only: a missing figure, and a warning without the comment it needs. */
export const SUBMIT_ONLY_RULE_CODES = ['E001', 'E022'] as const satisfies readonly RuleCode[];

/** Whether a rule judges one value on its own: see {@link SINGLE_VALUE_RULE_CODES}. */
export function isSingleValueRule(code: string): boolean {
  return (SINGLE_VALUE_RULE_CODES as readonly string[]).includes(code);
}

/** Whether a rule is checked on submit only: see {@link SUBMIT_ONLY_RULE_CODES}. */
export function isSubmitOnlyRule(code: string): boolean {
  return (SUBMIT_ONLY_RULE_CODES as readonly string[]).includes(code);
}

// ---------------------------------------------------------------------------------------------
// Comparisons and published statistics

/** Why a comparison release was made. */
export const RELEASE_REASONS = ['collection-closed', 'due-date-passed', 'scheduled', 'admin'] as const;

/** Why a comparison release was made. */
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

/** The geographic levels of DfE's published statistics. */
export const GEOGRAPHIC_LEVELS = ['National', 'Regional', 'Local authority'] as const;

/** A geographic level of DfE's published statistics. */
export type GeographicLevel = (typeof GEOGRAPHIC_LEVELS)[number];

/**
 * What DfE publishes in place of a value: `z` not applicable, `x` not available, `c` confidential,
 * `u` low reliability, `low` rounds to zero.
 */
export const PUBLISHED_SYMBOLS = ['z', 'x', 'c', 'u', 'low'] as const;

/** The closeness bands of DfE's statistical-neighbour models, closest first, in the exchange's words. */
export const NEIGHBOUR_CLOSENESS = ['Extremely close', 'Very close', 'Close', 'Somewhat close', 'Not close'] as const;

/** A closeness band of a statistical neighbour. */
export type NeighbourCloseness = (typeof NEIGHBOUR_CLOSENESS)[number];

/** A symbol in place of a published value. */
export type PublishedSymbol = (typeof PUBLISHED_SYMBOLS)[number];

// ---------------------------------------------------------------------------------------------
// Practice notes

/** The practice themes of the regional groups (DESIGN section 7), in the order they list them. */
export const PRACTICE_THEMES = [
  { id: 'culture-leadership', label: 'Culture and leadership' },
  { id: 'workforce-strategy', label: 'Workforce strategy' },
  { id: 'recruitment-marketing', label: 'Recruitment marketing' },
  {
    id: 'entry-routes',
    label: 'Entry routes',
    hint: 'Grow your own, apprenticeships, Step Up, Frontline, international',
  },
  { id: 'recruitment-process', label: 'Recruitment process' },
  { id: 'recognition', label: 'Recognition' },
  { id: 'pay-benefits', label: 'Pay and benefits' },
  { id: 'terms-flexible-working', label: 'Terms and conditions and flexible working' },
  { id: 'workload-caseloads', label: 'Workload and caseloads' },
  { id: 'supervision-support', label: 'Supervision and support' },
  { id: 'training-progression', label: 'Training and progression' },
  { id: 'asye-early-career', label: 'ASYE and early career' },
  { id: 'agency-reduction', label: 'Agency reduction' },
  { id: 'wellbeing', label: 'Wellbeing' },
] as const satisfies readonly { id: string; label: string; hint?: string }[];

/** A theme's id. */
export type PracticeThemeId = (typeof PRACTICE_THEMES)[number]['id'];

/** The themes' ids, in order. */
export const PRACTICE_THEME_IDS = PRACTICE_THEMES.map((t) => t.id) as [PracticeThemeId, ...PracticeThemeId[]];

/** The label of a theme. */
export function themeLabel(id: string): string {
  return PRACTICE_THEMES.find((t) => t.id === id)?.label ?? id;
}

/** A note's lifecycle: written as a `draft`, `published` for everyone signed in, `archived` (withdrawn or moderated). */
export const NOTE_STATUSES = ['draft', 'published', 'archived'] as const;

/** A note's status. */
export type NoteStatus = (typeof NOTE_STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// The agency annex

/**
 * The role types of agency assignments, as the statutory guidance on agency child and family social
 * workers (in force since 31 October 2024) and the regional price caps name them.
 */
export const AGENCY_ROLE_TYPES = [
  'social-worker',
  'senior-social-worker',
  'advanced-practitioner',
  'team-manager',
  'iro-conference-chair',
] as const;

/** A role type of an agency assignment. */
export type AgencyRoleType = (typeof AGENCY_ROLE_TYPES)[number];

/** The name of each role type for people. */
export const AGENCY_ROLE_LABELS: { readonly [K in AgencyRoleType]: string } = {
  'social-worker': 'Social worker',
  'senior-social-worker': 'Senior social worker',
  'advanced-practitioner': 'Advanced practitioner',
  'team-manager': 'Team manager',
  'iro-conference-chair': 'Independent reviewing officer / conference chair',
};

/** A Social Work England registration number: SW followed by digits. */
export const SWE_REGISTRATION_PATTERN = /^SW\d{1,10}$/;

// ---------------------------------------------------------------------------------------------
// Users, invitations, passwords and e-mail

/** A user's standing: signed in at least once (`active`), invited and not yet, or deactivated by an admin. */
export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const;

/** A user's standing. */
export type UserStatus = (typeof USER_STATUSES)[number];

/** The name of each standing for people. */
export const USER_STATUS_LABELS: { readonly [K in UserStatus]: string } = {
  active: 'Active',
  invited: 'Invited',
  deactivated: 'Deactivated',
};

/** Where an invitation link stands. */
export const INVITATION_STATES = ['pending', 'expired', 'used', 'withdrawn'] as const;

/** Where an invitation link stands. */
export type InvitationState = (typeof INVITATION_STATES)[number];

/**
 * How a password-reset link travels: by e-mail (the exchange has an SMTP server), or through an
 * administrator, who reads the exchange's outbox and passes it on (no SMTP server). Told whatever the
 * address, so that the answer never says whether an account uses it.
 */
export const PASSWORD_RESET_DELIVERIES = ['email', 'administrator'] as const;

/** How a password-reset link travels. */
export type PasswordResetDelivery = (typeof PASSWORD_RESET_DELIVERIES)[number];

/** The kinds of e-mail the exchange sends. */
export const MAIL_KIND_VALUES = [
  'round-opened',
  'reminder',
  'returned',
  'accepted',
  'invitation',
  'password-reset',
  'password-changed',
] as const;

/** A kind of e-mail. */
export type MailKind = (typeof MAIL_KIND_VALUES)[number];

/** Where an e-mail stands: kept for an admin to read (no SMTP server), or on its way. */
export const MAIL_STATUSES = ['kept', 'queued', 'sending', 'sent', 'failed'] as const;

/** Where an e-mail stands. */
export type MailStatus = (typeof MAIL_STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// The service

/** The database the API runs on: the embedded PGlite, or a PostgreSQL server. */
export const DATABASE_KINDS = ['pglite', 'postgres'] as const;

/** The database the API runs on. */
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Errors

/** The media type of a problem-details body. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Every problem type of the API (RFC 9457; relative URIs, resolved against the API's origin).
 * `about:blank` is for problems fully described by their HTTP status.
 */
export const PROBLEM_TYPES = {
  /** The request body or query is not valid (400 or 422): see `errors`. */
  validation: '/problems/validation',
  /** The return cannot be submitted: its errors, or warnings without a comment (422): see `errors`. */
  submission: '/problems/submission-blocked',
  /** The return (or note) was changed by someone else since the version the edit was based on (409). */
  conflict: '/problems/version-conflict',
  /** A CSV/XLSX upload has errors, named by row and column (422): see `errors`. */
  import: '/problems/import',
  /** A return or note is not in a status the action applies to (409). */
  invalidStatus: '/problems/invalid-status',
  /** The period, or the region's round, is closed: its returns cannot be changed (409). */
  periodClosed: '/problems/period-closed',
  /** The authority is retired: its returns are kept as they are (409). */
  authorityRetired: '/problems/authority-retired',
  /** A change made with the session cookie lacks the session's CSRF token (403). */
  csrf: '/problems/csrf',
  /** A release was asked for, and nothing is due to be released (409). */
  nothingToRelease: '/problems/nothing-to-release',
  /** A reminder was asked for, and no return is outstanding (409). */
  nothingToRemind: '/problems/nothing-to-remind',
  /** No invitation has this link (404). */
  invitationUnknown: '/problems/invitation-unknown',
  /** The invitation link has been used (410). */
  invitationUsed: '/problems/invitation-used',
  /** The invitation was withdrawn (410). */
  invitationWithdrawn: '/problems/invitation-withdrawn',
  /** A newer invitation replaced this one (410). */
  invitationSuperseded: '/problems/invitation-superseded',
  /** The invitation link has expired (410). */
  invitationExpired: '/problems/invitation-expired',
  /** No password-reset link is this one (404). */
  passwordResetUnknown: '/problems/password-reset-unknown',
  /** The password-reset link has been used (410). */
  passwordResetUsed: '/problems/password-reset-used',
  /** The account of the password-reset link was deactivated (410). */
  passwordResetAccountDeactivated: '/problems/password-reset-account-deactivated',
  /** The password-reset link was withdrawn (410). */
  passwordResetWithdrawn: '/problems/password-reset-withdrawn',
  /** The password-reset link has expired (410). */
  passwordResetExpired: '/problems/password-reset-expired',
  /** The outbox's password-reset link no longer works: used, withdrawn or expired (410). */
  passwordResetDead: '/problems/password-reset-dead',
  blank: 'about:blank',
} as const;

/** A problem type of the API. */
export type ProblemType = (typeof PROBLEM_TYPES)[keyof typeof PROBLEM_TYPES];
