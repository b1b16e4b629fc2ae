import { periodLabel } from '@csc-workforce/metrics-core';
import {
  AGENCY_ROLE_LABELS,
  AGENCY_ROLE_TYPES,
  type AgencyAnnex,
  type AgencyAssignment,
  type AgencyAssignmentInput,
  agencyAssignmentIssues,
  agencyAssignmentSchema,
  type ProblemError,
  RETURN_STATUS_LABELS,
} from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import {
  agencyComparisonQuery,
  annexPath,
  annexQuery,
  complianceQuery,
  regionComplianceQuery,
  useImportAnnex,
  useSaveAnnex,
} from '../api/agency';
import { isProblem } from '../api/client';
import {
  AgencyComparisonTable,
  BreachesTable,
  ComplianceTable,
  measureText,
  pounds,
  RatesTable,
} from '../components/AgencyTables';
import { DataTable } from '../components/DataTable';
import { ErrorSummary } from '../components/ErrorSummary';
import {
  DateField,
  type DateParts,
  dateParts,
  EMPTY_DATE,
  FileField,
  RadiosField,
  readDate,
  SelectField,
  TextField,
} from '../components/FormFields';
import { NotificationBanner } from '../components/NotificationBanner';
import { RowErrorsTable } from '../components/RowErrorsTable';
import { SummaryList } from '../components/SummaryList';
import { formatDate } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { isAuthorityUser, useUser } from '../session';
import { AgencyRules } from './AgencyPage';

/** An assignment as the form holds it: text as typed, dates in three parts. */
interface Draft {
  roleType: string;
  hourlyRate: string;
  startDate: DateParts;
  endDate: DateParts;
  registrationNumber: string;
  pqeYears: string;
  references: string;
  projectTeam: string;
  projectTeamApproved: string;
  coolOff: string;
}

const EMPTY: Draft = {
  roleType: '',
  hourlyRate: '',
  startDate: EMPTY_DATE,
  endDate: EMPTY_DATE,
  registrationNumber: '',
  pqeYears: '',
  references: '',
  projectTeam: '',
  projectTeamApproved: 'no',
  coolOff: '',
};

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const toDraft = (a: AgencyAssignmentInput): Draft => ({
  roleType: a.roleType,
  hourlyRate: String(a.hourlyRate),
  startDate: dateParts(a.startDate),
  endDate: dateParts(a.endDate),
  registrationNumber: a.registrationNumber ?? '',
  pqeYears: String(a.pqeYears),
  references: String(a.references),
  projectTeam: yesNo(a.projectTeam),
  projectTeamApproved: yesNo(a.projectTeamApproved ?? false),
  coolOff: yesNo(a.coolOff),
});
const toInput = (a: AgencyAnnex['assignments'][number]): AgencyAssignmentInput => ({
  roleType: a.roleType,
  hourlyRate: a.hourlyRate,
  startDate: a.startDate,
  endDate: a.endDate,
  registrationNumber: a.registrationNumber,
  pqeYears: a.pqeYears,
  references: a.references,
  projectTeam: a.projectTeam,
  projectTeamApproved: a.projectTeamApproved,
  coolOff: a.coolOff,
});

const numberOrText = (text: string): unknown => {
  const t = text.trim().replace(/^£/, '');
  return t === '' ? undefined : Number.isFinite(Number(t)) ? Number(t) : t;
};
const flag = (text: string): unknown => (text === 'yes' ? true : text === 'no' ? false : undefined);

/**
 * Reads the form as the API will: the same schema and the same rules (A001–A011), each problem by the
 * id of its field.
 */
