import type { Address } from '../../../../contract/api/places.ts';
import type { TripListQuery, TripListResponse, TripSummary, TripTrack } from '../../../../contract/api/trips.ts';
import { insideShape } from '../../../../contract/geo/shape.ts';
import type { RuleGeofence } from '../../../alerts/rules.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { loadGeofences } from '../../../geofences/geofence-cache.ts';
import { storedAddressAt } from '../../../geocoding/address-at.ts';
import { ApiError } from '../../../http/api-error.ts';
import { pageAfter, removedSince, syncWindow } from '../../../stream/sync-cursor.ts';

export interface TripRow {
  id: string; device_id: string; status: 'open' | 'closed'; start_time: Date; end_time: Date; start_lat: number; start_lon: number;
  start_name: string | null; end_lat: number; end_lon: number; end_name: string | null; distance_km: number; max_speed_kmh: number;
  moving_s: number; idle_s: number; point_count: number; changed_xid: string; driver_id: string | null;
  /** Resolved when the trip closed (decision 0360); null while open and for trips not yet backfilled. */
  start_address: Address | null; end_address: Address | null;
}

// The driver is the one assigned when the trip began (server/drivers), read with the trip.
// Shared with server/reports, whose trip reports read trips exactly as this list does.
export const selectTrips = `SELECT t.*, t.changed_xid::text AS changed_xid,
    (SELECT a.driver_id FROM driver_assignments a WHERE a.device_id = t.device_id AND a.starts_at <= t.start_time
        AND coalesce(a.ends_at, 'infinity') > t.start_time ORDER BY a.starts_at DESC LIMIT 1) AS driver_id
  FROM trips t`;

/** Place names: the first geofence (by name) a trip starts or ends in, if any. */
function placeName(fences: readonly RuleGeofence[], lat: number, lon: number): string | null {
  return fences.filter((g) => insideShape(lat, lon, g.shape)).map((g) => g.name).sort()[0] ?? null;
}

/** Where a trip's point is: its stored address, a provider's answer, or a lookup (decision 0360). */
export type TripAddress = (stored: Address | null, lat: number, lon: number) => Address;

/** A trip as the API shows it; `address` resolves its points (a report passes one that remembers repeated points). */
export function toTripWith(r: TripRow, fences: readonly RuleGeofence[] = [], address: TripAddress = storedAddressAt): TripSummary {
  const durationS = (r.end_time.getTime() - r.start_time.getTime()) / 1000;
  return {
    id: r.id, deviceId: r.device_id, driverId: r.driver_id, status: r.status, startTime: r.start_time.toISOString(), endTime: r.end_time.toISOString(),
    start: { latitude: r.start_lat, longitude: r.start_lon, name: r.start_name ?? placeName(fences, r.start_lat, r.start_lon), address: address(r.start_address, r.start_lat, r.start_lon) },
    end: { latitude: r.end_lat, longitude: r.end_lon, name: r.end_name ?? placeName(fences, r.end_lat, r.end_lon), address: address(r.end_address, r.end_lat, r.end_lon) },
    distanceKm: Math.round(r.distance_km * 1000) / 1000, durationS, maxSpeedKmh: Math.round(r.max_speed_kmh * 10) / 10,
    avgSpeedKmh: r.moving_s > 0 ? Math.round((r.distance_km / r.moving_s) * 36000) / 10 : 0, idleS: Math.round(r.idle_s), pointCount: r.point_count,
  };
}

/** Newest first (paged by cursor), or, with `since`, everything changed since a sync cursor plus the removed ids. */
export async function listTrips(db: DbSession, q: TripListQuery): Promise<TripListResponse> {
  const limit = q.limit ?? 500;
  const params: unknown[] = [q.deviceId ?? null, q.from ?? null, q.to ?? null];
  const filter = '($1::uuid IS NULL OR t.device_id = $1) AND ($2::timestamptz IS NULL OR t.end_time >= $2) AND ($3::timestamptz IS NULL OR t.start_time < $3)';
  const fences = await loadGeofences(db);
  const toTrip = (r: TripRow) => toTripWith(r, fences);
  if (q.since !== undefined) {
    const since = q.since;
    const page = await syncWindow(db, since, limit, async (range) => {
      const rows = await db.query<TripRow>(
        `${selectTrips} WHERE ${filter} AND t.changed_xid >= $4::xid8 AND t.changed_xid < $5::xid8 AND (t.changed_xid, t.id) > ($6::xid8, $7::uuid)
         ORDER BY t.changed_xid, t.id LIMIT $8`,
        [...params, range.fromXid, range.toXid, range.afterXid, range.afterId, limit + 1],
      );
      return rows.rows.map((r) => ({ item: toTrip(r), xid: r.changed_xid, id: r.id }));
    });
    return { ...page, removedIds: await removedSince(db, 'trip', since, page.nextCursor) };
  }
  return pageAfter(q.cursor, limit, 'time', async (after) => {
    const rows = await db.query<TripRow>(
      `${selectTrips} WHERE ${filter} AND ($4::timestamptz IS NULL OR (t.start_time, t.id) < ($4::timestamptz, $5::uuid))
       ORDER BY t.start_time DESC, t.id DESC LIMIT $6`,
      [...params, after?.key ?? null, after?.id ?? null, limit + 1],
    );
    return rows.rows.map((r) => ({ item: toTrip(r), key: r.start_time.toISOString(), id: r.id }));
  });
}

/** A trip's positions as columns, time in milliseconds from its start. */
export async function getTripTrack(db: DbSession, tripId: string): Promise<TripTrack> {
  const trip = await db.query<{ device_id: string; start_time: Date; end_time: Date }>('SELECT device_id, start_time, end_time FROM trips WHERE id = $1', [tripId]);
  const row = trip.rows[0];
  if (!row) throw new ApiError(404, 'not_found', 'There is no such trip (it may have been recomputed after late data).', { reason: 'not-found', params: { kind: 'trip' } });
  const points = await db.query<{ t: number; lat: number; lon: number; s: number; c: number }>(
    `SELECT extract(epoch FROM fix_time - $2::timestamptz) * 1000 AS t, latitude AS lat, longitude AS lon, speed_kmh AS s, course AS c
       FROM positions WHERE device_id = $1 AND fix_time >= $2 AND fix_time <= $3 ORDER BY fix_time`,
    [row.device_id, row.start_time, row.end_time],
  );
  const track: TripTrack = { tripId, deviceId: row.device_id, startTime: row.start_time.toISOString(), t: [], lat: [], lon: [], speedKmh: [], course: [] };
  for (const p of points.rows) {
    track.t.push(Math.round(Number(p.t)));
    track.lat.push(p.lat);
    track.lon.push(p.lon);
    track.speedKmh.push(Math.round(p.s * 10) / 10);
    track.course.push(Math.round(p.c));
  }
  return track;
}
