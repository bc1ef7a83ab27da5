import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundsOf, insideCircle, insideShape, shapeBounds, shapeProblem } from './shape.ts';
import { destination, distanceM, type LatLon } from './sphere.ts';

const at = (latitude: number, longitude: number): LatLon => ({ latitude, longitude });
const centre = at(57.7, 11.97);

describe('geofence shapes', () => {
  it('judges circles by true distance, the edge counting as inside', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }), fc.double({ min: 10, max: 50_000, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (bearing, radiusM, f) => {
        const p = destination(centre, bearing, radiusM * f);
        const inside = insideShape(p.latitude, p.longitude, { type: 'circle', center: centre, radiusM });
        expect(inside).toBe(distanceM(centre, p) <= radiusM);
      }),
    );
    expect(insideCircle(centre.latitude, centre.longitude, centre, 1)).toBe(true);
  });

  it('judges polygons by the even-odd rule', () => {
    const square = { type: 'polygon' as const, points: [at(57.6, 11.9), at(57.6, 12.0), at(57.8, 12.0), at(57.8, 11.9)] };
    expect(insideShape(57.7, 11.95, square)).toBe(true);
    expect(insideShape(57.7, 12.05, square)).toBe(false);
  });

  it('bounds a circle by its compass points and a polygon by its corners', () => {
    fc.assert(
      fc.property(fc.double({ min: 10, max: 100_000, noNaN: true }), fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }), (radiusM, bearing) => {
        const [w, s, e, n] = shapeBounds({ type: 'circle', center: centre, radiusM });
        const p = destination(centre, bearing, radiusM);
        // Every point of the circle is within its bounds (a hair of slack for rounding).
        expect(p.longitude).toBeGreaterThanOrEqual(w - 1e-9);
        expect(p.longitude).toBeLessThanOrEqual(e + 1e-9);
        expect(p.latitude).toBeGreaterThanOrEqual(s - 1e-9);
        expect(p.latitude).toBeLessThanOrEqual(n + 1e-9);
      }),
    );
    expect(shapeBounds({ type: 'polygon', points: [at(1, 5), at(3, 2), at(2, 4)] })).toEqual([2, 1, 5, 3]);
    expect(boundsOf([])).toBeNull();
  });

  it('names what makes a shape invalid', () => {
    expect(shapeProblem({ type: 'circle', center: centre, radiusM: 0 })).toEqual({ reason: 'circle-radius-missing', params: {} });
    expect(shapeProblem({ type: 'circle', center: centre, radiusM: 200_000 })).toEqual({ reason: 'circle-too-large', params: { radiusM: 200_000, maxM: 100_000 } });
    expect(shapeProblem({ type: 'circle', center: centre, radiusM: 300 })).toBeNull();
    expect(shapeProblem({ type: 'polygon', points: [at(0, 0), at(1, 1), at(1, 0), at(0, 1)] })?.reason).toBe('polygon-self-crossing');
  });
});