function readDraft(
  draft: Draft,
  period: string,
  index: number,
): { assignment: AgencyAssignment } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const start = readDate(draft.startDate, 'The start date');
  const end = readDate(draft.endDate, 'The end date');
  if ('error' in start) errors.startDate = start.error;
  else if (start.date === null) errors.startDate = 'Enter the start date';
  if ('error' in end) errors.endDate = end.error;
  else if (end.date === null) errors.endDate = 'Enter the end date';
  const parsed = agencyAssignmentSchema.safeParse({
    roleType: draft.roleType || undefined,
    hourlyRate: numberOrText(draft.hourlyRate),
    startDate: 'date' in start ? (start.date ?? '') : '',
    endDate: 'date' in end ? (end.date ?? '') : '',
    registrationNumber: draft.registrationNumber.trim() || null,
    pqeYears: numberOrText(draft.pqeYears),
    references: numberOrText(draft.references),
    projectTeam: flag(draft.projectTeam),
    projectTeamApproved: draft.projectTeam === 'yes' ? flag(draft.projectTeamApproved) : false,
    coolOff: flag(draft.coolOff),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[field] ??= issue.message;
    }
    return { errors };
  }
  if (Object.keys(errors).length > 0) return { errors };
  for (const issue of agencyAssignmentIssues(parsed.data, period, index)) errors[issue.field] ??= issue.message;
  return Object.keys(errors).length > 0 ? { errors } : { assignment: parsed.data };
}

/** The order of the form's fields, for the error summary. */
const FIELD_ORDER = [
  'roleType',
  'hourlyRate',
  'startDate',
  'endDate',
  'registrationNumber',
  'pqeYears',
  'references',
  'projectTeam',
  'projectTeamApproved',
  'coolOff',
];

