import type { OfflineContents, OfflineData, OfflineDay } from '../../../contract/bridge/domains/sync-domain.ts';
import type { CacheDb } from './cache-db.ts';

/** Bytes of a track's packed columns: what a cached track costs on disk, give or take page overhead. */
const trackBytes = 'length(k.t) + length(k.lat) + length(k.lon) + length(k.speed_kmh) + length(k.course)';

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(timeZone: string): (epochMs: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (epochMs) => format.format(epochMs);
}

/**
 * What one workspace's cache holds for offline use: its trips per calendar day of the tenant's
 * time zone (how many, how many with their track, the tracks' bytes), newest day first, and how
 * much of each other kind of data, with the bytes of its stored rows (SQLite page overhead is in
 * the file size, not in these).
 */
export function offlineContents(cache: CacheDb, timeZone: string): Pick<OfflineContents, 'days' | 'data'> {
  const toDay = dayIn(timeZone);
  const days = new Map<string, OfflineDay>();
  const rows = cache.reader.prepare(`SELECT t.start_time AS start, length(t.json) AS trip_bytes, k.trip_id IS NOT NULL AS cached, coalesce(${trackBytes}, 0) AS track_bytes FROM trips t LEFT JOIN trip_tracks k ON k.trip_id = t.id`).all();
  for (const row of rows) {
    const day = toDay(Number(row.start));
    const entry = days.get(day) ?? { day, trips: 0, tracksCached: 0, bytes: 0 };
    entry.trips++;
    if (Number(row.cached) === 1) entry.tracksCached++;
    entry.bytes += Number(row.trip_bytes) + Number(row.track_bytes);
    days.set(day, entry);
  }
  const sized = (kind: OfflineData['kind'], sql: string): OfflineData => {
    const row = cache.reader.prepare(sql).get();
    return { kind, count: Number(row?.n ?? 0), bytes: Number(row?.bytes ?? 0) };
  };
  return {
    days: [...days.values()].sort((a, b) => (a.day < b.day ? 1 : -1)),
    data: [
      sized('vehicles', 'SELECT count(*) AS n, coalesce(sum(length(json)), 0) AS bytes FROM devices'),
      // Seven numbers and a status per row.
      sized('positions', 'SELECT count(*) AS n, count(*) * 64 AS bytes FROM latest_positions'),
      sized('alerts', 'SELECT count(*) AS n, coalesce(sum(length(json)), 0) AS bytes FROM alerts'),
      sized('geofences', 'SELECT count(*) AS n, coalesce(sum(length(json)), 0) AS bytes FROM geofences'),
      sized('health', 'SELECT count(*) AS n, coalesce(sum(length(json)), 0) AS bytes FROM device_health'),
      sized('addresses', 'SELECT count(*) AS n, count(*) * 96 AS bytes FROM place_addresses'),
      sized('insights', 'SELECT count(*) AS n, coalesce(sum(length(json)), 0) AS bytes FROM insights_answers'),
      sized('pendingActions', 'SELECT count(*) AS n, coalesce(sum(length(payload)), 0) AS bytes FROM pending_actions'),
    ],
  };
}
