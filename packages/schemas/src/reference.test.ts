import { describe, expect, test } from 'vitest';
import { COVENTRY_LIKE } from '../test/fixtures.js';
import {
  AUTHORITY_ROLES,
  authorityCodeSchema,
  authoritySchema,
  emailSchema,
  formatZodIssues,
  isAuthorityRole,
  newUserSchema,
  periodIdSchema,
  periodSchema,
  REGIONS,
  RETURN_STATUS_LABELS,
  RETURN_STATUSES,
  ROLE_LABELS,
  ROLES,
  regionCodeSchema,
  regionSchema,
  returnAcceptSchema,
  returnSchema,
  returnSendBackSchema,
  returnUpdateSchema,
  roleSchema,
  userSchema,
} from './index.js';

describe('roles', () => {
  test('are the four roles of the design, each with a label', () => {
    expect(ROLES).toEqual(['authority_submitter', 'authority_viewer', 'regional_lead', 'admin']);
    for (const role of ROLES) expect(ROLE_LABELS[role]).not.toBe('');
    expect(roleSchema.safeParse('superuser').success).toBe(false);
  });

  test('authority roles are the submitter and the viewer', () => {
    expect(ROLES.filter(isAuthorityRole)).toEqual([...AUTHORITY_ROLES]);
  });
});

describe('ONS codes', () => {
  test.each(['E12000001', 'E12000005', 'E12000009'])('region %s', (code) => {
    expect(regionCodeSchema.safeParse(code).success).toBe(true);
  });

  test.each([
    'E12000000',
    'E12000010',
    'E1200000',
    'e12000001',
    'E08000026',
    ' E12000001',
  ])('not a region: %j', (code) => {
    expect(regionCodeSchema.safeParse(code).success).toBe(false);
  });

  test.each(['E06000001', 'E07000026', 'E08000026', 'E09000033', 'E10000016'])('authority %s', (code) => {
    expect(authorityCodeSchema.safeParse(code).success).toBe(true);
  });

  test.each([
    'E05000026',
    'E11000001',
    'E12000005',
    'E0800026',
    'E080000260',
    'W06000001',
    'e08000026',
  ])('not an authority: %j', (code) => {
    expect(authorityCodeSchema.safeParse(code).success).toBe(false);
  });

  test('the 9 English regions', () => {
    expect(REGIONS).toHaveLength(9);
    for (const region of REGIONS) expect(regionSchema.parse(region)).toEqual(region);
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(9);
  });

  test('an authority belongs to a region', () => {
    const coventry = { code: 'E08000026', name: 'Coventry', regionCode: 'E12000005', retired: false, formerCodes: [] };
    expect(authoritySchema.parse(coventry)).toEqual(coventry);
    expect(authoritySchema.safeParse({ ...coventry, regionCode: 'West Midlands' }).success).toBe(false);
  });

  test('an authority by its current code, with its former codes and their dates', () => {
    const barnsley = {
      code: 'E08000038',
      name: 'Barnsley',
      regionCode: 'E12000003',
      retired: false,
      formerCodes: [{ code: 'E08000016', from: null, to: '2025-09-30' }],
    };
    expect(authoritySchema.parse(barnsley)).toEqual(barnsley);
    const undated = { ...barnsley, formerCodes: [{ code: 'E08000016', from: null, to: '30 September 2025' }] };
    expect(authoritySchema.safeParse(undated).success).toBe(false);
  });
});

describe('users', () => {
  const submitter = {
    id: 'u1',
    email: 'analyst@coventry.gov.uk',
    name: 'A. Analyst',
    role: 'authority_submitter',
    authorityCode: 'E08000026',
    active: true,
  };
  const lead = {
    id: 'u2',
    email: 'lead@example.org',
    name: 'R. Lead',
    role: 'regional_lead',
    regionCode: 'E12000005',
    active: true,
  };
  const admin = { id: 'u3', email: 'ops@example.org', name: 'Ops', role: 'admin', active: true };

  test.each([submitter, lead, admin, { ...admin, authorityCode: null, regionCode: null }])('valid: %j', (user) => {
    expect(userSchema.safeParse(user).success).toBe(true);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a submitter without an authority', { ...submitter, authorityCode: undefined }, 'authorityCode'],
    ['a viewer with a region', { ...submitter, role: 'authority_viewer', regionCode: 'E12000005' }, 'regionCode'],
    ['a lead without a region', { ...lead, regionCode: null }, 'regionCode'],
    ['a lead with an authority', { ...lead, authorityCode: 'E08000026' }, 'authorityCode'],
    ['an admin with an authority', { ...admin, authorityCode: 'E08000026' }, 'authorityCode'],
  ])('refuses %s, naming the field', (_name, user, field) => {
    const result = userSchema.safeParse(user);
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error ?? { issues: [] }).map((e) => e.field)).toEqual([field]);
  });

  test('email addresses are trimmed and lower-cased, and must look like one', () => {
    expect(emailSchema.parse('  Analyst@Coventry.GOV.uk ')).toBe('analyst@coventry.gov.uk');
    expect(emailSchema.safeParse('analyst').success).toBe(false);
  });

  test('a new user has no id, is active by default and may not carry unknown keys', () => {
    const { id: _id, active: _active, ...body } = submitter;
    expect(newUserSchema.parse(body)).toEqual({ ...body, active: true });
    expect(newUserSchema.safeParse({ ...body, password: 'x' }).success).toBe(false);
  });
});

