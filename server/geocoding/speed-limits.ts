import type { AppliedSpeedLimit } from '../../contract/api/places.ts';
import { geodata } from './geodata.ts';
import type { RoadIndex } from './road-index.ts';

/**
 * Which speed limit applies at a point: the posted limit of the road it is on (OSM maxspeed in
 * the shipped road data) where known, else the account's limit (the vehicle's own, else the
 * tenant default). Decision 0057.
 */
export class SpeedLimits {
  readonly #roads: RoadIndex;

  constructor(roads: RoadIndex) {
    this.#roads = roads;
  }

  /** The limit at the point, always: for the vehicle card (read time, not ingest). */
  applied(lat: number, lon: number, fallbackKmh: number): AppliedSpeedLimit {
    const posted = this.#roads.postedLimitAt(lat, lon);
    return posted === null ? { limitKmh: fallbackKmh, limitSource: 'tenant' } : { limitKmh: posted, limitSource: 'posted' };
  }

  /**
   * The limit a fix exceeds by more than the margin, or null when it exceeds none. Ingest calls
   * this for every fix, so it first asks the O(1) grid for the lowest limit that could apply
   * near the point; only a fix faster than that costs a road lookup (≈ 10 µs).
   */
  exceeded(lat: number, lon: number, speedKmh: number, marginKmh: number, fallbackKmh: number): AppliedSpeedLimit | null {
    const lowestPosted = this.#roads.lowestPostedNear(lat, lon);
    const floor = lowestPosted === null ? fallbackKmh : Math.min(lowestPosted, fallbackKmh);
    if (speedKmh <= floor + marginKmh) return null;
    const limit = lowestPosted === null ? { limitKmh: fallbackKmh, limitSource: 'tenant' as const } : this.applied(lat, lon, fallbackKmh);
    return speedKmh > limit.limitKmh + marginKmh ? limit : null;
  }
}

let shared: SpeedLimits | undefined;
/** The process's limits over the shipped road data (loads it on first use). */
export function speedLimits(): SpeedLimits {
  shared ??= new SpeedLimits(geodata().roads);
  return shared;
}
