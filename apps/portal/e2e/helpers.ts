/** What the browser tests share: a browser context per test, signing in, and the accessibility check. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject, onTestFinished } from 'vitest';

export const DEMO_PASSWORD = 'demo-password';
export const SERVICE = "Children's social care workforce exchange";

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Connects to the run's one Chromium (started by the global setup). */
export function connectBrowser(): Promise<Browser> {
  return chromium.connect(inject('wsEndpoint'));
}

const pageProblems = new WeakMap<Page, string[]>();
let pageCount = 0;

/**
 * A fresh context (own cookies) and page on the test server, closed when the test ends; a failing
 * test first leaves a screenshot of the page in /tmp, to see why.
 */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: inject('baseUrl'), viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  // A script error, or anything the CSP refuses, fails the test that caused it.
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  pageProblems.set(page, problems);
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') {
      const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: `/tmp/portal-failure-${name}-${pageCount++}.png`, fullPage: true });
    }
    await context.close();
  });
  return { context, page };
}

/** Fails on any script error or CSP violation the page has had so far. */
export function expectNoPageErrors(page: Page): void {
  expect(pageProblems.get(page) ?? []).toEqual([]);
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

interface AxeNode {
  readonly target: readonly unknown[];
}
interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly AxeNode[];
}
declare global {
  interface Window {
    axe?: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
  }
}

/**
 * Runs axe-core (WCAG 2.0 to 2.2 A and AA rules) on the page as it is, and fails on any serious or
 * critical violation, naming each rule and the elements. axe is injected with page.evaluate: the CSP
 * would refuse a script tag.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
  expect(report, `accessibility of ${what}`).toEqual([]);
}

/** The open collection period's id, as the API lists it. */
export async function openPeriod(page: Page): Promise<{ id: string; label: string }> {
  const response = await page.request.get('/api/periods');
  expect(response.status()).toBe(200);
  const periods = (await response.json()) as { id: string; label: string; status: string }[];
  const open = periods.find((p) => p.status === 'open');
  if (!open) throw new Error('The demo has no open collection period');
  return open;
}

/** Waits until the page's title is exactly `title – service`. */
export async function expectTitle(page: Page, title: string): Promise<void> {
  await expect.poll(() => page.title()).toBe(`${title} – ${SERVICE}`);
}

/** A session on the test server through the API, outside any browser: requests carry its cookie and CSRF token. */
export interface ApiSession {
  request(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body: unknown): Promise<Response>;
}

/** Signs in through the API; null when the password is not right. */
export async function apiSignIn(email: string, password: string): Promise<ApiSession | null> {
  const base = inject('baseUrl');
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) return null;
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    request: (method, path, body) =>
      fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify(body),
      }),
  };
}

/**
 * Changes a user's password back through the API (signing in with `from`), for a test that changed a
 * demo user's password: the files after it sign in with the demo password. Nothing to do (false) when
 * `from` is not the password.
 */
export async function restorePassword(email: string, from: string, to = DEMO_PASSWORD): Promise<boolean> {
  const session = await apiSignIn(email, from);
  if (!session) return false;
  const back = await session.request('POST', '/api/auth/password', { currentPassword: from, newPassword: to });
  expect(back.status).toBe(200);
  return true;
}

/** The text of the page's GOV.UK error summary, once it shows. */
export async function errorSummary(page: Page): Promise<string> {
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await summary.waitFor();
  return (await summary.textContent()) ?? '';
}
