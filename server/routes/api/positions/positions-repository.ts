import type { LatestPositionsResponse, Position, PositionHistoryQuery, PositionHistoryResponse } from '../../../../contract/api/positions.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { pageAfter, syncWindow } from '../../../stream/sync-cursor.ts';

const positionColumns = `device_id, fix_time, server_time, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition, attributes`;

interface PositionRow {
  device_id: string;
  fix_time: Date;
  server_time: Date;
  latitude: number;
  longitude: number;
  speed_kmh: number;
  course: number;
  altitude_m: number | null;
  accuracy_m: number | null;
  valid: boolean;
  ignition: boolean | null;
  attributes: Record<string, unknown> | null;
}

const toPosition = (r: PositionRow): Position => ({
  deviceId: r.device_id, fixTime: r.fix_time.toISOString(), serverTime: r.server_time.toISOString(), latitude: r.latitude, longitude: r.longitude,
  speedKmh: r.speed_kmh, course: r.course, altitudeM: r.altitude_m, accuracyM: r.accuracy_m, valid: r.valid, ignition: r.ignition, attributes: r.attributes ?? {},
});

/** One device's positions from `from` (inclusive) to `to` (exclusive), in device-time order, paged by cursor. */
export async function listPositionHistory(db: DbSession, q: PositionHistoryQuery): Promise<PositionHistoryResponse> {
  const limit = q.limit ?? 2000;
  return pageAfter(q.cursor, limit, 'time', async (after) => {
    const rows = await db.query<PositionRow & { t: string }>(
      `SELECT ${positionColumns}, fix_time::text AS t FROM positions
        WHERE device_id = $1 AND fix_time >= $2 AND fix_time < $3 AND ($4::timestamptz IS NULL OR fix_time > $4)
        ORDER BY fix_time LIMIT $5`,
      [q.deviceId, q.from, q.to, after?.key ?? null, limit + 1],
    );
    return rows.rows.map((r) => ({ item: toPosition(r), key: r.t, id: r.device_id }));
  });
}

/** The latest state of every device changed since a sync cursor ('0': all of them). */
export async function listLatestPositions(db: DbSession, since: string, limit: number): Promise<LatestPositionsResponse> {
  return syncWindow(db, since, limit, async (range) => {
    const rows = await db.query<PositionRow & { last_seen_at: Date; online: boolean; open_trip: string | null; changed_xid: string }>(
      `SELECT s.${positionColumns.split(', ').join(', s.')}, s.last_seen_at, s.online, s.changed_xid::text AS changed_xid,
              (SELECT t.id FROM trips t WHERE t.device_id = s.device_id AND t.status = 'open') AS open_trip
         FROM device_state s
        WHERE s.changed_xid >= $1::xid8 AND s.changed_xid < $2::xid8 AND (s.changed_xid, s.device_id) > ($3::xid8, $4::uuid)
        ORDER BY s.changed_xid, s.device_id LIMIT $5`,
      [range.fromXid, range.toXid, range.afterXid, range.afterId, limit + 1],
    );
    return rows.rows.map((r) => ({
      item: { deviceId: r.device_id, lastSeenAt: r.last_seen_at.toISOString(), position: toPosition(r), online: r.online, openTripId: r.open_trip },
      xid: r.changed_xid, id: r.device_id,
    }));
  });
}
