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

/** Whether a point is inside a polygon (even-odd rule, planar lon/lat: fine at geofence scale). */
export function insidePolygon(p: LatLon, points: readonly LatLon[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i];
    const b = points[j];
    if (!a || !b) continue;
    if (a.latitude > p.latitude !== b.latitude > p.latitude && p.longitude < ((b.longitude - a.longitude) * (p.latitude - a.latitude)) / (b.latitude - a.latitude) + a.longitude) inside = !inside;
  }
  return inside;
}

/**
 * Where a geofence's name goes on the map: a circle's centre; a polygon's centroid when it lies
 * inside, otherwise (an L or U shape) the middle of the widest stretch of the polygon along the
 * centroid's latitude, which is inside by construction. Planar lon/lat is exact enough for a label.
 */
export function labelPoint(shape: GeofenceShape): LatLon {
  if (shape.type === 'circle') return shape.center;
  const p = shape.points;
  const first = p[0];
  if (!first || p.length < 3) return first ?? { latitude: 0, longitude: 0 };
  // Area-weighted centroid, relative to the first corner for precision.
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] ?? first;
    const b = p[(i + 1) % p.length] ?? first;
    const ax = a.longitude - first.longitude;
    const ay = a.latitude - first.latitude;
    const bx = b.longitude - first.longitude;
    const by = b.latitude - first.latitude;
    const cross = ax * by - bx * ay;
    area += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  if (area === 0) return first;
  const centroid = { latitude: first.latitude + cy / (3 * area), longitude: first.longitude + cx / (3 * area) };
  if (insidePolygon(centroid, p)) return centroid;
  return widestSpanMiddle(p, centroid.latitude) ?? first;
}

/** The middle of the widest inside stretch of the polygon along one latitude, or null if it misses. */
function widestSpanMiddle(points: readonly LatLon[], latitude: number): LatLon | null {
  const xs: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    const b = points[(i + 1) % points.length];
    if (!a || !b || a.latitude > latitude === b.latitude > latitude) continue;
    xs.push(a.longitude + ((latitude - a.latitude) * (b.longitude - a.longitude)) / (b.latitude - a.latitude));
  }
  xs.sort((x, y) => x - y);
  let best: LatLon | null = null;
  let widest = -1;
  // Even-odd: the stretches between crossings 0–1, 2–3, … are inside.
  for (let k = 0; k + 1 < xs.length; k += 2) {
    const from = xs[k] ?? 0;
    const to = xs[k + 1] ?? 0;
    if (to - from > widest) {
      widest = to - from;
      best = { latitude, longitude: (from + to) / 2 };
    }
  }
  return best;
}

/**
 * The polygon edge a click lands on, in screen pixels: `index` is where the new corner goes in the
 * corner list (between the edge's two corners, the closing edge included: after the last corner),
 * `foot` the point on the edge nearest the click. Null when no edge is within `tolerancePx` or the
 * outline has fewer than 3 corners (then there is no closed edge to insert into).
 */
export function edgeHit(corners: readonly (readonly [number, number])[], click: readonly [number, number], tolerancePx: number): { index: number; foot: [number, number] } | null {
  if (corners.length < 3) return null;
  let best: { index: number; foot: [number, number] } | null = null;
  let bestDistance = tolerancePx;
  for (let i = 0; i < corners.length; i++) {
    const a = corners[i];
    const b = corners[(i + 1) % corners.length];
    if (!a || !b) continue;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const lengthSq = dx * dx + dy * dy;
    const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((click[0] - a[0]) * dx + (click[1] - a[1]) * dy) / lengthSq));
    const foot: [number, number] = [a[0] + t * dx, a[1] + t * dy];
    const d = Math.hypot(click[0] - foot[0], click[1] - foot[1]);
    if (d <= bestDistance) {
      bestDistance = d;
      best = { index: i + 1, foot };
    }
  }
  return best;
}
