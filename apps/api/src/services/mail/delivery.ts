/**
 * E-mail, through an outbox: a mail is a row of `outbox`, written in the same transaction as the change
 * that causes it (a return sent back, a reminder, an invitation), so a mail is never sent for a change
 * that was rolled back, nor lost for one that was kept. With `SMTP_URL` set, rows are 'queued' and a
 * delivery loop sends them over SMTP (nodemailer): each pass claims due rows with `FOR UPDATE SKIP
 * LOCKED`, so several API instances never send the same mail twice, and a failed attempt is retried with
 * a growing delay until {@link MAX_ATTEMPTS}. Without `SMTP_URL` rows are 'kept': an admin reads them in
 * the portal's outbox. Addresses and bodies never go to the logs.
 */
import type { MailKind } from '@csc-workforce/schemas';
import { sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { type Database, type Db, rowsOf } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import type { Env } from '../../env.js';
import type { Logger } from '../../lib/logger.js';

/** A kind of e-mail: one of `MAIL_KIND_VALUES` of the schemas, the values of `outbox.kind`. */
export type { MailKind };

/** One e-mail to one address, plain text. */
export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly kind: MailKind;
  /** What the mail is about (a return `E08000026/2024-25-Q1`, a round, a user), for the outbox page. */
  readonly entityId?: string;
}

/** The secret of a link in a mail's text: the fragment of an invitation or password-reset link. */
export const LINK_SECRET = /(\/(?:invitation|reset-password)#)[A-Za-z0-9_-]+/;
/** What stands for a secret once its mail was sent (`\1` is the link up to the secret, in SQL's notation). */
const LINK_WITHHELD = '\\1(withheld: sent to its recipient)';
/** What stands for the secret of a mail given up on. */
const LINK_FAILED = '\\1(withheld: the mail could not be delivered)';

/** Attempts before a mail is marked 'failed'. */
export const MAX_ATTEMPTS = 5;
/** How long a claimed mail may stay 'sending' before another pass may take it (a crashed instance). */
const CLAIM_SECONDS = 300;
/** How often the loop looks for due mails (retries, and mails another instance wrote). */
const POLL_MS = 30_000;

/**
 * Writes mails to the outbox, inside the caller's transaction when given one.
 * @returns how many were written.
 */
export async function enqueueMail(db: Pick<Db, 'insert'>, env: Pick<Env, 'SMTP_URL'>, mails: readonly Mail[]) {
  if (mails.length === 0) return 0;
  await db.insert(outbox).values(
    mails.map((m) => ({
      toAddress: m.to,
      subject: m.subject,
      body: m.text,
      kind: m.kind,
      entityId: m.entityId ?? null,
      status: env.SMTP_URL ? ('queued' as const) : ('kept' as const),
    })),
  );
  return mails.length;
}

interface ClaimedRow {
  id: number;
  to_address: string;
  subject: string;
  body: string;
  attempts: number;
}

/** The error of a failed delivery, for the outbox page: its first line, without any credentials of the URL. */
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')[0]
      ?.replace(/smtps?:\/\/[^\s]*/g, 'the SMTP server')
      .slice(0, 500) ?? 'unknown error'
  );
}

/** The SMTP delivery loop of one database (one per process; see {@link mailDeliveryFor}). */
export class MailDelivery {
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly database: Database,
    env: Env & { SMTP_URL: string },
    private readonly logger: Logger,
  ) {
    this.transport = nodemailer.createTransport(
      { url: env.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
      { from: env.MAIL_FROM },
    );
  }

  /** Starts polling for due mails (retries, and mails written by another instance). */
  start(): this {
    if (!this.timer && !this.closed) {
      this.timer = setInterval(() => this.kick(), POLL_MS);
      this.timer.unref();
      this.kick();
    }
    return this;
  }

  /** Asks for a delivery pass soon (after a change wrote mails); never throws. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverDue()
      .catch((error) => {
        this.logger.log('error', 'mail delivery pass failed', { error: describeError(error) });
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the pass under way, if any (tests, and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Sends every due mail once: claims them (so no other instance sends them), sends each, and records
   * the outcome.
   * @returns how many were sent.
   */
  async deliverDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = rowsOf<ClaimedRow>(
        await this.database.db.execute(sql`
          UPDATE outbox SET status = 'sending', attempts = attempts + 1,
            next_attempt_at = now() + make_interval(secs => ${CLAIM_SECONDS})
          WHERE id IN (
            SELECT id FROM outbox
            WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()
            ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)
          RETURNING id, to_address, subject, body, attempts`),
      );
      if (claimed.length === 0 || this.closed) return sent;
      for (const mail of claimed) {
        try {
          await this.transport.sendMail({ to: mail.to_address, subject: mail.subject, text: mail.body });
          await this.database.db.execute(
            // The secret of a link (an invitation, a password reset) is its recipient's alone once sent:
            // it leaves the stored text (and so every backup made from now on).
            sql`UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL,
              body = regexp_replace(body, ${LINK_SECRET.source}, ${LINK_WITHHELD}, 'g')
              WHERE id = ${mail.id}`,
          );
          sent += 1;
        } catch (error) {
          const last = mail.attempts >= MAX_ATTEMPTS;
          // 30 s, 1 min, 2 min, 4 min… between attempts.
          const delay = 30 * 2 ** (mail.attempts - 1);
          await this.database.db.execute(sql`
            UPDATE outbox SET status = ${last ? 'failed' : 'queued'}, last_error = ${describeError(error)},
              next_attempt_at = now() + make_interval(secs => ${delay}),
              -- A mail given up on will not be sent: its link's secret goes too (the user asks again).
              body = CASE WHEN ${last}::boolean THEN regexp_replace(body, ${LINK_SECRET.source}, ${LINK_FAILED}, 'g') ELSE body END
            WHERE id = ${mail.id}`);
          this.logger.log('warn', 'mail not delivered', {
            mailId: mail.id,
            attempt: mail.attempts,
            final: last,
            error: describeError(error),
          });
        }
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
    this.transport.close();
  }
}

const deliveries = new WeakMap<Database, MailDelivery>();

/** The delivery loop of the app's database, or null without `SMTP_URL` (mails are kept in the outbox). */
export function mailDeliveryFor(deps: { database: Database; env: Env; logger: Logger }): MailDelivery | null {
  const { SMTP_URL } = deps.env;
  if (!SMTP_URL) return null;
  let delivery = deliveries.get(deps.database);
  if (!delivery) {
    delivery = new MailDelivery(deps.database, { ...deps.env, SMTP_URL }, deps.logger).start();
    deliveries.set(deps.database, delivery);
  }
  return delivery;
}
