import { binaryArray, binaryTextArray } from '../db/binary-arrays.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { addressAt } from '../geocoding/address-at.ts';
import { advanceTrips, emptyTripState, tripRules, type OpenTrip, type TripPoint, type TripState } from './trip-segmenter.ts';

export interface TripWrite {
  deviceId: string;
  trip: OpenTrip;
  status: 'open' | 'closed';
}

/**
 * Upserts open and closed trips in one statement (a trip row is updated while it is open). The
 * columns travel as binary arrays (server/db/binary-arrays.ts, decision 0280): no JSON document
 * to build in Node and parse in PostgreSQL per trip. A closed trip gets its start and end
 * addresses here, once (decision 0360): two built-in lookups in memory per trip, never a query
 * or an HTTP call, like an alert's address on the same path.
 */
export async function saveTrips(db: DbSession, trips: readonly TripWrite[]): Promise<void> {
  if (trips.length === 0) return;
  const col = <T>(pick: (w: TripWrite) => T): T[] => trips.map(pick);
  await db.query({
    name: 'monitoring_save_trips',
    text: `INSERT INTO trips AS t (tenant_id, id, device_id, status, start_time, end_time, start_lat, start_lon, end_lat, end_lon,
              distance_km, max_speed_kmh, moving_s, idle_s, point_count, start_address, end_address)
           SELECT (SELECT app_current_tenant()), x.id, x.device_id, x.status, x.start_time, x.end_time, x.start_lat, x.start_lon, x.end_lat, x.end_lon,
                  x.distance_km, x.max_speed_kmh, x.moving_s, x.idle_s, x.points, x.start_address::jsonb, x.end_address::jsonb
             FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::float8[], $7::float8[], $8::float8[], $9::float8[],
                         $10::float8[], $11::float4[], $12::float8[], $13::float8[], $14::int4[], $15::text[], $16::text[])
                  AS x(id, device_id, status, start_time, end_time, start_lat, start_lon, end_lat, end_lon, distance_km, max_speed_kmh, moving_s, idle_s, points,
                       start_address, end_address)
           ON CONFLICT (tenant_id, id) DO UPDATE SET status = EXCLUDED.status, start_time = EXCLUDED.start_time,
             end_time = EXCLUDED.end_time, end_lat = EXCLUDED.end_lat, end_lon = EXCLUDED.end_lon, distance_km = EXCLUDED.distance_km,
             max_speed_kmh = EXCLUDED.max_speed_kmh, moving_s = EXCLUDED.moving_s, idle_s = EXCLUDED.idle_s,
             point_count = EXCLUDED.point_count, start_address = EXCLUDED.start_address, end_address = EXCLUDED.end_address,
             changed_xid = pg_current_xact_id()`,
    values: [
      binaryArray('uuid', col((w) => w.trip.id)), binaryArray('uuid', col((w) => w.deviceId)), binaryTextArray(col((w) => w.status)),
      // An open trip standing still shows the stop as its end until it moves on or parks.
      binaryArray('timestamptz', col((w) => w.trip.startT)), binaryArray('timestamptz', col((w) => w.trip.endT)),
      binaryArray('float8', col((w) => w.trip.startLat)), binaryArray('float8', col((w) => w.trip.startLon)),
      binaryArray('float8', col((w) => w.trip.endLat)), binaryArray('float8', col((w) => w.trip.endLon)),
      binaryArray('float8', col((w) => w.trip.distanceKm)), binaryArray('float4', col((w) => w.trip.maxSpeedKmh)),
      binaryArray('float8', col((w) => w.trip.movingS)), binaryArray('float8', col((w) => w.trip.idleS)), binaryArray('int4', col((w) => w.trip.points)),
      // An open trip's end still moves: its addresses wait until it closes. The built-in
      // geocoder's (no service): a provider's answers are laid over them when read (storedAddressAt).
      binaryTextArray(col((w) => (w.status === 'closed' ? JSON.stringify(addressAt(w.trip.startLat, w.trip.startLon, null)) : null))),
      binaryTextArray(col((w) => (w.status === 'closed' ? JSON.stringify(addressAt(w.trip.endLat, w.trip.endLon, null)) : null))),
    ],
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
    [binaryArray('uuid', ids)],
  );
}

/** A device whose batch held fixes older than its newest stored one, from the oldest of them. */
export interface LateData {
  deviceId: string;
  lateFrom: number;
}

export interface Recomputed {
  state: TripState;
  removed: string[];
  written: TripWrite[];
}

/**
 * Late data (older than the device's newest fix) can split, join or extend trips. We redo the
 * segmentation from the start of the earliest trip the late fix could touch (or from the late
 * fix itself when it fell into a parked period) over the stored fixes, which already include
 * the late ones. Trips in that window are replaced; the resulting state continues incrementally.
 *
 * All late devices of a batch are recomputed together: one query finds their affected trips,
 * one reads their fixes, one removes and one saves. A resent batch is late for every device in
 * it, and a query per device made such a batch cost seconds per thousand devices — under
 * overload that is the moment ingest can least afford it (the soak's collapse, decision 0191).
 */
export async function recomputeTrips(db: DbSession, late: readonly LateData[], newId: () => string): Promise<Map<string, Recomputed>> {
  const results = new Map<string, Recomputed>();
  if (late.length === 0) return results;
  const affected = await db.query<{ id: string; device_id: string; start_ms: number }>(
    `SELECT t.id, t.device_id, round(extract(epoch FROM t.start_time) * 1000)::float8 AS start_ms
       FROM unnest($1::uuid[], $2::float8[]) AS l(device_id, late_ms)
       JOIN trips t ON t.device_id = l.device_id AND t.end_time >= to_timestamp(l.late_ms / 1000.0) - make_interval(secs => $3)
      ORDER BY t.device_id, t.start_time`,
    [late.map((l) => l.deviceId), late.map((l) => l.lateFrom), tripRules.maxGapMs / 1000],
  );
  const from = new Map(late.map((l) => [l.deviceId, l.lateFrom]));
  const removedOf = new Map<string, string[]>();
  for (const r of affected.rows) {
    from.set(r.device_id, Math.min(from.get(r.device_id) ?? r.start_ms, r.start_ms));
    removedOf.set(r.device_id, [...(removedOf.get(r.device_id) ?? []), r.id]);
  }
  // One fix before each window gives the trip-start lookback the point it would have had.
  const points = await db.query<{ d: string; t: number; lat: number; lon: number; s: number; i: boolean | null }>(
    `SELECT w.device_id AS d, p.t, p.lat, p.lon, p.s, p.i
       FROM unnest($1::uuid[], $2::float8[]) AS w(device_id, from_ms)
       CROSS JOIN LATERAL (
         (SELECT round(extract(epoch FROM fix_time) * 1000)::float8 AS t, latitude AS lat, longitude AS lon, speed_kmh AS s, ignition AS i
            FROM positions WHERE device_id = w.device_id AND fix_time < to_timestamp(w.from_ms / 1000.0) AND attributes->>'suspect' IS NULL
           ORDER BY fix_time DESC LIMIT 1)
         UNION ALL
         (SELECT round(extract(epoch FROM fix_time) * 1000)::float8, latitude, longitude, speed_kmh, ignition
            FROM positions WHERE device_id = w.device_id AND fix_time >= to_timestamp(w.from_ms / 1000.0) AND attributes->>'suspect' IS NULL)
       ) AS p
      ORDER BY 1, 2`,
    [[...from.keys()], [...from.values()]],
  );
  const tracks = new Map<string, TripPoint[]>();
  for (const p of points.rows) {
    const track = tracks.get(p.d) ?? [];
    if (track.length === 0) tracks.set(p.d, track);
    track.push({ t: p.t, lat: p.lat, lon: p.lon, speedKmh: p.s, ignition: p.i });
  }
  for (const [deviceId, start] of from) {
    const track = tracks.get(deviceId) ?? [];
    const first = track[0];
    const seed: TripState = first && first.t < start ? { last: first, trip: null } : emptyTripState();
    const update = advanceTrips(seed, track.filter((p) => p.t >= start), newId);
    const written: TripWrite[] = update.closed.map((trip) => ({ deviceId, trip, status: 'closed' }));
    if (update.state.trip) written.push({ deviceId, trip: update.state.trip, status: 'open' });
    results.set(deviceId, { state: update.state, removed: removedOf.get(deviceId) ?? [], written });
  }
  const all = [...results.values()];
  await removeTrips(db, all.flatMap((r) => r.removed));
  await saveTrips(db, all.flatMap((r) => r.written));
  return results;
}
