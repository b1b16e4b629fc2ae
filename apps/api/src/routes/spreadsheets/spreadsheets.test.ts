import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { RETURN_CSV_COLUMNS } from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import yauzl from 'yauzl';
import { csv, type Figures, PERIOD, rowOf, VALID_RETURN } from '../../../test/fixtures.js';
import {
  createTestContext,
  DB_KINDS,
  type Json,
  PASSWORD,
  TEST_USERS,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { periods } from '../../db/schema.js';
import { HttpProblem } from '../../lib/problem.js';
import {
  IMPORT_LIMITS,
  neutraliseFormula,
  restoreNeutralised,
  TEMPLATE_COLUMNS,
  XLSX_MEDIA_TYPE,
} from '../../services/spreadsheets.js';
import { canonicalColumn } from '../../services/spreadsheets-import.js';
import { cellInput, namedCells, readUpload } from '../../services/spreadsheets-read.js';

const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const MANCHESTER = 'E08000003';
const Q1 = '2024-25-Q1';
const CLOSED = '2023-24-Q4';
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Building files

const col = (name: string) => TEMPLATE_COLUMNS.indexOf(name);

/** The letters of a workbook column at a position (0 is A). */
function letter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  /** Stored as it is, not deflated. */
  readonly store?: boolean;
  /** The compressed bytes to write instead of deflating `data`. */
  readonly body?: Buffer;
  /** The uncompressed size to declare instead of the real one. */
  readonly declaredSize?: number;
}

/** A zip archive written by hand (tests only), so that it can lie about its sizes. */
function zip(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.body ?? (entry.store ? entry.data : deflateRawSync(entry.data));
    const method = entry.store ? 0 : 8;
    const crc = crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    directory.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

/** The entries of a zip, inflated (to edit a workbook exceljs wrote). */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, archive) => {
      if (error) return reject(error);
      archive.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return archive.readEntry();
        archive.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            archive.readEntry();
          });
        });
      });
      archive.on('end', () => resolve(files));
      archive.readEntry();
    });
  });
}

/** A workbook with one of its parts changed by `edit`. */
async function editWorkbook(bytes: Buffer, part: string, edit: (xml: string) => string): Promise<Buffer> {
  const files = await unzip(bytes);
  const xml = files.get(part)?.toString('utf8');
  if (xml === undefined) throw new Error(`no ${part}`);
  files.set(part, Buffer.from(edit(xml)));
  return zip([...files].map(([name, data]) => ({ name, data })));
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

async function loadWorkbook(bytes: ArrayBuffer | Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}

/** The values of a sheet's row, by column position (0 first). */
function rowValues(sheet: ExcelJS.Worksheet, number: number): unknown[] {
  const values: unknown[] = [];
  sheet.getRow(number).eachCell({ includeEmpty: true }, (cell, column) => {
    values[column - 1] = cell.value;
  });
  return values;
}

/** A workbook made with exceljs: a Return sheet with the header and `rows`. */
async function workbookOf(rows: readonly (readonly (string | number | null)[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Return');
  sheet.addRow([...TEMPLATE_COLUMNS]);
  for (const row of rows) sheet.addRow([...row]);
  return toBuffer(workbook);
}

const figuresRow = (period: string, figures: Figures = VALID_RETURN, authority = COVENTRY) =>
  rowOf(period, figures, authority).map((v, i) =>
    i < 2 || v === '' || Number.isNaN(Number(v)) ? v || null : Number(v),
  );

// ---------------------------------------------------------------------------------------------
// Pure helpers

describe('spreadsheet helpers', () => {
  test('formula neutralising: what a spreadsheet would run gets a quote, and the import takes it off again', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil.example","x")']) {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
      expect(restoreNeutralised(neutraliseFormula(text))).toBe(text);
    }
    for (const text of ['Two teams merged', "'quoted", '12', '', 'a=b']) {
      expect(neutraliseFormula(text)).toBe(text);
      expect(restoreNeutralised(text)).toBe(text);
    }
  });

  test('headers are forgiven their case, spaces and camelCase; unknown ones are not columns', () => {
    expect(canonicalColumn('Leavers FTE')).toBe('leavers_fte');
    expect(canonicalColumn('leaversFte')).toBe('leavers_fte');
    expect(canonicalColumn('Authority code')).toBe('authority_code');
    expect(canonicalColumn('VERSION')).toBe('version');
    expect(canonicalColumn('region')).toBeUndefined();
  });

  test('workbook cells: formulas by their value, rich text and links by their text, dates as dates', () => {
    expect(cellInput({ formula: 'A1+B1', result: 12 })).toBe(12);
    expect(cellInput({ formula: 'A1+B1' })).toEqual({ formula: 'A1+B1' });
    expect(cellInput({ richText: [{ text: 'Two ' }, { text: 'teams' }] })).toBe('Two teams');
    expect(cellInput({ text: 'link', hyperlink: 'http://example.com' })).toBe('link');
    expect(cellInput({ error: '#DIV/0!' })).toBe('#DIV/0!');
    expect(cellInput(new Date('2024-06-30T00:00:00Z'))).toBe('2024-06-30');
    expect(cellInput("'=1+1")).toBe('=1+1');
    expect(cellInput(null)).toBeUndefined();
  });

  test('cells a defined name covers, which the reader would expand one by one', () => {
    expect(namedCells('Return!$A$1:$C$10')).toBe(30);
    expect(namedCells("'My sheet'!$A$1:$C$10,Return!$E$1")).toBe(31);
    expect(namedCells('Return!$A$1:$XFD$1048576')).toBe(16384 * 1048576);
    expect(namedCells('Return!$A:$A')).toBe(0);
  });

  test('limits: a file over the size limit, and a workbook over the cell limit, are refused before reading', async () => {
    const refusal = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HttpProblem);
      return (error as HttpProblem).body;
    };
    const big = await refusal(readUpload({ bytes: Buffer.alloc(2048, 'a') }, { ...IMPORT_LIMITS, maxFileBytes: 1024 }));
    expect(big).toMatchObject({ status: 413, detail: expect.stringMatching(/2 KB.*1 KB/) });
    const cells = await refusal(
      readUpload({ bytes: await workbookOf([figuresRow(PERIOD)]) }, { ...IMPORT_LIMITS, maxCells: 10 }),
    );
    expect(cells).toMatchObject({ status: 413, detail: expect.stringMatching(/cells/) });
  });
});

