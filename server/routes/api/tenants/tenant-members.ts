import { IdParams } from '../../../../contract/api/lists.ts';
import { CreateUserRequest, Member } from '../../../../contract/api/users.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { asTenant } from '../../../tenancy/tenant-switch.ts';
import { createMember } from '../users/members-repository.ts';
import { getTenant } from './tenants-repository.ts';
import { notFound } from '../../../tenancy/pg-errors.ts';

/** The provider creates a client account's first users (typically its owner or admin). */
export const tenantMemberRoutes: RoutePlugin = async (app) => {
  app.post(
    '/:id/users',
    {
      config: { access: 'tenants.manage' },
      schema: {
        summary: "Create a user in a client account (provider), e.g. the account's first admin",
        tags: ['tenants'],
        security: [{ bearerAuth: [] }],
        params: IdParams,
        body: CreateUserRequest,
        response: { 201: Member, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const member = await request.withTenant(async (db) => {
        const tenant = await getTenant(db, request.params.id);
        if (tenant.kind !== 'client' || tenant.status === 'deleted') throw notFound('client-account');
        const created = await asTenant(db, tenant.id, () => createMember(db, auth, request.body));
        await recordAudit(db, auth, { action: 'tenants.createUser', targetType: 'user', targetId: created.id, targetLabel: `${created.username} in ${tenant.name}`, after: created });
        return created;
      });
      return reply.code(201).send(member);
    },
  );
};
