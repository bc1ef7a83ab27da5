import { AuditList, AuditListQuery } from '../../../../contract/api/audit.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { listAudit } from './audit-repository.ts';

/** Who changed what: tenant admins see their account's log, the provider sees all of them. */
export const auditRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'audit.read' },
      prefixTrailingSlash: 'no-slash',
      schema: {
        summary: 'The audit log, newest first, filterable by action, target, actor and time',
        tags: ['audit'],
        security: [{ bearerAuth: [] }],
        querystring: AuditListQuery,
        response: { 200: AuditList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      return request.withTenant((db) => listAudit(db, request.query));
    },
  );
};
