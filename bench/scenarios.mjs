// The API scenarios of `npm run bench`, in one table. Each is loaded with autocannon over loopback
// (bench/load.mjs) right after the bare Hono "hello" route at the same number of connections, on the
// real 153 authorities and on the synthetic 1,530 (bench/api.mjs runs them).
//
// An entry: `id`, `label`, `connections`, optionally `secondsFactor` (a run that many times as long),
// the `budget` it answers to (if any) and `prepare(api)`,
// which sets up what the scenario needs through the API and returns autocannon's request: `path`
// and optionally `method`, `headers`, `body`, or `requests` (a sequence), and `reset()` if the
// scenario keeps state that must be read again before each run. `api` is
// { url, signIn(email) → fetch-like, session(email) → { cookie, csrfToken } }.
// To add a scenario (the notes search, once the notes API exists), add an entry below.
import { EXAMPLE_RETURN } from '../packages/schemas/dist/index.js';
import { DEMO_PASSWORD } from './lib.mjs';

/** The demo's users (apps/api/src/db/demo.ts), signed in in turn by the sign-in scenario. */
const DEMO_EMAILS = [
  'admin@demo.test',
  'lead.west-midlands@demo.test',
  'lead.north-west@demo.test',
  'submitter.coventry@demo.test',
  'viewer.coventry@demo.test',
  'submitter.warwickshire@demo.test',
];

/** A period id from a year's number: 2030 → 2030-31. */
const periodOf = (year, quarter) => `${year}-${String((year + 1) % 100).padStart(2, '0')}-Q${quarter}`;

/** Periods far from the demo's, one run of them per save scenario (years 2030 to 2049). */
let nextYear = 2030;
function newPeriods(count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(periodOf(nextYear + Math.floor(i / 4), (i % 4) + 1));
  nextYear += Math.ceil(count / 4);
  return out;
}

/**
 * Saving a draft as the Coventry submitter, as the portal does: each save sends back the version the
 * last one answered (optimistic concurrency). Each connection saves its own return, one period each,
 * so none waits for another's version: a period is taken for a request and given back with its new
 * version when the answer comes (found by the request id the API echoes).
 */
async function saveDrafts(api, connections) {
  const admin = await api.signIn('admin@demo.test');
  const submitter = await api.signIn('submitter.coventry@demo.test');
  const { cookie, csrfToken } = await api.session('submitter.coventry@demo.test');
  const periods = newPeriods(connections);
  for (const id of periods) {
    const res = await admin('POST', '/api/periods', { id, status: 'open' });
    if (res.status !== 201) throw new Error(`opening ${id}: ${res.status}`);
  }
  const version = new Map(periods.map((p) => [p, 0]));
  const free = [...periods];
  let saves = 0;
  return {
    // autocannon drops the requests still in flight when a run ends: the versions are read again before each run.
    async reset() {
      await new Promise((resolve) => setTimeout(resolve, 250));
      free.length = 0;
      for (const period of periods) {
        const res = await submitter('GET', `/api/returns/E08000026/${period}`);
        const body = await res.json();
        version.set(period, res.status === 200 ? body.version : 0);
        free.push(period);
      }
    },
    requests: [
      {
        method: 'PUT',
        setupRequest: (request) => {
          const period = free.shift();
          if (period === undefined) throw new Error('more requests in flight than periods');
          saves += 1;
          return {
            ...request,
            path: `/api/returns/E08000026/${period}`,
            headers: {
              cookie,
              'x-csrf-token': csrfToken,
              'content-type': 'application/json',
              'x-request-id': `bench-${period}`,
            },
            body: JSON.stringify({
              version: version.get(period),
              figures: { ...EXAMPLE_RETURN, casesHeld: 2000 + saves },
            }),
          };
        },
        onResponse: (status, body, _context, headers) => {
          const id = headers['x-request-id'] ?? headers['X-Request-Id'];
          const period = String(id).replace(/^bench-/, '');
          if (!version.has(period)) throw new Error(`an answer without the request id sent: ${status}`);
          if (status === 200 || status === 201) version.set(period, JSON.parse(body).version);
          free.push(period);
        },
      },
    ],
  };
}

export const SCENARIOS = [
  {
    id: 'sign-in',
    label: 'Sign in (scrypt, N = 2^15)',
    // The password check runs on libuv's 4 threads: more connections only queue.
    connections: 4,
    // A few sign-ins a second: three times as long, for enough of them to have percentiles.
    secondsFactor: 3,
    budget: null,
    prepare: async () => ({
      requests: DEMO_EMAILS.map((email) => ({
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      })),
    }),
  },
  {
    id: 'save-draft-1',
    label: 'Save a draft, 1 client',
    connections: 1,
    budget: null,
    prepare: (api) => saveDrafts(api, 1),
  },
  {
    id: 'save-draft',
    label: 'Save a draft, 16 clients',
    connections: 16,
    // Issue 18's budget (issue 3 asked for 20 ms, out of reach on one embedded database: see docs/performance.md).
    budget: { p95Ms: 50 },
    prepare: (api) => saveDrafts(api, 16),
  },
  {
    id: 'comparison',
    label: 'Comparison, every metric (authority viewer)',
    connections: 32,
    budget: { p99Ms: 20, ofHello: 0.4 },
    // Also measured: the same headers and bytes from a bare route (bench/api.mjs).
    sameResponse: true,
    prepare: async (api) => {
      const { cookie } = await api.session('viewer.coventry@demo.test');
      // As a browser asks: gzip accepted.
      const request = {
        path: '/api/comparisons/2023-24-Q4',
        headers: { cookie, 'accept-encoding': 'gzip, deflate, br' },
      };
      // The first answer builds the period's pack (about a second with 1,530 authorities): before the warm-up.
      const first = await fetch(`${api.url}${request.path}`, { headers: request.headers });
      if (first.status !== 200) throw new Error(`comparison answered ${first.status}`);
      return request;
    },
  },
  {
    id: 'notes-search',
    label: 'Notes search, "ASYE academy" (authority viewer)',
    connections: 32,
    budget: null,
    prepare: async (api) => {
      const { cookie } = await api.session('viewer.coventry@demo.test');
      // Full-text search over the demo's published notes: ranked, highlighted, the first page.
      const request = {
        path: '/api/notes?q=ASYE%20academy',
        headers: { cookie, 'accept-encoding': 'gzip, deflate, br' },
      };
      const first = await fetch(`${api.url}${request.path}`, { headers: request.headers });
      if (first.status !== 200) throw new Error(`notes search answered ${first.status}`);
      const page = await first.json();
      if (!Array.isArray(page.items) || page.items.length === 0) throw new Error('notes search found nothing');
      return request;
    },
  },
];
