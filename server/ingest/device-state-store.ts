import type { RuleState } from '../alerts/rules.ts';
import { binaryArray } from '../db/binary-arrays.ts';
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
  /** The newest in-order fix's attributes (protocol extras, readings), as JSON text; null = none. */
  attributes: string | null;
  tripState: TripState | null;
  ruleState: RuleState;
}

/** A state together with the transaction id (xid8, as text) that wrote it: its version. */
export interface VersionedState {
  state: DeviceState;
  xid: string;
}

interface StateRow {
  device_id: string;
  xid: string;
  last_seen_ms: number;
  fix_ms: number;
  latitude: number;
  longitude: number;
  speed_kmh: number;
  course: number;
  altitude_m: number | null;
  accuracy_m: number | null;
  valid: boolean;
  ignition: boolean | null;
  online: boolean;
  battery_voltage: number | null;
  battery_level: number | null;
  charging: boolean | null;
  odometer_km: number | null;
  fuel_level: number | null;
  coolant_temp_c: number | null;
  rpm: number | null;
  dtc_codes: DeviceState['dtcCodes'];
  speed_limit_kmh: number | null;
  attributes: string | null;
  trip_state: TripState | null;
  rule_state: RuleState;
}

/**
 * Reads and row-locks the stored states of these devices (ordered by id, so two writers never
 * deadlock). Used for devices this process has no current copy of; the lock is held until commit.
 */
export async function lockStates(db: DbSession, deviceIds: readonly string[]): Promise<Map<string, VersionedState>> {
  if (deviceIds.length === 0) return new Map();
  const result = await db.query<StateRow>({
    text: `SELECT device_id, changed_xid::text AS xid, extract(epoch FROM last_seen_at)::float8 * 1000 AS last_seen_ms,
                  round(extract(epoch FROM fix_time) * 1000)::float8 AS fix_ms, latitude, longitude, speed_kmh, course, altitude_m,
                  accuracy_m, valid, ignition, online, battery_voltage, battery_level, charging, odometer_km, fuel_level,
                  coolant_temp_c, rpm, dtc_codes, speed_limit_kmh, attributes::text AS attributes, trip_state, rule_state
             FROM device_state WHERE device_id = ANY ($1::uuid[]) ORDER BY device_id FOR UPDATE`,
    values: [binaryArray('uuid', deviceIds)],
  });
  return new Map(result.rows.map((r) => [r.device_id, { xid: r.xid, state: fromRow(r) }]));
}

function fromRow(r: StateRow): DeviceState {
  return {
    deviceId: r.device_id, lastSeenAt: r.last_seen_ms, fixTime: r.fix_ms, latitude: r.latitude, longitude: r.longitude, speedKmh: r.speed_kmh,
    course: r.course, altitudeM: r.altitude_m, accuracyM: r.accuracy_m, valid: r.valid, ignition: r.ignition, online: r.online,
    batteryVoltage: r.battery_voltage, batteryLevel: r.battery_level, charging: r.charging, odometerKm: r.odometer_km, fuelLevel: r.fuel_level,
    coolantTempC: r.coolant_temp_c, rpm: r.rpm, dtcCodes: r.dtc_codes, speedLimitKmh: r.speed_limit_kmh, attributes: r.attributes,
    tripState: r.trip_state, ruleState: r.rule_state,
  };
}

const stateColumns = `last_seen_at, fix_time, server_time, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition, online,
  battery_voltage, battery_level, charging, odometer_km, fuel_level, coolant_temp_c, rpm, dtc_codes, attributes, trip_state, rule_state`;
// Plain columns as parallel binary arrays (server/db/binary-arrays.ts, decision 0280: no escaping in
// Node, no array_in in PostgreSQL); the four JSON columns as ONE json document (an array of
// {d, a, t, r} objects, zipped by position with ROWS FROM). As text[] elements each JSON text
// was escaped by node-postgres and unescaped by array_in (a tenth of the server's CPU; round 2).
const fromArrays = `ROWS FROM (unnest($1::uuid[]), unnest($2::timestamptz[]), unnest($3::timestamptz[]), unnest($4::float8[]), unnest($5::float8[]),
    unnest($6::float4[]), unnest($7::float4[]), unnest($8::float4[]), unnest($9::float4[]), unnest($10::bool[]), unnest($11::bool[]),
    unnest($12::bool[]), unnest($13::float4[]), unnest($14::float4[]), unnest($15::bool[]), unnest($16::float8[]), unnest($17::float4[]),
    unnest($18::float4[]), unnest($19::float4[]), jsonb_array_elements($20::jsonb), unnest($21::xid8[]))
  AS x(id, seen, fix, lat, lon, s, c, a, acc, v, i, o, bv, bl, ch, odo, fuel, cool, rpm, j, expected)`;
// JSON null inside the document is SQL NULL in the column (attributes, trip_state may be null).
const values = `x.seen, x.fix, now(), x.lat, x.lon, x.s, x.c, x.a, x.acc, x.v, x.i, x.o,
  x.bv, x.bl, x.ch, x.odo, x.fuel, x.cool, x.rpm, x.j->'d', NULLIF(x.j->'a', 'null'::jsonb), NULLIF(x.j->'t', 'null'::jsonb), x.j->'r'`;

