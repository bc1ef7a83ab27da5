/**
 * Distances and bearings on the Earth as a sphere (mean radius). Accurate to a few tenths of a
 * percent, which is far better than a GPS fix and what geofences, trips and the editor need.
 * The numeric forms (`…LatLon…`) exist for hot paths that must not allocate a point per call.
 */

/** Mean Earth radius in metres (IUGG). */
export const earthRadiusM = 6_371_008.8;

/** A point in WGS 84 degrees. Structurally the same as the API's `LatLon`. */
export interface LatLon {
  latitude: number;
  longitude: number;
}

const rad = Math.PI / 180;

/** Great-circle distance in metres (haversine) between two points given as numbers. */
export function distanceLatLonM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  // min(1, …): rounding can push h a hair above 1 for antipodal points, and asin(>1) is NaN.
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: LatLon, b: LatLon): number {
  return distanceLatLonM(a.latitude, a.longitude, b.latitude, b.longitude);
}

/** Initial bearing from the first point to the second, degrees clockwise from north in [0, 360). */
export function bearingLatLonDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const y = Math.sin((lon2 - lon1) * rad) * Math.cos(lat2 * rad);
  const x = Math.cos(lat1 * rad) * Math.sin(lat2 * rad) - Math.sin(lat1 * rad) * Math.cos(lat2 * rad) * Math.cos((lon2 - lon1) * rad);
  return (Math.atan2(y, x) / rad + 360) % 360;
}

/** Initial bearing from `a` to `b`, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: LatLon, b: LatLon): number {
  return bearingLatLonDeg(a.latitude, a.longitude, b.latitude, b.longitude);
}

/** The point `distance` metres from `from` on a bearing (degrees clockwise from north). */
export function destination(from: LatLon, bearing: number, distance: number): LatLon {
  const d = distance / earthRadiusM;
  const b = bearing * rad;
  const lat1 = from.latitude * rad;
  const lon1 = from.longitude * rad;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { latitude: lat2 / rad, longitude: ((lon2 / rad + 540) % 360) - 180 };
}
