/**
 * The returns' handlers. Who may call each route, and the authority its path names (the caller's own,
 * or one of a lead's region; any other answers 404), are checked before the request is validated, as
 * each route declares (`requires` in returns.routes.ts): a handler runs for a user allowed there.
 */
import {
  canSubmit,
  issuesToProblemErrors,
  PROBLEM_TYPES,
  RETURN_DECLARATION,
  type ReturnFigures,
  validateReturn,
} from '@csc-workforce/schemas';
import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { HttpProblem, notFound } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler, CurrentUser } from '../../lib/types.js';
import { authorityKey, codeBook } from '../../services/authority-codes.js';
import { mailDeliveryFor } from '../../services/mail/index.js';
import {
  commitRevision,
  commitRevisionWithPrevious,
  getReturn,
  getRevision,
  invalidStatus,
  LOCKED_DETAIL,
  listReturns,
  listRevisions,
  previousReturn,
  type ReturnRecord,
  toStored,
} from '../../services/returns.js';
import { type Decision, decideReturn } from '../../services/review.js';
import { assertRoundOpen } from '../../services/round-gate.js';
import type * as routes from './returns.routes.js';

/** What the rules say of a return's figures, at the submit stage (what blocks submission). */
function validation(figures: ReturnFigures, period: string, previous: ReturnFigures | null) {
  const result = validateReturn(figures, { stage: 'submit', period, ...(previous ? { previous } : {}) });
  return {
    result,
    body: {
      errors: issuesToProblemErrors(result.errors, { pathPrefix: 'figures' }),
      warnings: issuesToProblemErrors(result.warnings, { pathPrefix: 'figures' }),
      canSubmit: canSubmit(result, figures.comment),
    },
  };
}

/**
 * The path's authority and period, the authority by its key: the path may name it by any of its codes,
 * current or former (services/authority-codes.ts).
 */
async function pathOf<P extends { authority: string; period: string }>(c: Context<AppBindings>, param: P): Promise<P> {
  return { ...param, authority: await authorityKey(c, param.authority) };
}

/** The return as answered, with its validation against the quarter before (read unless `known`). */
async function present(
  c: Context<AppBindings>,
  record: ReturnRecord,
  known?: { previous: { period: string; figures: ReturnFigures } | null },
) {
  const [previous, codes] = await Promise.all([
    known ? known.previous : previousReturn(c.get('deps').database.db, record.authorityCode, record.period),
    codeBook(c),
  ]);
  // Just written by the caller: their name is known without a query.
  const user = c.get('user');
  if (record.updatedBy !== null && record.updatedByName === null && user?.id === record.updatedBy) {
    record.updatedByName = user.name;
  }
  if (record.savedBy !== null && record.savedByName === null && user?.id === record.savedBy) {
    record.savedByName = user.name;
  }
  c.header('ETag', `"${record.version}"`);
  return {
    ...record,
    // Shown by its current code, as every answer shows an authority.
    authorityCode: codes.current(record.authorityCode),
    validation: validation(record.figures, record.period, previous?.figures ?? null).body,
    previous,
  };
}

async function loadReturn(c: Context<AppBindings>, authority: string, period: string): Promise<ReturnRecord> {
  const record = await getReturn(c.get('deps').database.db, authority, period);
  if (!record) throw notFound(`${authority} has no return for ${period} yet.`);
  return record;
}

/** The authorities whose returns the user may list. */
function scope(user: CurrentUser): { authorityCodes?: string[]; regionCode?: string } {
  if (user.role === 'regional_lead') return { regionCode: user.regionCode ?? '' };
  return { authorityCodes: user.authorityCode ? [user.authorityCode] : [] };
}

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const user = requireUser(c);
  const { period, status, authority: asked, figures } = c.req.valid('query');
  const codes = await codeBook(c);
  const authority = asked === undefined ? undefined : (codes.keyOf(asked) ?? asked);
  // An authority outside the caller's scope gives an empty list, as if it had no returns.
  const inScope = scope(user);
  const authorityCodes = authority
    ? (inScope.authorityCodes ?? [authority]).filter((code) => code === authority)
    : inScope.authorityCodes;
  const records = await listReturns(c.get('deps').database.db, {
    ...(authorityCodes ? { authorityCodes } : {}),
    ...(inScope.regionCode ? { regionCode: inScope.regionCode } : {}),
    ...(period ? { period } : {}),
    ...(status ? { status } : {}),
  });
  return c.json(
    records.map(({ figures: values, ...record }) => {
      const summary = { ...record, authorityCode: codes.current(record.authorityCode) };
      return figures === 'true' ? { ...summary, figures: values } : summary;
    }),
    200,
  );
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { authority, period } = await pathOf(c, c.req.valid('param'));
  return c.json(await present(c, await loadReturn(c, authority, period)), 200);
};

