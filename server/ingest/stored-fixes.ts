import type { DbSession } from '../db/fleet-db.ts';
import { positionKey } from './position-writer.ts';
import type { ResolvedReport } from './report.ts';

/** A stored fix read back for replay; `serverTime` is when it was received. */
export interface StoredFix extends ResolvedReport {
  serverTime: number;
}

interface Row {
  device_id: string;
  t: number;
  server_ms: number;
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

/**
 * Replay is bounded: a state is written at most a checkpoint interval (seconds) after the fixes
 * it lacks were received, so anything a day of device time past the stored fix is not a gap
 * write-behind left (and the partitions it would scan are not worth it).
 */
const replayWindow = '1 day';

/**
 * The fixes stored after each device's stored state (`after`: the state's fix time, epoch ms),
 * oldest first, except `skip` ("deviceId|fixTime" of the batch being judged: they are judged as
 * new). These are fixes a previous batch judged but did not write into device_state
 * (write-behind), or that another instance judged from a copy that has since gone stale.
 */
export async function storedFixesAfter(db: DbSession, tenantId: string, after: ReadonlyMap<string, number>, skip: ReadonlySet<string>): Promise<Map<string, StoredFix[]>> {
  const out = new Map<string, StoredFix[]>();
  if (after.size === 0) return out;
  const result = await db.query<Row>(
    `SELECT p.device_id, round(extract(epoch FROM p.fix_time) * 1000)::float8 AS t, extract(epoch FROM p.server_time)::float8 * 1000 AS server_ms,
            p.latitude, p.longitude, p.speed_kmh, p.course, p.altitude_m, p.accuracy_m, p.valid, p.ignition, p.attributes
       FROM unnest($1::uuid[], $2::float8[]) AS s(id, after)
       JOIN positions p ON p.tenant_id = app_current_tenant() AND p.device_id = s.id
                       AND p.fix_time > to_timestamp(s.after / 1000.0) AND p.fix_time <= to_timestamp(s.after / 1000.0) + interval '${replayWindow}'
      ORDER BY p.device_id, p.fix_time`,
    [[...after.keys()], [...after.values()]],
  );
  for (const row of result.rows) {
    if (skip.has(positionKey(row.device_id, row.t))) continue;
    const list = out.get(row.device_id) ?? [];
    list.push(fixOf(tenantId, row));
    out.set(row.device_id, list);
  }
  return out;
}

/** The inverse of position-writer's attributesOf: readings back out of the attributes. */
function fixOf(tenantId: string, row: Row): StoredFix {
  const { batteryVoltage, batteryLevel, charging, rpm, coolantTempC, fuelLevelPercent, odometerKm, dtc, driverUniqueId, ...attributes } = row.attributes ?? {};
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    // Judging never looks at the unit id (the device is already resolved).
    uniqueId: '', tenantId, deviceId: row.device_id, serverTime: row.server_ms,
    fixTime: row.t, latitude: row.latitude, longitude: row.longitude, speedKmh: row.speed_kmh, course: row.course,
    altitudeM: row.altitude_m, accuracyM: row.accuracy_m, valid: row.valid, ignition: row.ignition,
    batteryVoltage: num(batteryVoltage), batteryLevel: num(batteryLevel), charging: typeof charging === 'boolean' ? charging : null,
    rpm: num(rpm), coolantTempC: num(coolantTempC), fuelLevel: num(fuelLevelPercent), odometerKm: num(odometerKm),
    dtc: Array.isArray(dtc) ? dtc.filter((c): c is string => typeof c === 'string') : null,
    driverTag: typeof driverUniqueId === 'string' ? driverUniqueId : null,
    attributes,
  };
}
