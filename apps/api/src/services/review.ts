/**
 * Review: a regional lead's decision on a submitted return. Accepting it locks it (the authority can
 * neither save nor import over it); sending it back, with a reason, unlocks it for the authority to
 * correct (an accepted return too). Either is a new revision, written in one transaction with the mails
 * that tell the authority's submitters.
 */
import { PROBLEM_TYPES, RETURN_STATUS_LABELS, type ReturnStatus } from '@csc-workforce/schemas';
import type { Db } from '../db/client.js';
import type { Env } from '../env.js';
import { HttpProblem } from '../lib/problem.js';
import { enqueueMail, mails } from './mail/index.js';
import { commitRevision, invalidStatus, type ReturnRecord, toStored } from './returns.js';
import { submittersOf } from './rounds.js';

/** A lead's decision, on the version of the return they reviewed. */
export interface Decision {
  readonly version: number;
  readonly status: 'accepted' | 'returned';
  /** Why it is sent back. */
  readonly reason?: string;
}

/**
 * Accepts a return or sends it back, with the mails to its authority's submitters (kick delivery
 * after the call).
 * @returns the return as it now is.
 * @throws {HttpProblem} 409 when the return changed since the lead read it, or its status does not
 *   allow the decision (or, to send it back, its round is closed).
 */
export async function decideReturn(
  db: Db,
  deps: { readonly env: Env; readonly now: () => Date },
  userId: string,
  record: ReturnRecord,
  decision: Decision,
): Promise<ReturnRecord> {
  if (record.version !== decision.version) {
    throw new HttpProblem(409, {
      type: PROBLEM_TYPES.conflict,
      title: 'The return changed since you read it',
      detail: `You are deciding on version ${decision.version}, but version ${record.version} has been saved since. Reload the return and review it again.`,
    });
  }
  const accepting = decision.status === 'accepted';
  const from: ReturnStatus[] = accepting ? ['submitted'] : ['submitted', 'accepted'];
  const wrongStatus = (current: ReturnStatus) =>
    invalidStatus(
      current,
      accepting
        ? `Only a submitted return can be accepted; this one is ${RETURN_STATUS_LABELS[current].toLowerCase()}.`
        : `Only a submitted or accepted return can be sent back; this one is ${RETURN_STATUS_LABELS[current].toLowerCase()}.`,
    );
  if (!from.includes(record.status)) throw wrongStatus(record.status);
  const { stored, comment } = toStored(record.figures);
  return db.transaction(async (tx) => {
    const result = await commitRevision(tx, {
      authorityCode: record.authorityCode,
      period: record.period,
      expectedVersion: decision.version,
      status: decision.status,
      figures: stored,
      comment,
      userId,
      at: deps.now(),
      action: accepting ? 'accept-return' : 'send-back-return',
      returnedReason: accepting ? '' : (decision.reason ?? ''),
      // Sending back is for the authority to correct the return, so its round must be open; a late
      // submission can still be accepted after the round closed.
      requireOpenPeriod: !accepting,
      fromStatuses: from,
      wrongStatus,
    });
    const to = await submittersOf(tx, [record.authorityCode]);
    await enqueueMail(
      tx,
      deps.env,
      to.map((person) =>
        accepting
          ? mails.accepted(deps.env, result, person)
          : mails.returned(deps.env, result, person, decision.reason ?? ''),
      ),
    );
    return result;
  });
}
