import type { GeofenceShape } from '../api/geofences.ts';
import { insidePolygon, polygonProblem, type PolygonProblem } from './polygon.ts';
import { destination, distanceLatLonM, type LatLon } from './sphere.ts';

/** Largest circle geofence radius in metres (the API schema uses the same number). */
export const maxCircleRadiusM = 100_000;

/** [west, south, east, north] in degrees. */
export type Bounds = [number, number, number, number];

/** Whether a point lies in a circle (on the edge counts as inside). */
export function insideCircle(lat: number, lon: number, center: LatLon, radiusM: number): boolean {
  return distanceLatLonM(lat, lon, center.latitude, center.longitude) <= radiusM;
}

/** Whether a point lies in a geofence shape: the true circle, or the polygon by the even-odd rule. */
export function insideShape(lat: number, lon: number, shape: GeofenceShape): boolean {
  if (shape.type === 'circle') return insideCircle(lat, lon, shape.center, shape.radiusM);
  return insidePolygon(lat, lon, shape.points);
}

/** The bounds of some points, or null when there are none. */
export function boundsOf(points: readonly LatLon[]): Bounds | null {
  if (points.length === 0) return null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of points) {
    w = Math.min(w, p.longitude);
    e = Math.max(e, p.longitude);
    s = Math.min(s, p.latitude);
    n = Math.max(n, p.latitude);
  }
  return [w, s, e, n];
}

/** The bounds of a shape; a circle's come from its northern, eastern, southern and western points. */
export function shapeBounds(shape: GeofenceShape): Bounds {
  const points = shape.type === 'circle' ? [0, 90, 180, 270].map((bearing) => destination(shape.center, bearing, shape.radiusM)) : shape.points;
  return boundsOf(points) ?? [0, 0, 0, 0];
}

/** Why a shape cannot be a geofence, as a reason code and its parameters. */
export type ShapeProblem =
  | PolygonProblem
  | { reason: 'circle-radius-missing'; params: Record<string, never> }
  | { reason: 'circle-too-large'; params: { radiusM: number; maxM: number } };

/**
 * Why a shape is not a valid geofence, or null. The server checks this on every save (the schema
 * cannot express crossing edges); the editor checks it first to explain before anything is sent.
 */
export function shapeProblem(shape: GeofenceShape): ShapeProblem | null {
  if (shape.type === 'polygon') return polygonProblem(shape.points);
  if (!(shape.radiusM > 0)) return { reason: 'circle-radius-missing', params: {} };
  if (shape.radiusM > maxCircleRadiusM) return { reason: 'circle-too-large', params: { radiusM: shape.radiusM, maxM: maxCircleRadiusM } };
  return null;
}