function AssignmentForm({
  period,
  index,
  initial,
  onDone,
  onCancel,
}: {
  readonly period: string;
  readonly index: number;
  readonly initial: Draft;
  readonly onDone: (assignment: AgencyAssignment) => void;
  readonly onCancel: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const read = readDraft(draft, period, index);
    setAttempt((n) => n + 1);
    if ('errors' in read) {
      setErrors(read.errors);
      return;
    }
    onDone(read.assignment);
  };
  const items = FIELD_ORDER.filter((f) => errors[f]).map((f) => ({ text: errors[f] as string, href: `#${f}` }));
  const yesNoOptions = [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ];
  return (
    <form onSubmit={submit} noValidate>
      {items.length > 0 ? <ErrorSummary items={items} focusKey={attempt} /> : null}
      <h2 className="govuk-heading-m">Assignment {index + 1}</h2>
      <SelectField
        id="roleType"
        label="Role type"
        placeholder="Choose a role"
        options={AGENCY_ROLE_TYPES.map((r) => ({ value: r, label: AGENCY_ROLE_LABELS[r] }))}
        value={draft.roleType}
        onChange={set('roleType')}
        error={errors.roleType}
      />
      <TextField
        id="hourlyRate"
        label="Hourly charge rate"
        hint="Pay, employer National Insurance and apprenticeship levy, as the price caps are set"
        prefix="£"
        width="govuk-input--width-5"
        inputMode="decimal"
        value={draft.hourlyRate}
        onChange={set('hourlyRate')}
        error={errors.hourlyRate}
      />
      <DateField
        id="startDate"
        legend="Start date"
        hint="For example, 6 1 2025"
        value={draft.startDate}
        onChange={set('startDate')}
        error={errors.startDate}
      />
      <DateField
        id="endDate"
        legend="End date"
        hint="The planned end, if the assignment is still running"
        value={draft.endDate}
        onChange={set('endDate')}
        error={errors.endDate}
      />
      <TextField
        id="registrationNumber"
        label="Social Work England registration number (optional)"
        hint="SW followed by digits, such as SW123456. Only your authority’s users see it; it is removed a set time after the assignment ends."
        width="govuk-input--width-10"
        spellCheck={false}
        value={draft.registrationNumber}
        onChange={set('registrationNumber')}
        error={errors.registrationNumber}
      />
      <TextField
        id="pqeYears"
        label="Years of post-qualifying experience in local authority employment"
        width="govuk-input--width-3"
        inputMode="decimal"
        value={draft.pqeYears}
        onChange={set('pqeYears')}
        error={errors.pqeYears}
      />
      <TextField
        id="references"
        label="Practice references received"
        width="govuk-input--width-2"
        inputMode="numeric"
        value={draft.references}
        onChange={set('references')}
        error={errors.references}
      />
      <RadiosField
        id="projectTeam"
        legend="Is the worker in a project team (a packaged model)?"
        inline={false}
        value={draft.projectTeam}
        onChange={set('projectTeam')}
        error={errors.projectTeam}
        options={[
          {
            value: 'yes',
            label: 'Yes',
            conditional: (
              <RadiosField
                id="projectTeamApproved"
                legend="Was the project team placement approved for this worker?"
                size="body"
                inline
                value={draft.projectTeamApproved}
                onChange={set('projectTeamApproved')}
                error={errors.projectTeamApproved}
                options={yesNoOptions}
              />
            ),
          },
          { value: 'no', label: 'No' },
        ]}
      />
      <RadiosField
        id="coolOff"
        legend="Did the worker leave a permanent post in the region in the 3 months before?"
        inline
        value={draft.coolOff}
        onChange={set('coolOff')}
        error={errors.coolOff}
        options={yesNoOptions}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button">
          Continue
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The assignments as a table, with change and remove buttons while they can be edited. */
function AssignmentsTable({
  assignments,
  shown,
  onChange,
  onRemove,
}: {
  readonly assignments: readonly AgencyAssignmentInput[];
  readonly shown: boolean;
  readonly onChange?: (index: number) => void;
  readonly onRemove?: (index: number) => void;
}) {
  if (assignments.length === 0) return <p className="govuk-body">No assignments yet.</p>;
  const columns = [
    'No.',
    'Role',
    { label: 'Hourly rate', numeric: true as const },
    'Start',
    'End',
    ...(shown ? ['Registration number'] : []),
    { label: 'Years PQE', numeric: true as const },
    { label: 'References', numeric: true as const },
    'Project team',
    'Cool-off',
    ...(onChange ? ['Actions'] : []),
  ];
  return (
    <DataTable
      id="assignments-caption"
      caption="Assignments open at the quarter end"
      captionClassName="govuk-table__caption--m"
      columns={columns}
      // Assignments have no identity but their place in the list.
      rows={assignments.map((a, i) => ({
        key: String(i),
        header: i + 1,
        cells: [
          AGENCY_ROLE_LABELS[a.roleType],
          pounds(a.hourlyRate),
          formatDate(a.startDate),
          formatDate(a.endDate),
          ...(shown ? [a.registrationNumber || 'Not given'] : []),
          a.pqeYears,
          a.references,
          a.projectTeam ? (a.projectTeamApproved ? 'Yes, approved' : 'Yes, not approved') : 'No',
          a.coolOff ? 'Yes' : 'No',
          ...(onChange && onRemove
            ? [
                <div key="actions" className="govuk-button-group">
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                    onClick={() => onChange(i)}
                  >
                    Change<span className="govuk-visually-hidden"> assignment {i + 1}</span>
                  </button>
                  <button
                    type="button"
                    className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                    onClick={() => onRemove(i)}
                  >
                    Remove<span className="govuk-visually-hidden"> assignment {i + 1}</span>
                  </button>
                </div>,
              ]
            : []),
        ],
      }))}
    />
  );
}

function UploadForm({
  authority,
  period,
  onDone,
}: {
  readonly authority: string;
  readonly period: string;
  readonly onDone: (n: number) => void;
}) {
  const upload = useImportAnnex(authority, period);
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | undefined>();
  const [rows, setRows] = useState<{ name: string; errors: readonly ProblemError[] } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const file = input.current?.files?.[0];
    if (!file) {
      setError('Select a CSV or Excel file');
      setRows(null);
      return;
    }
    try {
      const annex = await upload.mutateAsync({ file });
      setError(undefined);
      setRows(null);
      if (input.current) input.current.value = '';
      onDone(annex.assignments.length);
    } catch (e) {
      if (!isProblem(e)) throw e;
      const list = e.errors;
      setError(
        list.length > 0
          ? `The file has ${list.length === 1 ? 'a problem' : 'problems'}: nothing was saved`
          : (e.detail ?? 'The file was not saved'),
      );
      setRows(list.length > 0 ? { name: file.name, errors: list } : null);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      {error ? (
        <ErrorSummary items={[{ text: error, href: rows ? '#import-errors' : '#annex-file' }]} focusKey={attempt} />
      ) : null}
      <h2 className="govuk-heading-m">Upload the assignments</h2>
      <p className="govuk-body">
        One row per assignment, with the columns role_type, hourly_rate, start_date, end_date, registration_number
        (optional), pqe_years, references, project_team, project_team_approved (optional) and cool_off. Dates as
        YYYY-MM-DD or DD/MM/YYYY; yes or no for the flags. The file replaces the whole list.
      </p>
      <FileField
        id="annex-file"
        label="CSV or Excel file"
        accept=".csv,.xlsx,text/csv"
        inputRef={input}
        error={rows ? undefined : error}
      />
      {rows ? <RowErrorsTable fileName={rows.name} errors={rows.errors} /> : null}
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={upload.isPending}>
        Upload the file
      </button>
    </form>
  );
}

const route = getRouteApi('/signed-in/agency/$period');

type Mode = { kind: 'list' } | { kind: 'edit'; index: number } | { kind: 'check' };

function AuthorityAnnex({
  authority,
  period,
  canEdit,
}: {
  readonly authority: string;
  readonly period: string;
  readonly canEdit: boolean;
}) {
  const annex = useSuspenseQuery(annexQuery(authority, period)).data;
  const compliance = useSuspenseQuery(complianceQuery(authority, period)).data;
  const comparison = useSuspenseQuery(agencyComparisonQuery(authority, period)).data;
  const save = useSaveAnnex(authority, period);
  const [draft, setDraft] = useState<AgencyAssignmentInput[] | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [banner, setBanner] = useState<{ text: string; key: number } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const list = draft ?? annex.assignments.map(toInput);
  const editable = canEdit && annex.editable;

  if (mode.kind === 'edit') {
    const existing = list[mode.index];
    return (
      <AssignmentForm
        period={period}
        index={mode.index}
        initial={existing ? toDraft(existing) : EMPTY}
        onCancel={() => setMode({ kind: 'list' })}
        onDone={(assignment) => {
          const next = [...list];
          next[mode.index] = assignment;
          setDraft(next);
          setMode({ kind: 'check' });
        }}
      />
    );
  }

  if (mode.kind === 'check') {
    const confirm = async () => {
      try {
        const saved = await save.mutateAsync({ version: annex.version, assignments: list });
        setDraft(null);
        setSaveError(null);
        setMode({ kind: 'list' });
        setBanner({
          text: `The annex is saved with ${saved.assignments.length} assignments (version ${saved.version}).`,
          key: saved.version,
        });
      } catch (e) {
        if (!isProblem(e)) throw e;
        setSaveError(e.errors.map((x) => x.message).join('; ') || e.detail || 'The annex was not saved');
      }
    };
    return (
      <>
        {saveError ? <ErrorSummary items={[{ text: saveError }]} focusKey={saveError} /> : null}
        <h2 className="govuk-heading-m">Check your assignments before saving</h2>
        <AssignmentsTable
          assignments={list}
          shown
          onChange={(index) => setMode({ kind: 'edit', index })}
          onRemove={(index) => setDraft(list.filter((_, i) => i !== index))}
        />
        <SummaryList
          rows={[
            ['Assignments', String(list.length)],
            ['Without a registration number', String(list.filter((a) => !a.registrationNumber).length)],
          ]}
        />
        <div className="govuk-button-group">
          <button type="button" className="govuk-button" onClick={confirm} disabled={save.isPending}>
            Save the annex
          </button>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => setMode({ kind: 'edit', index: list.length })}
          >
            Add another assignment
          </button>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => {
              setDraft(null);
              setMode({ kind: 'list' });
            }}
          >
            Discard changes
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      {banner ? (
        <NotificationBanner heading="Annex saved" type="success" focusKey={banner.key}>
          <p className="govuk-body">{banner.text}</p>
        </NotificationBanner>
      ) : null}
      <SummaryList
        rows={[
          ['Quarter end', formatDate(annex.quarterEnd)],
          ['Return', annex.returnStatus ? RETURN_STATUS_LABELS[annex.returnStatus] : 'Not started'],
          ['Assignments', String(annex.assignments.length)],
          ['Without a registration number', String(annex.missingRegistrations)],
          [
            'Last saved',
            annex.updatedAt
              ? `${formatDate(annex.updatedAt)}${annex.updatedByName ? ` by ${annex.updatedByName}` : ''}`
              : 'Never',
          ],
        ]}
      />
      {canEdit && !annex.editable ? (
        <p className="govuk-inset-text">
          The annex follows the quarter’s return: it cannot be changed while the return is submitted or accepted, or the
          collection is closed. Ask your regional lead to send the return back if it needs a change.
        </p>
      ) : null}
      <ComplianceTable id="compliance" caption="Your compliance with the agency rules" compliance={compliance} />
      <RatesTable id="rates" compliance={compliance} />
      <AgencyComparisonTable comparison={comparison} />
      <h2 className="govuk-heading-m">Breaches</h2>
      <BreachesTable id="breaches" caption="Assignments that break the agency rules" compliance={compliance} />
      <AssignmentsTable assignments={list} shown={annex.registrationNumbersShown} />
      {editable ? (
        <div className="govuk-button-group">
          <button type="button" className="govuk-button" onClick={() => setMode({ kind: 'edit', index: list.length })}>
            Add an assignment
          </button>
          {list.length > 0 ? (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => setMode({ kind: 'check' })}
            >
              Change or remove assignments
            </button>
          ) : null}
        </div>
      ) : null}
      {editable ? (
        <UploadForm
          authority={authority}
          period={period}
          onDone={(n) => {
            setDraft(null);
            setBanner({ text: `The file is saved: the annex has ${n} assignments.`, key: Date.now() });
          }}
        />
      ) : null}
      <h2 className="govuk-heading-m">DfE’s quarterly agency data</h2>
      <p className="govuk-body">
        The export holds, for each assignment, the items DfE’s list asks for: role type, hourly charge rate, start and
        end dates, Social Work England registration number and project team; then whether it complies with the rules and
        why not. The layout follows DfE’s list of items: DfE has not published a template, and the export will follow
        one when it does. It holds registration numbers, so only your authority’s users can download it.
      </p>
      <p className="govuk-body">
        <a href={`${annexPath(authority, period)}/dfe-export.csv`} className="govuk-link" download>
          Download DfE’s agency data for {periodLabel(period)} (CSV)
        </a>
      </p>
    </>
  );
}

