/**
 * Practice notes (DESIGN section 7): what an authority tried, in its own words, linked to the metrics
 * that show whether it worked. The themes, the limits, what a note's author sends, and what the API
 * answers: one note, a page of search results, a note's evidence and its revisions.
 *
 * @module
 */
import { comparePeriods, isPeriodId, METRIC_IDS, periodRange } from '@csc-workforce/metrics-core';
import { z } from 'zod';
import { authorityTrendPointSchema, metricInfoSchema } from './comparison.js';
import { NOTE_STATUSES, PRACTICE_THEME_IDS } from './constants.js';
import { periodIdSchema } from './period.js';
import { emailSchema, MAX_VERSION } from './reference.js';
import { safeText } from './text.js';

export const noteStatusSchema = z.enum(NOTE_STATUSES);

/** The limits of a note's fields. */
export const NOTE_LIMITS = {
  title: 150,
  summary: 280,
  body: 20_000,
  person: 200,
  themes: 5,
  metrics: 5,
  /** The longest period range of a linked metric. */
  quarters: 20,
  reason: 1000,
} as const;

/** Trimmed text of 1 to `max` characters, with no control or broken characters. */
function requiredText(label: string, max: number) {
  return z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, { error: `Enter ${label.toLowerCase()}` })
    .max(max, { error: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
    .refine(safeText.check, { error: safeText.message(label) });
}

/**
 * A metric a note links as its evidence: the note's own authority's series of `metric`, from `from`
 * to `to` (or to the latest quarter compared, when `to` is null, so that the evidence grows as new
 * quarters arrive). At most {@link NOTE_LIMITS.quarters} quarters.
 */
export const noteMetricLinkSchema = z
  .strictObject({
    metric: z.enum(METRIC_IDS, { error: 'Choose a metric' }),
    from: periodIdSchema,
    to: periodIdSchema.nullable().describe('null: up to the latest quarter compared'),
  })
  .superRefine((link, ctx) => {
    // Each period is checked on its own first; the range only between two valid ones.
    if (link.to === null || !isPeriodId(link.from) || !isPeriodId(link.to)) return;
    if (comparePeriods(link.from, link.to) > 0) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: 'The last quarter must be the same as or after the first',
        input: link,
      });
    } else if (periodRange(link.from, link.to).length > NOTE_LIMITS.quarters) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: `A linked metric can cover ${NOTE_LIMITS.quarters} quarters at most`,
        input: link,
      });
    }
  })
  .meta({ id: 'NoteMetricLink' });

export type NoteMetricLink = z.infer<typeof noteMetricLinkSchema>;

/** What a note's author writes: sent to create a note, and (with its version) to change one. */
export const noteContentSchema = z.strictObject({
  title: requiredText('A title', NOTE_LIMITS.title),
  summary: requiredText('A summary', NOTE_LIMITS.summary),
  body: requiredText('The note', NOTE_LIMITS.body).describe('Markdown; raw HTML is shown as text, never rendered'),
  themes: z
    .array(z.enum(PRACTICE_THEME_IDS, { error: 'Choose themes from the list' }))
    .min(1, { error: 'Choose at least one theme' })
    .max(NOTE_LIMITS.themes, { error: `Choose ${NOTE_LIMITS.themes} themes at most` })
    .refine((themes) => new Set(themes).size === themes.length, { error: 'Choose each theme once' }),
  metrics: z
    .array(noteMetricLinkSchema)
    .max(NOTE_LIMITS.metrics, { error: `Link ${NOTE_LIMITS.metrics} metrics at most` })
    .refine((links) => new Set(links.map((l) => l.metric)).size === links.length, {
      error: 'Link each metric once',
    })
    .default([]),
  authorName: requiredText('The author’s name', NOTE_LIMITS.person),
  authorRole: requiredText('The author’s role', NOTE_LIMITS.person),
  contactEmail: emailSchema
    .nullable()
    .default(null)
    .describe('An address the author chooses to publish, shown to everyone signed in'),
});

export type NoteContent = z.infer<typeof noteContentSchema>;
export type NoteContentInput = z.input<typeof noteContentSchema>;

const versionSchema = z.int().min(1).max(MAX_VERSION).describe('The version you read: a newer one refuses the change');

