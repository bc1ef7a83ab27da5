import type { GeofenceShape } from '../../contract/api/geofences.ts';

const earthRadiusM = 6_371_008.8;
const rad = Math.PI / 180;

/** Great-circle distance in metres (haversine); accurate enough for vehicles and geofences. */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Ray casting in lon/lat: fine for city-sized polygons away from the poles and the antimeridian. */
export function insidePolygon(lat: number, lon: number, points: readonly { latitude: number; longitude: number }[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i];
    const b = points[j];
    if (!a || !b) continue;
    if (a.latitude > lat !== b.latitude > lat) {
      const crossLon = ((b.longitude - a.longitude) * (lat - a.latitude)) / (b.latitude - a.latitude) + a.longitude;
      if (lon < crossLon) inside = !inside;
    }
  }
  return inside;
}

export function insideShape(lat: number, lon: number, shape: GeofenceShape): boolean {
  if (shape.type === 'circle') return distanceM(lat, lon, shape.center.latitude, shape.center.longitude) <= shape.radiusM;
  return insidePolygon(lat, lon, shape.points);
}
