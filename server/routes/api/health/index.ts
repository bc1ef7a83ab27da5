import { DeviceHealth, DeviceHealthListQuery, DeviceHealthListResponse, DeviceHealthParams } from '../../../../contract/api/telemetry.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { getDeviceHealth, listDeviceHealth } from './health-repository.ts';

export const deviceHealthRoutes: RoutePlugin = async (app) => {
  app.get('/devices', {
    config: { access: 'devices.read' },
    schema: { summary: 'Vehicle health per device (battery, DTCs, odometer, fuel, coolant …); `since` for changes', tags: ['health'], security: [{ bearerAuth: [] }], querystring: DeviceHealthListQuery, response: { 200: DeviceHealthListResponse, ...errorResponses(400, 401, 403) } },
  }, async (request): Promise<DeviceHealthListResponse> => {
    const { tenantId } = requireAuth(request);
    return request.withTenant((db) => listDeviceHealth(db, tenantId, request.query.since ?? '0', request.query.limit ?? 500));
  });

  app.get('/devices/:deviceId', {
    config: { access: 'devices.read' },
    schema: { summary: "One device's health summary", tags: ['health'], security: [{ bearerAuth: [] }], params: DeviceHealthParams, response: { 200: DeviceHealth, ...errorResponses(400, 401, 403, 404) } },
  }, async (request): Promise<DeviceHealth> => {
    const { tenantId } = requireAuth(request);
    const item = await request.withTenant((db) => getDeviceHealth(db, tenantId, request.params.deviceId));
    if (!item) throw new ApiError(404, 'not_found', 'No report from this device yet (or no such device).', { reason: 'no-report-yet' });
    return item;
  });
};
