/**
 * What the browser tests and `npm run bench` share: the Chromium they start, the pages whose first
 * load has a budget, and how that load is weighed: every script and stylesheet the page fetches,
 * fresh, for a signed-in user, gzipped as the server would send it (node's default level). Sizes, not
 * times. Nothing here depends on vitest, so the benchmark (bench/portal.mjs) imports it as it is.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/** Chromium's flags for a quiet headless run (no sandbox in containers, no network of its own); which Chromium: ./chromium.ts. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A page whose first load is budgeted: where it is, who looks at it, and when it is ready. */
export interface BudgetedPage {
  readonly path: string;
  /** A demo user. */
  readonly user: string;
  readonly ready: (page: Page) => Promise<void>;
}

export const BUDGETED_PAGES = {
  /** The home page of an authority's submitter: its returns and key metrics by quarter. */
  home: {
    path: '/',
    user: 'submitter.coventry@demo.test',
    ready: (page) => page.getByRole('table', { name: 'Key metrics by quarter' }).waitFor(),
  },
  /** The comparison dashboard ("How we compare") of an authority's viewer. */
  dashboard: {
    path: '/compare',
    user: 'viewer.coventry@demo.test',
    ready: (page) => page.getByRole('table', { name: /^Every metric, / }).waitFor(),
  },
} as const satisfies Record<string, BudgetedPage>;

/** A script or stylesheet a page fetched, with its size as sent gzipped. */
export interface Asset {
  readonly url: string;
  readonly kind: 'script' | 'stylesheet';
  readonly body: Buffer;
  readonly gzipBytes: number;
}

/**
 * Keeps every script and stylesheet the page fetches from now on, by URL; the map fills as the
 * responses arrive (so it also holds what a later click loads).
 */
export function recordAssets(page: Page): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  page.on('response', async (response) => {
    const kind = response.request().resourceType();
    if (kind !== 'script' && kind !== 'stylesheet') return;
    const body = await response.body();
    assets.set(response.url(), { url: response.url(), kind, body, gzipBytes: gzipSync(body).length });
  });
  return assets;
}

/** Opens a budgeted page in `page` (signed in already) and waits until it is ready and the network is idle. */
export async function loadBudgetedPage(page: Page, which: BudgetedPage): Promise<void> {
  await page.goto(which.path);
  await which.ready(page);
  await page.waitForLoadState('networkidle');
}

/** The gzipped bytes of the assets of one kind. */
export function gzipTotal(assets: Iterable<Asset>, kind: Asset['kind']): number {
  let total = 0;
  for (const asset of assets) if (asset.kind === kind) total += asset.gzipBytes;
  return total;
}
