import type { DbSession } from '../db/fleet-db.ts';
import { advanceTrips, emptyTripState, type OpenTrip, type TripPoint, type TripState } from './trip-segmenter.ts';

export interface TripWrite {
  deviceId: string;
  trip: OpenTrip;
  status: 'open' | 'closed';
}

/** Upserts open and closed trips in one statement (a trip row is updated while it is open). */
export async function saveTrips(db: DbSession, trips: readonly TripWrite[]): Promise<void> {
  if (trips.length === 0) return;
  const rows = trips.map(({ deviceId, trip, status }) => {
    // An open trip standing still shows the stop as its end until it moves on or parks.
    return {
      id: trip.id, deviceId, status, startT: trip.startT, endT: trip.endT, startLat: trip.startLat, startLon: trip.startLon,
      endLat: trip.endLat, endLon: trip.endLon, distanceKm: trip.distanceKm, maxSpeedKmh: trip.maxSpeedKmh,
      movingS: trip.movingS, idleS: trip.idleS, points: trip.points,
    };
  });
  await db.query({
    name: 'monitoring_save_trips',
    text: `INSERT INTO trips AS t (tenant_id, id, device_id, status, start_time, end_time, start_lat, start_lon, end_lat, end_lon,
              distance_km, max_speed_kmh, moving_s, idle_s, point_count)
           SELECT app_current_tenant(), x.id, x."deviceId", x.status, to_timestamp(x."startT" / 1000.0), to_timestamp(x."endT" / 1000.0),
                  x."startLat", x."startLon", x."endLat", x."endLon", x."distanceKm", x."maxSpeedKmh", x."movingS", x."idleS", x.points
             FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "deviceId" uuid, status text, "startT" float8, "endT" float8,
                  "startLat" float8, "startLon" float8, "endLat" float8, "endLon" float8, "distanceKm" float8, "maxSpeedKmh" float4,
                  "movingS" float8, "idleS" float8, points int)
           ON CONFLICT (tenant_id, id) DO UPDATE SET status = EXCLUDED.status, start_time = EXCLUDED.start_time,
             end_time = EXCLUDED.end_time, end_lat = EXCLUDED.end_lat, end_lon = EXCLUDED.end_lon, distance_km = EXCLUDED.distance_km,
             max_speed_kmh = EXCLUDED.max_speed_kmh, moving_s = EXCLUDED.moving_s, idle_s = EXCLUDED.idle_s,
             point_count = EXCLUDED.point_count, changed_xid = pg_current_xact_id()`,
    values: [JSON.stringify(rows)],
  });
}

/**
 * Deletes trips and leaves tombstones so clients syncing with `since` drop them too. A tombstone
 * keeps the trip's vehicle: only those who see the vehicle learn the trip is gone (S6).
 */
export async function removeTrips(db: DbSession, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `WITH gone AS (DELETE FROM trips WHERE id = ANY ($1::uuid[]) RETURNING id, device_id)
     INSERT INTO monitoring_tombstones (tenant_id, kind, id, device_id) SELECT app_current_tenant(), 'trip', id, device_id FROM gone
     ON CONFLICT (tenant_id, kind, id) DO UPDATE SET changed_xid = pg_current_xact_id(), device_id = EXCLUDED.device_id`,
    [ids],
  );
}

/**
 * Late data (older than the device's newest fix) can split, join or extend trips. We redo the
 * segmentation from the start of the earliest trip the late fix could touch (or from the late
 * fix itself when it fell into a parked period) over the stored fixes, which already include
 * the late ones. Trips in that window are replaced; the resulting state continues incrementally.
 */
export async function recomputeTrips(db: DbSession, deviceId: string, lateFrom: number, newId: () => string): Promise<{ state: TripState; removed: string[]; written: TripWrite[] }> {
  const affected = await db.query<{ id: string; start_ms: number }>(
    `SELECT id, round(extract(epoch FROM start_time) * 1000)::float8 AS start_ms FROM trips
      WHERE device_id = $1 AND end_time >= to_timestamp($2 / 1000.0) - make_interval(secs => $3) ORDER BY start_time`,
    [deviceId, lateFrom, 600],
  );
  const from = Math.min(lateFrom, ...affected.rows.map((r) => r.start_ms));
  // One fix before the window gives the trip-start lookback the point it would have had.
  const points = await db.query<{ t: number; lat: number; lon: number; s: number; i: boolean | null }>(
    `(SELECT round(extract(epoch FROM fix_time) * 1000)::float8 AS t, latitude AS lat, longitude AS lon, speed_kmh AS s, ignition AS i
        FROM positions WHERE device_id = $1 AND fix_time < to_timestamp($2 / 1000.0) AND attributes->>'suspect' IS NULL ORDER BY fix_time DESC LIMIT 1)
     UNION ALL
     (SELECT round(extract(epoch FROM fix_time) * 1000)::float8, latitude, longitude, speed_kmh, ignition
        FROM positions WHERE device_id = $1 AND fix_time >= to_timestamp($2 / 1000.0) AND attributes->>'suspect' IS NULL)
     ORDER BY 1`,
    [deviceId, from],
  );
  const track: TripPoint[] = points.rows.map((p) => ({ t: p.t, lat: p.lat, lon: p.lon, speedKmh: p.s, ignition: p.i }));
  const first = track[0];
  const seed: TripState = first && first.t < from ? { last: first, trip: null } : emptyTripState();
  const update = advanceTrips(seed, track.filter((p) => p.t >= from), newId);
  const removed = affected.rows.map((r) => r.id);
  await removeTrips(db, removed);
  const written: TripWrite[] = update.closed.map((trip) => ({ deviceId, trip, status: 'closed' }));
  if (update.state.trip) written.push({ deviceId, trip: update.state.trip, status: 'open' });
  await saveTrips(db, written);
  return { state: update.state, removed, written };
}
