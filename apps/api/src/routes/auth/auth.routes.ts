import {
  apiTokenSchema,
  createdApiTokenSchema,
  currentSessionSchema,
  loginSchema,
  newApiTokenSchema,
  passwordChangeSchema,
  sessionSchema,
} from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { anyone, requires } from '../../lib/access.js';
import { commonErrors, jsonBody, jsonResponse, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Auth'];

export const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  ...anyone(),
  tags,
  summary: 'Sign in with email and password; sets the session cookie',
  request: { body: jsonBody(loginSchema) },
  responses: {
    200: jsonResponse(sessionSchema, 'Signed in'),
    401: problemResponseDoc('Wrong email or password'),
    422: commonErrors[422],
    429: problemResponseDoc('Too many failed sign-ins: wait (see Retry-After)'),
  },
});

export const logout = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  ...anyone(),
  tags,
  summary: 'Sign out: ends the session',
  responses: { 204: { description: 'Signed out' }, 403: commonErrors[403] },
});

export const session = createRoute({
  method: 'get',
  path: '/api/auth/session',
  // For anyone: a browser not signed in is told so (user null), not refused, so that the portal's
  // pages ask it without a failed request. An API token is refused: this is the session cookie's.
  ...anyone(),
  tags,
  summary: 'The signed-in user and the CSRF token of the session; user null when not signed in',
  responses: {
    200: jsonResponse(currentSessionSchema, 'The session, or user and csrfToken null when not signed in'),
    403: problemResponseDoc('With an API token: this is for the session cookie only'),
  },
});

export const listTokens = createRoute({
  method: 'get',
  path: '/api/auth/tokens',
  ...requires(),
  tags,
  summary: 'Your personal API tokens (never their secrets), newest first',
  responses: { 200: jsonResponse(z.array(apiTokenSchema), 'Your tokens'), 401: commonErrors[401] },
});

export const createToken = createRoute({
  method: 'post',
  path: '/api/auth/tokens',
  ...requires({ sessionOnly: true }),
  tags,
  summary: 'Create a personal API token; the secret is shown once',
  request: { body: jsonBody(newApiTokenSchema) },
  responses: {
    201: jsonResponse(createdApiTokenSchema, 'Created; keep the token now'),
    401: commonErrors[401],
    403: commonErrors[403],
    422: commonErrors[422],
  },
});

export const revokeToken = createRoute({
  method: 'delete',
  path: '/api/auth/tokens/{id}',
  ...requires(),
  tags,
  summary: 'Revoke one of your API tokens',
  request: {
    params: z.object({
      // Ids are base64url (lib/tokens.ts newId); anything else, a NUL byte included, is not one.
      id: z
        .string()
        .regex(/^[\w-]{1,64}$/, 'must be the id of one of your tokens')
        .openapi({ param: { name: 'id', in: 'path' }, example: 'Jd8QW1k3a9cGf0Zb' }),
    }),
  },
  responses: {
    204: { description: 'Revoked' },
    401: commonErrors[401],
    403: commonErrors[403],
    404: commonErrors[404],
  },
});

export const changePassword = createRoute({
  method: 'post',
  path: '/api/auth/password',
  ...requires({ sessionOnly: true }),
  tags,
  summary:
    'Change your password: every session of yours ends and this browser goes on in a new one (sets the session cookie); your password-reset links are withdrawn; you are e-mailed that it was changed',
  description:
    'With the session cookie only (not an API token). A wrong current password counts as a failed sign-in of your address, and its limit applies (429). Your API tokens stay valid.',
  request: { body: jsonBody(passwordChangeSchema) },
  responses: {
    200: jsonResponse(sessionSchema, 'Changed: the new session, with its CSRF token'),
    401: commonErrors[401],
    403: commonErrors[403],
    409: problemResponseDoc('The password or the session changed while this change was made: sign in again'),
    422: problemResponseDoc('The body breaks the schema, or the current password is not right: see errors'),
    429: problemResponseDoc('Too many failed sign-ins of your address: wait (see Retry-After)'),
  },
});
