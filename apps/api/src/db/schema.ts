/**
 * Drizzle table definitions, matching migrations/*.sql: columns with their types, nullability and
 * defaults, keys and indexes (checked by db.test.ts against the live catalogue on both databases).
 * The values of the enumerated columns are the wire's lists, declared once in
 * `@csc-workforce/schemas/constants`.
 */
import {
  AGENCY_ROLE_TYPES,
  GEOGRAPHIC_LEVELS,
  MAIL_KIND_VALUES,
  MAIL_STATUSES,
  NOTE_STATUSES,
  PERIOD_STATUSES,
  PUBLISHED_SYMBOLS,
  RELEASE_REASONS,
  RETURN_STATUSES,
  ROLES,
} from '@csc-workforce/schemas/constants';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
});

export const authorities = pgTable(
  'authorities',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    oldLaCode: text('old_la_code'),
    retiredAt: ts('retired_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    /**
     * The code in use now when it is not `code` (migration 0013): `code` stays the authority's key, its
     * codes since are DfE's confirmed (authority_dfe_codes), this the newest one a release in force uses.
     */
    currentCode: text('current_code'),
  },
  (t) => [
    index('authorities_region_idx').on(t.regionCode),
    uniqueIndex('authorities_current_code_idx').on(t.currentCode),
  ],
);

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  authorityCode: text('authority_code').references(() => authorities.code),
  regionCode: text('region_code').references(() => regions.code),
  passwordHash: text('password_hash'),
  active: boolean('active').notNull().default(true),
  demo: boolean('demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  deactivatedAt: ts('deactivated_at'),
});

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('login_failures_key_idx').on(t.key, t.at)],
);

export const periods = pgTable('periods', {
  id: text('id').primaryKey(),
  status: text('status', { enum: PERIOD_STATUSES }).notNull().default('closed'),
  dueDate: date('due_date', { mode: 'string' }),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const returns = pgTable(
  'returns',
  {
    authorityCode: text('authority_code')
      .notNull()
      .references(() => authorities.code),
    periodId: text('period_id')
      .notNull()
      .references(() => periods.id),
    status: text('status', { enum: RETURN_STATUSES }).notNull(),
    version: integer('version').notNull(),
    returnedReason: text('returned_reason'),
    demo: boolean('demo').notNull().default(false),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.authorityCode, t.periodId] }), index('returns_period_idx').on(t.periodId, t.status)],
);

export const returnRevisions = pgTable(
  'return_revisions',
  {
    authorityCode: text('authority_code').notNull(),
    periodId: text('period_id').notNull(),
    revision: integer('revision').notNull(),
    status: text('status', { enum: RETURN_STATUSES }).notNull(),
    figures: jsonb('figures').$type<Record<string, number | null>>().notNull(),
    comment: text('comment'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.authorityCode, t.periodId, t.revision] })],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    userId: text('user_id').references(() => users.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId)],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

export const publishedReleases = pgTable('published_releases', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  source: text('source').notNull(),
  firstYear: integer('first_year').notNull(),
  lastYear: integer('last_year').notNull(),
  rows: integer('rows').notNull(),
  loadedAt: ts('loaded_at').notNull().defaultNow(),
  loadedBy: text('loaded_by').references(() => users.id),
  /** When an admin withdrew it: its figures are kept, and nothing reads them. */
  withdrawnAt: ts('withdrawn_at'),
  withdrawnBy: text('withdrawn_by').references(() => users.id),
});

/** A statistical-neighbour model of DfE's (migration 0012): one file as published. */
export const neighbourModels = pgTable('neighbour_models', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  source: text('source').notNull(),
  rows: integer('rows').notNull(),
  loadedAt: ts('loaded_at').notNull(),
  loadedBy: text('loaded_by').references(() => users.id),
  /** When an admin put it in force (migration 0014); the model in force is the one chosen last. */
  inForceSince: ts('in_force_since'),
  chosenBy: text('chosen_by').references(() => users.id),
});

/** An authority's neighbour in a model, by DfE's LA numbers, nearest first. */
export const neighbourPairs = pgTable(
  'neighbour_pairs',
  {
    modelId: text('model_id')
      .notNull()
      .references(() => neighbourModels.id, { onDelete: 'cascade' }),
    laNumber: text('la_number').notNull(),
    rank: integer('rank').notNull(),
    neighbourLaNumber: text('neighbour_la_number').notNull(),
    closeness: text('closeness'),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.laNumber, t.rank] })],
);

