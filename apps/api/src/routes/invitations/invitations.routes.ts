import {
  invitationAcceptSchema,
  invitationLookupSchema,
  invitationSchema,
  sessionSchema,
} from '@csc-workforce/schemas';
import { createRoute } from '@hono/zod-openapi';
import { anyone } from '../../lib/access.js';
import { jsonBody, jsonResponse, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Invitations'];
const refused = {
  404: problemResponseDoc('No invitation has this token'),
  410: problemResponseDoc('The link was used, has expired, or was replaced by a newer one: see type'),
  422: problemResponseDoc('The body breaks the schema: see errors, field by field'),
  429: problemResponseDoc('Too many wrong tokens from this address: wait (see Retry-After)'),
};

export const lookup = createRoute({
  method: 'post',
  path: '/api/invitations/lookup',
  ...anyone(),
  tags,
  summary: 'Who an invitation link is for, and as what: shown before the invitee chooses a password',
  description:
    'For people not signed in. The token is the fragment of the link in the e-mail (`/invitation#<token>`); it is posted, never put in a URL.',
  request: { body: jsonBody(invitationLookupSchema) },
  responses: { 200: jsonResponse(invitationSchema, 'The invitation'), ...refused },
});

export const accept = createRoute({
  method: 'post',
  path: '/api/invitations/accept',
  ...anyone(),
  tags,
  summary:
    'Accept an invitation: set a password, and be signed in (sets the session cookie); the link then stops working',
  description: 'For people not signed in. Any session the browser had ends.',
  request: { body: jsonBody(invitationAcceptSchema) },
  responses: { 200: jsonResponse(sessionSchema, 'Signed in'), ...refused },
});
