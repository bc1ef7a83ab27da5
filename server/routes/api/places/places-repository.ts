import type { NearestVehicle } from '../../../../contract/api/places.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { distanceLatLonM } from '../../../../contract/geo/sphere.ts';
import type { RoadRouter } from '../../../geocoding/road-router.ts';

/** Straight-line candidates routed by road: enough to find the quickest, few enough to answer fast. */
export const candidateFactor = 3;
export const maxCandidates = 30;

/**
 * The caller's vehicles (RLS: tenant and group scope) nearest to a point. PostgreSQL picks the
 * straight-line candidates by an equirectangular distance (good enough to rank within a region);
 * one multi-target search over the road network gives each its drive distance and time; the
 * answer is ordered by drive time where known, else straight-line distance.
 */
export async function nearestVehicles(db: DbSession, router: RoadRouter, point: { latitude: number; longitude: number }, limit: number): Promise<NearestVehicle[]> {
  const candidates = Math.min(maxCandidates, limit * candidateFactor);
  const rows = await db.query<{ device_id: string; latitude: number; longitude: number }>(
    // devices carries the latest position the vehicle list shows (seeded and imported vehicles
    // have one without ever having a device_state row).
    `SELECT d.id AS device_id, d.latitude, d.longitude
       FROM devices d
      WHERE d.transferred_at IS NULL AND d.latitude IS NOT NULL
      ORDER BY (d.latitude - $1) ^ 2 + ((d.longitude - $2) * $3) ^ 2, d.id
      LIMIT $4`,
    [point.latitude, point.longitude, Math.cos((point.latitude * Math.PI) / 180), candidates],
  );
  const drives = router.drivesTo(point, rows.rows);
  const vehicles = rows.rows.map((r, i): NearestVehicle => {
    const drive = drives[i] ?? null;
    return {
      deviceId: r.device_id,
      distanceM: Math.round(distanceLatLonM(point.latitude, point.longitude, r.latitude, r.longitude)),
      driveDistanceM: drive?.distanceM ?? null,
      driveTimeS: drive?.timeS ?? null,
    };
  });
  // Known drive times first (quickest first); vehicles without one after them by distance.
  vehicles.sort((a, b) => (a.driveTimeS ?? Infinity) - (b.driveTimeS ?? Infinity) || a.distanceM - b.distanceM);
  return vehicles.slice(0, limit);
}
