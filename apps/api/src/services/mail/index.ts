/**
 * E-mail: delivery.ts writes mails to the outbox (in the transaction of the change that causes them)
 * and sends them over SMTP; templates.ts holds every mail the exchange writes; outbox.ts is the
 * outbox as an admin reads it.
 */
export {
  enqueueMail,
  LINK_SECRET,
  MAX_ATTEMPTS,
  type Mail,
  MailDelivery,
  type MailKind,
  mailDeliveryFor,
} from './delivery.js';
export { getOutboxMail, listOutbox, revealResetLink } from './outbox.js';
export { mails, type PasswordChangeWay } from './templates.js';
