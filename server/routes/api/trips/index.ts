import { TripListQuery, TripListResponse, TripParams, TripTrack } from '../../../../contract/api/trips.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { getTripTrack, listTrips } from './trips-repository.ts';

export const tripRoutes: RoutePlugin = async (app) => {
  app.get('/', {
    config: { access: 'devices.read' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Trips (newest first, or changed since a cursor)', tags: ['trips'], security: [{ bearerAuth: [] }], querystring: TripListQuery, response: { 200: TripListResponse, ...errorResponses(400, 401, 403) } },
  }, async (request): Promise<TripListResponse> => request.withTenant((db) => listTrips(db, request.query)));

  app.get('/:tripId/track', {
    config: { access: 'devices.read' },
    schema: { summary: "A trip's full track, columnar", tags: ['trips'], security: [{ bearerAuth: [] }], params: TripParams, response: { 200: TripTrack, ...errorResponses(400, 401, 403, 404) } },
  }, async (request): Promise<TripTrack> => request.withTenant((db) => getTripTrack(db, request.params.tripId)));
};