function RegionView({ region, period }: { readonly region: string; readonly period: string }) {
  const data = useSuspenseQuery(regionComplianceQuery(region, period)).data;
  const measure = (a: (typeof data.authorities)[number], id: string) => {
    const m = a.measures.find((x) => x.id === id);
    return m ? measureText(m) : '–';
  };
  const ids = data.pooled.map((m) => m.id);
  return (
    <>
      <DataTable
        id="region-caption"
        caption={`Compliance of your region’s authorities, ${data.periodLabel}`}
        captionClassName="govuk-table__caption--m"
        columns={[
          'Authority',
          { label: 'Assignments', numeric: true },
          ...data.pooled.map((m) => m.label),
          { label: 'Breaches', numeric: true },
        ]}
        rows={[
          ...data.authorities.map((a) => ({
            key: a.authorityCode,
            header: a.authorityName,
            cells: [
              a.hasAnnex ? a.assignments : 'No annex',
              ...ids.map((id) => (a.hasAnnex ? measure(a, id) : '–')),
              a.breaches.length,
            ],
          })),
          {
            key: 'region',
            header: 'Region (pooled)',
            cells: [
              data.authorities.reduce((n, a) => n + a.assignments, 0),
              ...data.pooled.map((m) => measureText(m)),
              data.authorities.reduce((n, a) => n + a.breaches.length, 0),
            ],
          },
        ]}
      />
      <h2 className="govuk-heading-m">Breaches by authority</h2>
      {data.authorities
        .filter((a) => a.breaches.length > 0)
        .map((a) => (
          <BreachesTable
            key={a.authorityCode}
            id={`breaches-${a.authorityCode}`}
            caption={`${a.authorityName}: assignments that break the agency rules`}
            compliance={a}
          />
        ))}
    </>
  );
}

/** /agency/$period: an authority's annex and compliance for the quarter, or a lead's region named. */
export function AgencyPeriodPage() {
  const { period } = route.useParams();
  const user = useUser();
  const title = `Agency workers, ${periodLabel(period)}`;
  usePageTitle(title);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to="/agency" className="govuk-back-link">
          All quarters and the price caps
        </Link>
        <h1 className="govuk-heading-l">{title}</h1>
        <AgencyRules />
        {isAuthorityUser(user) ? (
          <AuthorityAnnex
            authority={user.authorityCode}
            period={period}
            canEdit={user.role === 'authority_submitter'}
          />
        ) : null}
        {user.role === 'regional_lead' && user.regionCode ? (
          <RegionView region={user.regionCode} period={period} />
        ) : null}
      </div>
    </div>
  );
}
