import type { LatLon } from './sphere.ts';

/**
 * Polygons in planar lon/lat: exact enough for city-sized zones away from the poles and the
 * antimeridian, which is what geofences are. The ring closes itself (the first point is not
 * repeated at the end).
 */

/** Fewest and most corners a polygon geofence may have (the API schema uses the same numbers). */
export const minPolygonPoints = 3;
export const maxPolygonPoints = 2000;

/** Whether a point is inside a polygon (even-odd rule, ray casting along the latitude). */
export function insidePolygon(lat: number, lon: number, points: readonly LatLon[]): boolean {
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

/** Twice the signed area in square degrees (shoelace); positive when the ring runs anticlockwise. */
export function doubledSignedArea(points: readonly LatLon[]): number {
  const first = points[0];
  if (!first) return 0;
  let sum = 0;
  // Relative to the first corner: the products stay small, so the sum keeps its precision.
  for (let i = 0; i < points.length; i++) {
    const p = points[i] ?? first;
    const q = points[(i + 1) % points.length] ?? first;
    sum += (p.longitude - first.longitude) * (q.latitude - first.latitude) - (q.longitude - first.longitude) * (p.latitude - first.latitude);
  }
  return sum;
}

function orientation(p: LatLon, q: LatLon, r: LatLon): number {
  return Math.sign((q.longitude - p.longitude) * (r.latitude - p.latitude) - (q.latitude - p.latitude) * (r.longitude - p.longitude));
}

/** Whether segments a–b and c–d cross at a point inside both (touching at an end does not count). */
export function segmentsCross(a: LatLon, b: LatLon, c: LatLon, d: LatLon): boolean {
  return orientation(a, b, c) * orientation(a, b, d) < 0 && orientation(c, d, a) * orientation(c, d, b) < 0;
}

/**
 * The first pair of non-adjacent edges that cross, as 0-based indices of their first corners
 * (edge i runs from corner i to corner i + 1, the last one back to corner 0), or null.
 * O(n²) pairs: 2,000 corners are 2 million cheap tests, a few milliseconds, once per save.
 */
export function firstSelfCrossing(points: readonly LatLon[]): [number, number] | null {
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const a = points[i];
    const b = points[(i + 1) % n];
    if (!a || !b) continue;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // neighbours through the closing edge
      const c = points[j];
      const d = points[(j + 1) % n];
      if (c && d && segmentsCross(a, b, c, d)) return [i, j];
    }
  }
  return null;
}

/** Why a polygon cannot be a geofence, as a reason code and its parameters. */
export type PolygonProblem =
  | { reason: 'polygon-too-few-points'; params: { count: number; min: number } }
  | { reason: 'polygon-too-many-points'; params: { count: number; max: number } }
  /** Edges are numbered from 1 as people count corners: edge N runs from corner N to the next. */
  | { reason: 'polygon-self-crossing'; params: { edge: number; otherEdge: number } }
  | { reason: 'polygon-zero-area'; params: Record<string, never> };

/**
 * Why a polygon is not a valid zone, or null. Crossing edges are checked before the area, so a
 * bow tie (whose two halves cancel to zero area) is reported as crossing, which is what it is.
 */
export function polygonProblem(points: readonly LatLon[]): PolygonProblem | null {
  if (points.length < minPolygonPoints) return { reason: 'polygon-too-few-points', params: { count: points.length, min: minPolygonPoints } };
  if (points.length > maxPolygonPoints) return { reason: 'polygon-too-many-points', params: { count: points.length, max: maxPolygonPoints } };
  const crossing = firstSelfCrossing(points);
  if (crossing) return { reason: 'polygon-self-crossing', params: { edge: crossing[0] + 1, otherEdge: crossing[1] + 1 } };
  // Below 1e-12 (twice 0.5e-12 square degrees, a few tens of square centimetres at these
  // latitudes) the corners lie on one line or on one spot.
  if (Math.abs(doubledSignedArea(points)) < 1e-12) return { reason: 'polygon-zero-area', params: {} };
  return null;
}
