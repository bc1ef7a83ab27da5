import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstSelfCrossing, insidePolygon, maxPolygonPoints, polygonProblem } from './polygon.ts';
import type { LatLon } from './sphere.ts';

const at = (latitude: number, longitude: number): LatLon => ({ latitude, longitude });
const square = [at(0, 0), at(0, 2), at(2, 2), at(2, 0)];

/**
 * A convex polygon around a centre in the Gothenburg area: corners at increasing angles on a
 * circle (distinct angles at least a little apart), so it is simple and has an area by construction.
 */
const convexPolygon = fc
  .uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 40 })
  .map((angles) => angles.sort((x, y) => x - y))
  .filter((angles) => angles.every((a, i) => i === 0 || a - (angles[i - 1] ?? 0) >= 1) && 360 - ((angles.at(-1) ?? 0) - (angles[0] ?? 0)) >= 1)
  .chain((angles) =>
    fc.record({ lat: fc.double({ min: 57.6, max: 57.8, noNaN: true }), lon: fc.double({ min: 11.8, max: 12.1, noNaN: true }), r: fc.double({ min: 0.001, max: 0.05, noNaN: true }) }).map(({ lat, lon, r }) =>
      angles.map((deg) => at(lat + r * Math.sin((deg * Math.PI) / 180), lon + r * Math.cos((deg * Math.PI) / 180))),
    ),
  )
  .filter((points) => Math.abs(area(points)) > 1e-9);

function area(points: readonly LatLon[]): number {
  return points.reduce((sum, p, i) => {
    const q = points[(i + 1) % points.length] ?? p;
    return sum + (p.longitude * q.latitude - q.longitude * p.latitude);
  }, 0);
}

const rotate = <T>(list: readonly T[], by: number): T[] => list.map((_, i) => list[(i + by) % list.length] as T);

describe('point in polygon', () => {
  it('finds points inside and outside a square, and inside the arms of a U', () => {
    expect(insidePolygon(1, 1, square)).toBe(true);
    expect(insidePolygon(3, 1, square)).toBe(false);
    expect(insidePolygon(1, -0.5, square)).toBe(false);
    const u = [at(0, 0), at(0, 3), at(3, 3), at(3, 2), at(1, 2), at(1, 1), at(3, 1), at(3, 0)];
    expect(insidePolygon(2, 0.5, u)).toBe(true);
    expect(insidePolygon(2, 1.5, u)).toBe(false); // in the gap between the arms
  });

  it('has every convex polygon contain its vertex centroid, whatever the corner order', () => {
    fc.assert(
      fc.property(convexPolygon, fc.nat(), fc.boolean(), (points, start, reversed) => {
        const ring = rotate(reversed ? [...points].reverse() : points, start % points.length);
        const lat = points.reduce((s, p) => s + p.latitude, 0) / points.length;
        const lon = points.reduce((s, p) => s + p.longitude, 0) / points.length;
        expect(insidePolygon(lat, lon, ring)).toBe(true);
        // Anything east of every corner is outside.
        expect(insidePolygon(lat, Math.max(...points.map((p) => p.longitude)) + 0.01, ring)).toBe(false);
      }),
    );
  });
});

describe('polygon validity', () => {
  it('names each problem with its parameters', () => {
    expect(polygonProblem([at(0, 0), at(0, 1)])).toEqual({ reason: 'polygon-too-few-points', params: { count: 2, min: 3 } });
    const many = Array.from({ length: maxPolygonPoints + 1 }, (_, i) => at(Math.sin(i), Math.cos(i)));
    expect(polygonProblem(many)).toMatchObject({ reason: 'polygon-too-many-points', params: { count: 2001, max: 2000 } });
    // A bow tie: edge 1 (corner 1 → 2) crosses edge 3 (corner 3 → 4).
    expect(polygonProblem([at(0, 0), at(1, 1), at(1, 0), at(0, 1)])).toEqual({ reason: 'polygon-self-crossing', params: { edge: 1, otherEdge: 3 } });
    expect(polygonProblem([at(0, 0), at(0, 1), at(0, 2)])).toEqual({ reason: 'polygon-zero-area', params: {} });
    expect(polygonProblem([at(57.7, 11.9), at(57.7, 11.9), at(57.7, 11.9)])).toEqual({ reason: 'polygon-zero-area', params: {} });
    expect(polygonProblem(square)).toBeNull();
  });

  it('accepts every convex polygon, in either direction and from any corner', () => {
    fc.assert(
      fc.property(convexPolygon, fc.nat(), fc.boolean(), (points, start, reversed) => {
        expect(polygonProblem(rotate(reversed ? [...points].reverse() : points, start % points.length))).toBeNull();
      }),
    );
  });

  it('rejects as self-crossing any convex polygon with two neighbouring corners swapped', () => {
    fc.assert(
      fc.property(convexPolygon.filter((p) => p.length >= 4), fc.nat(), (points, at) => {
        const i = at % points.length;
        const j = (i + 1) % points.length;
        const swapped = [...points];
        [swapped[i], swapped[j]] = [points[j] as LatLon, points[i] as LatLon];
        expect(firstSelfCrossing(swapped)).not.toBeNull();
        expect(polygonProblem(swapped)?.reason).toBe('polygon-self-crossing');
      }),
    );
  });
});
