import type { GeofenceShape, LatLon } from '../../../../contract/api/geofences.ts';

const earthRadiusM = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** Great-circle distance in metres (haversine; the server judges geofences the same way). */
export function distanceM(a: LatLon, b: LatLon): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `distance` metres from `from` on a bearing (degrees clockwise from north). */
export function destination(from: LatLon, bearingDeg: number, distance: number): LatLon {
  const d = distance / earthRadiusM;
  const b = rad(bearingDeg);
  const lat1 = rad(from.latitude);
  const lon1 = rad(from.longitude);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { latitude: deg(lat2), longitude: ((deg(lon2) + 540) % 360) - 180 };
}

/** A closed ring of [lon, lat] for drawing: a circle becomes a 64-gon (the server keeps the true circle). */
export function shapeRing(shape: GeofenceShape, steps = 64): [number, number][] {
  const points =
    shape.type === 'circle' ? Array.from({ length: steps }, (_, k) => destination(shape.center, (360 * k) / steps, shape.radiusM)) : shape.points;
  const ring = points.map((p): [number, number] => [p.longitude, p.latitude]);
  if (ring[0]) ring.push(ring[0]);
  return ring;
}

/** [west, south, east, north] of a shape. */
export function shapeBounds(shape: GeofenceShape): [number, number, number, number] {
  const ring = shapeRing(shape, 16);
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [lon, lat] of ring) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [w, s, e, n];
}

function segmentsCross(a: LatLon, b: LatLon, c: LatLon, d: LatLon): boolean {
  const orient = (p: LatLon, q: LatLon, r: LatLon) =>
    Math.sign((q.longitude - p.longitude) * (r.latitude - p.latitude) - (q.latitude - p.latitude) * (r.longitude - p.longitude));
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

/**
 * Why a shape cannot be saved, in words for the person drawing it, or null when it can. The server
 * validates too; checking here lets the editor explain before anything is sent.
 */
export function shapeProblem(shape: GeofenceShape): string | null {
  if (shape.type === 'circle') {
    if (!(shape.radiusM > 0)) return 'The circle needs a radius: drag its edge handle outwards.';
    if (shape.radiusM > 100_000) return 'The circle is larger than 100 km; draw a smaller one.';
    return null;
  }
  const p = shape.points;
  if (p.length < 3) return `A polygon needs at least 3 corners; it has ${p.length}. Click on the map to add corners.`;
  if (p.length > 2000) return 'A polygon may have at most 2000 corners.';
  for (let i = 0; i < p.length; i++) {
    for (let j = i + 2; j < p.length; j++) {
      if (i === 0 && j === p.length - 1) continue; // neighbours through the closing edge
      const a = p[i];
      const b = p[(i + 1) % p.length];
      const c = p[j];
      const d = p[(j + 1) % p.length];
      if (a && b && c && d && segmentsCross(a, b, c, d)) return `The polygon's edges cross (corners ${i + 1} and ${j + 1}); move a corner so the outline does not cross itself.`;
    }
  }
  return null;
}

/** Midpoints of each polygon edge: dragging one inserts a corner there. */
export function edgeMidpoints(points: readonly LatLon[]): LatLon[] {
  return points.map((p, i) => {
    const q = points[(i + 1) % points.length] ?? p;
    return { latitude: (p.latitude + q.latitude) / 2, longitude: (p.longitude + q.longitude) / 2 };
  });
}
