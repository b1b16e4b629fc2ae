/**
 * Forgotten passwords. Anyone may ask for a link for an address; the answer never says whether an
 * account uses it, nor does its time. Choosing a new password with a link ends every session of the
 * user, lifts the sign-in limit of their address, e-mails them that the password was changed, and
 * signs this browser in (services/passwords.ts).
 */
import { PASSWORD_RESET_MINUTES } from '@csc-workforce/schemas';
import { replaceSession } from '../../lib/auth.js';
import { hashPassword } from '../../lib/passwords.js';
import { RateLimit } from '../../lib/rate-limit.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { describeUser } from '../../services/account.js';
import { mailDeliveryFor } from '../../services/mail/index.js';
import { completePasswordReset, issuePasswordReset, validReset } from '../../services/passwords.js';
import type * as routes from './password-resets.routes.js';

/**
 * The shortest time an answer to a request for a link takes: long enough to cover the work done only
 * when an account uses the address (a link, a mail, an audit entry), so that the time of the answer
 * does not tell whether one does, as the answer itself does not.
 */
const REQUEST_ANSWER_MS = 200;

export const request: AppRouteHandler<typeof routes.request> = async (c) => {
  const started = performance.now();
  const { email } = c.req.valid('json');
  const deps = c.get('deps');
  const { database, env, now } = deps;
  const at = now();
  // Every request counts, whether or not an account uses the address: a limit that only accounts
  // reached would tell which addresses have one. A refused request is taken back, so that refusals
  // never count (someone else cannot keep an address at its limit).
  await RateLimit.resetRequest(c, email).claim();
  const sent = await issuePasswordReset(database.db, env, email, at);
  if (sent) mailDeliveryFor(deps)?.kick();
  const wait = REQUEST_ANSWER_MS - (performance.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return c.json(
    {
      delivery: env.SMTP_URL ? ('email' as const) : ('administrator' as const),
      expiresInMinutes: PASSWORD_RESET_MINUTES,
    },
    202,
  );
};

export const lookup: AppRouteHandler<typeof routes.lookup> = async (c) => {
  const { token } = c.req.valid('json');
  const { database, now } = c.get('deps');
  const guesses = RateLimit.resetTokens(c);
  await guesses.check();
  // A token no link has is counted outside any transaction (one would roll it back).
  const { reset, user } = await validReset(database.db, token, now, { onUnknown: () => guesses.fail() });
  return c.json({ name: user.name, email: user.email, expiresAt: reset.expiresAt.toISOString() }, 200);
};

export const complete: AppRouteHandler<typeof routes.complete> = async (c) => {
  const { token, password } = c.req.valid('json');
  const deps = c.get('deps');
  const { database, now } = deps;
  const guesses = RateLimit.resetTokens(c);
  await guesses.check();
  // Checked before the (deliberately slow) hashing, and again under locks: the link works once.
  const checked = await validReset(database.db, token, now, { onUnknown: () => guesses.fail() });
  const passwordHash = await hashPassword(password);
  const user = await completePasswordReset(database.db, deps, { userId: checked.user.id, token, passwordHash });
  mailDeliveryFor(deps)?.kick();
  // As a sign-in: a session this browser had (someone else's, perhaps) ends, and the user is signed in.
  const csrfToken = await replaceSession(c, user.id);
  return c.json({ user: await describeUser(database.db, user), csrfToken }, 200);
};
