import type { DeviceHealth, DeviceHealthListResponse } from '../../../../contract/api/telemetry.ts';
import { loadMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { syncWindow } from '../../../stream/sync-cursor.ts';

interface HealthRow {
  device_id: string; last_seen_at: Date; online: boolean; battery_voltage: number | null; battery_level: number | null; charging: boolean | null;
  ignition: boolean | null; odometer_km: number | null; fuel_level: number | null; coolant_temp_c: number | null; rpm: number | null;
  dtc: { code: string; description: string | null; firstSeenAt: string }[]; changed_xid: string;
}

const selectHealth = `SELECT s.device_id, s.last_seen_at, s.online, s.battery_voltage, s.battery_level, s.charging, s.ignition, s.odometer_km,
    s.fuel_level, s.coolant_temp_c, s.rpm, s.changed_xid::text AS changed_xid,
    coalesce((SELECT json_agg(json_build_object('code', d->>'code', 'description', c.description, 'firstSeenAt', d->>'firstSeenAt'))
                FROM jsonb_array_elements(s.dtc_codes) d LEFT JOIN dtc_descriptions c ON c.code = d->>'code'), '[]') AS dtc
  FROM device_state s`;

async function toHealth(db: DbSession, tenantId: string, rows: HealthRow[]): Promise<DeviceHealth[]> {
  const { lowBatteryVolts } = await loadMonitoringSettings(db, tenantId);
  return rows.map((r) => ({
    deviceId: r.device_id, lastReportAt: r.last_seen_at.toISOString(), online: r.online, batteryVoltage: r.battery_voltage, batteryLevelPercent: r.battery_level,
    charging: r.charging, ignition: r.ignition, odometerKm: r.odometer_km, fuelLevelPercent: r.fuel_level, coolantTempC: r.coolant_temp_c, rpm: r.rpm,
    dtcCodes: r.dtc, lowBattery: r.battery_voltage !== null && r.battery_voltage < lowBatteryVolts,
  }));
}

/** Health of every device changed since a sync cursor ('0': all of them). */
export async function listDeviceHealth(db: DbSession, tenantId: string, since: string, limit: number): Promise<DeviceHealthListResponse> {
  let rows: HealthRow[] = [];
  const page = await syncWindow(db, since, limit, async (range) => {
    const result = await db.query<HealthRow>(
      `${selectHealth} WHERE s.changed_xid >= $1::xid8 AND s.changed_xid < $2::xid8 AND (s.changed_xid, s.device_id) > ($3::xid8, $4::uuid)
       ORDER BY s.changed_xid, s.device_id LIMIT $5`,
      [range.fromXid, range.toXid, range.afterXid, range.afterId, limit + 1],
    );
    rows = result.rows;
    return result.rows.map((r) => ({ item: r.device_id, xid: r.changed_xid, id: r.device_id }));
  });
  const items = await toHealth(db, tenantId, rows.slice(0, limit));
  return { items, nextCursor: page.nextCursor, hasMore: page.hasMore };
}

/** One device's health, or null when it has not reported (or is not visible). */
export async function getDeviceHealth(db: DbSession, tenantId: string, deviceId: string): Promise<DeviceHealth | null> {
  const result = await db.query<HealthRow>(`${selectHealth} WHERE s.device_id = $1`, [deviceId]);
  const [item] = await toHealth(db, tenantId, result.rows);
  return item ?? null;
}
