/**
 * The headers every response carries: the security headers (a Content-Security-Policy with no inline
 * script and no framing, HSTS behind TLS, and the rest of what Helmet and Hono's secureHeaders set) and
 * the request's id, which the log names too.
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

/** The security headers of a response, given its page's style sources and whether it is behind TLS. */
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

/** The header naming the request: taken from the client (or a proxy) when it is a plain token. */
export const REQUEST_ID_HEADER = 'x-request-id';
const PLAIN_ID = /^[\w\-=]{1,255}$/;

/**
 * Names the request (`requestId`), works out its security headers (`securityHeaders`: the API
 * reference, which styles itself inline, is the one page allowed inline styles) and, after the
 * handler, sets both on the response unless `completeResponse` built it with them.
 */
export function responseHeaders(options: { readonly tls: boolean }): MiddlewareHandler<AppBindings> {
  const strict = securityHeaders({ styleSrc: CONTENT_SECURITY_POLICY.styleSrc, tls: options.tls });
  const docs = securityHeaders({ styleSrc: ["'self'", "'unsafe-inline'"], tls: options.tls });
  return async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const id = incoming !== undefined && PLAIN_ID.test(incoming) ? incoming : randomUUID();
    const security = c.req.path === '/api/docs' ? docs : strict;
    c.set('requestId', id);
    c.set('securityHeaders', security);
    c.set('complete', false);
    await next();
    if (c.get('complete')) return;
    const headers = c.res.headers;
    for (const name in security) headers.set(name, security[name] as string);
    headers.set(REQUEST_ID_HEADER, id);
  };
}

/**
 * A 200 response with every header it will carry (the security headers and request id besides
 * `headers`), written by the server as one object. For answers that nothing after the handler adds
 * a header to, and nothing before it did (`c.header`): an authenticated GET's.
 */
export function completeResponse(
  c: Context<AppBindings>,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Readonly<Record<string, string>>,
): Response {
  c.set('complete', true);
  return new Response(body, {
    status: 200,
    headers: { ...c.get('securityHeaders'), [REQUEST_ID_HEADER]: c.get('requestId'), ...headers },
  });
}
