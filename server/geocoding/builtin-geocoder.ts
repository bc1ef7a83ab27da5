import type { Address } from '../../contract/api/places.ts';
import type { LocalityIndex } from './localities.ts';
import { compassPoint } from './projection.ts';
import type { RoadIndex } from './road-index.ts';

/** A vehicle this close to a named road is on it (GPS error plus road width). */
export const onRoadM = 60;
/** Ways people walk on count this much further away, so a car beside a square is on the street. */
const walkPenaltyM = 20;

/**
 * Reverse geocoding from the shipped data alone: the named road at the point with its locality,
 * else the direction and distance from the nearest town, else `none`. Never throws, never waits.
 */
export class BuiltinGeocoder {
  readonly roads: RoadIndex;
  readonly localities: LocalityIndex;

  constructor(roads: RoadIndex, localities: LocalityIndex) {
    this.roads = roads;
    this.localities = localities;
  }

  reverse(latitude: number, longitude: number, approximate = false): Address {
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return { kind: 'none' };
    const hit = this.roads.nearest(latitude, longitude, onRoadM, 'named', walkPenaltyM);
    if (hit) {
      const name = this.roads.wayName(hit.way);
      const ref = this.roads.wayRef(hit.way);
      const localityIndex = this.roads.file.ways.locality[hit.way] ?? -1;
      const locality = localityIndex >= 0 ? this.localities.name(localityIndex) : null;
      if (name) return { kind: 'street', street: name, locality, ...(ref ? { ref } : {}), source: 'builtin', approximate };
      if (ref) return { kind: 'street', street: ref, locality, source: 'builtin', approximate };
    }
    const near = this.localities.best(latitude, longitude, false);
    if (!near) return { kind: 'none' };
    return {
      kind: 'near',
      locality: this.localities.name(near.index),
      // Tens of metres are noise at this level; the renderer formats the number.
      distanceM: Math.round(near.distanceM / 10) * 10,
      bearing: compassPoint(near.dx, near.dy),
      source: 'builtin',
      approximate: true,
    };
  }
}