export const save: AppRouteHandler<typeof routes.save> = async (c) => {
  const user = requireUser(c);
  const { authority, period } = await pathOf(c, c.req.valid('param'));
  const { db } = c.get('deps').database;
  const { version, figures } = c.req.valid('json');
  const { stored, comment } = toStored(figures);
  const { record, previous } = await commitRevisionWithPrevious(db, {
    authorityCode: authority,
    period,
    expectedVersion: version,
    status: 'draft',
    figures: stored,
    comment,
    userId: user.id,
    at: c.get('deps').now(),
    action: version === 0 ? 'create-return' : 'save-draft',
    requireOpenPeriod: true,
    fromStatuses: ['draft', 'submitted', 'returned'],
    wrongStatus: (current) => invalidStatus(current, LOCKED_DETAIL),
  });
  return c.json(await present(c, record, { previous }), version === 0 ? 201 : 200);
};

export const submit: AppRouteHandler<typeof routes.submit> = async (c) => {
  const user = requireUser(c);
  const { authority, period } = await pathOf(c, c.req.valid('param'));
  const { db } = c.get('deps').database;
  await assertRoundOpen(db, authority, period);
  const { version } = c.req.valid('json');
  const record = await loadReturn(c, authority, period);
  if (record.version !== version) {
    throw new HttpProblem(409, {
      type: PROBLEM_TYPES.conflict,
      title: 'Someone else changed this return',
      detail: `You are submitting version ${version}, but version ${record.version} has been saved since. Reload the return and check it before you submit.`,
    });
  }
  if (record.status === 'submitted' || record.status === 'accepted') {
    throw new HttpProblem(409, {
      type: PROBLEM_TYPES.invalidStatus,
      title: `The return is already ${record.status}`,
      detail:
        record.status === 'accepted'
          ? LOCKED_DETAIL
          : 'This return is already submitted and waiting for the regional lead.',
    });
  }
  // Read once: the rules judge the figures against it, and the answer shows it.
  const before = await previousReturn(db, authority, period);
  const previous = before?.figures ?? null;
  const { result, body } = validation(record.figures, period, previous);
  if (!body.canSubmit) {
    const missingComment = result.errors.every((e) => e.code === 'E022');
    throw new HttpProblem(422, {
      type: PROBLEM_TYPES.submission,
      title: 'The return cannot be submitted yet',
      detail: missingComment
        ? `The return has ${body.warnings.length} warning${body.warnings.length === 1 ? '' : 's'}: explain ${body.warnings.length === 1 ? 'it' : 'them'} in the comment, or correct the figures.`
        : `The return has ${body.errors.length} error${body.errors.length === 1 ? '' : 's'} to correct.`,
      errors: body.errors,
      warnings: body.warnings,
    });
  }
  const { stored, comment } = toStored(record.figures);
  const submitted = await commitRevision(db, {
    authorityCode: authority,
    period,
    expectedVersion: version,
    status: 'submitted',
    figures: stored,
    comment,
    userId: user.id,
    at: c.get('deps').now(),
    action: 'submit-return',
    returnedReason: '',
    declaration: RETURN_DECLARATION,
    requireOpenPeriod: true,
    fromStatuses: ['draft', 'returned'],
  });
  return c.json(await present(c, submitted, { previous: before }), 200);
};

export const revisions: AppRouteHandler<typeof routes.revisions> = async (c) => {
  const { authority, period } = await pathOf(c, c.req.valid('param'));
  const rows = await listRevisions(c.get('deps').database.db, authority, period);
  if (rows.length === 0) throw notFound(`${authority} has no return for ${period} yet.`);
  return c.json(rows, 200);
};

export const revision: AppRouteHandler<typeof routes.revision> = async (c) => {
  const { authority, period, revision: number } = await pathOf(c, c.req.valid('param'));
  const row = await getRevision(c.get('deps').database.db, authority, period, number);
  if (!row) throw notFound(`${authority} has no revision ${number} of its ${period} return.`);
  return c.json(row, 200);
};

/** A lead's decision on a return, written with the mail it causes in one transaction. */
async function decide(
  c: Context<AppBindings>,
  { authority, period }: { authority: string; period: string },
  decision: Decision,
) {
  const user = requireUser(c);
  const deps = c.get('deps');
  const record = await loadReturn(c, authority, period);
  const written = await decideReturn(deps.database.db, deps, user.id, record, decision);
  mailDeliveryFor(deps)?.kick();
  return present(c, written);
}

export const accept: AppRouteHandler<typeof routes.accept> = async (c) => {
  const { version } = c.req.valid('json');
  return c.json(await decide(c, await pathOf(c, c.req.valid('param')), { version, status: 'accepted' }), 200);
};

export const sendBack: AppRouteHandler<typeof routes.sendBack> = async (c) => {
  const { version, reason } = c.req.valid('json');
  return c.json(await decide(c, await pathOf(c, c.req.valid('param')), { version, status: 'returned', reason }), 200);
};
