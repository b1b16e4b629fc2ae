/**
 * The comparison cache of one app. Releases never change, so a period's released figures are built
 * once per release and kept; a save changes only the saver's own live figures (and its region's, for
 * its lead), which cost the same however many authorities there are.
 *
 * On the embedded database the process is told of every change before the write returns
 * (lib/changes.ts), so checking a cache costs no query; on a PostgreSQL server, shared by several
 * instances, a cheap fingerprint query decides on every read, so that every instance agrees.
 */
import { brotliCompress, gzipSync, constants as zlibConstants } from 'node:zlib';
import type { PeriodId } from '@csc-workforce/metrics-core';
import { sql } from 'drizzle-orm';
import { type Database, executePrepared, rowsOf } from '../../db/client.js';
import { latestReleases, type ReleaseMeta, releaseExpectedBy, releasesOf } from '../releases.js';
import {
  countedPeriodsOf,
  type Live,
  liveFingerprint,
  loadLive,
  loadPublished,
  loadReference,
  loadReleased,
  type PublishedLayer,
  type Reference,
  type Released,
  referenceFingerprint,
} from './load.js';

/** Releases whose figures are kept in memory (a period's latest release each; about 100 KB each). */
const RELEASES_CACHED = 64;
/** Live figures kept: one per viewer scope (an authority, a region) and period. */
const LIVE_CACHED = 2000;
/** Neighbour groups' releases kept: one per group (an authority's neighbours) and period. */
const NEIGHBOUR_GROUPS_CACHED = 20_000;
/** How many shaped answers are kept (about 30 KB each at most). */
const ANSWERS_CACHED = 1000;

const REFERENCE_TABLES = ['authorities', 'regions', 'published_releases', 'published_figures', 'neighbour_models'];
const RELEASE_TABLES = ['comparison_releases'];
const LIVE_TABLES = ['returns', 'return_revisions', 'authorities', 'metric_targets'];
const ROUND_TABLES = ['periods', 'collection_rounds'];
/** Every table an answer is made from: its stamp on the embedded database. */
export const ANSWER_TABLES = [...new Set([...REFERENCE_TABLES, ...RELEASE_TABLES, ...LIVE_TABLES, ...ROUND_TABLES])];

/** A body as the client asked for it: the bytes and their content coding (null: identity). */
export interface Encoded {
  readonly body: string | Uint8Array<ArrayBuffer>;
  readonly encoding: 'br' | 'gzip' | null;
}

let lastAccept: { readonly header: string; readonly codings: { br: boolean; gzip: boolean } } | undefined;

/**
 * Whether an `Accept-Encoding` header allows Brotli and gzip: listed (or `*`) with a quality above
 * 0 (RFC 9110 section 12.5.3). A client sends the same header every time: the last one is remembered.
 */
export function acceptedCodings(header: string | undefined): { br: boolean; gzip: boolean } {
  if (!header) return { br: false, gzip: false };
  if (lastAccept?.header === header) return lastAccept.codings;
  const quality = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (name) quality.set(name, Number.isFinite(value) ? value : 0);
  }
  const allows = (name: string) => (quality.get(name) ?? quality.get('*') ?? 0) > 0;
  const codings = { br: allows('br'), gzip: allows('gzip') || allows('x-gzip') };
  lastAccept = { header, codings };
  return codings;
}

const view = (bytes: Buffer) => new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);

/**
 * An answer serialised once, and compressed once for the clients that ask for it so. Gzip is made
 * when first asked for (a fraction of a millisecond). Brotli at its best quality is a fifth smaller
 * but takes some 20 ms: it is made off the main thread (zlib's thread pool) once a client that
 * accepts it has asked, and served from then on; until it is ready that client gets gzip.
 */
export class Answer {
  private gzipped: Uint8Array<ArrayBuffer> | undefined;
  private brotli: Uint8Array<ArrayBuffer> | undefined;
  private brotliMade: Promise<void> | undefined;
  constructor(readonly json: string) {}

  /** The JSON gzipped, made once (a view of the compressed bytes, never copied per request). */
  get gzip(): Uint8Array<ArrayBuffer> {
    if (!this.gzipped) this.gzipped = view(gzipSync(this.json));
    return this.gzipped;
  }

