/** Helpers of the administration tests: anonymous requests, invitation links from the outbox, snapshots. */
import { and, asc, desc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { apiTokens, auditLog, authorities, invitations, outbox, users } from '../src/db/schema.js';
import type { TestContext } from './harness.js';

/** A request with no session or token; a body is sent as JSON. */
export async function anonymous(ctx: TestContext, method: string, path: string, body?: unknown): Promise<Response> {
  return ctx.app.request(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
}

/** The token of the newest invitation mail to an address, read from the link in its text. */
export async function invitationToken(ctx: TestContext, email: string): Promise<string> {
  const [mail] = await ctx.database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.toAddress, email), eq(outbox.kind, 'invitation')))
    .orderBy(desc(outbox.id))
    .limit(1);
  const token = /\/invitation#([\w-]+)/.exec(mail?.body ?? '')?.[1];
  expect(token, `an invitation mail to ${email}`).toBeDefined();
  return token as string;
}

/** Every stored row an administration request could change (not sessions, whose last-seen time moves). */
export async function adminSnapshot(ctx: TestContext): Promise<string> {
  const { db } = ctx.database;
  return JSON.stringify([
    await db.select().from(users).orderBy(asc(users.id)),
    await db.select().from(invitations).orderBy(asc(invitations.tokenHash)),
    await db.select().from(apiTokens).orderBy(asc(apiTokens.id)),
    await db.select().from(authorities).orderBy(asc(authorities.code)),
    await db.select().from(outbox).orderBy(asc(outbox.id)),
    await db.select().from(auditLog).orderBy(asc(auditLog.id)),
  ]);
}
