/**
 * Hostile input, property-based (fast-check): every route of the OpenAPI document (read at run time, so
 * a new route is attacked without a change here) gets malformed and hostile path parameters, query
 * strings, headers and bodies (JSON built from the route's own schema and then broken, CSV, XLSX,
 * multipart uploads, Unicode edge cases) as every role, in process through `app.request`. Properties:
 * - never a 5xx;
 * - every error an RFC 9457 problem (application/problem+json, its status the response's);
 * - nothing stored changes unless the request was a change that the API accepted (2xx): a fingerprint
 *   of every table is taken after each request and compared with the one before it, and DfE's
 *   published figures are compared in full at the end.
 *
 * FUZZ_RUNS (default 40) sets the random requests per route on PGlite (a quarter of them on PostgreSQL),
 * on top of fixed examples of known attacks; FUZZ_SEED replays a run (fast-check prints the seed and
 * the failing request when a property fails).
 */
import { FIGURE_FIELDS } from '@csc-workforce/metrics-core';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Fingerprint, fingerprint, fingerprinter } from '../test/fingerprint.js';
import { PERIOD, rowOf, VALID_RETURN } from '../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  type DbKind,
  type Json,
  json,
  signIn,
  signInAll,
  type TestContext,
  type TestUser,
} from '../test/harness.js';
import { periods } from './db/schema.js';
import { TEMPLATE_COLUMNS } from './services/spreadsheets.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Known attacks on a path segment, each tried once on every route with a parameter. */
const HOSTILE_SEGMENTS = [
  '..',
  '%2e%2e%2f%2e%2e',
  "E08000026'--",
  '<script>alert(1)</script>',
  'E08000026%00',
  '\u202eE08000026',
  '😀',
  'x'.repeat(2000),
  '2024-25-Q1;DROP TABLE returns',
  '-1',
  '1e309',
];

/** Known attacks on a JSON body, each tried once on every route that takes one. */
const HOSTILE_BODIES = [
  '{',
  '[]',
  'null',
  '"a string"',
  '12',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"version":{"$gt":0},"figures":[]}',
  JSON.stringify({ version: 1, figures: { permanentFte: 'NaN', comment: 'x'.repeat(10_000) } }),
  JSON.stringify({ email: '\u0000@x', password: '\ud800' }),
  JSON.stringify({ id: '2024-25-Q1', status: 'maybe', dueDate: '2024-02-30' }),
  '{"version":1e999}',
  '{"version":0,"version":1}',
  '"\\ud800"',
  '{"name":"\\u0000"}',
  '['.repeat(50_000),
  '{"a":'.repeat(20_000),
  '\u0000\u0001\u0002',
  '\ufeff{}',
];

/** Unicode and encoding edge cases, and values that parsers of numbers, dates and CSV get wrong. */
const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ufeff',
  '\u202e',
  '\ud800',
  '\udfff',
  'e\u0301',
  '👩‍👩‍👧',
  '\u2028',
  'İ',
  'ß',
  '１２３',
  '١٢٣',
  '−3',
  '12\u00a0',
  '\t\r\n',
  '\uffff',
  '\u{10ffff}',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '../..',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection, on purpose
  '${7*7}',
  '{{7*7}}',
  '=HYPERLINK("http://x")',
  '@SUM(1)',
  '+1',
  'NaN',
  'Infinity',
  '0x1F',
  '1e309',
  '-0',
  '12,5',
  '2024-02-30',
  '9999-99-99',
  "'; DROP TABLE returns; --",
  'x'.repeat(5000),
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS, ...HOSTILE_SEGMENTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 15 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...EDGE_STRINGS.slice(0, 20)), maxLength: 6 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
);

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER + 2, 1e308, 5e-324),
  fc.constantFrom({}, [], { __proto__: null, toString: 1 }, [null], { '': '' }),
);

/** Header values a client can send (Latin-1, no control characters). */
const latin1 = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c === 0x7f ? 0x20 : c)),
  maxLength: 60,
});

