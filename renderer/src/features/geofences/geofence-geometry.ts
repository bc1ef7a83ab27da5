import type { GeofenceShape, LatLon } from '../../../../contract/api/geofences.ts';
import { insidePolygon } from '../../../../contract/geo/polygon.ts';
import { shapeProblem } from '../../../../contract/geo/shape.ts';
import { destination } from '../../../../contract/geo/sphere.ts';
import { reasonText } from '../../ui/error-text.ts';

/*
 * Drawing and editing helpers for geofences on the map. The geometry itself (distances, point in
 * polygon, bounds, what makes a shape invalid) is shared with the fleet cloud in contract/geo/.
 */

/** A closed ring of [lon, lat] for drawing: a circle becomes a 64-gon (the server keeps the true circle). */
export function shapeRing(shape: GeofenceShape, steps = 64): [number, number][] {
  const points =
    shape.type === 'circle' ? Array.from({ length: steps }, (_, k) => destination(shape.center, (360 * k) / steps, shape.radiusM)) : shape.points;
  const ring = points.map((p): [number, number] => [p.longitude, p.latitude]);
  if (ring[0]) ring.push(ring[0]);
  return ring;
}

/**
 * Why a shape cannot be saved, in words for the person drawing it, or null when it can. The server
 * runs the same check (contract/geo); running it here lets the editor explain before sending.
 * The words come from the error catalogue, as the server's refusal would.
 */
export function shapeProblemText(shape: GeofenceShape): string | null {
  const problem = shapeProblem(shape);
  return problem ? reasonText(problem.reason, problem.params) : null;
}

/** Midpoints of each polygon edge: dragging one inserts a corner there. */
export function edgeMidpoints(points: readonly LatLon[]): LatLon[] {
  return points.map((p, i) => {
    const q = points[(i + 1) % points.length] ?? p;
    return { latitude: (p.latitude + q.latitude) / 2, longitude: (p.longitude + q.longitude) / 2 };
  });
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
  if (insidePolygon(centroid.latitude, centroid.longitude, p)) return centroid;
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
