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
  'set-target': 'Set a target',
  'delete-target': 'Removed a target',
};

/** An action for people: its label, or its id with spaces ("submit-return" → "Submit return"). */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const words = action.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The details of an entry as lines `key: value`; nested values as compact JSON. */
export function detailLines(detail: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(detail).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `${key}: ${text}`;
  });
}
