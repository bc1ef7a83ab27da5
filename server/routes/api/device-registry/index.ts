import {
  AssignDeviceRequest,
  DeviceAssignmentHistory,
  RegisterDeviceRequest,
  RegisteredDevice,
  RegistryDevice,
  RegistryList,
  RegistryListQuery,
} from '../../../../contract/api/device-registry.ts';
import { IdParams } from '../../../../contract/api/lists.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { forgetLocally } from '../../../tenancy/registry-invalidation.ts';
import { assignmentHistory, assignUnit, getUnit, listUnits, registerUnit, rotateSecret, unassignUnit } from './registry-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['device registry'];

/** Provider only: the hardware inventory, and moving units between client accounts. */
export const deviceRegistryRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'devices.assign' },
      prefixTrailingSlash: 'no-slash',
      schema: { summary: 'Hardware units with their assignment (provider)', tags, security, querystring: RegistryListQuery, response: { 200: RegistryList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      return request.withTenant((db) => listUnits(db, request.query));
    },
  );

  app.post(
    '/',
    {
      config: { access: 'devices.register' },
      prefixTrailingSlash: 'no-slash',
      schema: {
        summary: 'Register a hardware unit; answers its reporting secret, shown only this once (provider)',
        tags,
        security,
        body: RegisterDeviceRequest,
        response: { 201: RegisteredDevice, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const created = await request.withTenant((db) => registerUnit(db, auth, request.body.uniqueId, request.body.model));
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/:id',
    { config: { access: 'devices.assign' }, schema: { summary: 'One hardware unit (provider)', tags, security, params: IdParams, response: { 200: RegistryDevice, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      return request.withTenant((db) => getUnit(db, request.params.id));
    },
  );

  app.get(
    '/:id/history',
    {
      config: { access: 'devices.assign' },
      schema: { summary: 'Which tenants had this unit, and when (provider)', tags, security, params: IdParams, response: { 200: DeviceAssignmentHistory, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      return request.withTenant((db) => assignmentHistory(db, request.params.id));
    },
  );

  for (const mode of ['assign', 'transfer'] as const) {
    app.post(
      `/:id/${mode}`,
      {
        config: { access: 'devices.assign' },
        schema: {
          summary:
            mode === 'assign'
              ? 'Assign an unassigned unit to a client account, creating its vehicle there (provider)'
              : 'Transfer a unit to another client account; data reported before stays with the old one (provider)',
          tags,
          security,
          params: IdParams,
          body: AssignDeviceRequest,
          response: { 200: RegistryDevice, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const auth = requireAuth(request);
        const unit = await request.withTenant((db) => assignUnit(db, auth, request.params.id, request.body, mode));
        // Committed: this instance's ingest forgets the unit now; others on the NOTIFY.
        forgetLocally(app, unit.uniqueId);
        return unit;
      },
    );
  }

  app.post(
    '/:id/unassign',
    {
      config: { access: 'devices.assign' },
      schema: { summary: 'Take a unit back into stock; its reports are rejected from now on (provider)', tags, security, params: IdParams, response: { 200: RegistryDevice, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request) => {
      const auth = requireAuth(request);
      const unit = await request.withTenant((db) => unassignUnit(db, auth, request.params.id));
      forgetLocally(app, unit.uniqueId);
      return unit;
    },
  );

  app.post(
    '/:id/rotate-secret',
    {
      config: { access: 'devices.register' },
      schema: { summary: "Replace a unit's reporting secret; answers the new one, shown only this once (provider)", tags, security, params: IdParams, response: { 200: RegisteredDevice, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const auth = requireAuth(request);
      const rotated = await request.withTenant((db) => rotateSecret(db, auth, request.params.id));
      // Committed: the old key stops working here now, on other instances on the NOTIFY.
      forgetLocally(app, rotated.device.uniqueId);
      return rotated;
    },
  );
};
