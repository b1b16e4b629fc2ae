// Reads DfE's "Children's social work workforce" indicators file (reference-data/dfe-csww) for the
// tests, the benchmark and the start script. A deliberately small reader for this one well-formed
// file (RFC 4180 quoting, no embedded newlines); the API's importer uses a CSV library.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DFE_FILE = fileURLToPath(
  new URL('../../../reference-data/dfe-csww/csww_indicators_2017_to_2023.csv', import.meta.url),
);

/** Splits one CSV line into fields, honouring double quotes. */
function splitLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * The file's rows as objects keyed by column name, values as strings.
 * @param {string} [path]
 * @returns {Record<string, string>[]}
 */
export function readDfeRows(path = DFE_FILE) {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = splitLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = splitLine(line);
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

/**
 * A published cell as a number, or null for the GSS symbols (z, x, c, u, low) and blanks.
 * @param {string | undefined} cell
 * @returns {number | null}
 */
export function numberOrNull(cell) {
  if (cell === undefined) return null;
  const trimmed = cell.trim();
  if (trimmed === '' || !/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

/**
 * The quarterly history that a DfE annual row stands for: the four quarters ending at the census
 * date (30 September of `time_period`, period `YYYY-YY-Q2`), with the snapshot figures on the last
 * quarter and the year's leavers (FTE and headcount) and sickness days spread evenly over the four
 * quarters. DfE's `agency_cover_fte` (agency workers covering vacancies) is the return's
 * `vacanciesCoveredByAgencyFte`. Symbols become missing fields.
 * @param {Record<string, string>} row
 */
export function historyFromRow(row) {
  const year = Number(row.time_period);
  const yy = (n) => String(n % 100).padStart(2, '0');
  const periods = [
    `${year - 1}-${yy(year)}-Q3`,
    `${year - 1}-${yy(year)}-Q4`,
    `${year}-${yy(year + 1)}-Q1`,
    `${year}-${yy(year + 1)}-Q2`,
  ];
  const leavers = numberOrNull(row.leavers_fte);
  const leaversHeadcount = numberOrNull(row.leavers_headcount);
  const sickness = numberOrNull(row.working_days_lost_fte);
  const quarter = (total) => (total === null ? null : total / 4);
  const flows = (period) => ({
    period,
    leaversFte: quarter(leavers),
    leaversHeadcount: quarter(leaversHeadcount),
    sicknessAbsenceDays: quarter(sickness),
  });
  return {
    period: periods[3],
    history: [
      flows(periods[0]),
      flows(periods[1]),
      flows(periods[2]),
      {
        ...flows(periods[3]),
        permanentFte: numberOrNull(row.inpost_fte),
        permanentHeadcount: numberOrNull(row.inpost_headcount),
        agencyFte: numberOrNull(row.agency_fte),
        agencyHeadcount: numberOrNull(row.agency_headcount),
        vacanciesFte: numberOrNull(row.vacancy_fte),
        vacanciesCoveredByAgencyFte: numberOrNull(row.agency_cover_fte),
        caseHoldingFte: numberOrNull(row.case_holders_fte),
        casesHeld: numberOrNull(row.cases),
        startersFte: numberOrNull(row.starters_fte),
      },
    ],
  };
}

/** The published rate column of each metric that DfE publishes. */
export const PUBLISHED_RATES = {
  turnoverRate: 'turnover_rate_fte',
  agencyRate: 'agency_rate_fte',
  vacancyRate: 'vacancy_rate_fte',
  averageCaseload: 'caseload_fte',
  absenceRate: 'absence_rate_fte',
  turnoverRateHeadcount: 'turnover_rate_headcount',
  agencyRateHeadcount: 'agency_rate_headcount',
  agencyCoverRate: 'agency_cover_rate_fte',
  vacancyAgencyCoverRate: 'vacancy_agency_cover_rate_fte',
};
