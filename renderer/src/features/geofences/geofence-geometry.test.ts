import { describe, expect, it } from 'vitest';
import { insidePolygon } from '../../../../contract/geo/polygon.ts';
import { shapeBounds } from '../../../../contract/geo/shape.ts';
import { destination, distanceM } from '../../../../contract/geo/sphere.ts';
import { edgeHit, edgeMidpoints, labelPoint, shapeProblemText, shapeRing } from './geofence-geometry.ts';

const at = (latitude: number, longitude: number) => ({ latitude, longitude });

describe('geofence geometry', () => {
  it('measures and walks distances on the sphere', () => {
    const a = at(57.7, 11.97);
    const b = destination(a, 90, 1000);
    expect(distanceM(a, b)).toBeCloseTo(1000, 3);
    expect(b.latitude).toBeCloseTo(57.7, 3);
    expect(b.longitude).toBeGreaterThan(11.97);
  });

  it('draws a circle as a closed ring of the right size', () => {
    const ring = shapeRing({ type: 'circle', center: at(57.7, 11.97), radiusM: 500 }, 32);
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const [lon, lat] of ring) expect(distanceM(at(57.7, 11.97), at(lat, lon))).toBeCloseTo(500, 3);
    const [w, s, e, n] = shapeBounds({ type: 'circle', center: at(57.7, 11.97), radiusM: 500 });
    expect(w).toBeLessThan(11.97);
    expect(e).toBeGreaterThan(11.97);
    expect(s).toBeLessThan(57.7);
    expect(n).toBeGreaterThan(57.7);
  });

  it('explains shapes that cannot be saved', () => {
    expect(shapeProblemText({ type: 'polygon', points: [at(0, 0), at(0, 1)] })).toMatch(/at least 3 corners; it has 2/);
    const bowtie = [at(0, 0), at(1, 1), at(1, 0), at(0, 1)];
    expect(shapeProblemText({ type: 'polygon', points: bowtie })).toMatch(/edges cross/);
    expect(shapeProblemText({ type: 'polygon', points: [at(0, 0), at(0, 1), at(1, 1), at(1, 0)] })).toBeNull();
    expect(shapeProblemText({ type: 'circle', center: at(0, 0), radiusM: 0 })).toMatch(/radius/);
    expect(shapeProblemText({ type: 'circle', center: at(0, 0), radiusM: 200_000 })).toMatch(/100 km/);
  });

  it('puts a handle in the middle of every edge, including the closing one', () => {
    expect(edgeMidpoints([at(0, 0), at(0, 2), at(2, 2)])).toEqual([at(0, 1), at(1, 2), at(1, 1)]);
  });

  it('puts the name of a geofence at its centre, or inside it when the centre is not', () => {
    expect(labelPoint({ type: 'circle', center: at(57.7, 11.97), radiusM: 300 })).toEqual(at(57.7, 11.97));
    const square = labelPoint({ type: 'polygon', points: [at(0, 0), at(0, 2), at(2, 2), at(2, 0)] });
    expect(square.latitude).toBeCloseTo(1, 9);
    expect(square.longitude).toBeCloseTo(1, 9);
    // A U open to the north: its centroid falls in the gap between the arms.
    const u = [at(0, 0), at(0, 3), at(3, 3), at(3, 2), at(1, 2), at(1, 1), at(3, 1), at(3, 0)];
    const spot = labelPoint({ type: 'polygon', points: u });
    expect(insidePolygon(spot.latitude, spot.longitude, u)).toBe(true);
    const arrow = [at(0, 0), at(1, 5), at(0, 10), at(5, 5)].map((p) => at(p.latitude + 57, p.longitude / 100 + 11));
    const arrowSpot = labelPoint({ type: 'polygon', points: arrow });
    expect(insidePolygon(arrowSpot.latitude, arrowSpot.longitude, arrow)).toBe(true);
  });

  it('finds the edge a click lands on and where the new corner goes in the list', () => {
    const square: [number, number][] = [
      [0, 0],
      [100, 0],
      [100, 100],
      [0, 100],
    ];
    // On the top edge (corners 0–1): the corner goes in at index 1, on the edge itself.
    expect(edgeHit(square, [40, 4], 8)).toEqual({ index: 1, foot: [40, 0] });
    expect(edgeHit(square, [103, 70], 8)).toEqual({ index: 2, foot: [100, 70] });
    // The closing edge (corner 3 back to corner 0): after the last corner.
    expect(edgeHit(square, [-5, 50], 8)).toEqual({ index: 4, foot: [0, 50] });
    // Inside, away from every edge, or too far outside: no edge, so the click appends as before.
    expect(edgeHit(square, [50, 50], 8)).toBeNull();
    expect(edgeHit(square, [50, -20], 8)).toBeNull();
    // The nearest of two edges within reach wins (near the corner at 100,100, closer to the right edge).
    expect(edgeHit(square, [97, 92], 10)?.index).toBe(2);
    // An open outline of two corners has no edge to insert into yet.
    expect(edgeHit(square.slice(0, 2), [40, 0], 8)).toBeNull();
  });
});
