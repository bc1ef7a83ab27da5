/** Metres per degree of latitude on the mean Earth sphere (same radius as server/geofences/geometry.ts). */
export const metresPerDegree = (6_371_008.8 * Math.PI) / 180;

/**
 * A local equirectangular projection around one latitude: exact enough (< 0.5 %) within a city
 * region, and a few multiplications instead of trigonometry per segment, which is what makes
 * 10,000 reverse lookups fit in a few milliseconds.
 */
export class LocalProjection {
  readonly kx: number;
  readonly ky = metresPerDegree;
  constructor(originLat: number) {
    this.kx = metresPerDegree * Math.cos((originLat * Math.PI) / 180);
  }
  x(lon: number): number {
    return lon * this.kx;
  }
  y(lat: number): number {
    return lat * this.ky;
  }
}

const compass = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
/** Eight-point compass direction of a vector in projected metres (x east, y north). */
export function compassPoint(dx: number, dy: number): (typeof compass)[number] {
  const deg = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
  return compass[Math.round(deg / 45) % 8] ?? 'N';
}
