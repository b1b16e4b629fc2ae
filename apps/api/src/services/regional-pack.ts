/**
 * The regional pack: what a regional lead sends the directors of their region after a round. One XLSX
 * workbook (an "About" sheet, the returns and their status, a sheet per metric with the region's
 * authorities named, the region and England pooled and DfE's published figures, and a sheet of
 * definitions) or the same figures as one CSV table (a metric column in front). Built from the lead's
 * comparison of the period, so it shows exactly what the portal shows: only submitted and accepted
 * returns count, values rounded to 1 dp.
 */
import { METRICS } from '@csc-workforce/metrics-core';
import { RETURN_STATUS_LABELS, type RegionComparison } from '@csc-workforce/schemas';
import ExcelJS from 'exceljs';
import { groupsFrom, regionTable } from './comparisons-export.js';
import { neutraliseFormula } from './spreadsheets.js';
import type { SheetValue, Table } from './spreadsheets-write.js';

/** The pack's CSV: one row per metric and authority, then the region, England and DfE's figures. */
export function packTable(view: RegionComparison): Table {
  const table = regionTable(view);
  const rows: (readonly SheetValue[])[] = [];
  const width = table.columns.length;
  const blank = (): SheetValue[] => Array.from({ length: width }, () => null);
  let at = 0;
  for (const m of view.metrics) {
    // regionTable gives each metric's authorities, then the region and England rows.
    const count = m.authorities.length + 2;
    rows.push(...table.rows.slice(at, at + count));
    at += count;
    const year = view.published?.year;
    for (const [code, name, figure] of [
      ['E92000001', `DfE England ${year ?? ''}`.trim(), m.published?.national],
      [view.region.code, `DfE ${view.region.name} ${year ?? ''}`.trim(), m.published?.region],
    ] as const) {
      if (!figure) continue;
      const row = blank();
      row[0] = m.metric.label;
      row[1] = table.rows[at - 1]?.[1] ?? null;
      row[2] = code;
      row[3] = name;
      row[4] = figure.value;
      row[width - 1] =
        figure.value === null ? `DfE symbol ${figure.symbol ?? ''}`.trim() : (view.published?.label ?? '');
      rows.push(row);
    }
  }
  return { columns: table.columns, rows };
}

/** A worksheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique in the workbook. */
function sheetName(label: string, used: Set<string>): string {
  const base = label
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 31)
    .trim();
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

const cell = (v: SheetValue) => (typeof v === 'string' ? neutraliseFormula(v) : v);

/** The pack as an XLSX workbook. */
export async function packXlsx(view: RegionComparison, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Children's social care workforce exchange";
  workbook.created = generatedAt;
  const used = new Set<string>();
  const title = `${view.region.name} regional workforce pack, ${view.periodLabel}`;

  const counted = view.authorities.filter((a) => a.counted).length;
  const about = workbook.addWorksheet(sheetName('About', used));
  about.addRow([neutraliseFormula(title)]).font = { bold: true, size: 14 };
  for (const line of [
    ['Region', view.region.name],
    ['Period', view.periodLabel],
    ['Generated', generatedAt.toISOString().replace('T', ' ').slice(0, 16)],
    ['Returns counted', `${counted} of ${view.authorities.length} authorities (submitted or accepted returns)`],
    ['Smallest group shown', `${view.minGroupSize} authorities`],
    ['Rounding', 'Values rounded to 1 decimal place'],
    ['England from', `${groupsFrom(view)} (the region's own figures are live)`],
    ['DfE figures', view.published ? `${view.published.label} (release ${view.published.release})` : 'none loaded'],
    ...(view.demo ? [['Demo data', 'These figures include generated demo returns, not real ones']] : []),
    ['Sheets', 'Returns; one sheet per metric; Definitions'],
  ]) {
    about.addRow(line.map((v) => neutraliseFormula(v ?? '')));
  }
  about.columns = [{ width: 24 }, { width: 80 }];

  const returns = workbook.addWorksheet(sheetName('Returns', used));
  returns.addRow(['code', 'authority', 'return status', 'counted in the figures']).font = { bold: true };
  for (const a of view.authorities) {
    returns.addRow([
      a.code,
      neutraliseFormula(a.name),
      a.returnStatus ? RETURN_STATUS_LABELS[a.returnStatus] : 'Not started',
      a.counted ? 'yes' : 'no',
    ]);
  }
  returns.columns = [{ width: 12 }, { width: 36 }, { width: 22 }, { width: 22 }];

  const table = packTable(view);
  const columns = table.columns.slice(2);
  for (const m of view.metrics) {
    const sheet = workbook.addWorksheet(sheetName(m.metric.label, used), { views: [{ state: 'frozen', ySplit: 2 }] });
    sheet.addRow([neutraliseFormula(`${m.metric.label}, ${view.periodLabel}`)]).font = { bold: true, size: 12 };
    sheet.addRow(columns.map(cell)).font = { bold: true };
    for (const row of table.rows) if (row[0] === m.metric.label) sheet.addRow(row.slice(2).map(cell));
    sheet.columns = columns.map((c, i) => ({ width: i === 1 ? 36 : Math.max(12, Math.min(40, String(c).length + 2)) }));
  }

  const defs = workbook.addWorksheet(sheetName('Definitions', used));
  defs.addRow(['metric', 'unit', 'formula', 'better']).font = { bold: true };
  for (const m of Object.values(METRICS)) defs.addRow([m.label, m.unit, m.formula, m.polarity]);
  defs.columns = [{ width: 36 }, { width: 10 }, { width: 90 }, { width: 10 }];

  const written: unknown = await workbook.xlsx.writeBuffer();
  if (written instanceof Uint8Array) return Buffer.from(written.buffer, written.byteOffset, written.byteLength);
  if (written instanceof ArrayBuffer) return Buffer.from(written);
  throw new TypeError('exceljs wrote something other than bytes');
}
