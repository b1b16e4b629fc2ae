/**
 * The comparison table as a download: the table of DESIGN section 1 for an authority user (one row
 * per metric: own value, regional figure and range, England, the statistical neighbours' group, DfE's
 * published figures), and for a
 * regional lead one row per metric and authority of the region, named, with counts. Values are
 * rounded to 1 dp as everywhere people read them; a withheld group is blank with the reason in Note.
 */
import {
  comparePeriods,
  METRICS,
  type MetricId,
  periodLabel,
  roundHalfAwayFromZero,
  verdictText,
} from '@csc-workforce/metrics-core';
import type {
  AuthorityComparison as AuthorityView,
  Funnel,
  RegionComparison as RegionView,
} from '@csc-workforce/schemas';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from './spreadsheets.js';
import type { SheetValue, Table } from './spreadsheets-write.js';

const r1 = (x: number | null | undefined): SheetValue =>
  x === null || x === undefined ? null : roundHalfAwayFromZero(x, 1);

type Progress = AuthorityView['metrics'][number]['target'];

/** Where a value stands against its target, in words: "met", "not met", "not met, overdue", "no value". */
const againstTarget = (t: Progress): SheetValue =>
  t === null
    ? null
    : t.status === 'met'
      ? 'met'
      : t.status === 'no-value'
        ? `no value${t.overdue ? ', overdue' : ''}`
        : `not met${t.overdue ? ', overdue' : ''}`;

/**
 * Why an authority's value is missing, in words: "No counted return for 2023-24 Q4" (none submitted,
 * or sent back), "Figures missing from the return for …", "… is 0".
 */
export function missingText(metric: MetricId, figure: { reason: string | null; missing: readonly string[] }): string {
  const periods = (entries: readonly string[]) =>
    [...new Set(entries.map((e) => e.split('@').at(-1) ?? e))].sort(comparePeriods).map(periodLabel).join(', ');
  switch (figure.reason) {
    case null:
      return '';
    case 'insufficient-history':
      return figure.missing.length > 0
        ? `No counted (submitted or accepted) return for ${periods(figure.missing)}`
        : 'No counted return for the quarters it needs';
    case 'missing-input':
      return figure.missing.length > 0
        ? `Figures it needs are blank in the return for ${periods(figure.missing)}`
        : 'Figures it needs are blank';
    case 'zero-denominator':
      return `Cannot be worked out: ${METRICS[metric].denominator} is 0`;
    default:
      return 'Cannot be worked out';
  }
}

const unitOf = (unit: string) => (unit === 'percent' ? '%' : unit === 'ratio' ? 'cases per FTE' : 'FTE');

/**
 * The release the groups of a table come from ("2024-25 Q1, released 14 August 2024"): the period's
 * own, or before it is released the last released quarter's, which the table's heading does not say.
 */
export const groupsFrom = (view: AuthorityView | RegionView): string =>
  view.release ? `${view.release.periodLabel}, ${view.release.label}` : 'not released';

/** One row per metric, as the regional groups' own comparison tables. */
export function authorityTable(view: AuthorityView): Table {
  const year = view.published?.year;
  // The neighbours' group comes from a release of its own when a re-release left it as it was.
  const own = view.neighbours?.release;
  const neighboursFrom =
    own && (own.period !== view.release?.period || own.sequence !== view.release?.sequence)
      ? `${own.periodLabel}, ${own.label}`
      : null;
  return {
    columns: [
      'metric',
      'unit',
      `${view.authority.name} ${view.periodLabel}`,
      `${view.region.name} (pooled)`,
      'region range from',
      'region range to',
      'region median',
      'rank in region',
      'band in region (A best)',
      'authorities in region',
      'England (pooled)',
      'statistical neighbours (pooled)',
      'statistical neighbours median',
      'neighbours contributing',
      'change since last quarter',
      'change since same quarter last year',
      year ? `DfE England ${year}` : 'DfE England',
      year ? `DfE ${view.region.name} ${year}` : 'DfE region',
      'target',
      'target by',
      'against target',
      'groups from',
      'note',
    ],
    rows: view.metrics.map((m) => {
      const region = m.region.group;
      const england = m.england.group;
      const neighbours = m.neighbours?.group ?? null;
      const notes = [
        m.own.reason ? `Own value missing: ${missingText(m.metric.id, m.own)}.` : '',
        region.status === 'withheld' ? `Region: ${region.message}` : '',
        england.status === 'withheld' ? `England: ${england.message}` : '',
        neighbours?.status === 'withheld' ? `Neighbours: ${neighbours.message}` : '',
        neighbours?.status === 'shown' && neighboursFrom ? `Neighbours from ${neighboursFrom}.` : '',
      ].filter(Boolean);
      return [
        m.metric.label,
        unitOf(m.metric.unit),
        r1(m.own.value),
        region.status === 'shown' ? r1(region.pooled) : null,
        region.status === 'shown' ? r1(region.min) : null,
        region.status === 'shown' ? r1(region.max) : null,
        region.status === 'shown' ? r1(region.median) : null,
        m.region.rank,
        m.region.band,
        region.n,
        england.status === 'shown' ? r1(england.pooled) : null,
        neighbours?.status === 'shown' ? r1(neighbours.pooled) : null,
        neighbours?.status === 'shown' ? r1(neighbours.median) : null,
        neighbours ? neighbours.n : null,
        r1(m.change.previousQuarter?.difference),
        r1(m.change.sameQuarterLastYear?.difference),
        m.published?.national?.value ?? m.published?.national?.symbol ?? null,
        m.published?.region?.value ?? m.published?.region?.symbol ?? null,
        m.target?.value ?? null,
        m.target?.byLabel ?? null,
        againstTarget(m.target),
        groupsFrom(view),
        notes.join(' '),
      ];
    }),
  };
}