describe('periods', () => {
  test.each(['2024-25-Q1', '2023-24-Q4', '1999-00-Q2'])('%s is a period id', (id) => {
    expect(periodIdSchema.safeParse(id).success).toBe(true);
  });

  test.each(['2024-26-Q1', '2024-25-Q5', '2024-25', '2024/25 Q1', '', 2024])('%j is not', (id) => {
    const result = periodIdSchema.safeParse(id);
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error ?? { issues: [] })[0]?.message).toMatch(/^Enter a period like 2024-25-Q1/);
  });

  test('a collection period', () => {
    const period = {
      id: '2024-25-Q2',
      label: '2024-25 Q2',
      status: 'open',
      dueDate: '2024-10-31',
      quarterEnd: '2024-09-30',
    };
    expect(periodSchema.parse(period)).toEqual(period);
    expect(periodSchema.safeParse({ ...period, status: 'draft' }).success).toBe(false);
    expect(periodSchema.safeParse({ ...period, dueDate: '31/10/2024' }).success).toBe(false);
  });
});

describe('returns', () => {
  const record = {
    authorityCode: 'E08000026',
    authorityName: 'Coventry',
    period: '2024-25-Q2',
    periodLabel: '2024-25 Q2',
    status: 'submitted',
    version: 3,
    figures: { ...COVENTRY_LIKE, comment: 'Agency conversion scheme started in July.' },
    updatedAt: '2024-10-15T09:30:00Z',
    updatedBy: 'u1',
    updatedByName: 'A. Analyst',
    savedAt: '2024-10-14T16:05:00Z',
    savedBy: 'u2',
    savedByName: 'B. Submitter',
    returnedReason: null,
    demo: false,
    validation: { errors: [], warnings: [], canSubmit: true },
    previous: { period: '2024-25-Q1', figures: COVENTRY_LIKE },
  };

  test('statuses follow the lifecycle, each with a label', () => {
    expect(RETURN_STATUSES).toEqual(['draft', 'submitted', 'accepted', 'returned']);
    for (const status of RETURN_STATUSES) expect(RETURN_STATUS_LABELS[status]).not.toBe('');
  });

  test('a return holds its latest revision', () => {
    expect(returnSchema.parse(record)).toEqual(record);
    expect(returnSchema.safeParse({ ...record, updatedAt: '2024-10-15T10:30:00+01:00' }).success).toBe(true);
    expect(returnSchema.safeParse({ ...record, version: 0 }).success).toBe(false);
    expect(returnSchema.safeParse({ ...record, version: 1.5 }).success).toBe(false);
    expect(returnSchema.safeParse({ ...record, updatedAt: 'yesterday' }).success).toBe(false);
  });

  test('a returned return carries the reason', () => {
    const returned = { ...record, status: 'returned' };
    const result = returnSchema.safeParse(returned);
    expect(formatZodIssues(result.error ?? { issues: [] }).map((e) => e.field)).toEqual(['returnedReason']);
    expect(returnSchema.safeParse({ ...returned, returnedReason: 'Check the leavers.' }).success).toBe(true);
  });

  test('bad figures in a return are named by their path and rule code', () => {
    const result = returnSchema.safeParse({ ...record, figures: { ...COVENTRY_LIKE, leaversFte: -1 } });
    expect(formatZodIssues(result.error ?? { issues: [] })).toEqual([
      { code: 'E003', field: 'figures.leaversFte', message: 'Leavers FTE must be 0 or more (it is -1)' },
    ]);
  });

  test('a save names the version it was based on', () => {
    expect(returnUpdateSchema.safeParse({ version: 0, figures: {} }).success).toBe(true);
    expect(returnUpdateSchema.safeParse({ figures: {} }).success).toBe(false);
  });

  test("a lead's review accepts, or sends back with a reason", () => {
    expect(returnAcceptSchema.safeParse({ version: 3 }).success).toBe(true);
    expect(returnSendBackSchema.safeParse({ version: 3, reason: 'Check leavers.' }).success).toBe(true);
    expect(returnSendBackSchema.safeParse({ version: 3, reason: '  ' }).success).toBe(false);
    expect(returnSendBackSchema.safeParse({ version: 3 }).success).toBe(false);
    expect(returnAcceptSchema.safeParse({ decision: 'approve', version: 3 }).success).toBe(false);
  });
});
