import { RETURN_STATUS_LABELS, RETURN_STATUSES } from '@csc-workforce/schemas';
import { expect, test } from 'vitest';
import { statusLabel } from './StatusTag';

test('status tags say what the shared RETURN_STATUS_LABELS say (kept off the home page bundle, so checked here)', () => {
  for (const status of RETURN_STATUSES) expect(statusLabel(status)).toBe(RETURN_STATUS_LABELS[status]);
  expect(statusLabel(null)).toBe('Not started');
});
