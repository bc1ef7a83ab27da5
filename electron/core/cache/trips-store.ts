import type { TripSummary, TripTrack } from '../../../contract/api/trips.ts';
import type { ConsoleTrip } from '../../../contract/bridge/domains/trips-domain.ts';
import type { CacheDb } from './cache-db.ts';

type Writer = CacheDb['writer'];

export function upsertTrips(db: Writer, trips: TripSummary[]): void {
  const upsert = db.prepare(`INSERT INTO trips (id, device_id, start_time, end_time, json) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET device_id = excluded.device_id, start_time = excluded.start_time, end_time = excluded.end_time, json = excluded.json`);
  const dropTrack = db.prepare('DELETE FROM trip_tracks WHERE trip_id = ?');
  for (const trip of trips) {
    upsert.run(trip.id, trip.deviceId, Date.parse(trip.startTime), Date.parse(trip.endTime), JSON.stringify(trip));
    // An open trip grows; a recomputed one changes: its cached track is stale.
    if (trip.status === 'open') dropTrack.run(trip.id);
  }
}

export function removeTrips(db: Writer, ids: string[]): void {
  const remove = db.prepare('DELETE FROM trips WHERE id = ?');
  for (const id of ids) remove.run(id);
}

export function listTrips(cache: CacheDb, range: { from: number; to: number; deviceId?: string | undefined }): ConsoleTrip[] {
  const sql = `SELECT t.json, (k.trip_id IS NOT NULL) AS cached FROM trips t LEFT JOIN trip_tracks k ON k.trip_id = t.id
    WHERE t.end_time >= ? AND t.start_time < ? ${range.deviceId ? 'AND t.device_id = ?' : ''} ORDER BY t.start_time DESC`;
  const params: (string | number)[] = [range.from, range.to];
  if (range.deviceId) params.push(range.deviceId);
  return cache.reader.prepare(sql).all(...params).map((row) => ({ ...(JSON.parse(row.json as string) as TripSummary), trackCached: row.cached === 1 }));
}

export function getTrip(cache: CacheDb, tripId: string): TripSummary | null {
  const row = cache.reader.prepare('SELECT json FROM trips WHERE id = ?').get(tripId);
  return row ? (JSON.parse(row.json as string) as TripSummary) : null;
}

/** Closed trips in the window whose track is not cached yet, newest first. */
export function tripsMissingTracks(cache: CacheDb, since: number): { id: string; pointCount: number }[] {
  return cache.reader
    .prepare(`SELECT t.id, t.json FROM trips t LEFT JOIN trip_tracks k ON k.trip_id = t.id
      WHERE k.trip_id IS NULL AND t.start_time >= ? AND json_extract(t.json, '$.status') = 'closed' ORDER BY t.start_time DESC`)
    .all(since)
    .map((row) => ({ id: row.id as string, pointCount: (JSON.parse(row.json as string) as TripSummary).pointCount }));
}

const pack = (values: readonly number[]) => new Uint8Array(Float64Array.from(values).buffer);
// node:sqlite hands back a Uint8Array that may not be 8-byte aligned: copy before viewing.
const unpack = (blob: Uint8Array) => Array.from(new Float64Array(blob.slice().buffer));

/** Stores a whole track as packed Float64 columns: a 24-h track (86,400 points) is five blobs. */
export function putTrack(db: Writer, track: TripTrack, cachedAt: number): void {
  const exists = db.prepare('SELECT 1 FROM trips WHERE id = ?').get(track.tripId);
  if (!exists) return;
  db.prepare(`INSERT OR REPLACE INTO trip_tracks (trip_id, point_count, t, lat, lon, speed_kmh, course, cached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    track.tripId,
    track.t.length,
    pack(track.t),
    pack(track.lat),
    pack(track.lon),
    pack(track.speedKmh),
    pack(track.course),
    cachedAt,
  );
}

export function getTrack(cache: CacheDb, tripId: string): TripTrack | null {
  const row = cache.reader
    .prepare(`SELECT k.t, k.lat, k.lon, k.speed_kmh, k.course, t.device_id, t.json FROM trip_tracks k JOIN trips t ON t.id = k.trip_id WHERE k.trip_id = ?`)
    .get(tripId);
  if (!row) return null;
  const trip = JSON.parse(row.json as string) as TripSummary;
  return {
    tripId,
    deviceId: row.device_id as string,
    startTime: trip.startTime,
    t: unpack(row.t as Uint8Array),
    lat: unpack(row.lat as Uint8Array),
    lon: unpack(row.lon as Uint8Array),
    speedKmh: unpack(row.speed_kmh as Uint8Array),
    course: unpack(row.course as Uint8Array),
  };
}

/** Drops trips (and their tracks) that started before `before`: outside the offline window. */
export function dropTripsBefore(db: Writer, before: number): number {
  return Number(db.prepare('DELETE FROM trips WHERE end_time < ?').run(before).changes);
}

/** Start time of the oldest trip whose track is cached; null when no track is. */
export function oldestTrackStart(cache: CacheDb): number | null {
  const row = cache.reader.prepare('SELECT min(t.start_time) AS start FROM trip_tracks k JOIN trips t ON t.id = k.trip_id').get();
  return row?.start === null || row?.start === undefined ? null : Number(row.start);
}

/** Evicts the oldest cached track; returns false when none is left. */
export function evictOldestTrack(db: Writer): boolean {
  const row = db.prepare('SELECT k.trip_id FROM trip_tracks k JOIN trips t ON t.id = k.trip_id ORDER BY t.start_time ASC LIMIT 1').get();
  if (!row) return false;
  db.prepare('DELETE FROM trip_tracks WHERE trip_id = ?').run(row.trip_id as string);
  return true;
}

export function tripCounts(cache: CacheDb): { trips: number; cachedTracks: number } {
  const row = cache.reader.prepare('SELECT (SELECT count(*) FROM trips) AS trips, (SELECT count(*) FROM trip_tracks) AS tracks').get();
  return { trips: Number(row?.trips ?? 0), cachedTracks: Number(row?.tracks ?? 0) };
}
