/**
 * Handlers hold no SQL: they read the request, call services (and lib/ for sessions, limits and
 * problems), and answer. Every query and every transaction is a service's, so that the rules of a
 * change (its locks, its audit entry, its mails) are written once, beside the data they guard.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROUTES = fileURLToPath(new URL('.', import.meta.url));

const handlers = readdirSync(ROUTES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(join(ROUTES, dir.name))
      .filter((name) => name.endsWith('.handlers.ts'))
      .map((name) => `${dir.name}/${name}`),
  );

/** What only SQL needs: the query builder and the tables, raw statements, transactions, the audit writer. */
const SQL = [
  /from 'drizzle-orm'/,
  /db\/schema\.js'/,
  /\.(select|insert|update|delete|execute)\(/,
  /\.transaction\(/,
  /lib\/audit\.js'/,
];

test('there are handlers to check', () => {
  expect(handlers.length).toBeGreaterThan(10);
});

test.each(handlers)('%s runs no SQL of its own', (file) => {
  const source = readFileSync(join(ROUTES, file), 'utf8');
  expect(SQL.filter((pattern) => pattern.test(source)).map(String)).toEqual([]);
});
