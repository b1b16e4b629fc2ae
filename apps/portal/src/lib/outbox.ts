/** The outbox's words for people. */
import type { MAIL_KIND_VALUES, MAIL_STATUSES } from '@csc-workforce/schemas';

/** The name of each kind of mail for people. */
export const MAIL_KIND_LABELS: Record<(typeof MAIL_KIND_VALUES)[number], string> = {
  'round-opened': 'Collection opened',
  reminder: 'Reminder',
  returned: 'Return sent back',
  accepted: 'Return accepted',
  invitation: 'Invitation',
  'password-reset': 'Password reset link',
  'password-changed': 'Password changed',
};

/** What each status means for people. */
export const MAIL_STATUS_LABELS: Record<(typeof MAIL_STATUSES)[number], string> = {
  kept: 'Kept here (not sent)',
  queued: 'Waiting to be sent',
  sending: 'Being sent',
  sent: 'Sent',
  failed: 'Not delivered',
};