/** Any media type, real or not. */
const mediaType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-7',
    'text/csv',
    'text/csv; charset=utf-16le',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'application/x-www-form-urlencoded',
    'text/plain',
    'application/xml',
    '*/*',
    '',
  ),
  latin1,
);

const headerArb = fc.oneof(
  fc.tuple(fc.constant('accept'), fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*', ''), latin1)),
  fc.tuple(fc.constant('accept-encoding'), fc.constantFrom('gzip', 'br', 'identity', 'gzip;q=0, *', 'x'.repeat(500))),
  fc.tuple(
    fc.constant('authorization'),
    fc.oneof(
      fc.constantFrom('Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer csc_pat_', `Bearer ${'a'.repeat(10_000)}`, 'bearer'),
      latin1.map((s) => `Bearer ${s}`),
    ),
  ),
  fc.tuple(
    fc.constant('cookie'),
    latin1.map((s) => `csc_session=${s}`),
  ),
  fc.tuple(fc.constant('cookie'), fc.constantFrom('csc_session=%%%%', `csc_session=${'z'.repeat(5000)}`, 'a=b; a=c')),
  fc.tuple(fc.constant('x-csrf-token'), latin1),
  fc.tuple(fc.constant('x-release-name'), latin1),
  fc.tuple(fc.constant('x-forwarded-for'), latin1),
  fc.tuple(fc.constant('if-match'), latin1),
  fc.tuple(fc.constant('range'), fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=999999-')),
  fc.tuple(fc.constant('content-type'), mediaType),
);

// ---------------------------------------------------------------------------------------------
// Generators from the OpenAPI document

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  example?: unknown;
  examples?: unknown[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: JsonSchema;
}

interface Operation {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: Parameter[];
  readonly bodyTypes: string[];
  readonly bodySchema?: JsonSchema;
}

/**
 * Values that fit a schema, and sometimes (one in five at each level) a hostile value in their place,
 * so that requests reach the deeper checks (figures, rules, scope) as well as the schema's own.
 */
function fromSchema(schema: JsonSchema | undefined, doc: Json, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostileJson;
  if (schema.$ref) return fromSchema(doc.components.schemas[schema.$ref.split('/').at(-1) as string], doc, depth);
  const fitting = (): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.const !== undefined) return fc.constant(schema.const);
    const choices = schema.anyOf ?? schema.oneOf ?? schema.allOf;
    if (choices) return fc.oneof(...choices.map((s) => fromSchema(s, doc, depth + 1)));
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    return fc.oneof(
      ...types.map((type): fc.Arbitrary<unknown> => {
        switch (type) {
          case 'object': {
            const properties = schema.properties ?? {};
            const required = new Set(schema.required ?? []);
            return fc.record(
              Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, fromSchema(s, doc, depth + 1)])),
              { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) },
            );
          }
          case 'array':
            return fc.array(fromSchema(schema.items, doc, depth + 1), { maxLength: 4 });
          case 'integer':
            return fc.oneof(
              fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 100_000, 2 ** 31 - 1) }),
              fc.constantFrom(0, 1, 2),
            );
          case 'number':
            return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
          case 'boolean':
            return fc.boolean();
          case 'null':
            return fc.constant(null);
          case 'string': {
            const examples = [schema.example, ...(schema.examples ?? [])].filter((e) => typeof e === 'string');
            const dates = schema.format === 'date' ? ['2024-11-30', '2024-02-29'] : [];
            const known = [...examples, ...dates];
            const text = fc.string({
              minLength: schema.minLength ?? 0,
              maxLength: Math.min(schema.maxLength ?? 40, 40),
            });
            return known.length > 0 ? fc.oneof(fc.constantFrom(...known), text) : text;
          }
          default:
            return hostileJson;
        }
      }),
    );
  };
  return fc.oneof({ weight: 4, arbitrary: fitting() }, { weight: 1, arbitrary: hostileJson });
}

