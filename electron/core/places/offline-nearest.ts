import type { Device } from '../../../contract/api/devices.ts';
import type { NearestVehicle } from '../../../contract/api/places.ts';
import { distanceLatLonM } from '../../../contract/geo/sphere.ts';
import type { PositionColumns } from '../cache/positions-store.ts';

export interface KnownPosition {
  latitude: number;
  longitude: number;
  /** Epoch ms of the fix. */
  fixTime: number;
}

/**
 * The newest position this computer knows of each vehicle: the live/synced latest fix where there
 * is one, else the position the vehicle list carries. Both are needed: the latest-positions sync
 * covers only devices that reported since the fleet cloud started tracking their state, while
 * seeded and imported vehicles have their position only on the vehicle record — which is also
 * where the map and the list take it from.
 */
export function knownPositions(devices: readonly Device[], latest: PositionColumns): Map<string, KnownPosition> {
  const known = new Map<string, KnownPosition>();
  for (const device of devices) {
    const p = device.position;
    if (p) known.set(device.id, { latitude: p.latitude, longitude: p.longitude, fixTime: Date.parse(p.fixTime) });
  }
  latest.deviceIds.forEach((deviceId, i) => {
    const fixTime = latest.fixTimes[i] ?? 0;
    const before = known.get(deviceId);
    if (before && before.fixTime > fixTime) return;
    known.set(deviceId, { latitude: latest.latitudes[i] ?? 0, longitude: latest.longitudes[i] ?? 0, fixTime });
  });
  return known;
}

/**
 * Offline "nearest vehicles": straight-line distances from the known positions, nearest first
 * (ties by id, a stable order). Drive distance and time stay null: the road network is the
 * fleet cloud's.
 */
export function nearestOffline(point: { latitude: number; longitude: number }, known: ReadonlyMap<string, KnownPosition>, limit: number): NearestVehicle[] {
  const vehicles: NearestVehicle[] = [];
  for (const [deviceId, p] of known) {
    const distanceM = Math.round(distanceLatLonM(point.latitude, point.longitude, p.latitude, p.longitude));
    vehicles.push({ deviceId, distanceM, driveDistanceM: null, driveTimeS: null });
  }
  vehicles.sort((a, b) => a.distanceM - b.distanceM || a.deviceId.localeCompare(b.deviceId));
  return vehicles.slice(0, limit);
}
