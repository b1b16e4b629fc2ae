/**
 * The agency annex of the quarterly return (DESIGN section 4): the agency assignments open at quarter
 * end, one row each and no names, their validation rules (stable codes, messages naming the field),
 * the regional price caps, the compliance figures and the DfE quarterly agency export.
 *
 * A Social Work England registration number is personal data: only the authority's own users see it,
 * and it is removed some time after the assignment ends (docs/operations.md).
 *
 * @module
 */
import {
  AGENCY_BREACHES,
  AGENCY_COMPLIANCE_IDS,
  type AgencyBreach,
  MIN_PQE_YEARS,
  MIN_REFERENCES,
  quarterEndDate,
} from '@csc-workforce/metrics-core';
import { z } from 'zod';
import {
  AGENCY_ROLE_LABELS,
  AGENCY_ROLE_TYPES,
  type AgencyRoleType,
  RETURN_STATUSES,
  SWE_REGISTRATION_PATTERN,
} from './constants.js';

/** Plausible hourly charge rates, in pounds: a rate outside them is almost surely a day rate or a typing slip. */
export const AGENCY_RATE_RANGE = { min: 15, max: 250 } as const;

/** The most years of post-qualifying experience a worker can have. */
export const MAX_PQE_YEARS = 50;

/** The most references counted. */
export const MAX_REFERENCES = 10;

/** The most assignments in one annex. */
export const MAX_ASSIGNMENTS = 2_000;

/** The earliest start date taken (the West Midlands memorandum began in 2015). */
export const EARLIEST_START = '2000-01-01';

const date = (what: string) =>
  z.iso.date({ error: `Enter the ${what} as a real date, YYYY-MM-DD` }).describe(`The ${what}, YYYY-MM-DD`);

/** One agency assignment, as an authority enters it (no name). */
export const agencyAssignmentSchema = z
  .strictObject({
    roleType: z.enum(AGENCY_ROLE_TYPES, {
      error: `Choose the role type: ${AGENCY_ROLE_TYPES.join(', ')}`,
    }),
    hourlyRate: z
      .number({ error: 'Enter the hourly charge rate as a number of pounds' })
      .refine(Number.isFinite, { error: 'Enter the hourly charge rate as a number of pounds' })
      .describe('Hourly charge rate in pounds: pay + employer NI + apprenticeship levy, as the price caps are set'),
    startDate: date('start date'),
    endDate: date('end date').describe('The end date, YYYY-MM-DD (the planned end for an assignment still running)'),
    registrationNumber: z
      .string({ error: 'The registration number must be text' })
      .trim()
      .toUpperCase()
      .nullable()
      .optional()
      .describe(
        'Social Work England registration number (SW followed by digits): optional, a missing one is counted; personal data, seen only by the authority’s own users',
      ),
    pqeYears: z
      .number({ error: 'Enter the years of post-qualifying experience as a number' })
      .refine(Number.isFinite, { error: 'Enter the years of post-qualifying experience as a number' })
      .describe('Years of post-qualifying experience in local authority employment'),
    references: z
      .number({ error: 'Enter the references received as a whole number' })
      .describe('Practice references received'),
    projectTeam: z.boolean({ error: 'Say whether the worker is in a project team: true or false' }),
    projectTeamApproved: z
      .boolean({ error: 'Say whether the project team placement was approved: true or false' })
      .default(false)
      .describe('The project team placement was approved for this worker'),
    coolOff: z
      .boolean({
        error: 'Say whether the worker left a permanent post in the region in the cool-off period: true or false',
      })
      .describe('The worker left a permanent post in the region within the cool-off period (3 months) before'),
  })
  .meta({ id: 'AgencyAssignment' });

/** One agency assignment as an authority enters it. */
export type AgencyAssignmentInput = z.input<typeof agencyAssignmentSchema>;
/** One agency assignment, read. */
export type AgencyAssignment = z.output<typeof agencyAssignmentSchema>;

/** An annex rule: a stable code (never renumbered), the field it points at, and what it says. */
export interface AgencyRule {
  readonly code: `A${number}`;
  readonly field: keyof AgencyAssignment;
  readonly title: string;
}

