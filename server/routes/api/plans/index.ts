import { IdParams } from '../../../../contract/api/lists.ts';
import { TenantPlan, TenantPlanView } from '../../../../contract/api/plans.ts';
import { forgetMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { planView, setPlan } from './plans-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['plans'];

/**
 * Plans and quotas per client account (decision 0200): the provider reads and sets a
 * tenant's plan; a tenant reads its own usage against it.
 */
export const planRoutes: RoutePlugin = async (app) => {
  app.get(
    '/tenants/:id/plan',
    {
      config: { access: 'tenants.manage' },
      schema: { summary: "A client account's plan and its usage (provider)", tags, security, params: IdParams, response: { 200: TenantPlanView, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => request.withTenant((db) => planView(db, request.params.id)),
  );

  app.put(
    '/tenants/:id/plan',
    {
      config: { access: 'tenants.manage' },
      schema: {
        summary: "Set a client account's plan: units, users, retention, storage, ingest and API rates (provider)",
        tags,
        security,
        params: IdParams,
        body: TenantPlan,
        response: { 200: TenantPlanView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const view = await request.withTenant((db) => setPlan(db, auth, request.params.id, request.body));
      // Committed: this instance applies it now; the others on the NOTIFY.
      await app.plans.refresh(request.params.id);
      forgetMonitoringSettings(request.params.id); // the plan caps the retention
      return view;
    },
  );

  app.get(
    '/usage',
    {
      config: { access: 'settings.read' },
      schema: { summary: "This account's plan and what it uses of it", tags, security, response: { 200: TenantPlanView, ...errorResponses(401, 403) } },
    },
    async (request) => {
      const auth = requireAuth(request);
      return request.withTenant((db) => planView(db, auth.tenantId));
    },
  );
};
