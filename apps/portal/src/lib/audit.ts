import { formatDateTime } from './text';

/** The audit log's words for people. */

const ACTION_LABELS: Readonly<Record<string, string>> = {
  'sign-in': 'Signed in',
  'invite-user': 'Invited a user',
  'resend-invitation': 'Sent a new invitation link',
  'accept-invitation': 'Accepted an invitation',
  'change-user': 'Changed a user',
  'change-user-role': "Changed a user's role",
  'deactivate-user': 'Deactivated a user',
  'reactivate-user': 'Reactivated a user',
  'create-authority': 'Added an authority',
  'rename-authority': 'Renamed an authority',
  'retire-authority': 'Retired an authority',
  'reinstate-authority': 'Brought an authority back',
  'change-authority-code': "Changed an authority's code",
  'create-period': 'Added a period',
  'open-period': 'Opened a period',
  'close-period': 'Closed a period',
  'update-period': 'Changed a period',
  'create-token': 'Created an API token',
  'revoke-token': 'Revoked an API token',
  'load-published-release': 'Loaded published statistics',
  'withdraw-published-release': 'Withdrew published statistics',
  'reinstate-published-release': 'Put published statistics back in force',
  'load-neighbour-model': 'Loaded a statistical-neighbour model',
  'choose-neighbour-model': 'Put a statistical-neighbour model in force',
  'set-target': 'Set a target',
  'delete-target': 'Removed a target',
  'import-history': "Imported a region's history",
  'import-return-on-behalf': "Imported a return on the authority's behalf (accepted)",
  'save-agency-annex': 'Saved an agency annex',
  'import-agency-annex': 'Uploaded an agency annex',
  'set-agency-cap': 'Set an agency price cap',
  'remove-agency-registrations': 'Removed registration numbers after their retention',
};

/** An action for people: its label, or its id with spaces ("submit-return" → "Submit return"). */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const words = action.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A detail's key in words: "returnedReason" → "Returned reason", "from_year" → "From year". */
function keyWords(key: string): string {
  const words = key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A detail's value for people: times as dates, lists joined, objects as `key: value` pairs, null as "none". */
function valueWords(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return ISO_TIME.test(value) ? formatDateTime(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(valueWords).join(', ');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${keyWords(k).toLowerCase()} ${valueWords(v)}`)
      .join('; ');
  return String(value);
}

/** The details of an entry as lines "Key: value", in words: times as dates, nested values as phrases. */
export function detailLines(detail: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(detail).map(([key, value]) => `${keyWords(key)}: ${valueWords(value)}`);
}
