import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeviceListQuery, DeviceListResponse } from '../../../../contract/api/devices.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import { listDevices } from './devices-repository.ts';

export const deviceRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
    async (request) => {
      // The validator checks but does not fill defaults, so the contract's defaults apply here.
      const limit = request.query.limit ?? 200;
      const offset = request.query.offset ?? 0;
      const page = await request.withTenant((db) => listDevices(db, { ...request.query, limit, offset }));
      return { ...page, limit, offset };
    },
  );
};
