import type { Device, deviceSortFields, DeviceStatus, UpdateDeviceRequest } from '../../../../contract/api/devices.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { notFound } from '../../../tenancy/pg-errors.ts';
import { defaultTenantSettings } from '../../../../contract/api/settings.ts';
import { speedLimits } from '../../../geocoding/speed-limits.ts';

export interface DeviceListParams {
  q?: string | undefined;
  sort?: (typeof deviceSortFields)[number] | undefined;
  order?: 'asc' | 'desc' | undefined;
  limit: number;
  offset: number;
}

/** Rules that turn a device's last report into a status; the SQL below applies them. */
export const statusRules = {
  /** Not heard from for this long: offline, whatever it last said. */
  offlineAfterSeconds: 10 * 60,
  /** Faster than this counts as moving; GPS jitter at rest stays below it. */
  movingAboveKmh: 3,
};

// One definition of status, used both for the answer and for sorting by status. `now()` is
// the transaction's start, so every row of one answer is judged at the same instant.
const statusSql = `CASE
    WHEN d.fix_time IS NULL THEN 'unknown'
    WHEN coalesce(d.last_seen_at, d.fix_time) < now() - make_interval(secs => $1) THEN 'offline'
    WHEN d.speed_kmh > $2 THEN 'moving'
    ELSE 'stopped'
  END`;

// Sort keys are fixed SQL, picked by name: user input never reaches the ORDER BY text.
const sortColumns: Record<NonNullable<DeviceListParams['sort']>, string> = {
  name: 'lower(d.name)',
  uniqueId: 'd.unique_id',
  lastSeenAt: 'd.last_seen_at',
  status: `array_position(ARRAY['moving','idle','stopped','offline','unknown'], ${statusSql})`,
};

interface DeviceRow {
  id: string;
  unique_id: string;
  name: string;
  plate: string | null;
  vin: string | null;
  vehicle_type: string;
  group_id: string | null;
  group_name: string | null;
  status: DeviceStatus;
  last_seen_at: Date | null;
  fix_time: Date | null;
  latitude: number | null;
  longitude: number | null;
  speed_kmh: number | null;
  course: number | null;
}

export interface DevicePage {
  items: Device[];
  total: number;
}

/**
 * Lists the current tenant's devices. There is deliberately no tenant filter here: the session
 * comes from withTenant and row-level security returns only that tenant's rows.
 */
