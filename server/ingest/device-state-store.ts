import type { RuleState } from '../alerts/rules.ts';
import type { DbSession } from '../db/fleet-db.ts';
import type { TripState } from '../trips/trip-segmenter.ts';

/** device_state as ingest works with it (times as epoch ms). */
export interface DeviceState {
  deviceId: string;
  lastSeenAt: number;
  fixTime: number;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  altitudeM: number | null;
  accuracyM: number | null;
  valid: boolean;
  ignition: boolean | null;
  online: boolean;
  batteryVoltage: number | null;
  batteryLevel: number | null;
  charging: boolean | null;
  odometerKm: number | null;
  fuelLevel: number | null;
  coolantTempC: number | null;
  rpm: number | null;
  dtcCodes: { code: string; firstSeenAt: string }[];
  speedLimitKmh: number | null;
  tripState: TripState | null;
  ruleState: RuleState;
}

/** Loads and row-locks the states of these devices: batches for one device apply one at a time. */
export async function loadStates(db: DbSession, deviceIds: readonly string[]): Promise<Map<string, DeviceState>> {
  const result = await db.query<{ s: DeviceState }>({
    name: 'monitoring_load_states',
    text: `SELECT json_build_object('deviceId', device_id, 'lastSeenAt', extract(epoch FROM last_seen_at) * 1000,
              'fixTime', round(extract(epoch FROM fix_time) * 1000), 'latitude', latitude, 'longitude', longitude, 'speedKmh', speed_kmh,
              'course', course, 'altitudeM', altitude_m, 'accuracyM', accuracy_m, 'valid', valid, 'ignition', ignition, 'online', online,
              'batteryVoltage', battery_voltage, 'batteryLevel', battery_level, 'charging', charging, 'odometerKm', odometer_km,
              'fuelLevel', fuel_level, 'coolantTempC', coolant_temp_c, 'rpm', rpm, 'dtcCodes', dtc_codes, 'speedLimitKmh', speed_limit_kmh,
              'tripState', trip_state, 'ruleState', rule_state) AS s
             FROM device_state WHERE device_id = ANY ($1::uuid[]) ORDER BY device_id FOR UPDATE`,
    values: [deviceIds],
  });
  return new Map(result.rows.map((row) => [row.s.deviceId, row.s]));
}

/** Upserts states in one statement; the devices table's last-position columns follow. */
export async function saveStates(db: DbSession, states: readonly DeviceState[]): Promise<void> {
  if (states.length === 0) return;
  const json = JSON.stringify(states);
  await db.query({
    name: 'monitoring_save_states',
    text: `INSERT INTO device_state AS d (tenant_id, device_id, last_seen_at, fix_time, server_time, latitude, longitude, speed_kmh, course,
              altitude_m, accuracy_m, valid, ignition, online, battery_voltage, battery_level, charging, odometer_km, fuel_level,
              coolant_temp_c, rpm, dtc_codes, trip_state, rule_state)
           SELECT app_current_tenant(), x."deviceId", to_timestamp(x."lastSeenAt" / 1000.0), to_timestamp(x."fixTime" / 1000.0), now(),
                  x.latitude, x.longitude, x."speedKmh", x.course, x."altitudeM", x."accuracyM", x.valid, x.ignition, x.online,
                  x."batteryVoltage", x."batteryLevel", x.charging, x."odometerKm", x."fuelLevel", x."coolantTempC", x.rpm,
                  x."dtcCodes", x."tripState", x."ruleState"
             FROM jsonb_to_recordset($1::jsonb) AS x("deviceId" uuid, "lastSeenAt" float8, "fixTime" float8, latitude float8, longitude float8,
                  "speedKmh" float4, course float4, "altitudeM" float4, "accuracyM" float4, valid bool, ignition bool, online bool,
                  "batteryVoltage" float4, "batteryLevel" float4, charging bool, "odometerKm" float8, "fuelLevel" float4,
                  "coolantTempC" float4, rpm float4, "dtcCodes" jsonb, "tripState" jsonb, "ruleState" jsonb)
           ON CONFLICT (tenant_id, device_id) DO UPDATE SET
             last_seen_at = EXCLUDED.last_seen_at, fix_time = EXCLUDED.fix_time, server_time = EXCLUDED.server_time,
             latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, speed_kmh = EXCLUDED.speed_kmh, course = EXCLUDED.course,
             altitude_m = EXCLUDED.altitude_m, accuracy_m = EXCLUDED.accuracy_m, valid = EXCLUDED.valid, ignition = EXCLUDED.ignition,
             online = EXCLUDED.online, battery_voltage = EXCLUDED.battery_voltage, battery_level = EXCLUDED.battery_level,
             charging = EXCLUDED.charging, odometer_km = EXCLUDED.odometer_km, fuel_level = EXCLUDED.fuel_level,
             coolant_temp_c = EXCLUDED.coolant_temp_c, rpm = EXCLUDED.rpm, dtc_codes = EXCLUDED.dtc_codes,
             trip_state = EXCLUDED.trip_state, rule_state = EXCLUDED.rule_state, changed_xid = pg_current_xact_id()`,
    values: [json],
  });
  // The tenant's device list (devices table, tenancy's) shows the last fix; keep it current.
  // Not a named (prepared) statement on purpose: with stale statistics (many devices just
  // added) the generic plan became a nested loop over all the tenant's devices per row.
  await db.query({
    text: `UPDATE devices d SET last_seen_at = to_timestamp(x."lastSeenAt" / 1000.0), fix_time = to_timestamp(x."fixTime" / 1000.0),
                  latitude = x.latitude, longitude = x.longitude, speed_kmh = x."speedKmh", course = x.course
             FROM jsonb_to_recordset($1::jsonb) AS x("deviceId" uuid, "lastSeenAt" float8, "fixTime" float8, latitude float8,
                  longitude float8, "speedKmh" float8, course float8)
            WHERE d.tenant_id = app_current_tenant() AND d.id = x."deviceId"`,
    values: [json],
  });
}
