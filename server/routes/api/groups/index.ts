import { Type } from 'typebox';
import { Group, GroupInput, GroupList, GroupListQuery } from '../../../../contract/api/groups.ts';
import { IdParams } from '../../../../contract/api/lists.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { createGroup, deleteGroup, getGroup, listGroups, renameGroup } from './groups-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['groups'];

/** The tenant's groups; a group-scoped member sees only their own groups. */
export const groupRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    { config: { access: 'groups.read' }, prefixTrailingSlash: 'no-slash', schema: { summary: 'Groups (within your group scope)', tags, security, querystring: GroupListQuery, response: { 200: GroupList, ...errorResponses(400, 401, 403) } } },
    async (request) => {
      return request.withTenant((db) => listGroups(db, request.query));
    },
  );
  app.post(
    '/',
    { config: { access: 'groups.manage' }, prefixTrailingSlash: 'no-slash', schema: { summary: 'Create a group', tags, security, body: GroupInput, response: { 201: Group, ...errorResponses(400, 401, 403, 409) } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      return reply.code(201).send(await request.withTenant((db) => createGroup(db, auth, request.body.name)));
    },
  );
  app.get(
    '/:id',
    { config: { access: 'groups.read' }, schema: { summary: 'One group', tags, security, params: IdParams, response: { 200: Group, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      return request.withTenant((db) => getGroup(db, request.params.id));
    },
  );
  app.patch(
    '/:id',
    { config: { access: 'groups.manage' }, schema: { summary: 'Rename a group', tags, security, params: IdParams, body: GroupInput, response: { 200: Group, ...errorResponses(400, 401, 403, 404, 409) } } },
    async (request) => {
      const auth = requireAuth(request);
      return request.withTenant((db) => renameGroup(db, auth, request.params.id, request.body.name));
    },
  );
  app.delete(
    '/:id',
    { config: { access: 'groups.manage' }, schema: { summary: 'Delete an unused group', tags, security, params: IdParams, response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      await request.withTenant((db) => deleteGroup(db, auth, request.params.id));
      return reply.code(204).send(null);
    },
  );
};
