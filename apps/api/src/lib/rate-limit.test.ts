/**
 * Every rate limit goes through RateLimit (rate-limit.ts): no other module of the API reads or writes
 * the attempts it counts, so that a limit, its allowance and its words are declared once. (What each
 * limit does is tested with its routes: auth, password-resets and invitations.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

test('only lib/rate-limit.ts counts attempts (the login_failures table; db/schema.ts declares it)', () => {
  const users = sources(SRC)
    .filter((path) => /loginFailures|login_failures/.test(readFileSync(path, 'utf8')))
    .map((path) => relative(SRC, path))
    .sort();
  expect(users).toEqual(['db/schema.ts', 'lib/rate-limit.ts']);
});
