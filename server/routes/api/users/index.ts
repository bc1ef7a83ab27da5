import { Type } from 'typebox';
import { IdParams } from '../../../../contract/api/lists.ts';
import { CreateUserRequest, Member, MemberList, MemberListQuery, UpdateMemberRequest } from '../../../../contract/api/users.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { createMember, getMember, listMembers, removeMember, updateMember } from './members-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['users'];

/** Members of the current tenant: users.read to look, users.manage to change. */
export const userRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    { config: { access: 'users.read' }, prefixTrailingSlash: 'no-slash', schema: { summary: 'Members of this account with their roles', tags, security, querystring: MemberListQuery, response: { 200: MemberList, ...errorResponses(400, 401, 403) } } },
    async (request) => {
      return request.withTenant((db) => listMembers(db, request.query));
    },
  );
  app.post(
    '/',
    { config: { access: 'users.manage' }, prefixTrailingSlash: 'no-slash', schema: { summary: 'Create a user and make them a member', tags, security, body: CreateUserRequest, response: { 201: Member, ...errorResponses(400, 401, 403, 409) } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      return reply.code(201).send(await request.withTenant((db) => createMember(db, auth, request.body)));
    },
  );
  app.get(
    '/:id',
    { config: { access: 'users.read' }, schema: { summary: 'One member', tags, security, params: IdParams, response: { 200: Member, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      return request.withTenant((db) => getMember(db, request.params.id));
    },
  );
  app.patch(
    '/:id',
    { config: { access: 'users.manage' }, schema: { summary: "Change a member's role or group scope", tags, security, params: IdParams, body: UpdateMemberRequest, response: { 200: Member, ...errorResponses(400, 401, 403, 404, 409) } } },
    async (request) => {
      const auth = requireAuth(request);
      return request.withTenant((db) => updateMember(db, auth, request.params.id, request.body));
    },
  );
  app.delete(
    '/:id',
    { config: { access: 'users.manage' }, schema: { summary: 'Remove a member from this account', tags, security, params: IdParams, response: { 204: Type.Null({ description: 'Removed' }), ...errorResponses(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const auth = requireAuth(request);
      await request.withTenant((db) => removeMember(db, auth, request.params.id));
      return reply.code(204).send(null);
    },
  );
};
