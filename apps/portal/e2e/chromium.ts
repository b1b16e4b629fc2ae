/**
 * Which Chromium the browser tests and `npm run bench` start, in this order:
 * 1. `CHROMIUM_PATH`, when set (it must exist);
 * 2. a system Chromium: /usr/bin/chromium and its usual siblings, or `chromium`, `chromium-browser`,
 *    `google-chrome` on PATH (skipped with `CHROMIUM_SYSTEM=ignore`, to try the fallback on a machine
 *    that has one);
 * 3. the headless Chromium of the npm package `@sparticuz/chromium` (a devDependency of the portal, so
 *    `npm ci` brings it), unpacked once into node_modules/.cache/csc-chromium/<version>.
 * Nothing here depends on vitest, so the benchmark (bench/portal.mjs) imports it as it is.
 */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/** The browser to launch: its executable, and the environment it needs (fonts for the packaged one). */
export interface ChromiumChoice {
  readonly executablePath: string;
  readonly source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
  readonly env?: Record<string, string>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first system Chromium: a known path, then a name on PATH; undefined when there is none. */
export function systemChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const known = SYSTEM_PATHS.find(executable);
  if (known) return known;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of SYSTEM_NAMES) {
      const candidate = join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Unpacks @sparticuz/chromium's browser into the project's cache (once per version: an unpacked folder is
 * renamed into place only when complete, so an interrupted or concurrent unpack never leaves half a
 * browser) and returns its executable and the fonts folder beside it.
 */
async function packagedChromium(): Promise<ChromiumChoice> {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    // build/index.js of the package (its exports name no package.json).
    packageDir = join(dirname(require.resolve('@sparticuz/chromium')), '..');
  } catch {
    throw new Error(
      'No Chromium for the browser tests: none on this system (/usr/bin/chromium, or chromium on PATH), ' +
        'CHROMIUM_PATH is not set, and the npm package @sparticuz/chromium is not installed (run `npm ci`).',
    );
  }
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const root = join(packageDir, '..', '..', '.cache', 'csc-chromium');
  const target = join(root, version);
  const choice = (): ChromiumChoice => ({
    executablePath: join(target, 'chromium'),
    source: '@sparticuz/chromium',
    env: { FONTCONFIG_FILE: join(target, 'fonts.conf') },
  });
  if (existsSync(join(target, 'fonts.conf'))) return choice();

  mkdirSync(root, { recursive: true });
  const partial = mkdtempSync(join(root, `.unpacking-${version}-`));
  // The package unpacks into os.tmpdir(): point it at the partial folder for the unpacking only.
  const before = process.env.TMPDIR;
  process.env.TMPDIR = partial;
  try {
    const { default: Chromium } = await import('@sparticuz/chromium');
    await Chromium.executablePath(join(packageDir, 'bin'));
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
  // The package's own fonts.conf names /tmp/fonts: one that names where its Open Sans is, and the
  // system's fonts too (the same text metrics as a system Chromium where there are any).
  const fontsConf = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${join(target, 'fonts')}</dir>`,
    '  <dir>/usr/share/fonts</dir>',
    '  <dir>/usr/local/share/fonts</dir>',
    `  <cachedir>${join(target, 'fonts-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  writeFileSync(join(partial, 'fonts.conf'), fontsConf);
  try {
    renameSync(partial, target);
  } catch (error) {
    // Another run finished first: keep its folder.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(target, 'fonts.conf'))) throw error;
  }
  return choice();
}

/** The Chromium to launch (see the module's comment for the order). */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  if (env.CHROMIUM_PATH) {
    if (!executable(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable`);
    return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  if (env.CHROMIUM_SYSTEM !== 'ignore') {
    const system = systemChromium(env);
    if (system) return { executablePath: system, source: 'system' };
  }
  return packagedChromium();
}
