import {
  NearestVehiclesQuery, NearestVehiclesResponse, PlaceSearchQuery, PlaceSearchResponse, ReverseGeocodeRequest, ReverseGeocodeResponse,
} from '../../../../contract/api/places.ts';
import { geodata } from '../../../geocoding/geodata.ts';
import type { ProviderGeocoder } from '../../../geocoding/provider-geocoder.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { nearestVehicles } from './places-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['places'];

function parseNear(near: string | undefined): { latitude: number; longitude: number } | undefined {
  if (near === undefined) return undefined;
  const [latitude, longitude] = near.split(',').map(Number);
  if (latitude === undefined || longitude === undefined || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw new ApiError(400, 'invalid_input', 'near must be "latitude,longitude" within ±90 and ±180 degrees.', { field: 'near', reason: 'coordinates-invalid', params: { field: 'near' } });
  }
  return { latitude, longitude };
}

/** "Where is it?": addresses, search, nearest vehicles (contract/api/places.ts). Anyone who sees vehicles may ask. */
export const placeRoutes: RoutePlugin<{ geocoder: ProviderGeocoder }> = async (app, options) => {
  const { geocoder } = options;

  app.post('/reverse', {
    config: { access: 'devices.read' },
    schema: { summary: 'Addresses of up to 500 points, in order', tags, security, body: ReverseGeocodeRequest, response: { 200: ReverseGeocodeResponse, ...errorResponses(400, 401, 403) } },
  }, async (request): Promise<ReverseGeocodeResponse> => {
    return { addresses: await geocoder.reverse(request.body.points) };
  });

  app.get('/search', {
    config: { access: 'devices.read' },
    schema: { summary: 'Streets, localities and addresses matching the words, best first', tags, security, querystring: PlaceSearchQuery, response: { 200: PlaceSearchResponse, ...errorResponses(400, 401, 403) } },
  }, async (request): Promise<PlaceSearchResponse> => {
    const near = parseNear(request.query.near);
    return { results: await geocoder.search(request.query.q, request.query.limit ?? 10, near) };
  });

  app.get('/nearest-vehicles', {
    config: { access: 'devices.read' },
    schema: {
      summary: 'Your vehicles nearest to a point, with drive distance and time by road where known', tags, security,
      querystring: NearestVehiclesQuery, response: { 200: NearestVehiclesResponse, ...errorResponses(400, 401, 403) },
    },
  }, async (request): Promise<NearestVehiclesResponse> => {
    const { latitude, longitude, limit } = request.query;
    const router = geodata().router;
    return { vehicles: await request.withTenant((db) => nearestVehicles(db, router, { latitude, longitude }, limit ?? 5)) };
  });
};
