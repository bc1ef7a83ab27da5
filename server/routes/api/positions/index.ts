import { LatestPositionsQuery, LatestPositionsResponse, PositionHistoryQuery, PositionHistoryResponse } from '../../../../contract/api/positions.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { listLatestPositions, listPositionHistory } from './positions-repository.ts';

const maxRangeMs = 31 * 86_400_000;

export const positionRoutes: RoutePlugin = async (app) => {
  app.get('/', {
    config: { access: 'devices.read' },
    prefixTrailingSlash: 'no-slash',
    schema: {
      summary: "A device's positions in a time range, in device-time order (paged)", tags: ['positions'], security: [{ bearerAuth: [] }],
      querystring: PositionHistoryQuery, response: { 200: PositionHistoryResponse, ...errorResponses(400, 401, 403) },
    },
  }, async (request): Promise<PositionHistoryResponse> => {
    const { from, to } = request.query;
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    if (!(toMs > fromMs)) throw new ApiError(400, 'invalid_input', 'to must be after from', { field: 'to', reason: 'range-reversed' });
    if (toMs - fromMs > maxRangeMs) throw new ApiError(400, 'invalid_input', 'from–to may span at most 31 days', { field: 'to', reason: 'range-too-long', params: { maxDays: 31 } });
    return request.withTenant((db) => listPositionHistory(db, request.query));
  });

  app.get('/latest', {
    config: { access: 'devices.read' },
    schema: {
      summary: 'Latest state per device; with `since`, only devices changed since', tags: ['positions'], security: [{ bearerAuth: [] }],
      querystring: LatestPositionsQuery, response: { 200: LatestPositionsResponse, ...errorResponses(400, 401, 403) },
    },
  }, async (request): Promise<LatestPositionsResponse> => {
    return request.withTenant((db) => listLatestPositions(db, request.query.since ?? '0', request.query.limit ?? 500));
  });
};
