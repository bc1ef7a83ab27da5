import { IdParams } from '../../../../contract/api/lists.ts';
import { ExportParams, graceDays, ScheduleDeletionRequest, StartedExport, TenantExport } from '../../../../contract/api/lifecycle.ts';
import { Tenant } from '../../../../contract/api/tenants.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { forgetTenantLocally } from '../../../tenancy/registry-invalidation.ts';
import { createTenantExport, getTenantExport, restoreTenant, scheduleDeletion } from './lifecycle-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['tenants'];

/** The download of an export, on the fleet cloud, with its one-time ticket (exports/download-route.ts). */
export const downloadPath = (exportId: string, ticket: string) => `/api/exports/${exportId}/download?ticket=${ticket}`;

/**
 * A client account's lifecycle, provider only (tenants.manage; docs/decisions/0250-tenant-lifecycle.md):
 * schedule its deletion after a grace period, restore it until then, export its data.
 */
export const tenantLifecycleRoutes: RoutePlugin = async (app) => {
  app.post(
    '/:id/deletion',
    {
      config: { access: 'tenants.manage' },
      schema: {
        summary: 'Schedule the deletion of a client account: closed now, purged after the grace period (provider)',
        tags,
        security,
        params: IdParams,
        body: ScheduleDeletionRequest,
        response: { 200: Tenant, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const tenant = await request.withTenant((db) => scheduleDeletion(db, auth, request.params.id, request.body.graceDays ?? graceDays.default));
      forgetTenantLocally(app, tenant.id);
      return tenant;
    },
  );

  app.delete(
    '/:id/deletion',
    {
      config: { access: 'tenants.manage' },
      schema: { summary: 'Restore a client account pending deletion, with all its data (provider)', tags, security, params: IdParams, response: { 200: Tenant, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => {
      const auth = requireAuth(request);
      const tenant = await request.withTenant((db) => restoreTenant(db, auth, request.params.id));
      forgetTenantLocally(app, tenant.id);
      return tenant;
    },
  );

  app.post(
    '/:id/exports',
    {
      config: { access: 'tenants.manage' },
      schema: {
        summary: "Export all of a client account's data: answers a one-time download link and the export to poll (provider)",
        tags,
        security,
        params: IdParams,
        response: { 201: StartedExport, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const created = await request.withTenant((db) => createTenantExport(db, auth, request.params.id));
      return reply.code(201).send({ export: created.export, downloadPath: downloadPath(created.export.id, created.ticket) });
    },
  );

  app.get(
    '/:id/exports/:exportId',
    {
      config: { access: 'tenants.manage' },
      schema: { summary: "An export's progress (provider)", tags, security, params: ExportParams, response: { 200: TenantExport, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => request.withTenant((db) => getTenantExport(db, request.params.id, request.params.exportId)),
  );
};