/** A change of a note: its content, and the version it was based on. */
export const noteUpdateSchema = noteContentSchema.extend({ version: versionSchema });

/** Publishing or restoring a note: the version it was based on. */
export const noteVersionSchema = z.strictObject({ version: versionSchema });

/** Archiving a note (its authority withdrawing it, or the regional lead moderating it), with the reason. */
export const noteArchiveSchema = z.strictObject({
  version: versionSchema,
  reason: requiredText('The reason', NOTE_LIMITS.reason),
});

const areaSchema = z.object({ code: z.string(), name: z.string() });

/** A linked metric as the API answers it, with the metric's label. */
export const noteMetricSchema = z.object({
  metric: z.enum(METRIC_IDS),
  label: z.string(),
  from: z.string(),
  to: z.string().nullable(),
});

/** What the caller may do with a note. */
export const notePermissionsSchema = z.object({
  edit: z.boolean(),
  publish: z.boolean(),
  archive: z.boolean(),
  restore: z.boolean(),
  history: z.boolean(),
});

/** One note, as the API answers it. */
export const noteSchema = z
  .object({
    id: z.string(),
    status: noteStatusSchema,
    version: z.int(),
    title: z.string(),
    summary: z.string(),
    body: z.string().describe('Markdown'),
    themes: z.array(z.enum(PRACTICE_THEME_IDS)),
    metrics: z.array(noteMetricSchema),
    authority: areaSchema,
    region: areaSchema,
    authorName: z.string(),
    authorRole: z.string(),
    contactEmail: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    archivedAt: z.string().nullable(),
    archivedReason: z.string().nullable(),
    demo: z.boolean().describe('Written for the demonstration'),
    can: notePermissionsSchema,
  })
  .meta({ id: 'PracticeNote' });

export type Note = z.infer<typeof noteSchema>;

/** A stretch of a search result: matched words are `mark`ed. */
export const highlightSchema = z.array(z.object({ text: z.string(), mark: z.boolean() }));
export type Highlight = z.infer<typeof highlightSchema>;

/** A note in a list or search result. */
export const noteSummarySchema = noteSchema
  .omit({ body: true, can: true, contactEmail: true, archivedReason: true, createdAt: true })
  .extend({
    highlights: z
      .object({ title: highlightSchema, excerpt: highlightSchema })
      .nullable()
      .describe('With a search: the title and the best passages, matches marked'),
    rank: z.number().nullable().describe('With a search: how well the note matches (higher first)'),
  })
  .meta({ id: 'PracticeNoteSummary' });

export type NoteSummary = z.infer<typeof noteSummarySchema>;

/** A page of notes. */
export const notePageSchema = z
  .object({
    total: z.int(),
    page: z.int(),
    pageSize: z.int(),
    items: z.array(noteSummarySchema),
  })
  .meta({ id: 'PracticeNotePage' });

export type NotePage = z.infer<typeof notePageSchema>;

/** A linked metric's evidence: the authority's series (named), and its region's and England's pooled lines. */
export const noteEvidenceMetricSchema = z.object({
  metric: metricInfoSchema,
  from: z.string(),
  to: z.string().describe('The last quarter shown (the latest compared when the link is open-ended)'),
  openEnded: z.boolean(),
  trend: z.array(authorityTrendPointSchema),
});

/** A note's evidence, worked out from the returns when asked. */
export const noteEvidenceSchema = z
  .object({
    authority: areaSchema,
    region: areaSchema,
    minGroupSize: z.int(),
    demo: z.boolean().describe('Demo returns count in these figures'),
    metrics: z.array(noteEvidenceMetricSchema),
  })
  .meta({ id: 'PracticeNoteEvidence' });

export type NoteEvidence = z.infer<typeof noteEvidenceSchema>;

/** A revision of a note, without its content. */
export const noteRevisionSummarySchema = z.object({
  revision: z.int(),
  status: noteStatusSchema,
  reason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
});

/** A revision of a note with the content it had. */
export const noteRevisionSchema = noteRevisionSummarySchema.extend({
  content: noteContentSchema.extend({ metrics: z.array(noteMetricLinkSchema) }),
});

export type NoteRevisionSummary = z.infer<typeof noteRevisionSummarySchema>;
export type NoteRevision = z.infer<typeof noteRevisionSchema>;
