import { Type } from 'typebox';
import { ChangePasswordRequest, passwordProblemText, passwordRule } from '../../../../contract/api/users.ts';
import { hashPassword, verifyPassword } from '../../../auth/password.ts';
import { revokeOtherFamilies } from '../../../auth/refresh-tokens.ts';
import { findUserById, findUserByUsername } from '../../../auth/user-directory.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { setPasswordHash } from './me-repository.ts';

/** What every signed-in user may do to their own account. */
export const accountRoutes: RoutePlugin = async (app) => {
  app.post(
    '/password',
    {
      config: { access: 'member' },
      schema: {
        summary: 'Change your own password (needs the current one)',
        tags: ['auth'],
        security: [{ bearerAuth: [] }],
        body: ChangePasswordRequest,
        response: { 204: Type.Null({ description: 'Changed' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      await request.withTenant(async (db) => {
        const user = await findUserById(db, auth.userId);
        const withHash = user ? await findUserByUsername(db, user.username) : null;
        if (!user || !withHash || !(await verifyPassword(request.body.currentPassword, withHash.passwordHash))) {
          throw new ApiError(400, 'invalid_input', 'currentPassword is not your current password.', { field: 'currentPassword', reason: 'current-password-wrong' });
        }
        const weak = passwordRule(request.body.newPassword, user.username);
        if (weak) throw new ApiError(400, 'invalid_input', `newPassword ${passwordProblemText(weak)}`, { field: 'newPassword', reason: 'password-weak', params: weak });
        await setPasswordHash(db, auth.userId, await hashPassword(request.body.newPassword));
        // Whoever knew the old password may hold a session: end every session but this one
        // (their access tokens still run out within their 15 minutes).
        const ended = await revokeOtherFamilies(db, auth.userId, auth.sessionId);
        await recordAudit(db, auth, { action: 'users.changePassword', targetType: 'user', targetId: auth.userId, targetLabel: user.username, after: { otherSessionsEnded: ended } });
      });
      return reply.code(204).send(null);
    },
  );
};
