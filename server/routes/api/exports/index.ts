import { OwnExportParams, StartedExport, TenantExport } from '../../../../contract/api/lifecycle.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { createExport, getExport } from '../tenants/lifecycle-repository.ts';
import { downloadPath } from '../tenants/lifecycle-routes.ts';

const security = [{ bearerAuth: [] }];
const tags = ['exports'];

/** An owner exports their own account (account.export); the provider's route is under /api/tenants. */
export const ownExportRoutes: RoutePlugin = async (app) => {
  app.post(
    '/',
    {
      config: { access: 'account.export' },
      prefixTrailingSlash: 'no-slash',
      schema: { summary: "Export all of this account's data: a one-time download link and the export to poll", tags, security, response: { 201: StartedExport, ...errorResponses(401, 403) } },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const created = await request.withTenant((db) => createExport(db, auth));
      return reply.code(201).send({ export: created.export, downloadPath: downloadPath(created.export.id, created.ticket) });
    },
  );

  app.get(
    '/:exportId',
    {
      config: { access: 'account.export' },
      schema: { summary: "An export's progress", tags, security, params: OwnExportParams, response: { 200: TenantExport, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => request.withTenant((db) => getExport(db, request.params.exportId)),
  );
};