export async function listDevices(db: DbSession, query: DeviceListParams): Promise<DevicePage> {
  const search = query.q?.trim() ? `%${escapeLike(query.q.trim())}%` : null;
  const matches = (p: string) => `(${p}::text IS NULL OR d.name ILIKE ${p} OR d.plate ILIKE ${p} OR d.unique_id ILIKE ${p})`;
  // Transferred vehicles stay in the table (their history belongs to this tenant) but are not the fleet.
  const count = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM devices d WHERE d.transferred_at IS NULL AND ${matches('$1')}`, [
    search,
  ]);
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  const rows = await db.query<DeviceRow>(
    `SELECT d.id, d.unique_id, d.name, d.plate, d.vin, d.vehicle_type, d.group_id, g.name AS group_name,
            ${statusSql} AS status, d.last_seen_at, d.fix_time, d.latitude, d.longitude, d.speed_kmh, d.course
       FROM devices d
       LEFT JOIN groups g ON g.tenant_id = d.tenant_id AND g.id = d.group_id
      WHERE d.transferred_at IS NULL AND ${matches('$3')}
      ORDER BY ${sortColumns[query.sort ?? 'name']} ${direction} NULLS LAST, lower(d.name), d.id
      LIMIT $4 OFFSET $5`,
    [statusRules.offlineAfterSeconds, statusRules.movingAboveKmh, search, query.limit, query.offset],
  );
  const fallback = await tenantSpeedLimit(db);
  return { items: rows.rows.map((row) => toDevice(row, fallback)), total: count.rows[0]?.total ?? 0 };
}

/** One vehicle of the tenant (within the caller's group scope), transferred ones included. */
export async function getDevice(db: DbSession, id: string): Promise<Device | null> {
  const rows = await db.query<DeviceRow>(
    `SELECT d.id, d.unique_id, d.name, d.plate, d.vin, d.vehicle_type, d.group_id, g.name AS group_name,
            ${statusSql} AS status, d.last_seen_at, d.fix_time, d.latitude, d.longitude, d.speed_kmh, d.course
       FROM devices d
       LEFT JOIN groups g ON g.tenant_id = d.tenant_id AND g.id = d.group_id
      WHERE d.id = $3`,
    [statusRules.offlineAfterSeconds, statusRules.movingAboveKmh, id],
  );
  const row = rows.rows[0];
  return row ? toDevice(row, await tenantSpeedLimit(db)) : null;
}

/** The tenant's default speed limit (latest settings version), for the vehicle card's applied limit. */
async function tenantSpeedLimit(db: DbSession): Promise<number> {
  const result = await db.query<{ limit: number | null }>(
    "SELECT (settings ->> 'defaultSpeedLimitKmh')::int AS limit FROM tenant_settings_versions ORDER BY version DESC LIMIT 1",
  );
  return result.rows[0]?.limit ?? defaultTenantSettings.defaultSpeedLimitKmh;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toDevice(row: DeviceRow, tenantLimitKmh: number): Device {
  const { fix_time: fixTime, latitude, longitude, speed_kmh: speedKmh, course } = row;
  // The table's CHECK keeps these five all set or all null.
  const position =
    fixTime && latitude !== null && longitude !== null && speedKmh !== null && course !== null
      ? { fixTime: fixTime.toISOString(), latitude, longitude, speedKmh, course }
      : null;
  return {
    id: row.id,
    uniqueId: row.unique_id,
    name: row.name,
    plate: row.plate,
    vin: row.vin,
    vehicleType: row.vehicle_type,
    groupId: row.group_id,
    groupName: row.group_name,
    status: row.status,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    position,
    // The limit overspeed judges against where the vehicle is (a grid lookup, ~10 µs each).
    speedLimit: position ? speedLimits().applied(position.latitude, position.longitude, tenantLimitKmh) : null,
  };
}

const details = (d: Device) => ({ name: d.name, plate: d.plate, vin: d.vin ?? null, vehicleType: d.vehicleType, groupId: d.groupId });

/** Vehicle details and group, by a tenant admin. Units themselves move only through the registry. */
export async function updateDevice(db: DbSession, auth: RequestAuth, id: string, change: UpdateDeviceRequest): Promise<Device> {
  const before = await getDevice(db, id);
  if (!before) throw notFound('vehicle');
  const transferred = await db.query('SELECT 1 FROM devices WHERE id = $1 AND transferred_at IS NOT NULL', [id]);
  if (transferred.rowCount) throw new ApiError(409, 'conflict', 'This vehicle has left the account (its unit was transferred); it can no longer be edited.', { field: 'id', reason: 'vehicle-transferred' });
  if (change.groupId) {
    // Unknown, foreign and out-of-scope group ids get the same answer: no probing of ids.
    const group = await db.query('SELECT 1 FROM groups WHERE id = $1', [change.groupId]);
    if (!group.rowCount) throw new ApiError(400, 'invalid_input', 'groupId is not a group of this account.', { field: 'groupId', reason: 'group-not-in-account' });
  }
  await db.query(
    `UPDATE devices SET
       name = CASE WHEN $2 THEN $3 ELSE name END, plate = CASE WHEN $4 THEN $5 ELSE plate END,
       vin = CASE WHEN $6 THEN $7 ELSE vin END, vehicle_type = CASE WHEN $8 THEN $9 ELSE vehicle_type END,
       group_id = CASE WHEN $10 THEN $11::uuid ELSE group_id END
     WHERE id = $1`,
    [
      id,
      change.name !== undefined,
      change.name?.trim() ?? null,
      change.plate !== undefined,
      change.plate ?? null,
      change.vin !== undefined,
      change.vin ?? null,
      change.vehicleType !== undefined,
      change.vehicleType ?? null,
      change.groupId !== undefined,
      change.groupId ?? null,
    ],
  );
  // A scoped admin does not exist (admins are unscoped), so the vehicle stays visible here.
  const after = await getDevice(db, id);
  if (!after) throw new Error('updated vehicle vanished');
  await recordAudit(db, auth, { action: 'devices.update', targetType: 'device', targetId: id, targetLabel: after.name, before: details(before), after: details(after) });
  return after;
}
