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

/** What a mail says: its subject and its lines (a blank line between paragraphs). */
interface Words {
  readonly subject: string;
  readonly lines: readonly string[];
}

/** A mail to one person: "Dear …", the lines, the signature. */
function letter(to: Person, kind: MailKind, entityId: string, words: Words): Mail {
  return {
    to: to.email,
    kind,
    entityId,
    subject: words.subject,
    text: [`Dear ${to.name},`, '', ...words.lines, '', SIGNATURE].join('\n'),
  };
}

/** A mail about a region's round of a period, whose words may name its due date. */
const aboutRound = (kind: MailKind, round: Round, to: Person, words: (due: string | null) => Words) =>
  letter(to, kind, `${round.regionCode}/${round.period}`, words(round.dueDate ? longDate(round.dueDate) : null));

/** A mail about an authority's return, whose words name its quarter. */
const aboutReturn = (kind: MailKind, ret: ReturnRef, to: Person, words: (label: string) => Words) =>
  letter(to, kind, `${ret.authorityCode}/${ret.period}`, words(periodLabel(ret.period)));

/** A mail to a user about their own account. */
const aboutAccount = (kind: MailKind, user: Account, words: Words) => letter(user, kind, user.id, words);

/** The mails of the exchange. */
export const mails = {
  /** To a submitter of the region's authorities: their region's round of a period opened. */
  roundOpened: (env: Links, round: Round, to: Person): Mail =>
    aboutRound('round-opened', round, to, (due) => ({
      subject: `${round.periodLabel} workforce return: collection open${due ? `, due ${due}` : ''}`,
      lines: [
        `The ${round.regionName} collection of the ${round.periodLabel} quarterly workforce return is open.${due ? ` Returns are due by ${due}.` : ''}`,
        '',
        `Enter or upload your return at ${env.PUBLIC_URL}/returns/${round.period}`,
      ],
    })),

  /**
   * To a submitter of an authority that has not submitted: the lead's reminder, with their message. It
   * says "is due by" the round's date, or "overdue since" it once `today` (`YYYY-MM-DD`) is past it.
   */
  reminder: (
    env: Links,
    round: Round,
    to: Person,
    authorityName: string,
    note: string | undefined,
    today: string,
  ): Mail =>
    aboutRound('reminder', round, to, (due) => {
      const overdue = round.dueDate !== null && today > round.dueDate;
      return {
        subject: `Reminder: ${authorityName}'s ${round.periodLabel} workforce return${due ? (overdue ? ` is overdue since ${due}` : ` is due by ${due}`) : ''}`,
        lines: [
          `The ${round.regionName} regional lead reminds you that ${authorityName} has not yet submitted its ${round.periodLabel} workforce return${due ? (overdue ? `, overdue since ${due}` : `, due by ${due}`) : ''}.`,
          ...(note ? ['', 'Their message:', note] : []),
          '',
          `Enter or upload your return at ${env.PUBLIC_URL}/returns/${round.period}`,
        ],
      };
    }),

  /** To the authority's submitters: their return was sent back, and why. */
  returned: (env: Links, ret: ReturnRef, to: Person, reason: string): Mail =>
    aboutReturn('returned', ret, to, (label) => ({
      subject: `${ret.authorityName}'s ${label} workforce return was sent back`,
      lines: [
        `Your regional lead has sent back ${ret.authorityName}'s ${label} workforce return for changes. Their reason:`,
        '',
        reason,
        '',
        `Correct the return and submit it again at ${env.PUBLIC_URL}/returns/${ret.period}`,
      ],
    })),

  /** To the authority's submitters: their return was accepted (and is locked). */
  accepted: (env: Links, ret: ReturnRef, to: Person): Mail =>
    aboutReturn('accepted', ret, to, (label) => ({
      subject: `${ret.authorityName}'s ${label} workforce return was accepted`,
      lines: [
        `Your regional lead has accepted ${ret.authorityName}'s ${label} workforce return. It is now locked; if it needs a change, ask your regional lead to send it back.`,
        '',
        `See it at ${env.PUBLIC_URL}/returns/${ret.period}`,
      ],
    })),

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
    return aboutAccount('invitation', invitee, {
      subject: "Your invitation to the children's social care workforce exchange",
      lines: [
        `${inviterName} has invited you to the children's social care workforce exchange as ${as}.`,
        '',
        'To accept, open this link and choose a password:',
        `${env.PUBLIC_URL}/invitation#${token}`,
        '',
        `The link works once, and until ${londonDateTime(expiresAt)}. If it has expired, ask your administrator for a new one.`,
        'If you did not expect this invitation, you can ignore this e-mail.',
      ],
    });
  },

  /** A password-reset link; the token travels in the URL's fragment, never sent to a server. */
  passwordReset: (env: Links, user: Account, token: string, expiresAt: Date): Mail =>
    aboutAccount('password-reset', user, {
      subject: "Choose a new password for the children's social care workforce exchange",
      lines: [
        'Someone, we hope you, asked for a link to choose a new password for the exchange. To choose one, open this link:',
        `${env.PUBLIC_URL}/reset-password#${token}`,
        '',
        `The link works once, and until ${londonDateTime(expiresAt)}.`,
        'If you did not ask for it, you can ignore this e-mail: your password stays as it is.',
      ],
    }),

  /** The notice that a password was changed, so that its owner hears of a change they did not make. */
  passwordChanged: (env: Links, user: Account, at: Date, way: PasswordChangeWay): Mail =>
    aboutAccount('password-changed', user, {
      subject: "Your password for the children's social care workforce exchange was changed",
      lines: [
        `The password of your account (${user.email}) was changed on ${londonDateTime(at)} ${way === 'link' ? 'with a link sent to this address' : 'by someone signed in to your account'}, and every session of the account was signed out but the one that changed it.`,
        '',
        'Your API tokens, if you have any, still work: revoke any you do not recognise on your account page.',
        '',
        'If you did not change it, tell your administrator at once.',
        `Your account: ${env.PUBLIC_URL}/account`,
      ],
    }),
};
