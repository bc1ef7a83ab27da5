import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearingDeg, destination, distanceLatLonM, distanceM, earthRadiusM, type LatLon } from './sphere.ts';

const at = (latitude: number, longitude: number): LatLon => ({ latitude, longitude });
/** Points away from the poles, where bearings are well defined. */
const point = fc.record({ latitude: fc.double({ min: -80, max: 80, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) });

describe('distances and bearings on the sphere', () => {
  it('measures known distances', () => {
    // Gothenburg Central Station to Stockholm Central Station: about 398 km as the crow flies.
    expect(distanceM(at(57.7089, 11.9746), at(59.3303, 18.0586)) / 1000).toBeCloseTo(398, -1);
    // A quarter of the equator.
    expect(distanceM(at(0, 0), at(0, 90))).toBeCloseTo((Math.PI / 2) * earthRadiusM, 3);
    expect(distanceM(at(57.7, 11.97), at(57.7, 11.97))).toBe(0);
  });

  it('is symmetric, never negative, and the numeric form agrees with the object form', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const d = distanceM(a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.PI * earthRadiusM + 1e-6);
        expect(distanceM(b, a)).toBeCloseTo(d, 6);
        expect(distanceLatLonM(a.latitude, a.longitude, b.latitude, b.longitude)).toBe(d);
      }),
    );
  });

  it('obeys the triangle inequality', () => {
    // Within a metre: near antipodal points haversine's asin is steep, so rounding in its
    // argument becomes centimetres of distance (fine for vehicles, not for an exact inequality).
    fc.assert(fc.property(point, point, point, (a, b, c) => distanceM(a, c) <= distanceM(a, b) + distanceM(b, c) + 1));
  });

  it('walks a distance on a bearing and measures the same distance back', () => {
    fc.assert(
      fc.property(point, fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }), fc.double({ min: 1, max: 100_000, noNaN: true }), (from, bearing, metres) => {
        const to = destination(from, bearing, metres);
        expect(distanceM(from, to)).toBeCloseTo(metres, 4);
        expect(to.longitude).toBeGreaterThanOrEqual(-180);
        expect(to.longitude).toBeLessThan(180);
        // The bearing back to the destination is the one walked (within a hair, away from the poles).
        const back = bearingDeg(from, to);
        expect(Math.abs(((back - bearing + 540) % 360) - 180)).toBeLessThan(1e-6);
      }),
    );
  });

  it('gives bearings clockwise from north', () => {
    expect(bearingDeg(at(57.7, 11.97), at(57.8, 11.97))).toBeCloseTo(0, 6);
    expect(bearingDeg(at(57.7, 11.97), at(57.7, 12.07))).toBeCloseTo(90, 0);
    expect(bearingDeg(at(57.7, 11.97), at(57.6, 11.97))).toBeCloseTo(180, 6);
    expect(bearingDeg(at(57.7, 11.97), at(57.7, 11.87))).toBeCloseTo(270, 0);
  });
});