/** An authority's target for a metric (migration 0011): one per authority and metric. */
export const metricTargets = pgTable(
  'metric_targets',
  {
    authorityCode: text('authority_code')
      .notNull()
      .references(() => authorities.code),
    metric: text('metric').notNull(),
    value: numeric('value', { mode: 'number' }).notNull(),
    byPeriod: text('by_period').notNull(),
    note: text('note'),
    setAt: ts('set_at').notNull(),
    setBy: text('set_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.authorityCode, t.metric] })],
);

/** The codes DfE's files give an authority where they differ from the exchange's (migration 0010). */
export const authorityDfeCodes = pgTable(
  'authority_dfe_codes',
  {
    code: text('code').primaryKey(),
    authorityCode: text('authority_code')
      .notNull()
      .references(() => authorities.code),
    /** The first census year DfE published under the code. */
    firstYear: integer('first_year').notNull(),
    confirmedAt: ts('confirmed_at').notNull(),
    confirmedBy: text('confirmed_by').references(() => users.id),
  },
  (t) => [index('authority_dfe_codes_authority_idx').on(t.authorityCode)],
);

export const publishedFigures = pgTable(
  'published_figures',
  {
    releaseId: text('release_id')
      .notNull()
      .references(() => publishedReleases.id, { onDelete: 'cascade' }),
    timePeriod: integer('time_period').notNull(),
    geographicLevel: text('geographic_level', { enum: GEOGRAPHIC_LEVELS }).notNull(),
    areaCode: text('area_code').notNull(),
    oldLaCode: text('old_la_code'),
    areaName: text('area_name').notNull(),
    measure: text('measure').notNull(),
    value: numeric('value', { mode: 'number' }),
    symbol: text('symbol', { enum: PUBLISHED_SYMBOLS }),
  },
  (t) => [
    primaryKey({ columns: [t.releaseId, t.timePeriod, t.areaCode, t.measure] }),
    index('published_figures_area_idx').on(t.releaseId, t.areaCode, t.measure),
    index('published_figures_measure_idx').on(t.releaseId, t.measure, t.timePeriod),
  ],
);

export const collectionRounds = pgTable(
  'collection_rounds',
  {
    periodId: text('period_id')
      .notNull()
      .references(() => periods.id, { onDelete: 'cascade' }),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    status: text('status', { enum: PERIOD_STATUSES }).notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.regionCode] })],
);

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: ts('created_at').notNull().defaultNow(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    kind: text('kind', { enum: MAIL_KIND_VALUES }).notNull(),
    entityId: text('entity_id'),
    status: text('status', { enum: MAIL_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
  },
  (t) => [index('outbox_due').on(t.nextAttemptAt).where(sql`status IN ('queued', 'sending')`)],
);

export const invitations = pgTable(
  'invitations',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by').references(() => users.id),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('invitations_user').on(t.userId)],
);
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('password_resets_user').on(t.userId)],
);

