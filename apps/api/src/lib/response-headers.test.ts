import { describe, expect, test } from 'vitest';
import { apiSecurityHeaders, isDocument, securityHeaders } from './response-headers.js';

describe('security headers', () => {
  test('documents are what a browser renders and may run script in: HTML, XHTML, SVG, XML', () => {
    for (const type of [
      'text/html; charset=UTF-8',
      'TEXT/HTML',
      'application/xhtml+xml',
      'image/svg+xml',
      'text/xml',
      null,
    ]) {
      expect(isDocument(type), String(type)).toBe(true);
    }
    for (const type of ['application/json', 'application/problem+json', 'text/csv; charset=utf-8', 'text/javascript']) {
      expect(isDocument(type), type).toBe(false);
    }
  });

  test("data's set is a subset of a document's concerns, as strict: nothing loads, nothing frames; HSTS behind TLS", () => {
    const data = apiSecurityHeaders({ tls: true });
    expect(data['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(data['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(apiSecurityHeaders({ tls: false })['strict-transport-security']).toBeUndefined();
    const page = securityHeaders({ styleSrc: ["'self'"], tls: true });
    for (const name of Object.keys(data)) {
      if (name !== 'content-security-policy') expect(data[name], name).toBe(page[name]);
    }
  });
});
