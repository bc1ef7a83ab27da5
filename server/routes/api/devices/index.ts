import { Device, DeviceListQuery, DeviceListResponse, UpdateDeviceRequest } from '../../../../contract/api/devices.ts';
import { IdParams } from '../../../../contract/api/lists.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { notFound } from '../../../tenancy/pg-errors.ts';
import { getDevice, listDevices, updateDevice } from './devices-repository.ts';

const security = [{ bearerAuth: [] }];

export const deviceRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'devices.read' },
      prefixTrailingSlash: 'no-slash',
      schema: {
        summary: "The current tenant's devices with status and last position (within your group scope)",
        tags: ['devices'],
        security,
        querystring: DeviceListQuery,
        response: { 200: DeviceListResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request): Promise<DeviceListResponse> => {
      // The validator checks but does not fill defaults, so the contract's defaults apply here.
      const limit = request.query.limit ?? 200;
      const offset = request.query.offset ?? 0;
      const page = await request.withTenant((db) => listDevices(db, { q: request.query.q, sort: request.query.sort, order: request.query.order, limit, offset }));
      return { ...page, limit, offset };
    },
  );

  app.get(
    '/:id',
    { config: { access: 'devices.read' }, schema: { summary: 'One vehicle', tags: ['devices'], security, params: IdParams, response: { 200: Device, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      const device = await request.withTenant((db) => getDevice(db, request.params.id));
      if (!device) throw notFound('vehicle');
      return device;
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: 'devices.edit' },
      schema: {
        summary: 'Edit vehicle details or move it to another group',
        tags: ['devices'],
        security,
        params: IdParams,
        body: UpdateDeviceRequest,
        response: { 200: Device, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return request.withTenant((db) => updateDevice(db, auth, request.params.id, request.body));
    },
  );
};
