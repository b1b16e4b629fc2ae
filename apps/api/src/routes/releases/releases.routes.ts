import { comparisonReleaseSchema, comparisonReleasesSchema, releaseContentsSchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import { commonErrors, jsonResponse, periodParam, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Releases'];

const who =
  'Regional leads and admins. A lead sees the counts of their own region only; an admin every region. Authority users are refused (403): their answers name the release they come from.';

const sequenceParam = z.coerce
  .number({ error: 'must be a release number from 1' })
  .int({ error: 'must be a release number from 1' })
  .min(1, { error: 'must be a release number from 1' })
  .max(100_000, { error: 'must be a release number from 1' })
  .openapi({ param: { name: 'sequence', in: 'path' }, example: 1 });

export const list = createRoute({
  method: 'get',
  path: '/api/periods/{period}/releases',
  ...requires({ roles: ['regional_lead', 'admin'] }),
  tags,
  summary: "A period's comparison releases, newest first, and the changes waiting for the next",
  description: `${who} Comparisons of other authorities come only from releases (DESIGN section 6): a period is first released when its collection closes, and re-released on a schedule when, in every group a re-release changes, at least MIN_GROUP_SIZE authorities' contributions changed.`,
  request: { params: z.object({ period: periodParam }) },
  responses: { 200: jsonResponse(comparisonReleasesSchema, 'Releases'), ...commonErrors },
});

export const create = createRoute({
  method: 'post',
  path: '/api/periods/{period}/releases',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Release a period now (admin): its first release, or a re-release under the k rule',
  description:
    'For admins only. A first release takes every counted return; a re-release takes only the changes that leave every group and metric it changes with at least MIN_GROUP_SIZE changed contributions (the rest wait). 409 when nothing can be released. Audited.',
  request: { params: z.object({ period: periodParam }) },
  responses: {
    201: jsonResponse(comparisonReleaseSchema, 'Released'),
    ...commonErrors,
    409: problemResponseDoc('Nothing to release: no counted return, no change, or too few changes in a group'),
  },
});

export const contents = createRoute({
  method: 'get',
  path: '/api/periods/{period}/releases/{sequence}',
  ...requires({ roles: ['regional_lead', 'admin'] }),
  tags,
  summary: 'What a release counted: each return and the revision used',
  description: `${who} A lead sees their own region's returns only.`,
  request: { params: z.object({ period: periodParam, sequence: sequenceParam }) },
  responses: { 200: jsonResponse(releaseContentsSchema, 'The release and its returns'), ...commonErrors },
});
