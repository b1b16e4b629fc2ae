/**
 * E-mail over SMTP: a real SMTP server (smtp-server, nodemailer's own) on a free port receives what the
 * exchange sends when SMTP_URL is set; with the server down, mails wait in the outbox and are retried.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { asc, eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PERIOD, VALID_RETURN } from '../../test/fixtures.js';
import { type Client, createTestContext, json, signInAll, type TestContext } from '../../test/harness.js';
import { outbox } from '../db/schema.js';
import { MAX_ATTEMPTS, MailDelivery, mailDeliveryFor } from './mail/index.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** An SMTP server that keeps what it receives; no TLS, any sender. */
async function startSmtp(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          // The message as people read it: quoted-printable soft breaks and escapes undone.
          data: Buffer.concat(chunks)
            .toString('utf8')
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

// One database kind is enough here: the outbox's SQL runs on both in the rounds tests.
describe('e-mail over SMTP', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let clients: Record<'admin' | 'coventrySubmitter' | 'westMidlandsLead', Client>;
  const rows = () => ctx.database.db.select().from(outbox).orderBy(asc(outbox.id));

  beforeAll(async () => {
    smtp = await startSmtp();
    ctx = await createTestContext('pglite', {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Exchange <exchange@test.example>',
      PUBLIC_URL: 'https://exchange.test.example/',
    });
    clients = await signInAll(ctx, ['admin', 'coventrySubmitter', 'westMidlandsLead']);
    await clients.admin.request('POST', '/api/periods', { id: PERIOD, status: 'open' });
  });
  afterAll(async () => {
    await mailDeliveryFor(ctx.deps)?.close();
    await ctx.close();
    await smtp.close();
  });

  test('a return sent back is e-mailed to the authority’s submitters through the SMTP server', async () => {
    const saved = await json(
      await clients.coventrySubmitter.request('PUT', `/api/returns/E08000026/${PERIOD}`, {
        version: 0,
        figures: VALID_RETURN,
      }),
    );
    await clients.coventrySubmitter.request('POST', `/api/returns/E08000026/${PERIOD}/submit`, {
      version: saved.version,
      declaration: true,
    });
    const res = await clients.westMidlandsLead.request('POST', `/api/returns/E08000026/${PERIOD}/send-back`, {
      version: saved.version + 1,
      reason: 'Agency FTE looks doubled: please check.',
    });
    expect(res.status).toBe(200);
    await until(() => smtp.received.length === 1, 'the mail');
    const [mail] = smtp.received;
    expect(mail?.from).toBe('exchange@test.example');
    expect(mail?.to).toEqual(['submitter@coventry.test.example']);
    expect(mail?.data).toMatch(/Subject: Coventry's 2024-25 Q2 workforce return was sent back/);
    expect(mail?.data).toContain('Agency FTE looks doubled: please check.');
    expect(mail?.data).toContain('https://exchange.test.example/returns/2024-25-Q2');
    await until(async () => (await rows())[0]?.status === 'sent', 'the outbox to record it');
    const [row] = await rows();
    expect(row).toMatchObject({ kind: 'returned', status: 'sent', attempts: 1, lastError: null });
    expect(row?.sentAt).toBeInstanceOf(Date);
  });

  test('a password-reset link arrives by e-mail and works; the outbox no longer shows it', async () => {
    const before = smtp.received.length;
    const res = await ctx.app.request('/api/password-resets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@west-midlands.test.example' }),
    });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ delivery: 'email', expiresInMinutes: 60 });
    await until(() => smtp.received.length === before + 1, 'the mail');
    const mail = smtp.received[before];
    expect(mail?.to).toEqual(['lead@west-midlands.test.example']);
    const token = /https:\/\/exchange\.test\.example\/reset-password#([\w-]{43})/.exec(mail?.data ?? '')?.[1];
    expect(token).toBeDefined();
    const lookup = await ctx.app.request('/api/password-resets/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(await json(lookup)).toMatchObject({ email: 'lead@west-midlands.test.example', name: 'Lee Lead' });
    await until(async () => (await rows()).some((r) => r.kind === 'password-reset' && r.status === 'sent'), 'sent');
    const page = await json(await clients.admin.request('GET', '/api/outbox?kind=password-reset'));
    expect(page.items[0].body).toContain('/reset-password#(withheld: sent to its recipient)');
    expect(page.items[0].body).not.toContain(token);
    // Nor does the stored text (nor, then, any backup made from now on).
    const [stored] = (await rows()).filter((r) => r.kind === 'password-reset');
    expect(stored?.body).toContain('/reset-password#(withheld: sent to its recipient)');
    expect(stored?.body).not.toContain(token);
  });

  test('with the SMTP server down a mail waits in the outbox with the error, and is sent by a later attempt', async () => {
    await smtp.close();
    const res = await clients.westMidlandsLead.request('POST', `/api/regions/E12000005/rounds/${PERIOD}/reminders`, {});
    expect(res.status).toBe(200);
    const delivery = mailDeliveryFor(ctx.deps);
    await delivery?.idle();
    // Coventry (sent back) and Warwickshire (not started) have not submitted: a reminder to each submitter.
    const waiting = (await rows()).filter((r) => r.kind === 'reminder');
    expect(waiting).toHaveLength(2);
    for (const row of waiting) {
      expect(row).toMatchObject({ status: 'queued', attempts: 1 });
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row.lastError).not.toContain('smtp://');
    }

    // The server is back (a new one, on another port, for this test's delivery loop): the retry is due.
    const back = await startSmtp();
    try {
      const retry = new MailDelivery(ctx.database, { ...ctx.deps.env, SMTP_URL: back.url }, ctx.deps.logger);
      await ctx.database.db
        .update(outbox)
        .set({ nextAttemptAt: new Date(Date.now() - 1000) })
        .where(eq(outbox.kind, 'reminder'));
      expect(await retry.deliverDue()).toBe(2);
      await retry.close();
      expect(back.received.map((m) => m.to).sort()).toEqual([
        ['submitter@coventry.test.example'],
        ['submitter@warwickshire.test.example'],
      ]);
      for (const sent of (await rows()).filter((r) => r.kind === 'reminder')) {
        expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      }
    } finally {
      await back.close();
    }
  });

  test('a mail given up on after the last attempt loses its link’s secret too', async () => {
    const res = await ctx.app.request('/api/password-resets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@coventry.test.example' }),
    });
    expect(res.status).toBe(202);
    await mailDeliveryFor(ctx.deps)?.idle();
    const [queued] = (await rows()).filter((r) => r.kind === 'password-reset' && r.toAddress.startsWith('viewer'));
    expect(queued?.body).toMatch(/\/reset-password#[\w-]{43}/);
    // One attempt left, due now, and still no server.
    await ctx.database.db
      .update(outbox)
      .set({ attempts: MAX_ATTEMPTS - 1, nextAttemptAt: new Date(Date.now() - 1000), status: 'queued' })
      .where(eq(outbox.id, queued?.id ?? 0));
    const last = new MailDelivery(ctx.database, { ...ctx.deps.env, SMTP_URL: 'smtp://127.0.0.1:9' }, ctx.deps.logger);
    await last.deliverDue();
    await last.close();
    const [failed] = (await rows()).filter((r) => r.id === queued?.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(failed?.body).toContain('/reset-password#(withheld: the mail could not be delivered)');
    expect(failed?.body).not.toMatch(/\/reset-password#[\w-]{43}/);
  });

  test('migration 0008 takes the secrets out of mails sent or given up on before it, and leaves kept ones', async () => {
    const link = (path: string, n: number) => `https://exchange.test.example/${path}#${String(n).repeat(43)}`;
    const mail = (kind: 'invitation' | 'password-reset', status: 'sent' | 'failed' | 'kept', body: string) => ({
      toAddress: 'someone@test.example',
      subject: 'Old mail',
      kind,
      status,
      body,
    });
    const inserted = await ctx.database.db
      .insert(outbox)
      .values([
        mail('invitation', 'sent', `Open ${link('invitation', 1)} to accept.`),
        mail('password-reset', 'failed', `Open ${link('reset-password', 2)} to choose.`),
        mail('password-reset', 'kept', `Open ${link('reset-password', 3)} to choose.`),
      ])
      .returning({ id: outbox.id });
    const migration = readFileSync(new URL('../../migrations/0008_scrub_sent_links.sql', import.meta.url), 'utf8');
    await ctx.database.db.execute(sql.raw(migration));
    const bodies = (await rows()).filter((r) => inserted.some((i) => i.id === r.id)).map((r) => r.body);
    expect(bodies).toEqual([
      'Open https://exchange.test.example/invitation#(withheld: sent to its recipient) to accept.',
      'Open https://exchange.test.example/reset-password#(withheld: the mail could not be delivered) to choose.',
      `Open ${link('reset-password', 3)} to choose.`,
    ]);
  });
});
