import { IdParams } from '../../../../contract/api/lists.ts';
import { OperationsOverview, OperationsOverviewQuery, TenantOperationsDetail, TenantOperationsQuery, UnitHealthList, UnitHealthQuery } from '../../../../contract/api/operations.ts';
import { errorResponses } from '../../../http/error-responses.ts';
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
  // no query. Only operations.read (provider operators) reaches it.
  const recentRows = new SharedRecent<number, OverviewRows>({ ttlMs: 10_000 });

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
};
