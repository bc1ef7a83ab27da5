import { Type } from 'typebox';
import { IdParams } from '../../../../contract/api/lists.ts';
import { CreateTenantRequest, Tenant, TenantList, TenantListQuery, UpdateTenantRequest } from '../../../../contract/api/tenants.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { forgetTenantLocally } from '../../../tenancy/registry-invalidation.ts';
import { createTenant, getTenant, listTenants, updateTenant } from './tenants-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['tenants'];

/** Provider only (tenants.manage): the client accounts of this installation. */
export const tenantRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'tenants.manage' },
      prefixTrailingSlash: 'no-slash',
      schema: { summary: 'Client accounts (provider)', tags, security, querystring: TenantListQuery, response: { 200: TenantList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      return request.withTenant((db) => listTenants(db, request.query));
    },
  );

  app.post(
    '/',
    {
      config: { access: 'tenants.manage' },
      prefixTrailingSlash: 'no-slash',
      schema: { summary: 'Create a client account (provider)', tags, security, body: CreateTenantRequest, response: { 201: Tenant, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const tenant = await request.withTenant((db) => createTenant(db, auth, request.body.name));
      return reply.code(201).send(tenant);
    },
  );

  app.get(
    '/:id',
    { config: { access: 'tenants.manage' }, schema: { summary: 'One client account (provider)', tags, security, params: IdParams, response: { 200: Tenant, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      return request.withTenant((db) => getTenant(db, request.params.id));
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: 'tenants.manage' },
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
      const auth = requireAuth(request);
      const tenant = await request.withTenant((db) => updateTenant(db, auth, request.params.id, request.body));
      // Committed: this instance's ingest re-reads the tenant's units now; others on the NOTIFY.
      forgetTenantLocally(app, tenant.id);
      return tenant;
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: 'tenants.manage' },
      schema: {
        summary: 'Delete a client account: access ends, data is kept for its retention period (provider)',
        tags,
        security,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      await request.withTenant((db) => updateTenant(db, auth, request.params.id, { status: 'deleted' }));
      forgetTenantLocally(app, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
