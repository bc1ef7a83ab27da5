import type { Address, PlaceResult, PlaceResultKind } from '../../contract/api/places.ts';
import { distanceM } from '../geofences/geometry.ts';
import { compassPoint, metresPerDegree } from './projection.ts';

/** The part of the provider settings this client needs (contract/api/provider-settings.ts). */
export interface NominatimService {
  url: string;
  timeoutMs: number;
  language: string;
}

/** Why a provider call failed; the caller falls back to the built-in geocoder either way. */
export class GeocoderUnavailable extends Error {
  readonly reason: 'timeout' | 'unreachable' | 'http' | 'bad_answer';
  constructor(reason: GeocoderUnavailable['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The fields of Nominatim's jsonv2 `address` object this client reads. */
interface NominatimAddress {
  road?: string; pedestrian?: string; footway?: string; house_number?: string;
  city?: string; town?: string; village?: string; hamlet?: string; suburb?: string; city_district?: string; municipality?: string;
}
interface NominatimPlace {
  osm_type?: string; osm_id?: number; place_id?: number; lat?: string; lon?: string; category?: string; type?: string; addresstype?: string;
  name?: string; display_name?: string; address?: NominatimAddress; boundingbox?: [string, string, string, string];
  error?: string;
}

async function getJson(service: NominatimService, path: string, params: Record<string, string>, fetchImpl: typeof fetch): Promise<unknown> {
  const url = new URL(path, service.url.endsWith('/') ? service.url : `${service.url}/`);
  for (const [k, v] of Object.entries({ format: 'jsonv2', ...params })) url.searchParams.set(k, v);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      signal: AbortSignal.timeout(service.timeoutMs),
      headers: { accept: 'application/json', 'user-agent': 'fleet-console-fleet-cloud', ...(service.language ? { 'accept-language': service.language } : {}) },
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new GeocoderUnavailable(timedOut ? 'timeout' : 'unreachable', `${url.origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new GeocoderUnavailable('http', `${url.origin} answered HTTP ${response.status}`);
  }
  try {
    return await response.json();
  } catch {
    throw new GeocoderUnavailable('bad_answer', `${url.origin} answered something that is not JSON`);
  }
}

const localityOf = (a: NominatimAddress | undefined) => a?.city ?? a?.town ?? a?.village ?? a?.suburb ?? a?.city_district ?? a?.hamlet ?? a?.municipality ?? null;
const streetOf = (a: NominatimAddress | undefined) => a?.road ?? a?.pedestrian ?? a?.footway ?? null;

/**
 * GET /reverse?format=jsonv2&lat&lon. Null when the service knows nothing there ("Unable to
 * geocode"); throws GeocoderUnavailable when it cannot be asked.
 */
export async function nominatimReverse(service: NominatimService, lat: number, lon: number, fetchImpl: typeof fetch = fetch): Promise<Address | null> {
  const body = (await getJson(service, 'reverse', { lat: String(lat), lon: String(lon), addressdetails: '1', zoom: '17' }, fetchImpl)) as NominatimPlace;
  if (typeof body !== 'object' || body === null) throw new GeocoderUnavailable('bad_answer', 'reverse answer is not an object');
  if (body.error) return null;
  const street = streetOf(body.address);
  const locality = localityOf(body.address);
  if (street) {
    return { kind: 'street', street, locality, ...(body.address?.house_number ? { ref: body.address.house_number } : {}), source: 'provider', approximate: false };
  }
  const placeLat = Number(body.lat), placeLon = Number(body.lon);
  if (!locality || !Number.isFinite(placeLat) || !Number.isFinite(placeLon)) return null;
  const dy = (lat - placeLat) * metresPerDegree;
  const dx = (lon - placeLon) * metresPerDegree * Math.cos((lat * Math.PI) / 180);
  return { kind: 'near', locality, distanceM: Math.round(distanceM(placeLat, placeLon, lat, lon) / 10) * 10, bearing: compassPoint(dx, dy), source: 'provider', approximate: true };
}

const localityTypes = new Set(['city', 'town', 'village', 'hamlet', 'suburb', 'quarter', 'neighbourhood', 'municipality', 'borough']);

function kindOf(place: NominatimPlace): PlaceResultKind {
  if (place.category === 'highway') return 'street';
  // A city is often its administrative boundary (category boundary, type administrative); its
  // `addresstype` says what it is.
  if (localityTypes.has(place.addresstype ?? '') || (place.category === 'place' && localityTypes.has(place.type ?? ''))) return 'locality';
  return 'address';
}

/** GET /search?format=jsonv2&q — hits in the service's order. */
export async function nominatimSearch(service: NominatimService, q: string, limit: number, fetchImpl: typeof fetch = fetch): Promise<PlaceResult[]> {
  const body = await getJson(service, 'search', { q, limit: String(limit), addressdetails: '1' }, fetchImpl);
  if (!Array.isArray(body)) throw new GeocoderUnavailable('bad_answer', 'search answer is not a list');
  const results: PlaceResult[] = [];
  for (const place of body as NominatimPlace[]) {
    const latitude = Number(place.lat), longitude = Number(place.lon);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) continue;
    const kind = kindOf(place);
    const name = place.name || (kind === 'street' ? streetOf(place.address) : null) || (place.display_name ?? '').split(',')[0]?.trim() || '';
    if (!name) continue;
    const box = place.boundingbox?.map(Number);
    const [s, n, w, e] = box ?? [];
    results.push({
      id: `provider:${place.osm_type ?? 'place'}:${place.osm_id ?? place.place_id ?? `${latitude},${longitude}`}`,
      kind, name, locality: kind === 'locality' ? null : localityOf(place.address), latitude, longitude,
      ...(s !== undefined && n !== undefined && w !== undefined && e !== undefined && [s, n, w, e].every(Number.isFinite) ? { bounds: [w, s, e, n] as [number, number, number, number] } : {}),
      source: 'provider',
    });
  }
  return results;
}
