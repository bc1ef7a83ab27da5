import { MeResponse } from '../../../../contract/api/auth.ts';
import { findUserById, listMemberships } from '../../../auth/user-directory.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { currentTenant } from './me-repository.ts';

export const meRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'member' },
      // Only /api/me, not also /api/me/ (which would show twice in the OpenAPI document).
      prefixTrailingSlash: 'no-slash',
      schema: {
        summary: 'Who the access token speaks for, in which tenant, and their other memberships',
        tags: ['auth'],
        security: [{ bearerAuth: [] }],
        response: { 200: MeResponse, ...errorResponses(401, 403) },
      },
    },
    async (request): Promise<MeResponse> => {
      const { userId, tenantId } = requireAuth(request);
      return request.withTenant(async (db) => {
        const row = await currentTenant(db);
        const [user, memberships] = [await findUserById(db, userId), await listMemberships(db, userId)];
        // Roles are read fresh rather than trusted from the token, so a removed member sees 403 at once.
        const current = memberships.find((m) => m.tenantId === tenantId);
        if (!user || !current || !row) throw new ApiError(403, 'forbidden', 'You are no longer a member of this tenant.', { reason: 'membership-ended' });
        return { user, tenantId, tenantName: row.name, tenantKind: row.kind, role: current.role, memberships };
      });
    },
  );
};
