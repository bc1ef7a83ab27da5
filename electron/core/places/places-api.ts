import type { LatLon, NearestVehiclesResponse, PlaceSearchResponse, ReverseGeocodeResponse } from '../../../contract/api/places.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';

/** Typed calls of the fleet cloud's places API (contract/api/places.ts) for one access token. */
export class PlacesApi {
  readonly #client: FleetApiClient;
  readonly #token: string;

  constructor(client: FleetApiClient, accessToken: string) {
    this.#client = client;
    this.#token = accessToken;
  }

  reverse(points: readonly LatLon[]): Promise<ReverseGeocodeResponse> {
    return this.#client.request('POST', '/api/places/reverse', { accessToken: this.#token, body: { points } });
  }

  search(q: string, near: LatLon | undefined, limit: number | undefined): Promise<PlaceSearchResponse> {
    const params = new URLSearchParams({ q });
    if (near) params.set('near', `${near.latitude},${near.longitude}`);
    if (limit !== undefined) params.set('limit', String(limit));
    return this.#client.request('GET', `/api/places/search?${params}`, { accessToken: this.#token });
  }

  nearestVehicles(point: LatLon, limit: number | undefined): Promise<NearestVehiclesResponse> {
    const params = new URLSearchParams({ latitude: String(point.latitude), longitude: String(point.longitude) });
    if (limit !== undefined) params.set('limit', String(limit));
    return this.#client.request('GET', `/api/places/nearest-vehicles?${params}`, { accessToken: this.#token });
  }
}
