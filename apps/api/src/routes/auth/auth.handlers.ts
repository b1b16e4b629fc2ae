import { getCookie } from 'hono/cookie';
import { endSession, replaceSession, requireUser, SESSION_COOKIE, startSession } from '../../lib/auth.js';
import { forbidden, HttpProblem } from '../../lib/problem.js';
import { liftSignInLimit, RateLimit } from '../../lib/rate-limit.js';
import type { AppRouteHandler } from '../../lib/types.js';
import {
  changeOwnPassword,
  checkCurrentPassword,
  createApiToken,
  describeUser,
  listApiTokens,
  recordSignIn,
  revokeApiToken,
  userForSignIn,
} from '../../services/account.js';
import { mailDeliveryFor } from '../../services/mail/index.js';
import type * as routes from './auth.routes.js';

export const login: AppRouteHandler<typeof routes.login> = async (c) => {
  const { db } = c.get('deps').database;
  const { email, password } = c.req.valid('json');
  const limit = RateLimit.signIn(c, email);
  await limit.check();
  const user = await userForSignIn(db, email, password);
  if (!user) {
    await limit.fail();
    throw new HttpProblem(401, { detail: 'The email address or password is not right.' });
  }
  await liftSignInLimit(db, email);
  // A session this browser already had ends: signing in replaces it (its cookie is overwritten).
  const csrfToken = await replaceSession(c, user.id);
  await recordSignIn(db, user.id);
  return c.json({ user: await describeUser(db, user), csrfToken }, 200);
};

export const logout: AppRouteHandler<typeof routes.logout> = async (c) => {
  await endSession(c);
  return c.body(null, 204);
};

export const session: AppRouteHandler<typeof routes.session> = async (c) => {
  // With the session cookie only: it is the portal's, and answers the session's CSRF token. Without a
  // session (none, or one that ended: authenticate() has dropped its cookie), the answer says so.
  const user = c.get('user');
  if (!user) return c.json({ user: null, csrfToken: null }, 200);
  if (user.via !== 'session' || !user.csrfToken) {
    throw forbidden('Do this while signed in to the portal (with the session cookie), not with an API token.');
  }
  return c.json({ user: await describeUser(c.get('deps').database.db, user), csrfToken: user.csrfToken }, 200);
};

export const listTokens: AppRouteHandler<typeof routes.listTokens> = async (c) => {
  const user = requireUser(c);
  return c.json(await listApiTokens(c.get('deps').database.db, user.id), 200);
};

export const createToken: AppRouteHandler<typeof routes.createToken> = async (c) => {
  // With the session cookie only (auth.routes.ts): a leaked token must not be able to mint others
  // before its owner revokes it.
  const user = requireUser(c);
  const { name } = c.req.valid('json');
  const { database, now } = c.get('deps');
  return c.json(await createApiToken(database.db, user.id, name, now()), 201);
};

export const revokeToken: AppRouteHandler<typeof routes.revokeToken> = async (c) => {
  const user = requireUser(c);
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  await revokeApiToken(database.db, user.id, id, now());
  return c.body(null, 204);
};

export const changePassword: AppRouteHandler<typeof routes.changePassword> = async (c) => {
  // With the session cookie only (auth.routes.ts): a leaked API token must not be able to take the
  // account over.
  const user = requireUser(c);
  const sessionToken = getCookie(c, SESSION_COOKIE);
  if (!sessionToken) throw new HttpProblem(401, { detail: 'No session: sign in to change your password.' });
  const { currentPassword, newPassword } = c.req.valid('json');
  const deps = c.get('deps');
  const { db } = deps.database;
  // The current password is a sign-in: guessing it is limited as sign-ins are, by the same count. The
  // attempt is recorded before counting, so that guesses sent at once cannot all pass.
  const takeBack = await RateLimit.currentPassword(c, user.email).claim();
  const checked = await checkCurrentPassword(db, user.id, currentPassword);
  try {
    // Every session ends, this one too: whoever changed the password goes on in a new session (a new
    // cookie and CSRF token), so nothing issued before the change stays valid.
    await changeOwnPassword(db, deps, { ...checked, sessionToken, newPassword });
  } catch (error) {
    // The current password was right: this attempt is no failed guess.
    await takeBack();
    throw error;
  }
  mailDeliveryFor(deps)?.kick();
  const csrfToken = await startSession(c, checked.user.id);
  return c.json({ user: await describeUser(db, checked.user), csrfToken }, 200);
};