/** Values of a parameter that fit it (from the document, and values that exist in the database), or hostile ones. */
function parameterValue(parameter: Parameter): fc.Arbitrary<string> {
  const known: Record<string, string[]> = {
    authority: ['E08000026', 'E10000031', 'E08000003', 'E99999999'],
    period: [PERIOD, '2024-25-Q1', '2023-24-Q4', '2024-25-Q5', '2024-26-Q1'],
    revision: ['1', '2', '0', '2147483648'],
    metric: ['vacancyRate', 'turnoverRate'],
    year: ['2023', '2017', '1999'],
    format: ['csv', 'xlsx'],
  };
  const schema = parameter.schema ?? {};
  const fitting = [
    ...(known[parameter.name] ?? []),
    ...(schema.enum ?? []).map(String),
    ...(schema.example === undefined ? [] : [String(schema.example)]),
  ];
  return fitting.length > 0
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fitting) }, { weight: 2, arbitrary: hostileString })
    : hostileString;
}

/** Percent-encodes what can be; a lone surrogate cannot, and goes in raw (the URL parser replaces it). */
function encode(value: string, raw: boolean): string {
  if (raw) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

const queryArb = (op: Operation): fc.Arbitrary<string> => {
  const declared = op.parameters.filter((p) => p.in === 'query');
  const pair = fc.tuple(
    declared.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...declared.map((p) => p.name)) },
          {
            weight: 1,
            arbitrary: fc.oneof(
              fc.constantFrom('authority', 'region', 'period', 'figures[]', '__proto__'),
              hostileString,
            ),
          },
        )
      : fc.oneof(fc.constantFrom('authority', 'region', 'period', '__proto__'), hostileString),
    fc.constant(null),
    fc.boolean(),
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.array(pair, { maxLength: 4 }).chain((pairs) =>
        fc
          .tuple(
            ...pairs.map(([name]) => {
              const parameter = declared.find((p) => p.name === name);
              return parameter ? parameterValue(parameter) : hostileString;
            }),
          )
          .map((values) =>
            pairs.map(([name, , raw], i) => `${encode(name, raw)}=${encode(values[i] as string, raw)}`).join('&'),
          ),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        latin1,
        fc.constantFrom('&&&', '=', 'a', '%', 'a=%ff', 'period=%ff%fe', `x=${'9'.repeat(5000)}`),
      ),
    },
  );
};

