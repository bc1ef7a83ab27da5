import type { FastifyInstance } from 'fastify';
import { registryInvalidationPlugin } from '../../tenancy/registry-invalidation.ts';
import { auditRoutes } from './audit/index.ts';
import { deviceRegistryRoutes } from './device-registry/index.ts';
import { groupRoutes } from './groups/index.ts';
import { operationsRoutes } from './operations/index.ts';
import { planRoutes } from './plans/index.ts';
import { accountRoutes } from './me/account-routes.ts';
import { settingsRoutes } from './settings/index.ts';
import { tenantMemberRoutes } from './tenants/tenant-members.ts';
import { tenantRoutes } from './tenants/index.ts';
import { tenantLifecycleRoutes } from './tenants/lifecycle-routes.ts';
import { ownExportRoutes } from './exports/index.ts';
import { userRoutes } from './users/index.ts';

/**
 * The tenancy administration API in one place, so app.ts needs one line for it. Registered
 * behind `authenticate`; each route checks its permission (contract/api/permissions.ts).
 */
export async function tenancyRoutes(api: FastifyInstance): Promise<void> {
  await api.register(registryInvalidationPlugin);
  await api.register(tenantRoutes, { prefix: '/api/tenants' });
  await api.register(tenantMemberRoutes, { prefix: '/api/tenants' });
  await api.register(tenantLifecycleRoutes, { prefix: '/api/tenants' });
  await api.register(ownExportRoutes, { prefix: '/api/exports' });
  await api.register(deviceRegistryRoutes, { prefix: '/api/device-registry' });
  await api.register(groupRoutes, { prefix: '/api/groups' });
  await api.register(userRoutes, { prefix: '/api/users' });
  await api.register(settingsRoutes, { prefix: '/api/settings' });
  await api.register(auditRoutes, { prefix: '/api/audit' });
  await api.register(operationsRoutes, { prefix: '/api/operations' });
  await api.register(planRoutes, { prefix: '/api' });
  await api.register(accountRoutes, { prefix: '/api/me' });
}
