/**
 * Reading an agency annex from an uploaded CSV or XLSX (read by the return import's readers): one row
 * per assignment under a header of {@link AGENCY_COLUMNS}. Every error names its row and column; the
 * same rules as the form and the API then run on the assignments, reported by row and column too.
 */
import {
  AGENCY_COLUMNS,
  AGENCY_ROLE_LABELS,
  AGENCY_ROLE_TYPES,
  type AgencyAssignment,
  agencyAssignmentSchema,
  MAX_ASSIGNMENTS,
  type ProblemError,
  parseFigure,
} from '@csc-workforce/schemas';
import { annexErrors } from './agency.js';
import { quote } from './spreadsheets.js';
import { type CellInput, type Grid, isBlank } from './spreadsheets-read.js';

/** Columns that may be left out of the header (blank cells mean no number, not approved). */
const OPTIONAL_COLUMNS = new Set(['registration_number', 'project_team_approved']);

const BOOLEAN_TEXT: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  '1': true,
  no: false,
  n: false,
  false: false,
  '0': false,
};

const text = (cell: CellInput): string =>
  cell === undefined ? '' : typeof cell === 'object' ? `=${cell.formula}` : String(cell).trim();

/** A role type by its id or its label, in any case. */
function roleOf(cell: CellInput): string {
  const t = text(cell).toLowerCase();
  const byLabel = AGENCY_ROLE_TYPES.find((r) => AGENCY_ROLE_LABELS[r].toLowerCase() === t);
  return byLabel ?? t;
}

/** A date as YYYY-MM-DD, or DD/MM/YYYY as spreadsheets in England write it; anything else as written. */
function dateOf(cell: CellInput): string {
  const t = text(cell);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  return uk ? `${uk[3]}-${(uk[2] as string).padStart(2, '0')}-${(uk[1] as string).padStart(2, '0')}` : t;
}

function numberOf(cell: CellInput): unknown {
  if (typeof cell === 'object') return text(cell);
  const parsed = parseFigure(cell);
  return parsed.status === 'number' ? parsed.value : parsed.status === 'empty' ? undefined : text(cell);
}

function booleanOf(cell: CellInput, blank: boolean | undefined): unknown {
  if (typeof cell === 'boolean') return cell;
  if (isBlank(cell)) return blank;
  return BOOLEAN_TEXT[text(cell).toLowerCase()] ?? text(cell);
}

/**
 * The assignments of an upload for `period`, or the errors that stop it, each with its row and column.
 * @returns `{ assignments }` when every row is good, else `{ errors }` (all of them).
 */
export function readAnnexGrid(grid: Grid, period: string): { assignments: AgencyAssignment[]; errors: ProblemError[] } {
  const errors: ProblemError[] = [];
  const header = (grid.header ?? []).map((cell) => text(cell).toLowerCase());
  const known = new Map<string, string>(AGENCY_COLUMNS);
  for (const [index, name] of header.entries()) {
    if (name === '') continue;
    if (!known.has(name)) {
      errors.push({
        row: 1,
        column: grid.columnName(index),
        message: `Unknown column ${quote(name)}: the columns are ${AGENCY_COLUMNS.map(([c]) => c).join(', ')}`,
      });
    } else if (header.indexOf(name) !== index) {
      errors.push({ row: 1, column: name, message: `The column ${name} appears twice` });
    }
  }
  for (const [column] of AGENCY_COLUMNS) {
    if (!OPTIONAL_COLUMNS.has(column) && !header.includes(column)) {
      errors.push({ row: 1, column, message: `The header has no column ${column}` });
    }
  }
  if (errors.length > 0) return { assignments: [], errors };
  if (grid.rows.length > MAX_ASSIGNMENTS) {
    return {
      assignments: [],
      errors: [{ message: `The file has ${grid.rows.length} assignments: an annex holds at most ${MAX_ASSIGNMENTS}` }],
    };
  }
  const at = (cells: readonly CellInput[], column: string): CellInput => {
    const index = header.indexOf(column);
    return index < 0 ? undefined : cells[index];
  };
  const assignments: AgencyAssignment[] = [];
  const rows: number[] = [];
  for (const { row, cells } of grid.rows) {
    const registration = text(at(cells, 'registration_number'));
    const candidate = {
      roleType: roleOf(at(cells, 'role_type')),
      hourlyRate: numberOf(at(cells, 'hourly_rate')),
      startDate: dateOf(at(cells, 'start_date')),
      endDate: dateOf(at(cells, 'end_date')),
      registrationNumber: registration === '' ? null : registration,
      pqeYears: numberOf(at(cells, 'pqe_years')),
      references: numberOf(at(cells, 'references')),
      projectTeam: booleanOf(at(cells, 'project_team'), undefined),
      projectTeamApproved: booleanOf(at(cells, 'project_team_approved'), false),
      coolOff: booleanOf(at(cells, 'cool_off'), undefined),
    };
    const parsed = agencyAssignmentSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = AGENCY_COLUMNS.find(([, f]) => f === field)?.[0] ?? field;
        const booleanHint = issue.message.includes('true or false') ? ' (yes or no)' : '';
        errors.push({ row, column, message: `${issue.message}${booleanHint}` });
      }
      continue;
    }
    assignments.push(parsed.data);
    rows.push(row);
  }
  if (errors.length > 0) return { assignments: [], errors };
  const ruleErrors = annexErrors(assignments, period, (index, field) => ({
    row: rows[index] as number,
    column: AGENCY_COLUMNS.find(([, f]) => f === field)?.[0] ?? field,
  }));
  return ruleErrors.length > 0 ? { assignments: [], errors: ruleErrors } : { assignments, errors: [] };
}