/** A CSV file: the template's columns (or some of them, or others) and a few rows of valid and hostile cells. */
const csvArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        columns: fc.oneof(
          fc.constant([...TEMPLATE_COLUMNS]),
          fc.shuffledSubarray([...TEMPLATE_COLUMNS]),
          fc.array(fc.oneof(fc.constantFrom(...TEMPLATE_COLUMNS), hostileString), { maxLength: 8 }),
        ),
        rows: fc.array(
          fc.array(
            fc.oneof(
              fc.constantFrom(...rowOf(PERIOD, { ...VALID_RETURN, comment: 'ok' })),
              fc.constantFrom('E08000026', 'E10000031', PERIOD, '2024-25 Q2'),
              hostileString,
            ),
            { maxLength: TEMPLATE_COLUMNS.length + 2 },
          ),
          { maxLength: 4 },
        ),
        bom: fc.boolean(),
        crlf: fc.boolean(),
      })
      .map(
        ({ columns, rows, bom, crlf }) =>
          (bom ? '\ufeff' : '') + stringify([columns, ...rows], { record_delimiter: crlf ? 'windows' : 'unix' }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      stringify([TEMPLATE_COLUMNS, rowOf(PERIOD)]),
      `${TEMPLATE_COLUMNS.join(',')}\n"unclosed,${'x'.repeat(100)}\n`,
      `${TEMPLATE_COLUMNS.join(',')}\n${'1,'.repeat(100_000)}\n`,
      'a\u0000b,c\nd,e\n',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

/** Bytes that look like a workbook: the real template with bytes changed or cut short, or garbage after a zip signature. */
const xlsxArb = (template: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc
      .record({
        cut: fc.nat({ max: template.length }),
        flips: fc.array(fc.tuple(fc.nat({ max: template.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
      })
      .map(({ cut, flips }) => {
        const bytes = template.slice(0, Math.max(cut, 30));
        for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
        return bytes;
      }),
    fc.uint8Array({ maxLength: 300 }).map((tail) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...tail])),
  );

interface Body {
  readonly data: string | Uint8Array;
  readonly type: string | null;
}

/** A multipart form, well or badly made, with a file from the other generators. */
const multipartArb = (file: fc.Arbitrary<string>): fc.Arbitrary<Body> =>
  fc
    .record({
      boundary: fc.constantFrom('XyZ123', 'a'.repeat(70), '--', 'b"q'),
      declared: fc.constantFrom('same', 'other', 'none'),
      field: fc.oneof(fc.constantFrom('file', 'name', 'files[]', ''), hostileString),
      filename: fc.oneof(fc.constantFrom('returns.csv', '../../etc/passwd', 'a.xlsx', ''), hostileString),
      partType: mediaType,
      content: file,
      extra: fc.option(fc.tuple(fc.constantFrom('name', 'file'), hostileString)),
      closed: fc.boolean(),
    })
    .map(({ boundary, declared, field, filename, partType, content, extra, closed }) => {
      const part = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${partType}\r\n\r\n${content}\r\n`;
      const more = extra
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${extra[0]}"\r\n\r\n${extra[1]}\r\n`
        : '';
      const type =
        declared === 'none'
          ? 'multipart/form-data'
          : `multipart/form-data; boundary=${declared === 'same' ? boundary : 'other'}`;
      return { data: `${part}${more}${closed ? `--${boundary}--\r\n` : ''}`, type };
    });

function bodyArb(op: Operation, doc: Json, xlsx: Uint8Array): fc.Arbitrary<Body | undefined> {
  if (op.method === 'GET' || op.method === 'HEAD') return fc.constant(undefined);
  const jsonText = fc.oneof(
    { weight: 5, arbitrary: fromSchema(op.bodySchema, doc).map((v) => JSON.stringify(v) ?? 'undefined') },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_BODIES) },
    {
      weight: 1,
      arbitrary: fromSchema(op.bodySchema, doc)
        .map((v) => JSON.stringify(v) ?? '')
        .chain((text) => fc.nat({ max: text.length }).map((n) => text.slice(0, n))),
    },
  );
  const byType: Record<string, fc.Arbitrary<Body>> = {
    'application/json': jsonText.map((data) => ({ data, type: 'application/json' })),
    'text/csv': csvArb.map((data) => ({ data, type: 'text/csv' })),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': xlsxArb(xlsx).map((data) => ({
      data,
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    })),
    'multipart/form-data': multipartArb(fc.oneof(csvArb, jsonText)),
  };
  const declared = op.bodyTypes.map((t) => byType[t] ?? fc.string().map((data) => ({ data, type: t })));
  const anyType = fc.tuple(fc.oneof(jsonText, csvArb, latin1), mediaType).map(([data, type]) => ({ data, type }));
  const untyped = fc.oneof(jsonText, csvArb).map((data) => ({ data, type: null }));
  if (declared.length === 0) return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, anyType);
  return fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...declared) },
    { weight: 1, arbitrary: anyType },
    { weight: 1, arbitrary: untyped },
  );
}

// ---------------------------------------------------------------------------------------------

const ROLES = ['anonymous', 'viewer', 'submitter', 'lead', 'admin', 'token'] as const;
type Role = (typeof ROLES)[number];
const USERS: Record<Exclude<Role, 'anonymous' | 'token'>, TestUser> = {
  viewer: 'coventryViewer',
  submitter: 'coventrySubmitter',
  lead: 'westMidlandsLead',
  admin: 'admin',
};