// ---------------------------------------------------------------------------------------------
// The API

/** A request body. */
type Body = NonNullable<RequestInit['body']>;

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

describe.each(DB_KINDS)('spreadsheets on %s', (kind) => {
  let ctx: TestContext;
  const sessions = {} as Record<TestUser, Session>;

  async function signIn(who: TestUser): Promise<Session> {
    const res = await ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: TEST_USERS[who].email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: csrfToken };
  }

  const request = async (
    who: TestUser | null,
    method: string,
    path: string,
    init: { body?: Body; headers?: Record<string, string> } = {},
  ): Promise<Response> =>
    ctx.app.request(path, {
      method,
      headers: {
        ...(who ? { cookie: sessions[who].cookie, 'x-csrf-token': sessions[who].csrf } : {}),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    });

  const get = (who: TestUser | null, path: string) => request(who, 'GET', path);

  const upload = (who: TestUser | null, body: Body, contentType: string | null = 'text/csv') =>
    request(who, 'POST', '/api/returns/import', { body, headers: contentType ? { 'content-type': contentType } : {} });

  const save = async (who: TestUser, authority: string, period: string, figures: Figures) => {
    const current = await get(who, `/api/returns/${authority}/${period}`);
    const version = current.status === 200 ? ((await current.json()) as Json).version : 0;
    const res = await request(who, 'PUT', `/api/returns/${authority}/${period}`, {
      body: JSON.stringify({ version, figures }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as Json;
  };

  /** Every row a write could have touched, to prove that a refused import changed nothing. */
  const snapshot = async () => {
    const { db } = ctx.database;
    return JSON.stringify([
      await db.query.returns.findMany({ orderBy: (t, { asc }) => [asc(t.authorityCode), asc(t.periodId)] }),
      await db.query.returnRevisions.findMany({
        orderBy: (t, { asc }) => [asc(t.authorityCode), asc(t.periodId), asc(t.revision)],
      }),
      (await db.query.auditLog.findMany()).length,
    ]);
  };

  /** A refused request: its status, a problem+json body, and nothing stored changed. */
  async function refused(status: number, send: () => Promise<Response>): Promise<Json> {
    const before = await snapshot();
    const res = await send();
    const body = (await res.json()) as Json;
    expect(res.status, JSON.stringify(body)).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await snapshot()).toBe(before);
    return body;
  }

  const importErrors = async (
    body: Body,
    contentType: string | null = 'text/csv',
    who: TestUser = 'coventrySubmitter',
  ) => {
    const problem = await refused(422, () => upload(who, body, contentType));
    expect(problem.type).toBe('/problems/import');
    return problem.errors as { row?: number; column?: string; code?: string; message: string }[];
  };

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    for (const who of Object.keys(TEST_USERS) as TestUser[]) sessions[who] = await signIn(who);
    for (const [id, status] of [
      [PERIOD, 'open'],
      [Q1, 'open'],
      [CLOSED, 'closed'],
    ] as const) {
      const res = await request('admin', 'POST', '/api/periods', {
        body: JSON.stringify({ id, status }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => ctx.close());

  test('template.csv: the header of every column, and a row for the authority and the newest open period', async () => {
    const res = await get('coventrySubmitter', '/api/returns/template.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="workforce-return-template-${COVENTRY}.csv"`,
    );
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const records: string[][] = parse(await res.text(), { bom: true });
    expect(records[0]).toEqual(['authority_code', 'period', ...RETURN_CSV_COLUMNS]);
    expect(RETURN_CSV_COLUMNS.at(-1)).toBe('comment');
    expect(records.slice(1)).toEqual([[COVENTRY, PERIOD, ...RETURN_CSV_COLUMNS.map(() => '')]]);
    // A viewer may download it too; a regional lead gets the header only; no one signed out does.
    const viewer: string[][] = parse(await (await get('coventryViewer', '/api/returns/template.csv')).text(), {
      bom: true,
    });
    expect(viewer[1]?.slice(0, 2)).toEqual([COVENTRY, PERIOD]);
    const lead: string[][] = parse(await (await get('westMidlandsLead', '/api/returns/template.csv')).text(), {
      bom: true,
    });
    expect(lead).toHaveLength(1);
    expect((await get(null, '/api/returns/template.csv')).status).toBe(401);
  });

  test('template-guide.csv explains every column of the template', async () => {
    const res = await get('coventryViewer', '/api/returns/template-guide.csv');
    expect(res.status).toBe(200);
    const [header, ...rows]: string[][] = parse(await res.text(), { bom: true });
    expect(header).toEqual(['column', 'label', 'what_to_count', 'kind', 'required_to_submit']);
    expect(rows.map((r) => r[0])).toEqual(TEMPLATE_COLUMNS);
    for (const row of rows) expect(row.every((cell) => cell.trim() !== '')).toBe(true);
    const leaversFte = rows.find((r) => r[0] === 'leavers_fte');
    expect(leaversFte?.[1]).toBe('Leavers FTE');
  });

  test('template.xlsx: a Return sheet with a note on each column and a Guidance sheet explaining every column', async () => {
    const res = await get('coventrySubmitter', '/api/returns/template.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_MEDIA_TYPE);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="workforce-return-template-E08000026\.xlsx"$/,
    );
    const workbook = await loadWorkbook(await res.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Return', 'Guidance']);
    const sheet = workbook.getWorksheet('Return');
    if (!sheet) throw new Error('no Return sheet');
    expect(rowValues(sheet, 1)).toEqual(TEMPLATE_COLUMNS);
    expect(rowValues(sheet, 2).slice(0, 2)).toEqual([COVENTRY, PERIOD]);
    sheet.getRow(1).eachCell((cell) => {
      const note = cell.note;
      const text = typeof note === 'string' ? note : JSON.stringify(note);
      expect(text.length, String(cell.value)).toBeGreaterThan(20);
    });
    const guidance = workbook.getWorksheet('Guidance');
    if (!guidance) throw new Error('no Guidance sheet');
    expect(rowValues(guidance, 1)).toEqual(['Column', 'Label', 'What to count', 'Kind', 'Required to submit']);
    const explained = TEMPLATE_COLUMNS.map((_, i) => rowValues(guidance, i + 2));
    expect(explained.map((r) => r[0])).toEqual(TEMPLATE_COLUMNS);
    for (const row of explained) {
      expect(row).toHaveLength(5);
      expect(row.every((v) => typeof v === 'string' && v.trim() !== '')).toBe(true);
    }
    // Each figure column has data validation (whole or decimal numbers from 0) on the first 1,000 rows.
    const sheetXml = (
      await unzip(Buffer.from(await (await get('coventrySubmitter', '/api/returns/template.xlsx')).arrayBuffer()))
    )
      .get('xl/worksheets/sheet1.xml')
      ?.toString('utf8');
    const validations = sheetXml?.match(/<dataValidation [^>]*>/g) ?? [];
    expect(validations).toHaveLength(RETURN_CSV_COLUMNS.length);
    expect(validations.find((v) => v.includes('sqref="C2:C1001"'))).toMatch(/type="whole".*Permanent headcount/);
    expect(validations.find((v) => v.includes('sqref="D2:D1001"'))).toMatch(/type="decimal".*Permanent FTE/);
    // The untouched template imports nothing, and says so.
    const untouched = await importErrors(
      Buffer.from(await (await get('coventrySubmitter', '/api/returns/template.xlsx')).arrayBuffer()),
      XLSX_MEDIA_TYPE,
    );
    expect(untouched).toEqual([{ message: expect.stringMatching(/No row of the file holds a figure/) }]);
  });

  test('the routes are not taken for an authority and a period (and the reverse)', async () => {
    for (const path of ['/api/returns/template.csv', '/api/returns/export.csv', '/api/returns/template-guide.csv']) {
      const res = await get('coventrySubmitter', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/csv/);
    }
    // The parameter schemas refuse these names as an authority or a period.
    expect((await get('coventrySubmitter', `/api/returns/template.csv/${PERIOD}`)).status).toBe(400);
    expect((await get('coventrySubmitter', `/api/returns/${COVENTRY}/export.csv`)).status).toBe(400);
    expect((await get('coventrySubmitter', '/api/returns/import')).status).toBe(404);
    // The OpenAPI document describes them, the import with its three kinds of body.
    const doc = (await (await get(null, '/api/openapi.json')).json()) as Json;
    for (const path of ['template.csv', 'template.xlsx', 'template-guide.csv', 'export.csv', 'export.xlsx']) {
      expect(doc.paths[`/api/returns/${path}`]?.get?.responses?.['200'], path).toBeDefined();
    }
    const body = doc.paths['/api/returns/import'].post.requestBody.content;
    expect(Object.keys(body).sort()).toEqual(['multipart/form-data', 'text/csv', XLSX_MEDIA_TYPE].sort());
    expect(doc.paths['/api/returns/import'].post.responses['422'].content).toHaveProperty(['application/problem+json']);
  });

  test('CSV import: each row a new draft revision; a second import updates changed rows and leaves identical ones', async () => {
    const first = await upload(
      'coventrySubmitter',
      csv([rowOf(PERIOD), rowOf(Q1, { ...VALID_RETURN, leaversFte: 13 })]),
    );
    expect(first.status).toBe(200);
    const summary = (await first.json()) as Json;
    expect(summary).toMatchObject({ rows: 2, created: 2, updated: 0, unchanged: 0, skipped: 0 });
    expect(summary.returns).toEqual([
      expect.objectContaining({
        row: 2,
        authorityCode: COVENTRY,
        period: PERIOD,
        outcome: 'created',
        version: 1,
        status: 'draft',
        errors: 0,
        warnings: 0,
        problems: [],
      }),
      // leavers FTE 13 above leavers headcount 12: a draft may hold it, and the summary counts it and
      // names it at the row of the file and the column of the figure, so that it shows at upload.
      expect.objectContaining({
        row: 3,
        period: Q1,
        outcome: 'created',
        version: 1,
        errors: 1,
        problems: [
          {
            severity: 'error',
            code: 'E009',
            field: 'leaversFte',
            row: 3,
            column: 'leavers_fte',
            message: expect.stringMatching(/leavers/i),
          },
        ],
      }),
    ]);
    const stored = (await (await get('coventryViewer', `/api/returns/${COVENTRY}/${PERIOD}`)).json()) as Json;
    expect(stored.figures).toEqual(VALID_RETURN);
    expect(stored.updatedBy).toBe('u-cov-sub');

    const second = await upload(
      'coventrySubmitter',
      csv([rowOf(PERIOD), rowOf(Q1, { ...VALID_RETURN, comment: 'Leavers corrected' })]),
    );
    expect(second.status).toBe(200);
    const again = (await second.json()) as Json;
    expect(again).toMatchObject({ rows: 2, created: 0, updated: 1, unchanged: 1 });
    // With Q1 corrected, the PERIOD row's figures are the same as last quarter's in every figure: queried
    // (W013), and a warning needs a comment before it can be submitted (E022), which the summary counts.
    expect(again.returns.map((r: Json) => [r.period, r.outcome, r.version, r.errors])).toEqual([
      [PERIOD, 'unchanged', 1, 1],
      [Q1, 'updated', 2, 0],
    ]);
    expect(again.returns[0].warnings).toBe(1);
    const revisions = (await (
      await get('coventrySubmitter', `/api/returns/${COVENTRY}/${Q1}/revisions`)
    ).json()) as Json;
    expect(revisions.map((r: Json) => r.revision)).toEqual([1, 2]);
    const audit = await ctx.database.db.query.auditLog.findMany({
      where: (t, { eq }) => eq(t.action, 'import-return'),
    });
    expect(audit).toHaveLength(3);
  });

  test('CSV as spreadsheets write it: semicolons, a byte order mark, CRLF, thousands separators, a label as period', async () => {
    const rows = [rowOf('2024-25 q1', { ...VALID_RETURN, casesHeld: '2,890', comment: 'Leavers corrected' })];
    const text = `\uFEFF${stringify([TEMPLATE_COLUMNS, ...rows], { delimiter: ';', record_delimiter: 'windows' })}`;
    const res = await upload('coventrySubmitter', text, 'application/vnd.ms-excel');
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).returns[0]).toMatchObject({ period: Q1, outcome: 'unchanged' });
  });

  test('CSV with line endings of any mix: a header saved on Windows (CRLF), rows added elsewhere (LF), an old Mac CR', async () => {
    const lines = stringify([TEMPLATE_COLUMNS, rowOf(Q1, { ...VALID_RETURN, comment: 'Leavers corrected' })])
      .trimEnd()
      .split('\n');
    for (const [label, text] of [
      ['CRLF then LF', `${lines[0]}\r\n${lines[1]}\n`],
      ['LF then CRLF', `${lines[0]}\n${lines[1]}\r\n`],
      ['CR only', `${lines[0]}\r${lines[1]}\r`],
    ] as const) {
      const res = await upload('coventrySubmitter', text);
      const body = (await res.json()) as Json;
      expect(res.status, `${label}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
      expect(
        body.returns.map((r: Json) => [r.row, r.period, r.outcome]),
        label,
      ).toEqual([[2, Q1, 'unchanged']]);
    }
  });

  test('XLSX import from the filled-in template, then an update; a multipart form upload works the same', async () => {
    const template = await loadWorkbook(
      await (await get('warwickshireSubmitter', '/api/returns/template.xlsx')).arrayBuffer(),
    );
    const sheet = template.getWorksheet('Return');
    if (!sheet) throw new Error('no Return sheet');
    expect(sheet.getCell('A2').value).toBe(WARWICKSHIRE);
    figuresRow(PERIOD, VALID_RETURN, WARWICKSHIRE).forEach((value, i) => {
      if (i >= 2) sheet.getRow(2).getCell(i + 1).value = value;
    });
    sheet.getRow(2).getCell(col('comment') + 1).value = { richText: [{ text: 'Two teams ' }, { text: 'merged' }] };
    const first = await upload('warwickshireSubmitter', await toBuffer(template), XLSX_MEDIA_TYPE);
    expect(first.status).toBe(200);
    expect(((await first.json()) as Json).returns).toEqual([
      expect.objectContaining({ authorityCode: WARWICKSHIRE, period: PERIOD, outcome: 'created', version: 1 }),
    ]);
    const stored = (await (
      await get('warwickshireSubmitter', `/api/returns/${WARWICKSHIRE}/${PERIOD}`)
    ).json()) as Json;
    expect(stored.figures).toEqual({ ...VALID_RETURN, comment: 'Two teams merged' });

    // A formula with its calculated value is read as that value; the .xlsx is known by its signature.
    sheet.getRow(2).getCell(col('cases_held') + 1).value = { formula: '7000+212', result: 7212 };
    const second = await upload('warwickshireSubmitter', await toBuffer(template), 'application/octet-stream');
    expect(second.status).toBe(200);
    expect(((await second.json()) as Json).returns[0]).toMatchObject({ outcome: 'updated', version: 2, warnings: 1 });

    const form = new FormData();
    form.set('file', new File([csv([rowOf(PERIOD, VALID_RETURN, MANCHESTER)])], 'returns.csv', { type: 'text/csv' }));
    const multipart = await upload('manchesterSubmitter', form, null);
    expect(multipart.status).toBe(200);
    expect(((await multipart.json()) as Json).created).toBe(1);
    const noFile = new FormData();
    noFile.set('other', 'x');
    expect((await refused(400, () => upload('manchesterSubmitter', noFile, null))).detail).toMatch(/field "file"/);
  });

  test('broken files: each refused with a 422 naming the row and column, nothing changed', async () => {
    const good = rowOf(PERIOD, { ...VALID_RETURN, asyeLeft: 2 });
    const header = stringify([TEMPLATE_COLUMNS]);
    // An unclosed quote.
    const unclosed = `${header}${stringify([good])}${rowOf(Q1).slice(0, -1).join(',')},"never closed\n`;
    expect(await importErrors(unclosed)).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'comment',
        message: expect.stringMatching(/never closed|opens with a double quote/),
      }),
    ]);
    // Text after a closing quote.
    expect(await importErrors(`${header}${good.slice(0, -1).join(',')},"closed"then more\n`)).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'comment',
        message: expect.stringMatching(/more text after its closing quote/),
      }),
    ]);
    // A quote inside a value that is not quoted.
    expect(await importErrors(`${header}${stringify([good])}${rowOf(Q1).slice(0, -1).join(',')},12"3\n`)).toEqual([
      expect.objectContaining({
        row: 3,
        message: expect.stringMatching(/inside a value that does not start with one/),
      }),
    ]);
    // Ragged rows: one short, one long.
    const ragged = await importErrors(
      `${header}${good.slice(0, 10).join(',')}\n${[...rowOf(Q1), '1', '2'].join(',')}\n`,
    );
    expect(ragged).toEqual([
      expect.objectContaining({
        row: 2,
        message: expect.stringMatching(`has 10 values, but the header has ${TEMPLATE_COLUMNS.length}`),
      }),
      expect.objectContaining({ row: 3, message: expect.stringMatching(`has ${TEMPLATE_COLUMNS.length + 2} values`) }),
    ]);
    // A header that is data, a missing column, an unknown column, a column twice.
    expect(await importErrors(csv([good], good))).toEqual([
      expect.objectContaining({ row: 1, message: expect.stringMatching(/Row 1 must be the header row/) }),
    ]);
    const without = TEMPLATE_COLUMNS.filter((c) => c !== 'leavers_fte');
    expect(await importErrors(csv([good.filter((_, i) => i !== col('leavers_fte'))], without))).toEqual([
      { row: 1, column: 'leavers_fte', message: expect.stringMatching(/no column leavers_fte/) },
    ]);
    expect(await importErrors(csv([[...good, 'West Midlands']], [...TEMPLATE_COLUMNS, 'region']))).toEqual([
      { row: 1, column: 'region', message: expect.stringMatching(/Unknown column "region"/) },
    ]);
    expect(await importErrors(csv([[...good, '1']], [...TEMPLATE_COLUMNS, 'Leavers FTE']))).toEqual([
      { row: 1, column: 'leavers_fte', message: expect.stringMatching(/appears twice/) },
    ]);
    // The same period twice.
    expect(await importErrors(csv([good, rowOf(Q1), good]))).toEqual([
      { row: 4, column: 'period', message: expect.stringMatching(/Row 2 is already the return for 2024-25 Q2/) },
    ]);
    // Empty files, a header alone, a blank header.
    for (const empty of ['', '   \r\n\r\n', '\uFEFF']) {
      expect((await importErrors(empty))[0]?.message).toMatch(/The file is empty/);
    }
    expect(await importErrors(header)).toEqual([
      expect.objectContaining({ row: 2, message: expect.stringMatching(/no row of returns/) }),
    ]);
    expect((await importErrors(`,,\n${good.join(',')}\n`))[0]).toMatchObject({
      row: 1,
      message: expect.stringMatching(/Row 1 is blank/),
    });
    // A value under no header.
    const orphan = await importErrors(csv([[...good, 'stray']], [...TEMPLATE_COLUMNS, '']));
    const stray = `column ${TEMPLATE_COLUMNS.length + 1}`;
    expect(orphan).toEqual([
      expect.objectContaining({ row: 2, column: stray, message: expect.stringMatching(/no header/) }),
    ]);
  });

  test('files that are not what they claim: binary, UTF-16, .xls, an .xlsx that is no zip, a zip that is no workbook', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      randomBytes(500),
    ]);
    expect((await importErrors(png))[0]?.message).toMatch(/binary data/);
    expect((await refused(415, () => upload('coventrySubmitter', png, 'image/png'))).status).toBe(415);
    expect((await refused(415, () => upload('coventrySubmitter', '{}', 'application/json'))).status).toBe(415);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv([rowOf(PERIOD)]), 'utf16le')]);
    expect((await importErrors(utf16))[0]?.message).toMatch(/UTF-16/);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(600)]);
    expect((await importErrors(xls, XLSX_MEDIA_TYPE))[0]?.message).toMatch(/97-2003/);
    expect((await importErrors(csv([rowOf(PERIOD)]), XLSX_MEDIA_TYPE))[0]?.message).toMatch(/not a zip archive/);
    const notWorkbook = zip([{ name: 'hello.txt', data: Buffer.from('hello') }]);
    expect((await importErrors(notWorkbook, XLSX_MEDIA_TYPE))[0]?.message).toMatch(
      /zip archive but not an Excel workbook/,
    );
    const truncated = (await workbookOf([figuresRow(PERIOD)])).subarray(0, 2000);
    expect((await importErrors(truncated, XLSX_MEDIA_TYPE))[0]?.message).toMatch(/damaged/);
    // A workbook whose sheet is not XML.
    const garbled = await editWorkbook(await workbookOf([figuresRow(PERIOD)]), 'xl/worksheets/sheet1.xml', (xml) =>
      xml.replace('<sheetData>', '<sheetData><<<&bogus;'),
    );
    expect((await importErrors(garbled, XLSX_MEDIA_TYPE))[0]?.message).toMatch(/damaged/);
  });

  test('hostile values: every error listed with its row and column; a formula in the comment is stored as text', async () => {
    const errors = await importErrors(
      csv([
        rowOf(PERIOD, { ...VALID_RETURN, leaversFte: 'twelve', permanentHeadcount: '-3' }),
        rowOf(Q1, { ...VALID_RETURN, agencyHeadcount: '2.5', comment: 'x'.repeat(5000) }),
        rowOf(PERIOD, VALID_RETURN, WARWICKSHIRE),
        rowOf('2024-25-Q5'),
        rowOf('2024-25-Q3', { ...VALID_RETURN, comment: 'bad \u001b[31m escape' }),
        rowOf('2020-21-Q1'),
        rowOf(CLOSED),
        rowOf('1900-01-Q1'),
      ]),
    );
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'permanent_headcount', 'E003'],
      [2, 'leavers_fte', 'E002'],
      [3, 'agency_headcount', 'E004'],
      [3, 'comment', 'E021'],
      [4, 'authority_code', undefined],
      [5, 'period', undefined],
      [6, 'comment', undefined],
      [7, 'period', undefined],
      [8, 'period', undefined],
      [9, 'period', undefined],
    ]);
    const message = (row: number, column: string) => errors.find((e) => e.row === row && e.column === column)?.message;
    expect(message(2, 'leavers_fte')).toBe('Leavers FTE must be a number, like 243.5 ("twelve" is not a number)');
    expect(message(4, 'authority_code')).toMatch(/"E10000031" is not your authority.*\(E08000026\)/);
    expect(message(5, 'period')).toMatch(/"2024-25-Q5" is not a period/);
    expect(message(6, 'comment')).toMatch(/control character \(U\+001B\)/);
    expect(message(7, 'period')).toMatch(/no collection period 2020-21 Q1/);
    expect(message(8, 'period')).toMatch(/2023-24 Q4 is closed/);

    // A formula in the comment, long unicode text: stored exactly as written.
    const comment = '=HYPERLINK("http://evil.example","Click") – naïve café 👩‍⚕️ مرحبا';
    const res = await upload('coventrySubmitter', csv([rowOf(PERIOD, { ...VALID_RETURN, comment })]));
    expect(res.status).toBe(200);
    const stored = (await (await get('coventrySubmitter', `/api/returns/${COVENTRY}/${PERIOD}`)).json()) as Json;
    expect(stored.figures.comment).toBe(comment);
    // A formula without its calculated value (a workbook not saved by Excel) cannot be read.
    const formula = await importErrors(
      await workbookOf([figuresRow(Q1).map((v, i) => (i === col('leavers_fte') ? null : v))]).then((bytes) =>
        editWorkbook(bytes, 'xl/worksheets/sheet1.xml', (xml) =>
          xml.replace(/(<row r="2"[^>]*>)/, `$1<c r="${letter(col('leavers_fte'))}2"><f>V2*0.95</f></c>`),
        ),
      ),
      XLSX_MEDIA_TYPE,
    );
    expect(formula).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'leavers_fte',
        message: expect.stringMatching(/formula \(=V2\*0\.95\) but no calculated value/),
      }),
    ]);
  });

  test('limits: 10,001 rows, a file over 5 MB, and the list of errors capped at 200 with their count', async () => {
    const rows = Array.from({ length: 10_001 }, () => rowOf(PERIOD, { casesHeld: 1 }));
    const tooMany = await refused(413, () => upload('coventrySubmitter', csv(rows)));
    expect(tooMany.detail).toMatch(/more than 10,000 rows of returns; at most 10,000 can be imported at once/);
    const large = await refused(413, () =>
      upload('coventrySubmitter', `${stringify([TEMPLATE_COLUMNS])}${'x'.repeat(5 * MB)}`),
    );
    expect(large.detail).toMatch(/larger than the limit of 5 MB/);
    const foreign = Array.from({ length: 300 }, () => rowOf(PERIOD, VALID_RETURN, WARWICKSHIRE));
    const capped = await refused(422, () => upload('coventrySubmitter', csv(foreign)));
    expect(capped.errors).toHaveLength(200);
    expect(capped.errorCount).toBe(300);
    expect(capped.detail).toMatch(/300 errors\. The first 200 are listed\. Nothing was imported/);
  });

  test('zip bombs are refused from the central directory, or as soon as an entry inflates past its size', async () => {
    const zeros = Buffer.alloc(60 * MB);
    const deflated = deflateRawSync(zeros);
    const parts = (await unzip(await workbookOf([figuresRow(PERIOD)]))).entries();
    const workbook = [...parts].map(([name, data]) => ({ name, data }));
    // 60 MB declared honestly: refused by the declared size, before anything is inflated (the data is garbage).
    const honest = await refused(413, () =>
      upload(
        'coventrySubmitter',
        zip([
          ...workbook,
          {
            name: 'xl/media/zeros.bin',
            data: Buffer.alloc(0),
            body: randomBytes(deflated.length),
            declaredSize: zeros.length,
          },
        ]),
        XLSX_MEDIA_TYPE,
      ),
    );
    expect(honest.detail).toMatch(/expands to 60 MB once uncompressed; at most 50 MB/);
    // The same 60 MB declared as 1 KB: yauzl stops inflating at 1 KB.
    const liar = await importErrors(
      zip([
        ...workbook,
        { name: 'xl/media/zeros.bin', data: zeros.subarray(0, 1024), body: deflated, declaredSize: 1024 },
      ]),
      XLSX_MEDIA_TYPE,
    );
    expect(liar[0]?.message).toMatch(/does not inflate to the size it declares\. It may be a zip bomb/);
    // 2 MB of zeros: small, but compressed about 1,000 to 1.
    const ratio = await importErrors(
      zip([...workbook, { name: 'xl/media/zeros.bin', data: Buffer.alloc(2 * MB) }]),
      XLSX_MEDIA_TYPE,
    );
    expect(ratio[0]?.message).toMatch(/compressed more than 100 to 1/);
    // Too many entries.
    const many = Array.from({ length: 250 }, (_, i) => ({ name: `xl/media/${i}.bin`, data: Buffer.from('x') }));
    expect((await importErrors(zip([...workbook, ...many]), XLSX_MEDIA_TYPE))[0]?.message).toMatch(
      /\d+ parts.*at most 200/,
    );
  });

  test('hostile workbooks: whole-sheet merges and validations are not expanded; a whole-sheet defined name is refused', async () => {
    const bytes = await workbookOf([figuresRow(PERIOD, { ...VALID_RETURN, asyeStarted: 7 }, WARWICKSHIRE)]);
    const merged = await editWorkbook(bytes, 'xl/worksheets/sheet1.xml', (xml) =>
      xml.replace(
        '</sheetData>',
        '</sheetData><mergeCells count="1"><mergeCell ref="A5:XFD1048576"/></mergeCells><dataValidations count="1"><dataValidation type="whole" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation></dataValidations>',
      ),
    );
    // Expanded, they would be 17 billion cells: the test would time out, or the process run out of memory.
    const res = await upload('warwickshireSubmitter', merged, XLSX_MEDIA_TYPE);
    expect(res.status).toBe(200);
    const named = await editWorkbook(bytes, 'xl/workbook.xml', (xml) =>
      xml.replace(
        '</sheets>',
        '</sheets><definedNames><definedName name="everything">Return!$A$1:$XFD$1048576</definedName></definedNames>',
      ),
    );
    expect((await refused(413, () => upload('warwickshireSubmitter', named, XLSX_MEDIA_TYPE))).detail).toMatch(
      /named ranges covering 17,179,869,184 cells/,
    );
  });

  test('roles: only an authority submitter imports, and only rows of their own authority', async () => {
    const file = csv([rowOf(PERIOD)]);
    for (const who of ['coventryViewer', 'westMidlandsLead', 'admin'] as TestUser[]) {
      expect((await refused(403, () => upload(who, file))).status, who).toBe(403);
    }
    expect((await refused(401, () => upload(null, file))).status).toBe(401);
    const noCsrf = await refused(403, async () =>
      ctx.app.request('/api/returns/import', {
        method: 'POST',
        headers: { cookie: sessions.coventrySubmitter.cookie, 'content-type': 'text/csv' },
        body: file,
      }),
    );
    expect(noCsrf.detail).toMatch(/x-csrf-token/);
    // Another authority's row is an error of that row: the file is refused, and nothing about that authority is said.
    const errors = await importErrors(
      csv([rowOf(PERIOD, VALID_RETURN, MANCHESTER)]),
      'text/csv',
      'warwickshireSubmitter',
    );
    expect(errors).toEqual([
      {
        row: 2,
        column: 'authority_code',
        message: `"${MANCHESTER}" is not your authority: you can import only your own authority's returns (${WARWICKSHIRE}).`,
      },
    ]);
  });

  test('export: the caller’s returns only, formulas neutralised, and an exported file imports back cleanly', async () => {
    await save('warwickshireSubmitter', WARWICKSHIRE, Q1, {
      ...VALID_RETURN,
      casesHeld: 4321,
      comment: 'warwickshire secret',
    });
    const res = await get('coventryViewer', '/api/returns/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="workforce-returns-${COVENTRY}.csv"`);
    const text = await res.text();
    for (const other of [WARWICKSHIRE, MANCHESTER, 'warwickshire secret', '4321']) expect(text).not.toContain(other);
    const [header, ...rows]: string[][] = parse(text, { bom: true });
    expect(header).toEqual([...TEMPLATE_COLUMNS, 'status', 'version']);
    expect(rows.map((r) => [r[0], r[1], r.at(-2)])).toEqual([
      [COVENTRY, PERIOD, 'draft'],
      [COVENTRY, Q1, 'draft'],
    ]);
    const comment = rows[0]?.[col('comment')] ?? '';
    expect(comment.startsWith(`'=HYPERLINK(`)).toBe(true);

    // The export imports back: nothing changed, so nothing is written.
    const before = await (await get('coventrySubmitter', `/api/returns/${COVENTRY}/${PERIOD}`)).json();
    const back = await upload('coventrySubmitter', text);
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ rows: 2, unchanged: 2, created: 0, updated: 0 });
    expect(await (await get('coventrySubmitter', `/api/returns/${COVENTRY}/${PERIOD}`)).json()).toEqual(before);
    // Edited, it updates; the same edit again is stale (the version moved on).
    const edited = stringify([
      header,
      ...rows.map((r, i) => (i === 1 ? r.map((v, j) => (j === col('asye_left') ? '3' : v)) : r)),
    ]);
    const update = await upload('coventrySubmitter', edited);
    expect(update.status).toBe(200);
    expect(((await update.json()) as Json).returns[1]).toMatchObject({ period: Q1, outcome: 'updated', version: 3 });
    const staleRow = stringify([
      header,
      ...rows.map((r, i) => (i === 1 ? r.map((v, j) => (j === col('asye_left') ? '4' : v)) : r)),
    ]);
    expect(await importErrors(staleRow)).toEqual([
      {
        row: 3,
        column: 'version',
        message: expect.stringMatching(/version 2 of the return for 2024-25 Q1, but version 3 has been saved since/),
      },
    ]);

    // XLSX: the same returns, the comment neutralised, and it imports back unchanged.
    const xlsx = await get('coventrySubmitter', `/api/returns/export.xlsx?period=${PERIOD}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toBe(
      `attachment; filename="workforce-returns-${COVENTRY}-${PERIOD}.xlsx"`,
    );
    const xlsxBytes = Buffer.from(await xlsx.arrayBuffer());
    const files = await unzip(xlsxBytes);
    for (const [name, data] of files) {
      for (const other of [WARWICKSHIRE, MANCHESTER, 'warwickshire secret'])
        expect(data.toString('utf8'), name).not.toContain(other);
    }
    const workbook = await loadWorkbook(xlsxBytes);
    const sheet = workbook.getWorksheet('Returns');
    if (!sheet) throw new Error('no Returns sheet');
    expect(rowValues(sheet, 1)).toEqual([...TEMPLATE_COLUMNS, 'status', 'version']);
    expect(sheet.rowCount).toBe(2);
    expect(String(sheet.getRow(2).getCell(col('comment') + 1).value)).toMatch(/^'=HYPERLINK\(/);
    expect(sheet.getRow(2).getCell(col('cases_held') + 1).value).toBe(2890);
    expect(workbook.getWorksheet('Guidance')).toBeDefined();
    const reimported = await upload('coventrySubmitter', xlsxBytes, XLSX_MEDIA_TYPE);
    expect(await reimported.json()).toMatchObject({ rows: 1, unchanged: 1 });

    // A regional lead exports the region's returns; admins none.
    const region = await (await get('westMidlandsLead', '/api/returns/export.csv')).text();
    const codes = (parse(region, { bom: true }) as string[][]).slice(1).map((r) => r[0]);
    expect(new Set(codes)).toEqual(new Set([COVENTRY, WARWICKSHIRE]));
    expect(region).not.toContain(MANCHESTER);
    expect((await refused(403, () => get('admin', '/api/returns/export.csv'))).status).toBe(403);
    expect((await refused(401, () => get(null, '/api/returns/export.xlsx'))).status).toBe(401);
    expect((await refused(400, () => get('coventryViewer', '/api/returns/export.csv?period=2024-26-Q1'))).status).toBe(
      400,
    );
  });

  test('a few hundred rows (one per period) are imported in one transaction', async () => {
    const count = 400;
    const ids = Array.from(
      { length: count },
      (_, i) =>
        `${1901 + Math.floor(i / 4)}-${String((1902 + Math.floor(i / 4)) % 100).padStart(2, '0')}-Q${(i % 4) + 1}`,
    );
    await ctx.database.db.insert(periods).values(ids.map((id) => ({ id, status: 'open' as const })));
    // The second quarter's permanent FTE falls by 26%: a warning that compares with the quarter before, in the same file.
    const file = csv(
      ids.map((id, i) =>
        rowOf(id, { ...VALID_RETURN, asyeStarted: i % 10, ...(i === 1 ? { permanentFte: 180 } : {}) }, MANCHESTER),
      ),
    );
    // All or nothing: one bad figure in the last row, and none of the rows before it is written.
    const broken = `${file}${rowOf(PERIOD, { ...VALID_RETURN, casesHeld: 'lots' }, MANCHESTER).join(',')}\n`;
    const refusal = await importErrors(broken, 'text/csv', 'manchesterSubmitter');
    expect(refusal).toEqual([expect.objectContaining({ row: count + 2, column: 'cases_held', code: 'E002' })]);
    const res = await upload('manchesterSubmitter', file);
    expect(res.status, await res.clone().text()).toBe(200);
    const summary = (await res.json()) as Json;
    expect(summary).toMatchObject({ rows: count, created: count });
    const stored = await ctx.database.db.query.returns.findMany({
      where: (t, { eq }) => eq(t.authorityCode, MANCHESTER),
    });
    expect(stored.length).toBe(count + 1);
    expect(summary.returns.slice(0, 2).map((r: Json) => r.warnings)).toEqual([0, 1]);
  });
});
