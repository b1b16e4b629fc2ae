import {
  passwordResetCompleteSchema,
  passwordResetLookupSchema,
  passwordResetRequestedSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
  sessionSchema,
} from '@csc-workforce/schemas';
import { createRoute } from '@hono/zod-openapi';
import { anyone } from '../../lib/access.js';
import { jsonBody, jsonResponse, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Password resets'];
const invalid = { 422: problemResponseDoc('The body breaks the schema: see errors, field by field') };
const refused = {
  404: problemResponseDoc('No password-reset link has this token'),
  410: problemResponseDoc('The link was used, has expired, or was replaced by a newer one: see type'),
  ...invalid,
  429: problemResponseDoc('Too many wrong tokens from this address: wait (see Retry-After)'),
};

export const request = createRoute({
  method: 'post',
  path: '/api/password-resets',
  ...anyone(),
  tags,
  summary: 'Ask for a link to choose a new password, sent to the address if an active account uses it',
  description:
    'For people not signed in (or signed in: it changes nothing of the session). The answer is the same whether or not an account uses the address; it says how links travel here: by e-mail, or (no SMTP server) through an administrator, who reads the outbox. Asking again replaces the earlier link. Limited per address and per client: 429 with Retry-After beyond.',
  request: { body: jsonBody(passwordResetRequestSchema) },
  responses: {
    202: jsonResponse(
      passwordResetRequestedSchema,
      'Asked: a link is on its way if an active account uses the address',
    ),
    ...invalid,
    429: problemResponseDoc('Too many links asked for this address, or from this client: wait (see Retry-After)'),
  },
});

export const lookup = createRoute({
  method: 'post',
  path: '/api/password-resets/lookup',
  ...anyone(),
  tags,
  summary: 'Whose password a link resets, and until when it works: shown before they choose a new one',
  description:
    'For people not signed in. The token is the fragment of the link in the e-mail (`/reset-password#<token>`); it is posted, never put in a URL.',
  request: { body: jsonBody(passwordResetLookupSchema) },
  responses: { 200: jsonResponse(passwordResetSchema, 'The link'), ...refused },
});

export const complete = createRoute({
  method: 'post',
  path: '/api/password-resets/complete',
  ...anyone(),
  tags,
  summary:
    'Choose a new password with a link, and be signed in (sets the session cookie): every other session of the user ends, and the link stops working',
  description:
    'For people not signed in. The user is e-mailed that their password was changed. Their API tokens stay valid (they revoke them in the API if they need to).',
  request: { body: jsonBody(passwordResetCompleteSchema) },
  responses: { 200: jsonResponse(sessionSchema, 'Signed in with the new password'), ...refused },
});
