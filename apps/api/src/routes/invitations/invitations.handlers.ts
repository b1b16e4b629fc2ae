import { replaceSession } from '../../lib/auth.js';
import { hashPassword } from '../../lib/passwords.js';
import { RateLimit } from '../../lib/rate-limit.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { describeUser } from '../../services/account.js';
import { acceptInvitation, scopeNames, validInvitation } from '../../services/invitations.js';
import type * as routes from './invitations.routes.js';

export const lookup: AppRouteHandler<typeof routes.lookup> = async (c) => {
  const { token } = c.req.valid('json');
  const { database, now } = c.get('deps');
  const { db } = database;
  const guesses = RateLimit.invitationTokens(c);
  await guesses.check();
  // A token no invitation has is counted outside any transaction (one would roll it back).
  const { invitation, user } = await validInvitation(db, token, now, { onUnknown: () => guesses.fail() });
  return c.json(
    {
      name: user.name,
      email: user.email,
      role: user.role,
      ...(await scopeNames(db, user)),
      expiresAt: invitation.expiresAt.toISOString(),
    },
    200,
  );
};

export const accept: AppRouteHandler<typeof routes.accept> = async (c) => {
  const { token, password } = c.req.valid('json');
  const { database, now } = c.get('deps');
  const guesses = RateLimit.invitationTokens(c);
  await guesses.check();
  // Checked before the (deliberately slow) hashing, and again under a lock: the link works once.
  await validInvitation(database.db, token, now, { onUnknown: () => guesses.fail() });
  const passwordHash = await hashPassword(password);
  const user = await acceptInvitation(database.db, token, passwordHash, now);
  // As a sign-in: a session this browser had ends, and the invitee is signed in.
  const csrfToken = await replaceSession(c, user.id);
  return c.json({ user: await describeUser(database.db, user), csrfToken }, 200);
};
