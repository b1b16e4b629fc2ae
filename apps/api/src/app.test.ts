import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, json, PASSWORD, TEST_USERS, type TestContext } from '../test/harness.js';
import { createApp } from './app.js';
import { loadEnv } from './env.js';
import { createLogger } from './lib/logger.js';

describe('the app', () => {
  let ctx: TestContext;
  let portal: string;
  beforeAll(async () => {
    portal = mkdtempSync(join(tmpdir(), 'portal-'));
    mkdirSync(join(portal, 'assets'));
    writeFileSync(join(portal, 'index.html'), '<!doctype html><title>portal</title>');
    writeFileSync(join(portal, 'assets', 'main-abc123.js'), 'console.log(1)');
    ctx = await createTestContext('pglite', { PORTAL_DIR: portal });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(portal, { recursive: true, force: true });
  });

  test('health answers with the database kind', async () => {
    const res = await ctx.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok', database: 'pglite', demo: false });
  });

  test('the OpenAPI 3.1 document lists every route with its problem responses', async () => {
    const doc = await json(await ctx.app.request('/api/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/auth/login',
      '/api/returns/{authority}/{period}',
      '/api/returns/{authority}/{period}/submit',
      '/api/periods',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/returns/{authority}/{period}'].put.responses['409'].content).toHaveProperty([
      'application/problem+json',
    ]);
  });

  test('the interactive reference is served from this origin', async () => {
    const page = await ctx.app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/scalar.js');
    expect(html).not.toMatch(/https?:\/\//);
    // Scalar styles itself inline: its page, and only it, allows inline styles (never inline scripts).
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    const script = await ctx.app.request('/api/docs/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  test('every response carries the security headers: pages scripts only from this origin, data nothing at all', async () => {
    for (const path of ['/', '/returns/2024-25-Q1', '/api/docs']) {
      const res = await ctx.app.request(path);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    // Data (JSON, problems) is never rendered as a page: a policy that allows nothing, and OWASP's
    // REST set, not the headers that only govern documents.
    for (const path of ['/api/health', '/api/nothing', '/api/returns']) {
      const res = await ctx.app.request(path);
      expect(res.headers.get('content-type'), path).toMatch(/json/);
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-xss-protection')).toBeNull();
    }
  });

  test('HSTS and Secure cookies behind TLS: with COOKIE_SECURE, or in production unless turned off', async () => {
    const app = (env: Record<string, string>) =>
      createApp({
        database: ctx.database,
        env: loadEnv({ DEMO: 'false', LOG_LEVEL: 'silent', PORTAL_DIR: portal, ...env }),
        logger: createLogger('silent'),
        now: () => new Date(),
      });
    const cases: [Record<string, string>, boolean][] = [
      [{ NODE_ENV: 'test' }, false],
      [{ NODE_ENV: 'development' }, false],
      [{ NODE_ENV: 'test', COOKIE_SECURE: 'true' }, true],
      [{ NODE_ENV: 'production' }, true],
      [{ NODE_ENV: 'production', COOKIE_SECURE: 'false' }, false],
    ];
    for (const [env, secure] of cases) {
      const label = JSON.stringify(env);
      const served = app(env);
      for (const path of ['/api/health', '/', '/api/nothing', '/api/returns']) {
        const res = await served.request(path);
        const hsts = res.headers.get('strict-transport-security');
        if (secure) expect(hsts, `${label} ${path}`).toBe('max-age=31536000; includeSubDomains');
        else expect(hsts, `${label} ${path}`).toBeNull();
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, `${label} ${path}`).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        expect(csp).toMatch(path === '/' ? /default-src 'self'/ : /^default-src 'none'/);
        if (path === '/') expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('same-origin');
      }
      const login = await served.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: TEST_USERS.admin.email, password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      if (secure) expect(cookie, label).toMatch(/; Secure/);
      else expect(cookie, label).not.toMatch(/Secure/);
    }
  });

  test('serves the built portal: assets cached for good, every other path the app page, the API untouched', async () => {
    const asset = await ctx.app.request('/assets/main-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/', '/returns/2024-25-Q1', '/sign-in?next=%2F']) {
      const res = await ctx.app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>portal</title>');
    }
    const api = await ctx.app.request('/api/nothing');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    expect((await ctx.app.request('/assets/../../etc/passwd')).status).not.toBe(500);
  });

  test('a body over the limit is refused with 413 before it is read', async () => {
    const small = await createTestContext('pglite', { MAX_BODY_BYTES: '1000' });
    try {
      const res = await small.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(5000) }),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await small.close();
    }
  });
});
