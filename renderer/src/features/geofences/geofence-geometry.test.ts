import { describe, expect, it } from 'vitest';
import { destination, distanceM, edgeMidpoints, shapeBounds, shapeProblem, shapeRing } from './geofence-geometry.ts';

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
    expect(shapeProblem({ type: 'polygon', points: [at(0, 0), at(0, 1)] })).toMatch(/at least 3 corners; it has 2/);
    const bowtie = [at(0, 0), at(1, 1), at(1, 0), at(0, 1)];
    expect(shapeProblem({ type: 'polygon', points: bowtie })).toMatch(/edges cross/);
    expect(shapeProblem({ type: 'polygon', points: [at(0, 0), at(0, 1), at(1, 1), at(1, 0)] })).toBeNull();
    expect(shapeProblem({ type: 'circle', center: at(0, 0), radiusM: 0 })).toMatch(/radius/);
    expect(shapeProblem({ type: 'circle', center: at(0, 0), radiusM: 200_000 })).toMatch(/100 km/);
  });

  it('puts a handle in the middle of every edge, including the closing one', () => {
    expect(edgeMidpoints([at(0, 0), at(0, 2), at(2, 2)])).toEqual([at(0, 1), at(1, 2), at(1, 1)]);
  });
});
