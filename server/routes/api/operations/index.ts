import { IdParams } from '../../../../contract/api/lists.ts';
import { OperationsOverview, OperationsOverviewQuery, TenantOperationsDetail, TenantOperationsQuery, UnitHealthList, UnitHealthQuery } from '../../../../contract/api/operations.ts';
import { UsageQuery } from '../../../../contract/api/lifecycle.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import { recordUsageDay } from '../../../lifecycle/lifecycle-job.ts';
import { monthlyUsage, usageCsv } from '../../../lifecycle/usage-report.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { SharedRecent } from '../../../operations/shared-recent.ts';
import { operationsOverview, overviewRows, tenantOperations, unitHealth, type OverviewRows } from './operations-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['operations'];

/**
 * The provider's operations overview (operations.read): counts and health of every client
 * account, never its positions, trips or users (docs/decisions/0160-operations-counts-from-ingest-counters.md).
 */
export const operationsRoutes: RoutePlugin = async (app) => {
  // Every account's rows for 10 s, per silence window: sorting, searching and paging then cost
  // no query. Only operations.read (provider operators) reaches it. A window someone read in
  // the last 5 minutes is recomputed in the background, so the page answers without waiting.
  const recentRows = new SharedRecent<number, OverviewRows>({ ttlMs: 10_000, keepWarmMs: 5 * 60_000 });
  app.addHook('onClose', () => recentRows.close());

  app.get(
    '/tenants',
    {
      config: { access: 'operations.read' },
      schema: { summary: 'Every client account: units, ingest, storage, users, alerts (provider)', tags, security, querystring: OperationsOverviewQuery, response: { 200: OperationsOverview, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      const silentHours = request.query.silentHours ?? 24;
      const rows = await recentRows.get(silentHours, () => request.withTenant((db) => overviewRows(db, silentHours, null)));
      return operationsOverview(rows, request.query);
    },
  );

  app.get(
    '/tenants/:id',
    {
      config: { access: 'operations.read' },
      schema: {
        summary: "One client account's counts and its ingest history (provider)",
        tags,
        security,
        params: IdParams,
        querystring: TenantOperationsQuery,
        response: { 200: TenantOperationsDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => request.withTenant((db) => tenantOperations(db, request.params.id, request.query.silentHours ?? 24)),
  );

  app.get(
    '/units',
    {
      config: { access: 'operations.read' },
      schema: { summary: 'Inventory health: silent units, low batteries, trouble codes, versions (provider)', tags, security, querystring: UnitHealthQuery, response: { 200: UnitHealthList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => request.withTenant((db) => unitHealth(db, request.query)),
  );

  app.get(
    '/usage',
    {
      config: { access: 'operations.read' },
      schema: {
        summary: 'Monthly usage per client account as CSV, for billing (provider; decision 0250)',
        tags,
        security,
        querystring: UsageQuery,
        produces: ['text/csv'],
        response: { 200: { description: 'CSV, one line per account (contract/api/lifecycle.ts usageColumns)', type: 'string' }, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      // Today's figures first, so the current month is complete up to now.
      await recordUsageDay(app.db, new Date());
      const rows = await request.withTenant((db) => monthlyUsage(db, request.query.month));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="usage-${request.query.month}.csv"`)
        .send(usageCsv(request.query.month, rows));
    },
  );
};