/** PostgreSQL's full-text search document; written by the database only (a generated column). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const practiceNotes = pgTable(
  'practice_notes',
  {
    id: text('id').primaryKey(),
    authorityCode: text('authority_code')
      .notNull()
      .references(() => authorities.code),
    status: text('status', { enum: NOTE_STATUSES }).notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    body: text('body').notNull(),
    bodyText: text('body_text').notNull(),
    themes: text('themes').array().notNull(),
    authorName: text('author_name').notNull(),
    authorRole: text('author_role').notNull(),
    contactEmail: text('contact_email'),
    archivedReason: text('archived_reason'),
    demo: boolean('demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by').references(() => users.id),
    publishedAt: ts('published_at'),
    archivedAt: ts('archived_at'),
    archivedBy: text('archived_by').references(() => users.id),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', translate(title, E'\uE000\uE001', '')), 'A') || setweight(to_tsvector('english', translate(summary, E'\uE000\uE001', '')), 'B') || setweight(to_tsvector('english', translate(body_text, E'\uE000\uE001', '')), 'C')`,
    ),
  },
  (t) => [
    index('practice_notes_search_idx').using('gin', t.search),
    index('practice_notes_themes_idx').using('gin', t.themes),
    index('practice_notes_authority_idx').on(t.authorityCode, t.status),
    index('practice_notes_published_idx').on(t.status, t.publishedAt.desc().nullsFirst()),
  ],
);

export const practiceNoteMetrics = pgTable(
  'practice_note_metrics',
  {
    noteId: text('note_id')
      .notNull()
      .references(() => practiceNotes.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    fromPeriod: text('from_period').notNull(),
    toPeriod: text('to_period'),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.metric] }), index('practice_note_metrics_metric_idx').on(t.metric)],
);

export const practiceNoteRevisions = pgTable(
  'practice_note_revisions',
  {
    noteId: text('note_id')
      .notNull()
      .references(() => practiceNotes.id),
    revision: integer('revision').notNull(),
    status: text('status', { enum: NOTE_STATUSES }).notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    reason: text('reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.revision] })],
);

/** A comparison release: an immutable, dated snapshot of a period's counted returns (migration 0009). */
export const comparisonReleases = pgTable(
  'comparison_releases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    periodId: text('period_id')
      .notNull()
      .references(() => periods.id),
    sequence: integer('sequence').notNull(),
    releasedAt: ts('released_at').notNull(),
    reason: text('reason', { enum: RELEASE_REASONS }).notNull(),
    releasedBy: text('released_by').references(() => users.id),
    returns: integer('returns').notNull(),
    changed: integer('changed'),
  },
  (t) => [unique().on(t.periodId, t.sequence)],
);

/** What a release counted: each return's revision, for the period and the quarters its metrics read. */
export const comparisonReleaseReturns = pgTable(
  'comparison_release_returns',
  {
    releaseId: bigint('release_id', { mode: 'number' })
      .notNull()
      .references(() => comparisonReleases.id),
    authorityCode: text('authority_code').notNull(),
    periodId: text('period_id').notNull(),
    revision: integer('revision').notNull(),
    regionCode: text('region_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.authorityCode, t.periodId] })],
);

/** An authority's agency annex for a period (migration 0015): its latest revision is its version. */
export const agencyAnnexes = pgTable(
  'agency_annexes',
  {
    authorityCode: text('authority_code')
      .notNull()
      .references(() => authorities.code),
    periodId: text('period_id')
      .notNull()
      .references(() => periods.id),
    version: integer('version').notNull(),
    demo: boolean('demo').notNull().default(false),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.authorityCode, t.periodId] })],
);

/** Every save of an annex (never overwritten). */
export const agencyAnnexRevisions = pgTable(
  'agency_annex_revisions',
  {
    authorityCode: text('authority_code').notNull(),
    periodId: text('period_id').notNull(),
    revision: integer('revision').notNull(),
    action: text('action', { enum: ['save', 'import'] }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.authorityCode, t.periodId, t.revision] })],
);

/** The assignments of an annex revision, one row each; the registration number is removed after its retention. */
export const agencyAssignments = pgTable(
  'agency_assignments',
  {
    authorityCode: text('authority_code').notNull(),
    periodId: text('period_id').notNull(),
    revision: integer('revision').notNull(),
    line: integer('line').notNull(),
    roleType: text('role_type', { enum: AGENCY_ROLE_TYPES }).notNull(),
    hourlyRate: numeric('hourly_rate', { mode: 'number' }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    registrationNumber: text('registration_number'),
    registrationRemovedAt: ts('registration_removed_at'),
    pqeYears: numeric('pqe_years', { mode: 'number' }).notNull(),
    referencesReceived: integer('references_received').notNull(),
    projectTeam: boolean('project_team').notNull(),
    projectTeamApproved: boolean('project_team_approved').notNull(),
    coolOff: boolean('cool_off').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.authorityCode, t.periodId, t.revision, t.line] }),
    index('agency_assignments_registration_idx').on(t.endDate).where(sql`registration_number IS NOT NULL`),
  ],
);

/** A region's price caps per role type, with the date each takes effect (history kept: rows are never changed). */
export const agencyCaps = pgTable(
  'agency_caps',
  {
    id: serial('id').primaryKey(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    roleType: text('role_type', { enum: AGENCY_ROLE_TYPES }).notNull(),
    hourlyCap: numeric('hourly_cap', { mode: 'number' }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    setAt: ts('set_at').notNull().defaultNow(),
    setBy: text('set_by').references(() => users.id),
  },
  (t) => [index('agency_caps_region_idx').on(t.regionCode, t.roleType, t.effectiveFrom)],
);
