import { Type } from 'typebox';
import { IdParams } from '../../../../contract/api/lists.ts';
import { CreateTenantRequest, Tenant, TenantList, TenantListQuery, UpdateTenantRequest } from '../../../../contract/api/tenants.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requirePermission } from '../../../tenancy/permission-guard.ts';
import { forgetTenantLocally } from '../../../tenancy/registry-invalidation.ts';
import { createTenant, getTenant, listTenants, updateTenant } from './tenants-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['tenants'];

/** Provider only (tenants.manage): the client accounts of this installation. */
export const tenantRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    {
      prefixTrailingSlash: 'no-slash',
      schema: { summary: 'Client accounts (provider)', tags, security, querystring: TenantListQuery, response: { 200: TenantList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      requirePermission(request, 'tenants.manage');
      return request.withTenant((db) => listTenants(db, request.query));
    },
  );

  app.post(
    '/',
    {
      prefixTrailingSlash: 'no-slash',
      schema: { summary: 'Create a client account (provider)', tags, security, body: CreateTenantRequest, response: { 201: Tenant, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => {
      const auth = requirePermission(request, 'tenants.manage');
      const tenant = await request.withTenant((db) => createTenant(db, auth, request.body.name));
      return reply.code(201).send(tenant);
    },
  );

  app.get(
    '/:id',
    { schema: { summary: 'One client account (provider)', tags, security, params: IdParams, response: { 200: Tenant, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      requirePermission(request, 'tenants.manage');
      return request.withTenant((db) => getTenant(db, request.params.id));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        summary: 'Rename, suspend or re-activate a client account, or set how its units must authenticate (provider)',
        tags,
        security,
        params: IdParams,
        body: UpdateTenantRequest,
        response: { 200: Tenant, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = requirePermission(request, 'tenants.manage');
      const tenant = await request.withTenant((db) => updateTenant(db, auth, request.params.id, request.body));
      // Committed: this instance's ingest re-reads the tenant's units now; others on the NOTIFY.
      forgetTenantLocally(app, tenant.id);
      return tenant;
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        summary: 'Delete a client account: access ends, data is kept for its retention period (provider)',
        tags,
        security,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const auth = requirePermission(request, 'tenants.manage');
      await request.withTenant((db) => updateTenant(db, auth, request.params.id, { status: 'deleted' }));
      forgetTenantLocally(app, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
