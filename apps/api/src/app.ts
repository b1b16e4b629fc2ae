/**
 * The whole API: `createApp(deps)` assembles the resource routers, the OpenAPI 3.1 document at
 * /api/openapi.json and its reference at /api/docs, and (when built) the portal.
 */

import type { RequestListener } from 'node:http';
import { portalDistDir } from './db/paths.js';
import { SECURITY_SCHEMES } from './lib/access.js';
import { authenticate, SESSION_TABLES } from './lib/auth.js';
import { createBaseApp } from './lib/create-app.js';
import { servePortal } from './lib/portal.js';
import { replayListener } from './lib/replay.js';
import type { AppDeps, AppOpenAPI } from './lib/types.js';
import { agencyRouter } from './routes/agency/agency.index.js';
import { auditRouter } from './routes/audit/audit.index.js';
import { authRouter } from './routes/auth/auth.index.js';
import { authoritiesRouter } from './routes/authorities/authorities.index.js';
import { comparisonsRouter } from './routes/comparisons/comparisons.index.js';
import { docsRouter } from './routes/docs/docs.index.js';
import { healthRouter } from './routes/health/health.index.js';
import { invitationsRouter } from './routes/invitations/invitations.index.js';
import { neighboursRouter } from './routes/neighbours/neighbours.index.js';
import { notesRouter } from './routes/notes/notes.index.js';
import { outboxRouter } from './routes/outbox/outbox.index.js';
import { passwordResetsRouter } from './routes/password-resets/password-resets.index.js';
import { periodsRouter } from './routes/periods/periods.index.js';
import { publishedRouter } from './routes/published/published.index.js';
import { referenceRouter } from './routes/reference/reference.index.js';
import { releasesRouter } from './routes/releases/releases.index.js';
import { returnsRouter } from './routes/returns/returns.index.js';
import { roundsRouter } from './routes/rounds/rounds.index.js';
import { spreadsheetsRouter } from './routes/spreadsheets/spreadsheets.index.js';
import { targetsRouter } from './routes/targets/targets.index.js';
import { usersRouter } from './routes/users/users.index.js';
import { ANSWER_TABLES } from './services/comparisons/store.js';

export const routers = [
  healthRouter,
  authRouter,
  passwordResetsRouter,
  referenceRouter,
  periodsRouter,
  returnsRouter,
  spreadsheetsRouter,
  publishedRouter,
  comparisonsRouter,
  neighboursRouter,
  releasesRouter,
  roundsRouter,
  targetsRouter,
  agencyRouter,
  notesRouter,
  // Administration.
  usersRouter,
  invitationsRouter,
  authoritiesRouter,
  outboxRouter,
  auditRouter,
] as const;

export function createApp(deps: AppDeps): AppOpenAPI {
  const app = createBaseApp(deps);
  app.use('/api/*', authenticate());
  for (const router of routers) app.route('/', router);
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: "Children's social care workforce exchange API",
      version: '0.1.0',
      description:
        'Quarterly workforce returns of English local authorities, comparisons and practice notes. ' +
        'Authenticate with the session cookie (and the X-CSRF-Token header on changes) or a personal API token ' +
        "(`Authorization: Bearer csc_pat_…`). Each operation's `security` says which of the two it takes and, in each, the roles " +
        'allowed (none listed: every role); an empty one means no sign-in is needed. A caller who is not signed in gets 401 and a ' +
        'role not allowed 403, before the request is validated. Errors are RFC 9457 problem details (application/problem+json).',
    },
  });
  // The schemes that every operation's `security` names (lib/access.ts: requires, anyone).
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  }
  app.route('/', docsRouter);
  servePortal(app, deps.env.PORTAL_DIR ?? portalDistDir());
  return app;
}

/**
 * The app's Node request listener (`listener`, from @hono/node-server) with replays of comparison
 * answers in front (lib/replay.ts): a write to any table that a session check or a comparison reads
 * ends them.
 */
export function nodeListener(deps: AppDeps, listener: RequestListener): RequestListener {
  return replayListener(deps, [...new Set([...SESSION_TABLES, ...ANSWER_TABLES])], listener);
}
