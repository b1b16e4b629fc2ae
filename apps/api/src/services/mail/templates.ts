/**
 * Every e-mail the exchange writes, plain text: each template makes one {@link Mail} to one person,
 * "Dear …", its paragraphs and the signature. Links carry secrets only in the URL's fragment
 * (`…/invitation#<token>`), which never reaches a server; the outbox withholds them (delivery.ts).
 */
import { periodLabel } from '@csc-workforce/metrics-core';
import { ROLE_LABELS, type Role } from '@csc-workforce/schemas';
import type { Env } from '../../env.js';
import { londonDateTime, longDate } from '../../lib/dates.js';
import type { Round } from '../rounds.js';
import type { Mail, MailKind } from './delivery.js';

type Links = Pick<Env, 'PUBLIC_URL'>;

/** Whom a mail is to. */
interface Person {
  readonly email: string;
  readonly name: string;
}

/** A user told about their own account. */
type Account = Person & { readonly id: string };

/** A return, as the mails about it name it. */
interface ReturnRef {
  readonly authorityCode: string;
  readonly authorityName: string;
  readonly period: string;
}

/** How a password was changed: with a link sent to the address, or by the user signed in. */
export type PasswordChangeWay = 'link' | 'signed-in';

const SIGNATURE = "Children's social care workforce exchange";

/** A mail to one person: "Dear …", the lines (a blank line between paragraphs), the signature. */
function letter(
  to: Person,
  mail: { readonly kind: MailKind; readonly entityId: string; readonly subject: string },
  lines: readonly string[],
): Mail {
  return {
    to: to.email,
    kind: mail.kind,
    entityId: mail.entityId,
    subject: mail.subject,
    text: [`Dear ${to.name},`, '', ...lines, '', SIGNATURE].join('\n'),
  };
}

const dueText = (due: string | null) => (due ? longDate(due) : null);

/** The mails of the exchange. */
export const mails = {
  /** To a submitter of the region's authorities: their region's round of a period opened. */
  roundOpened(env: Links, round: Round, to: Person): Mail {
    const due = dueText(round.dueDate);
    return letter(
      to,
      {
        kind: 'round-opened',
        entityId: `${round.regionCode}/${round.period}`,
        subject: `${round.periodLabel} workforce return: collection open${due ? `, due ${due}` : ''}`,
      },
      [
        `The ${round.regionName} collection of the ${round.periodLabel} quarterly workforce return is open.${due ? ` Returns are due by ${due}.` : ''}`,
        '',
        `Enter or upload your return at ${env.PUBLIC_URL}/returns/${round.period}`,
      ],
    );
  },

  /** To a submitter of an authority that has not submitted: the lead's reminder, with their message. */
  reminder(env: Links, round: Round, to: Person, authorityName: string, note: string | undefined): Mail {
    const due = dueText(round.dueDate);
    return letter(
      to,
      {
        kind: 'reminder',
        entityId: `${round.regionCode}/${round.period}`,
        subject: `Reminder: ${authorityName}'s ${round.periodLabel} workforce return${due ? ` is due by ${due}` : ''}`,
      },
      [
        `The ${round.regionName} regional lead reminds you that ${authorityName} has not yet submitted its ${round.periodLabel} workforce return${due ? `, due by ${due}` : ''}.`,
        ...(note ? ['', 'Their message:', note] : []),
        '',
        `Enter or upload your return at ${env.PUBLIC_URL}/returns/${round.period}`,
      ],
    );
  },

  /** To the authority's submitters: their return was sent back, and why. */
  returned(env: Links, ret: ReturnRef, to: Person, reason: string): Mail {
    const label = periodLabel(ret.period);
    return letter(
      to,
      {
        kind: 'returned',
        entityId: `${ret.authorityCode}/${ret.period}`,
        subject: `${ret.authorityName}'s ${label} workforce return was sent back`,
      },
      [
        `Your regional lead has sent back ${ret.authorityName}'s ${label} workforce return for changes. Their reason:`,
        '',
        reason,
        '',
        `Correct the return and submit it again at ${env.PUBLIC_URL}/returns/${ret.period}`,
      ],
    );
  },

  /** To the authority's submitters: their return was accepted (and is locked). */
  accepted(env: Links, ret: ReturnRef, to: Person): Mail {
    const label = periodLabel(ret.period);
    return letter(
      to,
      {
        kind: 'accepted',
        entityId: `${ret.authorityCode}/${ret.period}`,
        subject: `${ret.authorityName}'s ${label} workforce return was accepted`,
      },
      [
        `Your regional lead has accepted ${ret.authorityName}'s ${label} workforce return. It is now locked; if it needs a change, ask your regional lead to send it back.`,
        '',
        `See it at ${env.PUBLIC_URL}/returns/${ret.period}`,
      ],
    );
  },

  /** The invitation link; the token travels in the URL's fragment, never sent to a server. */
  invitation(
    env: Links,
    invitee: Account & { readonly role: Role },
    scopeName: string | null,
    inviterName: string,
    token: string,
    expiresAt: Date,
  ): Mail {
    const as = `${ROLE_LABELS[invitee.role].toLowerCase()}${scopeName ? ` for ${scopeName}` : ''}`;
    return letter(
      invitee,
      {
        kind: 'invitation',
        entityId: invitee.id,
        subject: "Your invitation to the children's social care workforce exchange",
      },
      [
        `${inviterName} has invited you to the children's social care workforce exchange as ${as}.`,
        '',
        'To accept, open this link and choose a password:',
        `${env.PUBLIC_URL}/invitation#${token}`,
        '',
        `The link works once, and until ${londonDateTime(expiresAt)}. If it has expired, ask your administrator for a new one.`,
        'If you did not expect this invitation, you can ignore this e-mail.',
      ],
    );
  },

  /** A password-reset link; the token travels in the URL's fragment, never sent to a server. */
  passwordReset(env: Links, user: Account, token: string, expiresAt: Date): Mail {
    return letter(
      user,
      {
        kind: 'password-reset',
        entityId: user.id,
        subject: "Choose a new password for the children's social care workforce exchange",
      },
      [
        'Someone, we hope you, asked for a link to choose a new password for the exchange. To choose one, open this link:',
        `${env.PUBLIC_URL}/reset-password#${token}`,
        '',
        `The link works once, and until ${londonDateTime(expiresAt)}.`,
        'If you did not ask for it, you can ignore this e-mail: your password stays as it is.',
      ],
    );
  },

  /** The notice that a password was changed, so that its owner hears of a change they did not make. */
  passwordChanged(env: Links, user: Account, at: Date, way: PasswordChangeWay): Mail {
    const how = way === 'link' ? 'with a link sent to this address' : 'by someone signed in to your account';
    return letter(
      user,
      {
        kind: 'password-changed',
        entityId: user.id,
        subject: "Your password for the children's social care workforce exchange was changed",
      },
      [
        `The password of your account (${user.email}) was changed on ${londonDateTime(at)} ${how}, and every session of the account was signed out but the one that changed it.`,
        '',
        'Your API tokens, if you have any, still work: revoke any you do not recognise on your account page.',
        '',
        'If you did not change it, tell your administrator at once.',
        `Your account: ${env.PUBLIC_URL}/account`,
      ],
    );
  },
};
