import { neighbourModelSchema, neighboursSchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { RETURN_READERS, requires } from '../../lib/access.js';
import { authorityCodeParam, commonErrors, jsonResponse, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Statistical neighbours'];

export const ofAuthority = createRoute({
  method: 'get',
  path: '/api/neighbours/{authority}',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary: 'An authority’s statistical neighbours, named, with DfE’s published figures and their median',
  description:
    'The 10 authorities most like it in DfE’s model in force, nearest first, with closeness bands, and for each measure DfE publishes, by year: the authority’s own figure, each neighbour’s, and the median of the neighbours’ (the yardstick of DfE’s dashboards). Its own users and its region’s lead.',
  request: { params: z.object({ authority: authorityCodeParam }) },
  responses: {
    200: jsonResponse(neighboursSchema, 'Its neighbours'),
    ...commonErrors,
    404: problemResponseDoc('No such authority that you can see, or it is not in the model'),
  },
});

export const model = createRoute({
  method: 'get',
  path: '/api/neighbours',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'The statistical-neighbour model in force, and how it matches the exchange’s authorities (admin)',
  responses: {
    200: jsonResponse(neighbourModelSchema, 'The model in force'),
    401: commonErrors[401],
    403: commonErrors[403],
    404: problemResponseDoc('No model is loaded'),
  },
});
