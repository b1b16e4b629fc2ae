// Portal benchmark, in headless Chromium (playwright-core; the system's, else the npm package's: apps/portal/e2e/chromium.ts) on the built server
// with a fresh demo database:
// - the initial JavaScript and CSS of the home page and of the comparison dashboard, gzipped, weighed
//   as the budget test weighs them (apps/portal/e2e/page-weight.ts);
// - the dashboard's Largest Contentful Paint: BENCH_LCP_LOADS (default 7) loads, each in a new browser
//   context (empty cache) signed in through the API, read with a PerformanceObserver; the median.
//   node --conditions=@csc-workforce/source --import tsx bench/portal.mjs --out FILE
// Writes the figures as JSON to FILE; asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { findChromium } from '../apps/portal/e2e/chromium.ts';
import {
  BUDGETED_PAGES,
  CHROMIUM_ARGS,
  gzipTotal,
  loadBudgetedPage,
  recordAssets,
} from '../apps/portal/e2e/page-weight.ts';
import { DEMO_PASSWORD, machine, median, start, stop } from './lib.mjs';

const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
if (!args.out) throw new Error('usage: portal.mjs --out FILE');
const LCP_LOADS = Number(process.env.BENCH_LCP_LOADS ?? 7);

/** A new browser context (own cookies, empty cache) signed in as `email` through the API, and a page in it. */
async function signedInPage(browser, url, email) {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1024, height: 900 } });
  const res = await context.request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  if (res.status() !== 200) throw new Error(`sign-in answered ${res.status()}`);
  return { context, page: await context.newPage() };
}

/** The page's Largest Contentful Paint so far (ms from navigation start), and its element. */
function largestContentfulPaint(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no largest-contentful-paint entry')), 10_000);
        new PerformanceObserver((list) => {
          const last = list.getEntries().at(-1);
          clearTimeout(timer);
          const element = last.element;
          resolve({
            ms: last.startTime,
            element: element
              ? `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''}`
              : null,
          });
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }),
  );
}

async function weigh(browser, url) {
  const out = {};
  for (const [name, which] of Object.entries(BUDGETED_PAGES)) {
    const { context, page } = await signedInPage(browser, url, which.user);
    const assets = recordAssets(page);
    await loadBudgetedPage(page, which);
    const all = [...assets.values()];
    out[name] = {
      path: which.path,
      js: { gzipBytes: gzipTotal(all, 'script'), files: all.filter((a) => a.kind === 'script').length },
      css: { gzipBytes: gzipTotal(all, 'stylesheet'), files: all.filter((a) => a.kind === 'stylesheet').length },
    };
    await context.close();
  }
  return out;
}

async function dashboardLcp(browser, url) {
  const loads = [];
  for (let i = 0; i < LCP_LOADS; i++) {
    const { context, page } = await signedInPage(browser, url, BUDGETED_PAGES.dashboard.user);
    await loadBudgetedPage(page, BUDGETED_PAGES.dashboard);
    loads.push(await largestContentfulPaint(page));
    await context.close();
  }
  const ms = loads.map((l) => l.ms);
  const middle = loads.find((l) => l.ms === median(ms));
  const r = (x) => Math.round(x);
  return {
    loads: LCP_LOADS,
    ms: { median: r(median(ms)), min: r(Math.min(...ms)), max: r(Math.max(...ms)) },
    element: middle?.element ?? null,
  };
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'csc-bench-portal-'));
const api = await start(dataDir);
const found = await findChromium();
const browser = await chromium.launch({
  executablePath: found.executablePath,
  args: CHROMIUM_ARGS,
  env: { ...process.env, ...found.env },
});
try {
  const pages = await weigh(browser, api.url);
  const lcp = await dashboardLcp(browser, api.url);
  for (const [name, p] of Object.entries(pages)) {
    console.log(
      `  ${name} (${p.path}): JavaScript ${(p.js.gzipBytes / 1024).toFixed(1)} KB gzipped in ${p.js.files} files, CSS ${(p.css.gzipBytes / 1024).toFixed(1)} KB in ${p.css.files}`,
    );
  }
  console.log(
    `  dashboard LCP: median ${lcp.ms.median} ms of ${lcp.loads} loads (${lcp.ms.min} to ${lcp.ms.max}), element ${lcp.element}`,
  );
  writeFileSync(args.out, `${JSON.stringify({ pages, lcp, machine: machine() }, null, 2)}\n`);
} finally {
  await browser.close();
  await stop(api.child);
  rmSync(dataDir, { recursive: true, force: true });
}
