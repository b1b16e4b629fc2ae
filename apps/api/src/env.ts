/**
 * Configuration: the only module that reads `process.env`. Every variable is validated at start, and a
 * bad value stops the process with a message naming the variable.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Port of the HTTP server. */
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Host to listen on. */
    HOST: z.string().min(1).default('0.0.0.0'),
    /** PostgreSQL server (`postgres://…`); without it the embedded PGlite database in DATA_DIR is used. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    /** Folder of the embedded database (PGlite); `memory://` for an in-memory one. */
    DATA_DIR: z.string().min(1).default('./data'),
    /** Seed demo users and returns into an empty database: on by default with PGlite, off with DATABASE_URL. */
    DEMO: bool.optional(),
    /** Fewest authorities with a value before a group's figures are shown (DESIGN section 6). */
    MIN_GROUP_SIZE: positiveInt(5),
    /**
     * Days between scheduled re-releases of a period's comparison (DESIGN section 6): revisions after
     * a release wait for the next one, made only when every group it changes has MIN_GROUP_SIZE changes.
     */
    RELEASE_INTERVAL_DAYS: positiveInt(7),
    /**
     * A period is first released when every region's round has closed, or this many days after the
     * latest due date of its rounds, whichever comes first.
     */
    RELEASE_AFTER_DUE_DAYS: positiveInt(28),
    /**
     * Minutes between the server's checks for releases due (first releases and scheduled re-releases);
     * at most a week (a longer timer overflows Node's and would fire at once, again and again).
     */
    RELEASE_CHECK_MINUTES: positiveInt(60).pipe(z.number().max(10_080, 'must be at most 10080 (a week)')),
    /**
     * Days a Social Work England registration number of an agency assignment is kept after the
     * assignment's end date; then it is removed (at start and daily). Personal data: keep it no longer
     * than DfE's quarterly agency data needs it.
     */
    AGENCY_REGISTRATION_RETENTION_DAYS: positiveInt(365).pipe(z.number().max(3_650, 'must be at most 3650 (10 years)')),
    /** A session ends after this many minutes without a request. */
    SESSION_IDLE_MINUTES: positiveInt(30),
    /** A session ends this many hours after sign-in, whatever its use. */
    SESSION_ABSOLUTE_HOURS: positiveInt(12),
    /** Failed sign-ins allowed per email (and per client address) in LOGIN_WINDOW_MINUTES. */
    LOGIN_MAX_ATTEMPTS: positiveInt(5),
    LOGIN_WINDOW_MINUTES: positiveInt(15),
    /**
     * Proxies in front of the server that append the client's address to X-Forwarded-For (a load
     * balancer: 1). The sign-in limit per address then counts the address the nearest of them saw,
     * not the proxy's own. 0 (the default) ignores the header, which any client can write.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Mark cookies `Secure` (HTTPS only): on in production. */
    COOKIE_SECURE: bool.optional(),
    /** Largest request body accepted, in bytes (uploads included). */
    MAX_BODY_BYTES: positiveInt(5 * 1024 * 1024),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** Folder of the built portal to serve; default apps/portal/dist. */
    PORTAL_DIR: z.string().min(1).optional(),
    /**
     * SMTP server for e-mail (`smtp://user:pass@host:587` or `smtps://…`); without it mails stay in the
     * outbox, which an admin reads in the portal.
     */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    /** The sender of the exchange's e-mails. */
    MAIL_FROM: z
      .string()
      .regex(
        /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
        'must be an address, `name@host` or `Name <name@host>`',
      )
      .default("Children's social care workforce exchange <no-reply@localhost>"),
    /** The address people reach the portal at, for links in e-mails (default http://localhost:PORT). */
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  })
  .transform((env) => ({
    ...env,
    DEMO: env.DEMO ?? env.DATABASE_URL === undefined,
    COOKIE_SECURE: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
  }));

export type Env = z.infer<typeof envSchema>;

/** Thrown for invalid configuration; the message lists every bad variable. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/**
 * Reads and validates the configuration.
 * @throws {EnvError} naming each invalid variable.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable (`DATABASE_URL=`) means unset.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `- ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
