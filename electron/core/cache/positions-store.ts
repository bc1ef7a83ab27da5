import type { DeviceStatus } from '../../../contract/api/devices.ts';
import type { CacheDb } from './cache-db.ts';

/** Latest fix per device, columnar (the shape of the bridge's onLivePositions batch). */
export interface PositionColumns {
  deviceIds: string[];
  longitudes: number[];
  latitudes: number[];
  speedsKmh: number[];
  courses: number[];
  fixTimes: number[];
  statuses: DeviceStatus[];
}

export const emptyColumns = (): PositionColumns => ({ deviceIds: [], longitudes: [], latitudes: [], speedsKmh: [], courses: [], fixTimes: [], statuses: [] });

/**
 * Writes a batch of latest fixes in one transaction. A fix older than the stored one is ignored
 * (late or replayed data must not move a vehicle backwards), so applying a batch twice after a
 * resume is harmless.
 */
export function applyLatestPositions(cache: CacheDb, batch: PositionColumns, seq: number, extra?: (db: CacheDb['writer']) => void): void {
  cache.write((db) => {
    const upsert = db.prepare(`
      INSERT INTO latest_positions (device_id, fix_time, latitude, longitude, speed_kmh, course, status, seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (device_id) DO UPDATE SET fix_time = excluded.fix_time, latitude = excluded.latitude,
        longitude = excluded.longitude, speed_kmh = excluded.speed_kmh, course = excluded.course,
        status = excluded.status, seq = excluded.seq
      WHERE excluded.fix_time >= latest_positions.fix_time`);
    for (let i = 0; i < batch.deviceIds.length; i++) {
      upsert.run(batch.deviceIds[i] as string, batch.fixTimes[i] as number, batch.latitudes[i] as number, batch.longitudes[i] as number, batch.speedsKmh[i] as number, batch.courses[i] as number, batch.statuses[i] as string, seq);
    }
    extra?.(db);
  });
}

/** Marks devices offline/online without touching their fix. */
export function setDeviceStatuses(db: CacheDb['writer'], changes: { deviceId: string; status: DeviceStatus }[]): void {
  const update = db.prepare('UPDATE latest_positions SET status = ? WHERE device_id = ?');
  for (const change of changes) update.run(change.status, change.deviceId);
}

export function readLatestPositions(cache: CacheDb): PositionColumns {
  const columns = emptyColumns();
  const rows = cache.reader.prepare('SELECT device_id, fix_time, latitude, longitude, speed_kmh, course, status FROM latest_positions').all();
  for (const row of rows) {
    columns.deviceIds.push(row.device_id as string);
    columns.fixTimes.push(row.fix_time as number);
    columns.latitudes.push(row.latitude as number);
    columns.longitudes.push(row.longitude as number);
    columns.speedsKmh.push(row.speed_kmh as number);
    columns.courses.push(row.course as number);
    columns.statuses.push(row.status as DeviceStatus);
  }
  return columns;
}

/** Status from a live fix: the stream carries no status, so it is derived the way the list shows it. */
export function statusFromFix(speedKmh: number, ignition: boolean | null): DeviceStatus {
  if (speedKmh > 3) return 'moving';
  return ignition === true ? 'idle' : 'stopped';
}
