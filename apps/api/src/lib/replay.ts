/**
 * Answers replayed: a signed-in caller asking again for an answer it was just given (the same URL,
 * the same session cookie) while nothing it was made from has changed gets the same bytes at once,
 * before the framework runs. For the comparisons, which every page of an authority user and a lead
 * asks for and which are cached anyway: the session check, the access check, the validation and the
 * cache lookups they would repeat cost three times what sending the answer does (docs/performance.md).
 *
 * When a replay is the same as what the full path would answer:
 * - **The same caller.** Entries are keyed by the request's exact URL, `Host` header (which the
 *   full path builds the URL from, refusing one that is not a host) and `Cookie` header; a request
 *   with an `Authorization` header (an API token, whose use is recorded) is never replayed, nor any
 *   method but GET.
 * - **Nothing changed.** An entry keeps the change feed's stamp of every table the session check and
 *   the answer read ({@link ReplayTables}), taken when its request arrived (a change during the
 *   request leaves the entry stale from the start). Any write to one of them ends every entry. So
 *   only the embedded database has replays: a PostgreSQL server is shared by instances, without a feed.
 * - **The session as it was.** An entry ends when its session expires or would go idle, and when its
 *   last-seen time would next be written (once a minute): that request takes the full path and writes it.
 * - **The same response.** The answer's bytes and headers are the full path's, with a request id of
 *   its own, and the request is logged as every request is.
 */
import { hash } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { REQUEST_ID_HEADER, requestIdOf } from './response-headers.js';
import type { AppBindings, AppDeps } from './types.js';

/** A response as the full path sends it, for a client's `Accept-Encoding`. */
interface Replayable {
  readonly body: string | Uint8Array<ArrayBuffer>;
  readonly headers: Readonly<Record<string, string>>;
}

/** The tables whose writes end every replay: what the session check and the replayed answers read. */
type ReplayTables = readonly string[];

interface Entry {
  readonly stamp: string;
  readonly until: number;
  readonly path: string;
  readonly userId: string;
  readonly security: Readonly<Record<string, string>>;
  readonly respond: (acceptEncoding: string | undefined) => Replayable;
}

/**
 * How many answers are kept for replay: as many as the comparisons keep shaped (each entry holds its
 * answer, some 40 KB with its compressed codings, which the comparisons' cache may have let go).
 */
const ENTRIES = 1000;

/** Where the listener leaves the stamp a request arrived under, for {@link AnswerReplay.remember}. */
const ARRIVED = Symbol('replay stamp');
type Arrived = IncomingMessage & { [ARRIVED]?: string };

/**
 * An entry's key: what of a GET the full path's answer depends on (its coding and request id are
 * each request's own), as a digest: as with sessions (lib/auth.ts), no session token is held in
 * memory past its request.
 */
const keyOf = (req: IncomingMessage, cookie: string) =>
  hash('sha256', `${req.url}\n${req.headers.host}\n${cookie}`, 'base64');

/**
 * The replays of one app: answers kept by caller and URL ({@link AnswerReplay.remember}), served to
 * the same caller while nothing they were made from changes ({@link AnswerReplay.serve}).
 */
export class AnswerReplay {
  private readonly entries = new Map<string, Entry>();
  /** The stamp the entries were kept under: when it moves, none of them can be replayed again. */
  private current = '';

  constructor(
    private readonly deps: AppDeps,
    private readonly tables: ReplayTables,
  ) {}

  private stamp(): string {
    return this.deps.database.changes?.stamp(this.tables) ?? '';
  }

  /**
   * Answers `req` from a replay if it can (true); otherwise notes the stamp it arrived under and
   * leaves it to the app (false).
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const cookie = req.headers.cookie;
    if (cookie === undefined || req.headers.authorization !== undefined) return false;
    const stamp = this.stamp();
    (req as Arrived)[ARRIVED] = stamp;
    if (stamp !== this.current) {
      this.entries.clear();
      this.current = stamp;
    }
    const key = keyOf(req, cookie);
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.stamp !== stamp || this.deps.now().getTime() >= entry.until) {
      this.entries.delete(key);
      return false;
    }
    const started = performance.now();
    const requestId = requestIdOf(req.headers[REQUEST_ID_HEADER] as string | undefined);
    const { body, headers } = entry.respond(req.headers['accept-encoding']);
    res.writeHead(200, {
      ...entry.security,
      [REQUEST_ID_HEADER]: requestId,
      ...headers,
      'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
    });
    res.end(body);
    this.deps.logger.log('info', 'request', {
      requestId,
      method: 'GET',
      path: entry.path,
      status: 200,
      ms: Math.round((performance.now() - started) * 10) / 10,
      user: entry.userId,
      replayed: true,
    });
    return true;
  }

  /**
   * Keeps a 200 answer for replay to the same caller: only for a request that came through
   * {@link replayListener} with a session cookie (not a token), and only until its session's quiet
   * time ends. `respond` gives the body and headers for an `Accept-Encoding`, as the handler did.
   */
  remember(c: Context<AppBindings>, respond: Entry['respond']): void {
    const incoming = (c.env as { incoming?: Arrived } | undefined)?.incoming;
    // `serve` leaves a stamp only on a GET with a cookie and no `Authorization` header, and the
    // session check a quiet time only for a session cookie it let in.
    const stamp = incoming?.[ARRIVED];
    const until = c.get('sessionQuietUntil');
    const user = c.get('user');
    if (!incoming || stamp === undefined || until === undefined || !user) return;
    const key = keyOf(incoming, incoming.headers.cookie as string);
    this.entries.delete(key);
    this.entries.set(key, {
      stamp,
      until,
      path: c.req.path,
      userId: user.id,
      security: c.get('dataSecurityHeaders'),
      respond,
    });
    if (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

const replays = new WeakMap<AppDeps, AnswerReplay>();

/** The replay of an app (by its deps), made by {@link replayListener}; none without a change feed. */
export function replayOf(deps: AppDeps): AnswerReplay | undefined {
  return replays.get(deps);
}

/**
 * The app's request listener with replays in front of it, on the embedded database (the listener as
 * it is on a PostgreSQL server). `tables`: see {@link ReplayTables}.
 */
export function replayListener(deps: AppDeps, tables: ReplayTables, listener: RequestListener): RequestListener {
  if (!deps.database.changes) return listener;
  const replay = new AnswerReplay(deps, tables);
  replays.set(deps, replay);
  return (req, res) => {
    if (!replay.serve(req, res)) listener(req, res);
  };
}