/** The annex's validation rules, by code. Every one is an error: the annex is not saved with any. */
export const AGENCY_RULES = {
  A001: { code: 'A001', field: 'hourlyRate', title: 'Hourly rate above £0' },
  A002: { code: 'A002', field: 'hourlyRate', title: 'Hourly rate plausible' },
  A003: { code: 'A003', field: 'endDate', title: 'End date not before the start date' },
  A004: { code: 'A004', field: 'startDate', title: 'Started by the quarter end' },
  A005: { code: 'A005', field: 'endDate', title: 'Still open at the quarter end' },
  A006: { code: 'A006', field: 'registrationNumber', title: 'Registration number SW followed by digits' },
  A007: { code: 'A007', field: 'pqeYears', title: 'Years of experience possible' },
  A008: { code: 'A008', field: 'references', title: 'References a whole number' },
  A009: { code: 'A009', field: 'projectTeamApproved', title: 'Approved only in a project team' },
  A010: { code: 'A010', field: 'registrationNumber', title: 'One assignment per worker' },
  A011: { code: 'A011', field: 'startDate', title: 'Start date not before 2000' },
} as const satisfies Record<string, AgencyRule>;

/** A rule's code. */
export type AgencyRuleCode = keyof typeof AGENCY_RULES;

/** One problem of one assignment: its rule, its field, and a message that names the field. */
export interface AgencyIssue {
  readonly code: AgencyRuleCode;
  /** The assignment's position in the list, from 0. */
  readonly index: number;
  readonly field: keyof AgencyAssignment;
  readonly message: string;
}

