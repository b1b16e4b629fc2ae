/**
 * The portal's HTTP client: same-origin fetch with the session cookie, JSON in and out, the CSRF
 * header on every change, and every error turned into an {@link ApiProblem} (RFC 9457 problem details).
 */
import type { Problem, ProblemError } from '@csc-workforce/schemas';
import { PROBLEM_TYPES } from '@csc-workforce/schemas/constants';

/** The problem types the portal reacts to: the API's `PROBLEM_TYPES`, and its own. */
export const PROBLEM = {
  ...PROBLEM_TYPES,
  /** Not from the API: the request never got an answer. */
  network: 'urn:csc-workforce:network',
} as const;

/** What the portal reads of a problem-details body (the shared `Problem`), once checked by {@link toProblemBody}. */
export type ProblemBody = Readonly<Pick<Problem, 'type' | 'title' | 'status' | 'detail' | 'errors' | 'warnings'>>;

/** An error answer of the API, as problem details. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: readonly ProblemError[];
  readonly warnings: readonly ProblemError[];
  /** From the Retry-After header of a 429, in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(body: ProblemBody, retryAfterSeconds?: number) {
    super(body.detail ?? body.title);
    this.type = body.type;
    this.title = body.title;
    this.status = body.status;
    this.detail = body.detail;
    this.errors = body.errors ?? [];
    this.warnings = body.warnings ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Whether `error` is a problem of the given type (or, for a number, status). */
export function isProblem(error: unknown, typeOrStatus?: string | number): error is ApiProblem {
  if (!(error instanceof ApiProblem)) return false;
  if (typeOrStatus === undefined) return true;
  return typeof typeOrStatus === 'number' ? error.status === typeOrStatus : error.type === typeOrStatus;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemErrors(value: unknown): ProblemError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is ProblemError => isRecord(item) && typeof item.message === 'string');
}

/** Reads a problem body, falling back to the status when the body is not problem details. */
export function toProblemBody(status: number, statusText: string, body: unknown): ProblemBody {
  const fallback = statusText || `Error ${status}`;
  if (!isRecord(body)) return { type: 'about:blank', title: fallback, status };
  const errors = problemErrors(body.errors);
  const warnings = problemErrors(body.warnings);
  return {
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: typeof body.title === 'string' ? body.title : fallback,
    status,
    ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
    ...(errors ? { errors } : {}),
    ...(warnings ? { warnings } : {}),
  };
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

let csrfTokenSource: () => string | undefined = () => undefined;

/** Tells the client where to read the session's CSRF token (the session query). */
export function setCsrfTokenSource(source: () => string | undefined): void {
  csrfTokenSource = source;
}

let sessionRefresher: () => Promise<unknown> = async () => undefined;

/**
 * Tells the client how to read the session again (the session query, refetched), for a change refused
 * for its CSRF token: the session was renewed in another tab (a sign-in, a change of password), whose
 * cookie this tab shares but whose token it has not seen.
 */
export function setSessionRefresher(refresh: () => Promise<unknown>): void {
  sessionRefresher = refresh;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ACCEPT = 'application/json, application/problem+json;q=0.9';

function headersFor(method: string, json: boolean): Headers {
  const headers = new Headers({ accept: ACCEPT });
  if (json) headers.set('content-type', 'application/json');
  const token = csrfTokenSource();
  if (UNSAFE.has(method) && token) headers.set('x-csrf-token', token);
  return headers;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function networkProblem(error: unknown): ApiProblem {
  return new ApiProblem({
    type: PROBLEM.network,
    title: 'The service cannot be reached',
    status: 0,
    detail: `Check your connection and try again${error instanceof Error ? ` (${error.message})` : ''}.`,
  });
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  readonly json?: unknown;
  readonly signal?: AbortSignal;
}

/**
 * Calls the API. Resolves with the parsed JSON body (undefined for 204).
 * @throws {ApiProblem} for every answer that is not 2xx, and when the network fails.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(path, options);
  } catch (error) {
    // Refused before it ran, for a CSRF token this tab no longer has right: read the session and try once more.
    if (!isProblem(error, PROBLEM.csrf)) throw error;
    const before = csrfTokenSource();
    await sessionRefresher();
    if (csrfTokenSource() === undefined || csrfTokenSource() === before) throw error;
    return send<T>(path, options);
  }
}

async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? 'GET';
  const hasJson = options.json !== undefined;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, hasJson),
      ...(hasJson ? { body: JSON.stringify(options.json) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkProblem(error);
  }
  const body = await readBody(response);
  if (!response.ok) {
    throw new ApiProblem(
      toProblemBody(response.status, response.statusText, body),
      retryAfterSeconds(response.headers.get('retry-after')),
    );
  }
  return body as T;
}

/** How far an upload has got, 0 to 1; `undefined` when the size is not known. */
export type UploadProgress = (fraction: number | undefined) => void;

/**
 * Uploads a file as multipart/form-data (field `file`), reporting progress (fetch cannot).
 * @throws {ApiProblem} as {@link apiRequest}.
 */
export function uploadFile<T>(
  path: string,
  file: File,
  onProgress?: UploadProgress,
  /** Other fields of the form, sent before the file (such as a name). */
  fields: Readonly<Record<string, string>> = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.responseType = 'text';
    for (const [name, value] of headersFor('POST', false)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      onProgress?.(event.lengthComputable && event.total > 0 ? event.loaded / event.total : undefined);
    });
    xhr.addEventListener('load', () => {
      let body: unknown;
      const type = xhr.getResponseHeader('content-type') ?? '';
      if (type.includes('json') && xhr.responseText) {
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      reject(
        new ApiProblem(
          toProblemBody(xhr.status, xhr.statusText, body),
          retryAfterSeconds(xhr.getResponseHeader('retry-after')),
        ),
      );
    });
    xhr.addEventListener('error', () => reject(networkProblem(new Error('the upload did not complete'))));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled', 'AbortError')));
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