/** A funnel verdict for a table: "significantly lower than expected (better)", …. */
function funnelCell(f: Funnel | null): string | null {
  if (!f) return null;
  const words = verdictText(f.verdict);
  return f.assessment === 'better' || f.assessment === 'worse' ? `${words} (${f.assessment})` : words;
}

/** One row per metric and authority of the region, then the region and England. */
export function regionTable(view: RegionView): Table {
  const names = new Map(view.authorities.map((a) => [a.code, a.name]));
  const rows: SheetValue[][] = [];
  for (const m of view.metrics) {
    for (const a of m.authorities) {
      rows.push([
        m.metric.label,
        unitOf(m.metric.unit),
        a.code,
        names.get(a.code) ?? a.code,
        r1(a.value),
        r1(a.numerator),
        r1(a.denominator),
        a.region.rank,
        a.region.quartile,
        a.region.band,
        funnelCell(a.region.funnel),
        a.england.rank,
        r1(a.change.previousQuarter?.difference),
        a.target?.value ?? null,
        a.target?.byLabel ?? null,
        againstTarget(a.target),
        null,
        missingText(m.metric.id, a),
      ]);
    }
    const total = (code: string, name: string, g: RegionView['metrics'][number]['region']) =>
      rows.push([
        m.metric.label,
        unitOf(m.metric.unit),
        code,
        name,
        g.status === 'shown' ? r1(g.pooled) : null,
        g.status === 'shown' ? r1(g.numerator) : null,
        g.status === 'shown' ? r1(g.denominator) : null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        code === 'E92000001' ? groupsFrom(view) : null,
        g.status === 'withheld' ? g.message : `pooled over ${g.n} authorities`,
      ]);
    total(view.region.code, `${view.region.name} (region)`, m.region);
    total('E92000001', 'England', m.england);
  }
  return {
    columns: [
      'metric',
      'unit',
      'code',
      'name',
      view.periodLabel,
      'numerator',
      'denominator',
      'rank in region',
      'quartile in region',
      'band in region (A best)',
      'funnel (region)',
      'rank in England',
      'change since last quarter',
      'target',
      'target by',
      'against target',
      'groups from',
      'note',
    ],
    rows,
  };
}

/** The table as an .xlsx workbook, with a sheet of definitions. */
export async function comparisonXlsx(
  table: Table,
  definitions: readonly { label: string; formula: string; polarity: string }[],
  title: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Children's social care workforce exchange";
  const sheet = workbook.addWorksheet('Comparison', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([neutraliseFormula(title)]).font = { bold: true, size: 14 };
  const head = sheet.addRow([...table.columns].map((c) => neutraliseFormula(c)));
  head.font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(row.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)));
  }
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 36 : Math.max(12, Math.min(40, String(table.columns[i] ?? '').length + 2));
  });
  const defs = workbook.addWorksheet('Definitions');
  defs.addRow(['metric', 'formula', 'better']).font = { bold: true };
  for (const d of definitions)
    defs.addRow([d.label, d.formula, d.polarity === 'neither' ? 'neither' : `${d.polarity}`]);
  defs.columns = [{ width: 36 }, { width: 90 }, { width: 10 }];
  const written: unknown = await workbook.xlsx.writeBuffer();
  if (written instanceof Uint8Array) return Buffer.from(written.buffer, written.byteOffset, written.byteLength);
  if (written instanceof ArrayBuffer) return Buffer.from(written);
  throw new TypeError('exceljs wrote something other than bytes');
}