  /** The answer in the best coding the request's `Accept-Encoding` allows: Brotli when it is ready, else gzip, else the JSON. */
  encoded(acceptEncoding: string | undefined): Encoded {
    const { br, gzip } = acceptedCodings(acceptEncoding);
    if (br) {
      if (this.brotli) return { body: this.brotli, encoding: 'br' };
      void this.prepareBrotli();
    }
    if (gzip) return { body: this.gzip, encoding: 'gzip' };
    return { body: this.json, encoding: null };
  }

  /** Starts making the Brotli coding, once; settles when it is ready (or failed: gzip serves on). */
  prepareBrotli(): Promise<void> {
    this.brotliMade ??= new Promise((resolve) => {
      const params = {
        [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(this.json),
      };
      brotliCompress(this.json, { params }, (error, bytes) => {
        if (!error) this.brotli = view(bytes);
        resolve();
      });
    });
    return this.brotliMade;
  }
}

interface Stamped<T> {
  readonly stamp: string;
  readonly value: Promise<T>;
}

/** Keeps `map` to `size` entries, dropping the least recently used. */
function trim<K, V>(map: Map<K, V>, size: number): void {
  while (map.size > size) map.delete(map.keys().next().value as K);
}

/** Reads `map`'s entry when its stamp matches, else builds it; a failed build is forgotten. */
function stamped<K, T>(map: Map<K, Stamped<T>>, key: K, stamp: string, build: () => Promise<T>, size: number) {
  const cached = map.get(key);
  if (cached && cached.stamp === stamp) {
    map.delete(key);
    map.set(key, cached);
    return cached.value;
  }
  const value = build();
  map.set(key, { stamp, value });
  value.catch(() => {
    if (map.get(key)?.value === value) map.delete(key);
  });
  trim(map, size);
  return value;
}

export class ComparisonStore {
  private readonly references = new Map<string, Stamped<{ ref: Reference; published: Map<number, PublishedLayer> }>>();
  private readonly indexes = new Map<string, Stamped<Map<string, ReleaseMeta>>>();
  private readonly periodIndexes = new Map<string, Stamped<ReleaseMeta[]>>();
  private readonly releasedFigures = new Map<number, Stamped<Released>>();
  private readonly neighbourReleases = new Map<string, Stamped<Released | null>>();
  private neighbourStamp = '';
  private readonly lives = new Map<string, Stamped<Live>>();
  private readonly counted = new Map<string, Stamped<Set<string>>>();
  private readonly expected = new Map<string, Stamped<string | null>>();
  private readonly answers = new Map<string, { stamp: string; answer: Answer }>();

  constructor(private readonly database: Database) {}

  private feed(tables: readonly string[]): string | null {
    return this.database.changes ? `feed:${this.database.changes.stamp(tables)}` : null;
  }

  /** The active authorities, the regions and DfE's figures by census year, with their stamp. */
  async reference(): Promise<{ stamp: string; ref: Reference; published: Map<number, PublishedLayer> }> {
    const db = this.database.db;
    const stamp = this.feed(REFERENCE_TABLES) ?? (await referenceFingerprint(db));
    const value = await stamped(
      this.references,
      'reference',
      stamp,
      async () => ({ ref: await loadReference(db), published: await loadPublished(db) }),
      1,
    );
    return { stamp, ...value };
  }

  /** The latest release of every released period, with its stamp. Releases are only ever added. */
  async releases(): Promise<{ stamp: string; latest: Map<string, ReleaseMeta> }> {
    const db = this.database.db;
    let stamp = this.feed(RELEASE_TABLES);
    if (stamp === null) {
      const [row] = rowsOf<{ n: string | number; m: string | number | null }>(
        await executePrepared(
          db,
          'csc_releases_stamp',
          sql`SELECT count(*) AS n, max(id) AS m FROM comparison_releases`,
        ),
      );
      stamp = `${row?.n}:${row?.m ?? ''}`;
    }
    return { stamp, latest: await stamped(this.indexes, 'index', stamp, () => latestReleases(db), 1) };
  }