/**
 * Writes states in set-based statements (parallel arrays + unnest), but only where the stored
 * row is still the version the state was computed from (`expected`; null = "there was no
 * row"). Another instance that wrote the device in between makes its row a mismatch: not
 * written, not returned. Written rows stay locked until commit. A plain UPDATE for known rows
 * (cheaper than an upsert's speculative insertion), an INSERT for first reports. Returns the
 * written device ids and the writing transaction's xid.
 *
 * `device_id = ANY ($1)` repeats the join on purpose: it lets the planner fetch the rows by
 * primary key. Joined to unnest alone it hash-joined over every state row of the tenant
 * (a bitmap scan of the changed_xid index when statistics lag): 135 ms instead of a few.
 */
export async function writeStates(db: DbSession, entries: readonly { state: DeviceState; expected: string | null }[]): Promise<{ written: Set<string>; xid: string | null }> {
  const written = new Set<string>();
  let xid: string | null = null;
  const known = entries.filter((e) => e.expected !== null);
  const first = entries.filter((e) => e.expected === null);
  if (known.length > 0) {
    // Unnamed: a custom plan sees the array sizes (a generic plan guessed them and went wrong).
    const result = await db.query<{ device_id: string; xid: string }>({
      text: `UPDATE device_state AS d SET (${stateColumns}, changed_xid) = (${values}, pg_current_xact_id())
               FROM ${fromArrays}
              WHERE d.tenant_id = app_current_tenant() AND d.device_id = ANY ($1::uuid[]) AND d.device_id = x.id AND d.changed_xid = x.expected
             RETURNING d.device_id, d.changed_xid::text AS xid`,
      values: stateArrays(known),
    });
    for (const row of result.rows) written.add(row.device_id);
    xid = result.rows[0]?.xid ?? xid;
  }
  if (first.length > 0) {
    // A row that appeared meanwhile (another instance's first report) is left alone: mismatch.
    const result = await db.query<{ device_id: string; xid: string }>({
      name: 'monitoring_insert_states',
      text: `INSERT INTO device_state (tenant_id, device_id, ${stateColumns})
             SELECT app_current_tenant(), x.id, ${values} FROM ${fromArrays}
             ON CONFLICT (tenant_id, device_id) DO NOTHING
             RETURNING device_id, changed_xid::text AS xid`,
      values: stateArrays(first),
    });
    for (const row of result.rows) written.add(row.device_id);
    xid = result.rows[0]?.xid ?? xid;
  }
  return { written, xid };
}

function stateArrays(entries: readonly { state: DeviceState; expected: string | null }[]): unknown[] {
  const states = entries.map((e) => e.state);
  const col = <T>(pick: (s: DeviceState) => T): T[] => states.map(pick);
  return [
    binaryArray('uuid', col((s) => s.deviceId)), binaryArray('timestamptz', col((s) => s.lastSeenAt)), binaryArray('timestamptz', col((s) => s.fixTime)),
    binaryArray('float8', col((s) => s.latitude)), binaryArray('float8', col((s) => s.longitude)), binaryArray('float4', col((s) => s.speedKmh)),
    binaryArray('float4', col((s) => s.course)), binaryArray('float4', col((s) => s.altitudeM)), binaryArray('float4', col((s) => s.accuracyM)),
    binaryArray('bool', col((s) => s.valid)), binaryArray('bool', col((s) => s.ignition)), binaryArray('bool', col((s) => s.online)),
    binaryArray('float4', col((s) => s.batteryVoltage)), binaryArray('float4', col((s) => s.batteryLevel)), binaryArray('bool', col((s) => s.charging)),
    binaryArray('float8', col((s) => s.odometerKm)), binaryArray('float4', col((s) => s.fuelLevel)), binaryArray('float4', col((s) => s.coolantTempC)),
    binaryArray('float4', col((s) => s.rpm)),
    // attributes is JSON text already (from the report or read back as text): embedded as is.
    `[${states.map((s) => `{"d":${JSON.stringify(s.dtcCodes)},"a":${s.attributes ?? 'null'},"t":${s.tripState ? JSON.stringify(s.tripState) : 'null'},"r":${JSON.stringify(s.ruleState)}}`).join(',')}]`,
    binaryArray('xid8', entries.map((e) => e.expected)),
  ];
}

/**
 * The tenant's device list (devices table, tenancy's) shows the last fix; keep it current.
 * Not a named (prepared) statement on purpose: a custom plan sees the array lengths, where a
 * generic plan with stale statistics once became a nested loop over all the tenant's devices.
 */
export async function updateDeviceList(db: DbSession, states: readonly DeviceState[]): Promise<void> {
  if (states.length === 0) return;
  await db.query(
    `UPDATE devices d SET last_seen_at = x.seen, fix_time = x.fix, latitude = x.lat, longitude = x.lon, speed_kmh = x.s, course = x.c
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::float8[], $5::float8[], $6::float8[], $7::float8[]) AS x(id, seen, fix, lat, lon, s, c)
      WHERE d.tenant_id = app_current_tenant() AND d.id = ANY ($1::uuid[]) AND d.id = x.id`,
    [
      binaryArray('uuid', states.map((s) => s.deviceId)), binaryArray('timestamptz', states.map((s) => s.lastSeenAt)),
      binaryArray('timestamptz', states.map((s) => s.fixTime)), binaryArray('float8', states.map((s) => s.latitude)),
      binaryArray('float8', states.map((s) => s.longitude)), binaryArray('float8', states.map((s) => s.speedKmh)), binaryArray('float8', states.map((s) => s.course)),
    ],
  );
}
