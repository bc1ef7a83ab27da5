import {
  AssignmentListQuery, AssignmentListResponse, AssignmentParams, CreateAssignmentRequest, CreateDriverRequest, Driver, DriverAssignment, DriverListQuery,
  DriverListResponse, DriverParams, EndAssignmentRequest, UpdateDriverRequest,
} from '../../../../contract/api/drivers.ts';
import { loadMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import { assignDriver, endAssignment, listAssignments } from '../../../drivers/assignments.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { createDriver, deleteDriver, getDriver, listDrivers, replaceDriver } from './drivers-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['drivers'];

/** /api/drivers: the tenant's drivers (issue 13). */
export const driverRoutes: RoutePlugin = async (app) => {
  app.get('/', {
    config: { access: 'drivers.read' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Drivers by name (filter by group or text)', tags, security, querystring: DriverListQuery, response: { 200: DriverListResponse, ...errorResponses(400, 401, 403) } },
  }, async (request): Promise<DriverListResponse> => ({ items: await request.withTenant((db) => listDrivers(db, request.query)) }));

  app.get('/:driverId', { config: { access: 'drivers.read' }, schema: { summary: 'One driver', tags, security, params: DriverParams, response: { 200: Driver, ...errorResponses(400, 401, 403, 404) } } }, async (request) => {
    return request.withTenant((db) => getDriver(db, request.params.driverId));
  });

  app.post('/', {
    config: { access: 'drivers.manage' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Create a driver', tags, security, body: CreateDriverRequest, response: { 201: Driver, ...errorResponses(400, 401, 403, 409) } },
  }, async (request, reply) => reply.code(201).send(await request.withTenant((db) => createDriver(db, request.body))));

  app.put('/:driverId', {
    config: { access: 'drivers.manage' },
    schema: { summary: 'Replace a driver (409 if expectedVersion is stale)', tags, security, params: DriverParams, body: UpdateDriverRequest, response: { 200: Driver, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => request.withTenant((db) => replaceDriver(db, request.params.driverId, request.body)));

  app.delete('/:driverId', {
    config: { access: 'drivers.manage' },
    schema: { summary: 'Delete a driver who never drove (409 otherwise)', tags, security, params: DriverParams, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    await request.withTenant((db) => deleteDriver(db, request.params.driverId));
    return reply.code(204).send(null);
  });
};

/** /api/driver-assignments: who drove which vehicle when. */
export const driverAssignmentRoutes: RoutePlugin = async (app) => {
  app.get('/', {
    config: { access: 'drivers.read' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Driver assignments overlapping a period, newest first', tags, security, querystring: AssignmentListQuery, response: { 200: AssignmentListResponse, ...errorResponses(400, 401, 403) } },
  }, async (request): Promise<AssignmentListResponse> => ({ items: await request.withTenant((db) => listAssignments(db, request.query)) }));

  app.post('/', {
    config: { access: 'drivers.assign' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Assign a driver to a vehicle for a period', tags, security, body: CreateAssignmentRequest, response: { 201: DriverAssignment, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const auth = requireAuth(request);
    const b = request.body;
    const created = await request.withTenant(async (db) => {
      const { timeZone } = await loadMonitoringSettings(db, auth.tenantId);
      return assignDriver(db, { driverId: b.driverId, deviceId: b.deviceId, from: b.from ? Date.parse(b.from) : Date.now(), to: b.to ? Date.parse(b.to) : null, source: 'manual' }, timeZone);
    });
    return reply.code(201).send(created);
  });

  app.post('/:assignmentId/end', {
    config: { access: 'drivers.assign' },
    schema: { summary: 'End an open assignment', tags, security, params: AssignmentParams, body: EndAssignmentRequest, response: { 200: DriverAssignment, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const auth = requireAuth(request);
    return request.withTenant(async (db) => {
      const { timeZone } = await loadMonitoringSettings(db, auth.tenantId);
      return endAssignment(db, request.params.assignmentId, request.body.at ? Date.parse(request.body.at) : Date.now(), timeZone);
    });
  });
};