  /** Every release of a period, oldest first, under the stamp of the releases (see {@link releases}). */
  periodReleases(period: string, stamp: string): Promise<ReleaseMeta[]> {
    return stamped(
      this.periodIndexes,
      period,
      stamp,
      async () => (await releasesOf(this.database.db, period)).reverse(),
      RELEASES_CACHED,
    );
  }

  /**
   * The release a neighbour group's figures come from at `period` (neighbours.ts): worked out by
   * `build` once while the period's releases stay the same (`stamp`), not on every answer.
   */
  neighbourRelease(
    period: string,
    stamp: string,
    codes: readonly string[],
    k: number,
    build: () => Promise<Released | null>,
  ): Promise<Released | null> {
    // When the releases change, every entry is of releases that may be superseded: all go at once,
    // so that none keeps an old release's figures alive.
    if (stamp !== this.neighbourStamp) {
      this.neighbourReleases.clear();
      this.neighbourStamp = stamp;
    }
    return stamped(this.neighbourReleases, `${period}:${k}:${codes.join(',')}`, stamp, build, NEIGHBOUR_GROUPS_CACHED);
  }

  /** A period's figures as a release holds them: built once per release. */
  released(meta: ReleaseMeta, ref: Reference): Promise<Released> {
    return stamped(
      this.releasedFigures,
      meta.id,
      String(meta.id),
      () => loadReleased(this.database.db, meta, ref.regions),
      RELEASES_CACHED,
    );
  }

  /** The live figures of some authorities over the trend ending at `period`, with their stamp. */
  async live(scope: string, codes: readonly string[], period: PeriodId): Promise<{ stamp: string; live: Live }> {
    const db = this.database.db;
    const stamp = this.feed(LIVE_TABLES) ?? (await liveFingerprint(db, codes));
    const key = `${scope}:${period}:${codes.join(',')}`;
    return { stamp, live: await stamped(this.lives, key, stamp, () => loadLive(db, codes, period), LIVE_CACHED) };
  }

  /**
   * A stamp of everything an answer is made from, known without a query: on the embedded database
   * only (null on a PostgreSQL server, where answers are checked against fingerprints).
   */
  quickStamp(): string | null {
    return this.feed(ANSWER_TABLES);
  }

  /** An answer already made for `key` while nothing changed, if any. */
  cached(key: string, stamp: string): Answer | null {
    const cached = this.answers.get(key);
    return cached && cached.stamp === stamp ? cached.answer : null;
  }

  /** When a period not released yet will be released at the latest (see releases.ts). */
  async expectedBy(period: string, afterDueDays: number): Promise<string | null> {
    const db = this.database.db;
    const stamp = this.feed(ROUND_TABLES);
    if (stamp === null) return releaseExpectedBy(db, period, afterDueDays);
    return stamped(
      this.expected,
      `${period}:${afterDueDays}`,
      stamp,
      () => releaseExpectedBy(db, period, afterDueDays),
      64,
    );
  }

  /** The periods in which any of `codes` has a counted return (the viewer's own or its region's). */
  async countedPeriods(scope: string, codes: readonly string[]): Promise<Set<string>> {
    const db = this.database.db;
    const stamp = this.feed(LIVE_TABLES) ?? (await liveFingerprint(db, codes));
    return stamped(this.counted, `${scope}:${codes.join(',')}`, stamp, () => countedPeriodsOf(db, codes), LIVE_CACHED);
  }

  /**
   * The JSON of an answer for one viewer and question (`key`), serialised once while `stamp` (the
   * stamps of everything it was shaped from) stays the same.
   */
  answer(key: string, stamp: string, shape: () => unknown): Answer {
    const cached = this.answers.get(key);
    if (cached && cached.stamp === stamp) return cached.answer;
    const answer = new Answer(JSON.stringify(shape()));
    this.answers.delete(key);
    this.answers.set(key, { stamp, answer });
    trim(this.answers, ANSWERS_CACHED);
    return answer;
  }
}

/** One store per database, so that every request of an app (comparisons, notes' evidence) shares it. */
const stores = new WeakMap<Database, ComparisonStore>();

/** The comparison store of a database. */
export function comparisonStoreOf(database: Database): ComparisonStore {
  let store = stores.get(database);
  if (!store) {
    store = new ComparisonStore(database);
    stores.set(database, store);
  }
  return store;
}