const pounds = (n: number) => `£${n.toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;

/**
 * The problems of one assignment in the annex of `period`, beyond its shape.
 * @example
 * agencyAssignmentIssues({ roleType: 'social-worker', hourlyRate: 0, startDate: '2025-01-06',
 *   endDate: '2025-07-04', pqeYears: 4, references: 2, projectTeam: false, projectTeamApproved: false,
 *   coolOff: false }, '2024-25-Q4', 0); // [{ code: 'A001', index: 0, field: 'hourlyRate', message: … }]
 * @throws {RangeError} when `period` is not a period such as 2024-25-Q4.
 */
export function agencyAssignmentIssues(a: AgencyAssignment, period: string, index: number): AgencyIssue[] {
  const end = quarterEndDate(period);
  const out: AgencyIssue[] = [];
  const issue = (code: AgencyRuleCode, message: string) => {
    out.push({ code, index, field: AGENCY_RULES[code].field, message });
  };
  if (a.hourlyRate <= 0) issue('A001', 'Enter an hourly charge rate above £0');
  else if (a.hourlyRate < AGENCY_RATE_RANGE.min || a.hourlyRate > AGENCY_RATE_RANGE.max) {
    issue(
      'A002',
      `An hourly charge rate of ${pounds(a.hourlyRate)} is not plausible: enter the rate per hour, from ${pounds(AGENCY_RATE_RANGE.min)} to ${pounds(AGENCY_RATE_RANGE.max)}`,
    );
  }
  if (a.startDate < EARLIEST_START) issue('A011', 'The start date must be in 2000 or later');
  if (a.endDate < a.startDate) issue('A003', 'The end date must be the same as or after the start date');
  if (a.startDate > end)
    issue(
      'A004',
      `The start date must be on or before the quarter end, ${end}: list assignments open at the quarter end`,
    );
  if (a.endDate < end)
    issue('A005', `The end date must be on or after the quarter end, ${end}: list assignments open at the quarter end`);
  if (a.registrationNumber && !SWE_REGISTRATION_PATTERN.test(a.registrationNumber)) {
    issue('A006', 'Enter the registration number as SW followed by digits, such as SW123456, or leave it blank');
  }
  if (a.pqeYears < 0 || a.pqeYears > MAX_PQE_YEARS)
    issue('A007', `Enter the years of post-qualifying experience from 0 to ${MAX_PQE_YEARS}`);
  if (!Number.isInteger(a.references) || a.references < 0 || a.references > MAX_REFERENCES) {
    issue('A008', `Enter the references received as a whole number from 0 to ${MAX_REFERENCES}`);
  }
  if (a.projectTeamApproved && !a.projectTeam)
    issue(
      'A009',
      'A placement can be approved for a project team only if it is in one: say it is in a project team, or that it was not approved',
    );
  return out;
}

/**
 * The problems of a whole annex: each assignment's, and a registration number listed twice (the same
 * worker in two assignments, which DfE's data counts once).
 * @throws {RangeError} when `period` is not a period.
 */
export function agencyAnnexIssues(assignments: readonly AgencyAssignment[], period: string): AgencyIssue[] {
  const out = assignments.flatMap((a, index) => agencyAssignmentIssues(a, period, index));
  const seen = new Map<string, number>();
  for (const [index, a] of assignments.entries()) {
    if (!a.registrationNumber) continue;
    const first = seen.get(a.registrationNumber);
    if (first === undefined) seen.set(a.registrationNumber, index);
    else
      out.push({
        code: 'A010',
        index,
        field: 'registrationNumber',
        message: `The registration number is also given for assignment ${first + 1}: list each worker once`,
      });
  }
  return out.sort((x, y) => x.index - y.index);
}

/** How many assignments have no registration number (counted, not an error). */
export function missingRegistrations(assignments: readonly Pick<AgencyAssignment, 'registrationNumber'>[]): number {
  return assignments.filter((a) => !a.registrationNumber).length;
}

/** The annex as saved (`PUT /api/agency/{authority}/{period}`): the whole list, on the version read. */
export const agencyAnnexUpdateSchema = z
  .strictObject({
    version: z.int({ error: 'Send the version you read (0 for an annex not saved before)' }).min(0),
    assignments: z
      .array(agencyAssignmentSchema)
      .max(MAX_ASSIGNMENTS, { error: `An annex holds at most ${MAX_ASSIGNMENTS} assignments` }),
  })
  .meta({ id: 'AgencyAnnexUpdate' });

/** The annex as saved. */
export type AgencyAnnexUpdate = z.input<typeof agencyAnnexUpdateSchema>;

/** The breaches of one assignment, as the rules name them for people. */
export const AGENCY_BREACH_LABELS: { readonly [K in AgencyBreach]: string } = {
  'over-cap': 'Charged above the price cap in force at its start',
  'pqe-under-3': `Under ${MIN_PQE_YEARS} years’ post-qualifying experience`,
  'references-under-2': `Fewer than ${MIN_REFERENCES} references`,
  'project-team-not-approved': 'In a project team not approved for this worker',
  'cool-off': 'Left a permanent post in the region within the cool-off period',
};

/** An assignment as the API answers it: its position, and the registration number only for the authority's own users. */
export const storedAgencyAssignmentSchema = z
  .object({
    position: z.int().describe('Its place in the list, from 1'),
    roleType: z.enum(AGENCY_ROLE_TYPES),
    hourlyRate: z.number(),
    startDate: z.string(),
    endDate: z.string(),
    registrationNumber: z
      .string()
      .nullable()
      .describe('Only for the authority’s own users; null when not given, removed, or not yours to see'),
    registrationRemoved: z.boolean().describe('The registration number was removed after its retention period'),
    pqeYears: z.number(),
    references: z.int(),
    projectTeam: z.boolean(),
    projectTeamApproved: z.boolean(),
    coolOff: z.boolean(),
  })
  .meta({ id: 'StoredAgencyAssignment' });

/** An assignment as the API answers it. */
export type StoredAgencyAssignment = z.infer<typeof storedAgencyAssignmentSchema>;

/** An authority's annex for a period. */
export const agencyAnnexSchema = z
  .object({
    authorityCode: z.string(),
    authorityName: z.string(),
    period: z.string(),
    periodLabel: z.string(),
    quarterEnd: z.string(),
    version: z.int().describe('0 when not saved yet; send it back with a change'),
    returnStatus: z
      .enum(RETURN_STATUSES)
      .nullable()
      .describe('The status of the quarter’s return, which the annex follows: editable while a draft or sent back'),
    editable: z
      .boolean()
      .describe('Whether its submitters may change it now (return a draft or sent back, period open)'),
    assignments: z.array(storedAgencyAssignmentSchema),
    missingRegistrations: z.int().describe('Assignments without a registration number (not counting removed ones)'),
    registrationNumbersShown: z
      .boolean()
      .describe('Whether registration numbers are shown to you (the authority’s own users only)'),
    updatedAt: z.string().nullable(),
    updatedByName: z.string().nullable(),
  })
  .meta({ id: 'AgencyAnnex' });

/** An authority's annex for a period. */
export type AgencyAnnex = z.infer<typeof agencyAnnexSchema>;

/** One revision of an annex (every save is one; nothing is overwritten). */
export const agencyAnnexRevisionSchema = z
  .object({
    revision: z.int(),
    assignments: z.int().describe('How many assignments it held'),
    createdAt: z.string(),
    createdByName: z.string().nullable(),
    action: z.string().describe('save or import'),
  })
  .meta({ id: 'AgencyAnnexRevision' });

/** A price cap as a regional lead (or an admin) sets it. */
export const agencyCapInputSchema = z
  .strictObject({
    roleType: z.enum(AGENCY_ROLE_TYPES, { error: `Choose the role type: ${AGENCY_ROLE_TYPES.join(', ')}` }),
    hourlyCap: z
      .number({ error: 'Enter the hourly cap as a number of pounds' })
      .refine(Number.isFinite, { error: 'Enter the hourly cap as a number of pounds' })
      .refine((v) => v >= AGENCY_RATE_RANGE.min && v <= AGENCY_RATE_RANGE.max, {
        error: `Enter an hourly cap from ${pounds(AGENCY_RATE_RANGE.min)} to ${pounds(AGENCY_RATE_RANGE.max)}`,
      })
      .describe('The most an hour may be charged, in pounds (pay + employer NI + apprenticeship levy)'),
    effectiveFrom: z.iso
      .date({ error: 'Enter the date it takes effect as a real date, YYYY-MM-DD' })
      .refine((v) => v >= EARLIEST_START, { error: 'The date it takes effect must be in 2000 or later' })
      .describe('The first day it is in force'),
  })
  .meta({ id: 'AgencyCapInput' });

/** A price cap as set. */
export type AgencyCapInput = z.input<typeof agencyCapInputSchema>;

/** A price cap of a region, as the API answers it (history kept: every cap ever set). */
export const agencyCapSchema = z
  .object({
    id: z.int(),
    regionCode: z.string(),
    roleType: z.enum(AGENCY_ROLE_TYPES),
    roleLabel: z.string(),
    hourlyCap: z.number(),
    effectiveFrom: z.string(),
    setAt: z.string(),
    setByName: z.string().nullable(),
    inForce: z.boolean().describe('Whether it is the cap in force for its role today'),
  })
  .meta({ id: 'AgencyCap' });

/** A price cap of a region. */
export type AgencyCap = z.infer<typeof agencyCapSchema>;

/** One compliance measure: a percentage with its numerator and denominator. */
export const agencyMeasureSchema = z
  .object({
    id: z.enum(AGENCY_COMPLIANCE_IDS),
    label: z.string(),
    formula: z.string(),
    polarity: z.enum(['higher', 'lower', 'neither']),
    value: z.number().nullable(),
    numerator: z.int(),
    denominator: z.int(),
  })
  .meta({ id: 'AgencyMeasure' });

/** One role's rates against its caps. */
export const agencyRateSchema = z
  .object({
    roleType: z.enum(AGENCY_ROLE_TYPES),
    roleLabel: z.string(),
    assignments: z.int(),
    averageRate: z.number(),
    capped: z.int(),
    averageCap: z.number().nullable(),
    percentOfCap: z.number().nullable().describe('Σ rates ÷ Σ caps in force at the starts × 100'),
  })
  .meta({ id: 'AgencyRate' });

/** One assignment that breaks a rule (no registration number: breaches are shown to the lead too). */
export const agencyBreachSchema = z
  .object({
    position: z.int(),
    roleType: z.enum(AGENCY_ROLE_TYPES),
    roleLabel: z.string(),
    hourlyRate: z.number(),
    startDate: z.string(),
    capInForce: z.number().nullable().describe('The cap in force at its start, if any'),
    breaches: z.array(z.object({ code: z.enum(AGENCY_BREACHES), label: z.string() })),
  })
  .meta({ id: 'AgencyBreach' });

/** An authority's compliance with the agency rules in a quarter. */
export const agencyComplianceSchema = z
  .object({
    authorityCode: z.string(),
    authorityName: z.string(),
    period: z.string(),
    periodLabel: z.string(),
    returnStatus: z.enum(RETURN_STATUSES).nullable(),
    hasAnnex: z.boolean(),
    assignments: z.int(),
    measures: z.array(agencyMeasureSchema),
    rates: z.array(agencyRateSchema),
    spendPerAgencyFte: z
      .object({ value: z.number().nullable(), reason: z.string().nullable() })
      .describe('The return’s agency spend ÷ agency FTE for the quarter, £'),
    missingRegistrations: z.int(),
    breaches: z.array(agencyBreachSchema).describe('Shown to the authority’s own users and its regional lead only'),
  })
  .meta({ id: 'AgencyCompliance' });

/** An authority's compliance in a quarter. */
export type AgencyComplianceAnswer = z.infer<typeof agencyComplianceSchema>;

/** A region's compliance in a quarter, named, for its lead. */
export const regionAgencyComplianceSchema = z
  .object({
    regionCode: z.string(),
    period: z.string(),
    periodLabel: z.string(),
    authorities: z.array(agencyComplianceSchema),
    pooled: z.array(agencyMeasureSchema).describe('The region’s authorities pooled: Σ numerators ÷ Σ denominators'),
  })
  .meta({ id: 'RegionAgencyCompliance' });

/** A region's compliance in a quarter. */
export type RegionAgencyCompliance = z.infer<typeof regionAgencyComplianceSchema>;

/** The columns of an annex upload (CSV/XLSX), one row per assignment. */
export const AGENCY_COLUMNS = [
  ['role_type', 'roleType'],
  ['hourly_rate', 'hourlyRate'],
  ['start_date', 'startDate'],
  ['end_date', 'endDate'],
  ['registration_number', 'registrationNumber'],
  ['pqe_years', 'pqeYears'],
  ['references', 'references'],
  ['project_team', 'projectTeam'],
  ['project_team_approved', 'projectTeamApproved'],
  ['cool_off', 'coolOff'],
] as const satisfies readonly (readonly [string, keyof AgencyAssignment])[];

/** The column of an upload for a field. */
export function agencyColumnOf(field: string): string {
  return AGENCY_COLUMNS.find(([, f]) => f === field)?.[0] ?? field;
}

/** The name of a role type for people. */
export function agencyRoleLabel(role: AgencyRoleType): string {
  return AGENCY_ROLE_LABELS[role];
}

/**
 * The items of DfE's quarterly agency data, in the order of DfE's list (per assignment: role type,
 * hourly rate, start and end dates, Social Work England registration number, project team), followed
 * by the authority's compliance and reasons. DfE has published a list of items, not a template: when it
 * publishes one, change the headers and order here and the export follows.
 */
export const DFE_AGENCY_EXPORT_COLUMNS = [
  'local_authority_code',
  'local_authority_name',
  'period',
  'quarter_end',
  'role_type',
  'hourly_charge_rate_gbp',
  'assignment_start_date',
  'assignment_end_date',
  'swe_registration_number',
  'project_team',
  'project_team_approved',
  'compliant',
  'non_compliance_reasons',
] as const;

/** One compliance measure of a group (a region, England) in an anonymised comparison: a rate, never counts. */
export const agencyGroupMeasureSchema = z
  .object({
    id: z.enum(AGENCY_COMPLIANCE_IDS),
    label: z.string(),
    value: z
      .number()
      .nullable()
      .describe('Pooled: Σ numerators ÷ Σ denominators × 100, to one decimal place; null when withheld'),
    authorities: z.int().describe('Authorities that contributed a value'),
    withheld: z
      .string()
      .nullable()
      .describe('Why no value is shown (fewer than k authorities, or a group too like another)'),
  })
  .meta({ id: 'AgencyGroupMeasure' });

/** An authority's compliance beside its region and England, the groups from the period's first release. */
export const agencyComparisonSchema = z
  .object({
    authorityCode: z.string(),
    period: z.string(),
    periodLabel: z.string(),
    release: z
      .object({ sequence: z.int(), releasedAt: z.string() })
      .nullable()
      .describe('The release the groups come from; null when the period is not released yet'),
    minGroupSize: z.int(),
    own: z.array(agencyMeasureSchema).describe('The authority’s own figures, live'),
    groups: z.array(
      z.object({ id: z.enum(['region', 'england']), label: z.string(), measures: z.array(agencyGroupMeasureSchema) }),
    ),
  })
  .meta({ id: 'AgencyComparison' });

/** An authority's compliance beside its region and England. */
export type AgencyComparison = z.infer<typeof agencyComparisonSchema>;