interface Input {
  readonly role: Role;
  readonly params: string[];
  readonly rawParams: boolean;
  readonly query: string;
  readonly headers: [string, string][];
  readonly body: Body | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe.each(DB_KINDS)('hostile input on %s', (kind: DbKind) => {
  let ctx: TestContext;
  let doc: Json;
  let operations: Operation[];
  let clients: Record<TestUser, Client>;
  let token: string;
  let xlsx: Uint8Array;
  let print: () => Promise<Fingerprint>;
  let published: string | undefined;

  const signInRoles = async () => {
    clients = await signInAll(ctx, Object.values(USERS));
  };

  beforeAll(async () => {
    // Sign-in limits raised: the fuzz signs in with wrong passwords, and must sign its roles in again after a sign-out.
    ctx = await createTestContext(kind, { LOGIN_MAX_ATTEMPTS: '100000' });
    await signInRoles();
    await ctx.database.db.insert(periods).values([
      { id: PERIOD, status: 'open' },
      { id: '2024-25-Q1', status: 'open' },
      { id: '2023-24-Q4', status: 'closed' },
    ]);
    const warwickshire = await signIn(ctx, 'warwickshireSubmitter');
    const saved = await warwickshire.request('PUT', `/api/returns/E10000031/${PERIOD}`, {
      version: 0,
      figures: VALID_RETURN,
    });
    expect(saved.status).toBe(201);
    const created = await clients.coventrySubmitter.request('POST', '/api/auth/tokens', { name: 'fuzz' });
    token = (await json(created)).token;
    expect(
      (
        await clients.coventrySubmitter.request('PUT', `/api/returns/E08000026/${PERIOD}`, {
          version: 0,
          figures: VALID_RETURN,
        })
      ).status,
    ).toBe(201);
    xlsx = new Uint8Array(
      await (await clients.coventrySubmitter.request('GET', '/api/returns/template.xlsx')).arrayBuffer(),
    );
    doc = await json(await ctx.app.request('/api/openapi.json'));
    operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []) as Parameter[],
        bodyTypes: Object.keys(op.requestBody?.content ?? {}),
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
      })),
    );
    // Any request may touch its session's or token's last-used time, and a failed sign-in is recorded
    // by design (rate limiting): those are not stored data that a refused request may not change.
    // DfE's figures (25,000 rows) are compared once, at the end, to keep each request's check quick.
    print = await fingerprinter(ctx.database.db, {
      ignoreTables: ['login_failures', 'published_figures'],
      ignoreColumns: { sessions: ['last_seen_at'], api_tokens: ['last_used_at'] },
      mode: 'writes',
    });
    published = (await fingerprint(ctx.database.db)).published_figures;
  });
  afterAll(() => ctx.close());

  /** Sends one fuzzed request, as built by hand (bodies may be bytes, headers anything a client can send). */
  async function send(op: Operation, input: Input): Promise<{ res: Response; url: string } | null> {
    let index = 0;
    const path = op.path.replace(/\{\w+\}/g, () => encode(input.params[index++] ?? '', input.rawParams));
    const url = `http://localhost${path}${input.query ? `?${input.query}` : ''}`;
    const headers = new Headers();
    const user = input.role === 'anonymous' || input.role === 'token' ? null : clients[USERS[input.role]];
    if (user) for (const [name, value] of Object.entries(user.headers)) headers.set(name, value);
    if (input.role === 'token') headers.set('authorization', `Bearer ${token}`);
    if (input.body?.type) headers.set('content-type', input.body.type);
    for (const [name, value] of input.headers) {
      if (name === 'cookie' && headers.has('cookie')) headers.set('cookie', `${headers.get('cookie')}; ${value}`);
      else headers.set(name, value);
    }
    let request: Request;
    try {
      request = new Request(url, {
        method: op.method,
        headers,
        ...(input.body ? { body: input.body.data as NonNullable<RequestInit['body']> } : {}),
      });
    } catch {
      return null; // Not a request any client could send (the Fetch API refuses to build it).
    }
    return { res: await ctx.app.request(request), url: request.url };
  }

  const inputArb = (op: Operation): fc.Arbitrary<Input> =>
    fc.record({
      role: fc.constantFrom(...ROLES),
      params: fc.tuple(...op.parameters.filter((p) => p.in === 'path').map(parameterValue)),
      rawParams: fc.boolean(),
      query: fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: queryArb(op) }),
      headers: fc.array(headerArb, { maxLength: 3 }),
      body: bodyArb(op, doc, xlsx),
    });

  /** The known attacks of the lists above, once each on the route, by a role in turn. */
  const examples = (op: Operation): [Input][] => {
    const paramCount = op.parameters.filter((p) => p.in === 'path').length;
    const base: Input = {
      role: 'submitter',
      params: Array.from({ length: paramCount }, (_, i) => ['E08000026', PERIOD, '1'][i] ?? 'x'),
      rawParams: false,
      query: '',
      headers: [],
      body: undefined,
    };
    const out: Input[] = [];
    if (paramCount > 0) {
      for (const [i, segment] of HOSTILE_SEGMENTS.entries()) {
        out.push({ ...base, role: ROLES[i % ROLES.length] as Role, params: base.params.map(() => segment) });
      }
    }
    if (op.bodyTypes.includes('application/json')) {
      for (const [i, data] of HOSTILE_BODIES.entries()) {
        out.push({ ...base, role: ROLES[i % ROLES.length] as Role, body: { data, type: 'application/json' } });
      }
    }
    return out.map((input) => [input]);
  };

  test('every route, every role: no 5xx, every error a problem, nothing stored changes unless a change was accepted', async () => {
    let before = await print();
    const tally = { requests: 0, unsendable: 0, accepted: 0, byStatus: {} as Record<number, number> };
    const runs = kind === 'pglite' ? RUNS : Math.ceil(RUNS / 4);
    for (const op of operations) {
      const known = examples(op);
      await fc.assert(
        fc.asyncProperty(inputArb(op), async (input) => {
          const sent = await send(op, input);
          if (!sent) {
            tally.unsendable++;
            return;
          }
          const { res } = sent;
          tally.requests++;
          tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
          const what = `${op.key} as ${input.role}: ${res.status}`;
          expect(res.status, what).toBeLessThan(500);
          // Dot segments in the parameters ('..' in both of two) can take the URL out of the API, to the
          // portal's page (which honours a Range header: 416 for one it cannot satisfy): not an API answer.
          const inApi = new URL(sent.url).pathname.startsWith('/api/');
          if (res.status >= 400 && inApi) {
            expect(res.headers.get('content-type'), what).toBe('application/problem+json');
            const problem = await json(res);
            expect(problem.status, what).toBe(res.status);
            expect(typeof problem.title, what).toBe('string');
          } else {
            await res.arrayBuffer();
          }
          const after = await print();
          const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
          if (changed.length > 0) {
            expect(
              UNSAFE.has(op.method) && res.status < 300,
              `${what} changed ${changed.join(', ')} without being an accepted change`,
            ).toBe(true);
            tally.accepted++;
            // A sign-out (or a sign-in over a session) ended a role's session: sign the roles in again.
            const sessions = (s: Fingerprint) => Number((s.sessions ?? '0').split(':')[0]);
            if (sessions(after) < sessions(before)) {
              await signInRoles();
              before = await print();
              return;
            }
          }
          before = after;
        }),
        // fast-check counts the examples among the runs.
        {
          numRuns: runs + known.length,
          examples: known,
          endOnFailure: true,
          ...(SEED === undefined ? {} : { seed: SEED }),
        },
      );
    }
    // DfE's published figures are never changed by any of it.
    expect((await fingerprint(ctx.database.db)).published_figures).toBe(published);
    // Almost every generated request could be sent, and they reached past the schema checks.
    expect(tally.unsendable).toBeLessThan(tally.requests / 10);
    expect(tally.requests).toBeGreaterThan(operations.length * runs);
    expect(Object.keys(tally.byStatus).length).toBeGreaterThan(5);
    // When tuning the run (FUZZ_RUNS or FUZZ_SEED set), say what it did.
    if (process.env.FUZZ_RUNS || SEED !== undefined) console.log(kind, JSON.stringify(tally));
  }, 600_000);

  test('the figures a fuzzed save stores are only figures', async () => {
    // Whatever was accepted above, a stored revision holds the return's fields and nothing else.
    const revisions = await ctx.database.db.query.returnRevisions.findMany();
    for (const revision of revisions) {
      expect(Object.keys(revision.figures).sort()).toEqual([...FIGURE_FIELDS].sort());
    }
  });
});
