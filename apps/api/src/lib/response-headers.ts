/**
 * The headers every response carries: the security headers and the request's id, which the log names
 * too. Documents (the portal's pages, the API reference: HTML, SVG, XML) get the full set (a
 * Content-Security-Policy with no inline script and no framing, HSTS behind TLS, and the rest of what
 * Helmet and Hono's secureHeaders set); data (JSON, problems, CSV and XLSX downloads) gets the set
 * OWASP's REST Security Cheat Sheet gives for API responses (`API_SECURITY_HEADERS`): a policy that
 * allows nothing at all, no framing, no sniffing, same-origin only, HSTS behind TLS. The others
 * (isolation of a browsing context, DNS prefetch, IE's download and XSS filters, Flash's cross-domain
 * policies) govern a document a browser renders, which data never is: left off, they cost a cached
 * comparison a tenth of its bytes.
 *
 * They are worked out once, as plain objects. Most responses get them set after their handler, as any
 * middleware would; an answer served whole from a cache (a comparison) is built with them instead
 * (`completeResponse`), so that the server writes one object of headers rather than growing a fetch
 * `Headers` one header at a time: about a fifth of the server's time for a cached comparison
 * (docs/performance.md).
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppBindings } from './types.js';

/** Content-Security-Policy of every response: no inline script, no framing, nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/** The header value of a policy: `defaultSrc: ["'self'"]` → `default-src 'self'`, joined by `; `. */
export function policyHeader(policy: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(policy)
    .map(([directive, sources]) => `${directive.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(' ')}`)
    .join('; ');
}

/** The security headers of a document, given its page's style sources and whether it is behind TLS. */
export function securityHeaders(options: {
  readonly styleSrc: readonly string[];
  readonly tls: boolean;
}): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': policyHeader({ ...CONTENT_SECURITY_POLICY, styleSrc: options.styleSrc }),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'same-origin',
    ...(options.tls ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}

/**
 * The security headers of data (anything but a document): nothing may load or run in it, nothing may
 * frame it, its type is not sniffed, and only this origin may read it.
 */
export function apiSecurityHeaders(options: { readonly tls: boolean }): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'same-origin',
    ...(options.tls ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  });
}

/** Whether a response of this content type is a document a browser renders (and may run script in). */
export function isDocument(contentType: string | null | undefined): boolean {
  return (
    contentType == null ||
    /^\s*(text\/html|application\/xhtml|image\/svg|text\/xml|application\/xml)/i.test(contentType)
  );
}

/** The header naming the request: taken from the client (or a proxy) when it is a plain token. */
export const REQUEST_ID_HEADER = 'x-request-id';
const PLAIN_ID = /^[\w\-=]{1,255}$/;

/** A request's id: the client's (or a proxy's) `X-Request-Id` when it is a plain token, else a new UUID. */
export const requestIdOf = (incoming: string | undefined): string =>
  incoming !== undefined && PLAIN_ID.test(incoming) ? incoming : randomUUID();

/**
 * Names the request (`requestId`) and, after the handler, sets it and the security headers on the
 * response (a document's or data's, by its content type: the API reference, which styles itself
 * inline, is the one page allowed inline styles), unless `completeResponse` built it with them.
 */
export function responseHeaders(options: { readonly tls: boolean }): MiddlewareHandler<AppBindings> {
  const strict = securityHeaders({ styleSrc: CONTENT_SECURITY_POLICY.styleSrc, tls: options.tls });
  const docs = securityHeaders({ styleSrc: ["'self'", "'unsafe-inline'"], tls: options.tls });
  const data = apiSecurityHeaders(options);
  return async (c, next) => {
    const id = requestIdOf(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', id);
    c.set('dataSecurityHeaders', data);
    c.set('complete', false);
    await next();
    if (c.get('complete')) return;
    const headers = c.res.headers;
    const security = !isDocument(headers.get('content-type')) ? data : c.req.path === '/api/docs' ? docs : strict;
    for (const name in security) headers.set(name, security[name] as string);
    headers.set(REQUEST_ID_HEADER, id);
  };
}

/**
 * A 200 response of data (JSON, never a document) with every header it will carry (data's security
 * headers and the request id besides `headers`), written by the server as one object. For answers
 * that nothing after the handler adds a header to, and nothing before it did (`c.header`): an
 * authenticated GET's.
 */
export function completeResponse(
  c: Context<AppBindings>,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Readonly<Record<string, string>>,
): Response {
  c.set('complete', true);
  return new Response(body, {
    status: 200,
    headers: { ...c.get('dataSecurityHeaders'), [REQUEST_ID_HEADER]: c.get('requestId'), ...headers },
  });
}
