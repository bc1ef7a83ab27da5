import { DeviceListQuery, DeviceListResponse } from '../../../../contract/api/devices.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { listDevices } from './devices-repository.ts';

export const deviceRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    {
      prefixTrailingSlash: 'no-slash',
      schema: {
        summary: "The current tenant's devices with status and last position",
        tags: ['devices'],
        security: [{ bearerAuth: [] }],
        querystring: DeviceListQuery,
        response: { 200: DeviceListResponse, ...errorResponses(400, 401) },
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
};
