import { DeviceHealth, DeviceHealthListQuery, DeviceHealthListResponse, DeviceHealthParams } from '../../../../contract/api/telemetry.ts';
import { loadMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
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

async function health(db: DbSession, tenantId: string, rows: HealthRow[]): Promise<DeviceHealth[]> {
  const { lowBatteryVolts } = await loadMonitoringSettings(db, tenantId);
  return rows.map((r) => ({
    deviceId: r.device_id, lastReportAt: r.last_seen_at.toISOString(), online: r.online, batteryVoltage: r.battery_voltage, batteryLevelPercent: r.battery_level,
    charging: r.charging, ignition: r.ignition, odometerKm: r.odometer_km, fuelLevelPercent: r.fuel_level, coolantTempC: r.coolant_temp_c, rpm: r.rpm,
    dtcCodes: r.dtc, lowBattery: r.battery_voltage !== null && r.battery_voltage < lowBatteryVolts,
  }));
}

export const deviceHealthRoutes: RoutePlugin = async (app) => {
  app.get('/devices', {
    schema: { summary: 'Vehicle health per device (battery, DTCs, odometer, fuel, coolant …); `since` for changes', tags: ['health'], security: [{ bearerAuth: [] }], querystring: DeviceHealthListQuery, response: { 200: DeviceHealthListResponse, ...errorResponses(400, 401) } },
  }, async (request): Promise<DeviceHealthListResponse> => {
    const { tenantId } = requireAuth(request);
    const limit = request.query.limit ?? 500;
    return request.withTenant(async (db) => {
      let rows: HealthRow[] = [];
      const page = await syncWindow(db, request.query.since ?? '0', limit, async (range) => {
        const result = await db.query<HealthRow>(
          `${selectHealth} WHERE s.changed_xid >= $1::xid8 AND s.changed_xid < $2::xid8 AND (s.changed_xid, s.device_id) > ($3::xid8, $4::uuid)
           ORDER BY s.changed_xid, s.device_id LIMIT $5`,
          [range.fromXid, range.toXid, range.afterXid, range.afterId, limit + 1],
        );
        rows = result.rows;
        return result.rows.map((r) => ({ item: r.device_id, xid: r.changed_xid, id: r.device_id }));
      });
      const items = await health(db, tenantId, rows.slice(0, limit));
      return { items, nextCursor: page.nextCursor, hasMore: page.hasMore };
    });
  });

  app.get('/devices/:deviceId', {
    schema: { summary: "One device's health summary", tags: ['health'], security: [{ bearerAuth: [] }], params: DeviceHealthParams, response: { 200: DeviceHealth, ...errorResponses(400, 401, 404) } },
  }, async (request): Promise<DeviceHealth> => {
    const { tenantId } = requireAuth(request);
    const [item] = await request.withTenant(async (db) => {
      const result = await db.query<HealthRow>(`${selectHealth} WHERE s.device_id = $1`, [request.params.deviceId]);
      return health(db, tenantId, result.rows);
    });
    if (!item) throw new ApiError(404, 'not_found', 'No report from this device yet (or no such device).');
    return item;
  });
};
