/**
 * Configuration: every variable that env.ts reads is validated, a bad value is refused with a message
 * naming it (and stops the built server with exit code 2 before it touches a database), and every
 * variable is documented in docs/operations.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runBuilt } from '../test/server-process.js';
import { EnvError, envSchema, loadEnv } from './env.js';

const VARIABLES = Object.keys(envSchema.in.shape);

/**
 * A value each variable refuses. Variables that take any text (a host name, a folder) have none: an
 * empty value means unset for every variable.
 */
const BAD: Record<string, string | null> = {
  NODE_ENV: 'staging',
  PORT: '80a',
  HOST: null,
  DATABASE_URL: 'mysql://localhost/db',
  DATA_DIR: null,
  DEMO: 'maybe',
  MIN_GROUP_SIZE: '0',
  RELEASE_INTERVAL_DAYS: '0',
  RELEASE_AFTER_DUE_DAYS: 'soon',
  RELEASE_CHECK_MINUTES: '40000',
  AGENCY_REGISTRATION_RETENTION_DAYS: '4000',
  SESSION_IDLE_MINUTES: '-5',
  SESSION_ABSOLUTE_HOURS: '1.5',
  LOGIN_MAX_ATTEMPTS: 'many',
  LOGIN_WINDOW_MINUTES: '1e999',
  TRUST_PROXY_HOPS: '-1',
  COOKIE_SECURE: 'on',
  MAX_BODY_BYTES: '5MB',
  LOG_LEVEL: 'verbose',
  PORTAL_DIR: null,
  SMTP_URL: 'mail.example.org:587',
  MAIL_FROM: 'no-reply',
  PUBLIC_URL: 'ftp://exchange.example.org',
};

describe('configuration', () => {
  test('the table of bad values names every variable that env.ts reads', () => {
    expect(Object.keys(BAD).sort(), 'add the new variable to BAD in env.test.ts (and to docs/operations.md)').toEqual(
      [...VARIABLES].sort(),
    );
  });

  test.each(
    Object.entries(BAD).filter(([, bad]) => bad !== null),
  )('%s=%s is refused with a message naming it', (name, bad) => {
    const error = (() => {
      try {
        loadEnv({ [name]: bad as string });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect((error as Error).message).toMatch(new RegExp(`^- ${name}: .+`, 'm'));
    expect((error as Error).message.split('\n')).toHaveLength(2);
  });

  test('several bad values are all named at once; empty means unset; the defaults', () => {
    expect(() => loadEnv({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(/- PORT: .*\n- LOG_LEVEL: /);
    const env = loadEnv({ PORT: '', DATABASE_URL: '' });
    expect(env).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', DATA_DIR: './data', DEMO: true, MIN_GROUP_SIZE: 5 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(loadEnv({ DATABASE_URL: 'postgres://db/x' }).DEMO).toBe(false);
    expect(loadEnv({ NODE_ENV: 'production' }).COOKIE_SECURE).toBe(true);
    expect(loadEnv({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }).COOKIE_SECURE).toBe(false);
  });

  test('the built server stops at once with exit code 2 and the variable’s name', async () => {
    const { code, stderr, stdout } = await runBuilt('server.js', [], {
      MIN_GROUP_SIZE: 'five',
      DATA_DIR: '/nonexistent/never-created',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid configuration:\n- MIN_GROUP_SIZE: /);
    expect(stdout).toBe('');
  });

  test('docs/operations.md documents every variable', () => {
    const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
    const missing = VARIABLES.filter((name) => !new RegExp(`^\\| \`${name}\``, 'm').test(doc));
    expect(missing, 'variables with no row in the configuration table of docs/operations.md').toEqual([]);
  });
});
