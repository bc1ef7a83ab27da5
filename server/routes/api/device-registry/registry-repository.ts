import { randomBytes, randomUUID } from 'node:crypto';
import type {
  AssignDeviceRequest,
  DeviceAssignment,
  RegisteredDevice,
  RegistryDevice,
  RegistryListQuery,
} from '../../../../contract/api/device-registry.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { containsPattern, orderBy, paging } from '../../../tenancy/list-params.ts';
import { explainConstraint, notFound } from '../../../tenancy/pg-errors.ts';
import { announceRegistryChange } from '../../../tenancy/registry-invalidation.ts';
import { asTenant } from '../../../tenancy/tenant-switch.ts';
import { requirePlanRoom } from '../plans/plans-repository.ts';

// All of this runs in a provider transaction: registry_devices and device_assignments are
// visible only there (policy provider_only), tenants through provider_directory.
const select = `SELECT r.id, r.unique_id, r.model, r.assigned_tenant_id, r.assigned_device_id, t.name AS tenant_name, r.created_at
  FROM registry_devices r LEFT JOIN tenants t ON t.id = r.assigned_tenant_id`;

interface UnitRow {
  id: string;
  unique_id: string;
  model: string | null;
  assigned_tenant_id: string | null;
  assigned_device_id: string | null;
  tenant_name: string | null;
  created_at: Date;
}

const toUnit = (row: UnitRow): RegistryDevice => ({
  id: row.id,
  uniqueId: row.unique_id,
  model: row.model,
  status: row.assigned_tenant_id ? 'assigned' : 'unassigned',
  tenant: row.assigned_tenant_id ? { id: row.assigned_tenant_id, name: row.tenant_name ?? '' } : null,
  deviceId: row.assigned_device_id,
  createdAt: row.created_at.toISOString(),
});

const sortColumns = {
  uniqueId: 'r.unique_id',
  createdAt: 'r.created_at',
  status: '(r.assigned_tenant_id IS NULL)',
};

export async function listUnits(db: DbSession, query: RegistryListQuery) {
  const { limit, offset } = paging(query);
  const where = `WHERE ($1::text IS NULL OR r.unique_id ILIKE $1 OR r.model ILIKE $1)
      AND ($2::text IS NULL OR ($2 = 'assigned') = (r.assigned_tenant_id IS NOT NULL))
      AND ($3::uuid IS NULL OR r.assigned_tenant_id = $3)`;
  const params = [containsPattern(query.q), query.status ?? null, query.tenantId ?? null];
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM registry_devices r ${where}`, params);
  const rows = await db.query<UnitRow>(`${select} ${where} ${orderBy(sortColumns, query.sort ?? 'uniqueId', query.order, 'r.id')} LIMIT $4 OFFSET $5`, [
    ...params,
    limit,
    offset,
  ]);
  return { items: rows.rows.map(toUnit), total: total.rows[0]?.n ?? 0, limit, offset };
}

async function getUnitRow(db: DbSession, id: string, lock = false): Promise<UnitRow> {
  // FOR UPDATE OF r: two operators moving one unit at once serialize here.
  const row = (await db.query<UnitRow>(`${select} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`, [id])).rows[0];
  if (!row) throw notFound('registry-device');
  return row;
}

export async function getUnit(db: DbSession, id: string): Promise<RegistryDevice> {
  return toUnit(await getUnitRow(db, id));
}

const newSecret = () => randomBytes(24).toString('base64url');

export async function registerUnit(db: DbSession, auth: RequestAuth, uniqueId: string, model: string | undefined): Promise<RegisteredDevice> {
  const id = randomUUID();
  const secret = newSecret();
  await explainConstraint(
    db.query("INSERT INTO registry_devices (id, unique_id, model, secret_hash) VALUES ($1, $2, $3, sha256(convert_to($4, 'UTF8')))", [
      id,
      uniqueId,
      model?.trim() ?? null,
      secret,
    ]),
    { registry_devices_unique_id_key: { field: 'uniqueId', why: { reason: 'name-taken', params: { kind: 'registry-device' } }, message: `A device with unique id ${uniqueId} is already registered.` } },
  );
  const device = await getUnit(db, id);
  await recordAudit(db, auth, { action: 'registry.register', targetType: 'registryDevice', targetId: id, targetLabel: uniqueId, after: device });
  return { device, secret };
}

export async function rotateSecret(db: DbSession, auth: RequestAuth, id: string): Promise<RegisteredDevice> {
  const device = toUnit(await getUnitRow(db, id, true));
  const secret = newSecret();
  await db.query("UPDATE registry_devices SET secret_hash = sha256(convert_to($2, 'UTF8')) WHERE id = $1", [id, secret]);
  // Ingest caches the key hash with the unit: the old key must stop working on every instance.
  await announceRegistryChange(db, device.uniqueId);
  await recordAudit(db, auth, { action: 'registry.rotateSecret', targetType: 'registryDevice', targetId: id, targetLabel: device.uniqueId });
  return { device, secret };
}

/**
 * The client tenant a unit may go to; 404 naming the field for anything else. An account to be
 * deleted takes no new units (they would be purged with it): 409 with its date, as for any other
 * change to it (restore it first).
 */
async function targetTenant(db: DbSession, tenantId: string): Promise<{ id: string; name: string }> {
  const row = (await db.query<{ id: string; name: string; purge_at: Date | null }>(
    "SELECT id, name, CASE WHEN status = 'pending-deletion' THEN purge_at END AS purge_at FROM tenants WHERE id = $1 AND kind = 'client' AND status <> 'deleted'",
    [tenantId],
  )).rows[0];
  if (!row) throw new ApiError(404, 'not_found', 'There is no client account with this id.', { field: 'tenantId', reason: 'not-found', params: { kind: 'client-account' } });
  if (row.purge_at) {
    const purgeAt = row.purge_at.toISOString();
    throw new ApiError(409, 'conflict', `${row.name} is to be deleted on ${purgeAt}; restore it before assigning devices to it.`, { field: 'tenantId', reason: 'account-already-pending-deletion', params: { purgeAt } });
  }
  return { id: row.id, name: row.name };
}

/** Assign an unassigned unit, or (transfer) move an assigned one to another tenant. */
export async function assignUnit(db: DbSession, auth: RequestAuth, id: string, request: AssignDeviceRequest, mode: 'assign' | 'transfer'): Promise<RegistryDevice> {
  const unit = await getUnitRow(db, id, true);
  const target = await targetTenant(db, request.tenantId);
  if (mode === 'assign' && unit.assigned_tenant_id) {
    throw new ApiError(409, 'conflict', `This device is assigned to ${unit.tenant_name}; transfer it instead.`, { field: 'tenantId', reason: 'unit-assigned-elsewhere', params: { tenantName: unit.tenant_name ?? '' } });
  }
  if (mode === 'transfer' && !unit.assigned_tenant_id) {
    throw new ApiError(409, 'conflict', 'This device is not assigned to anyone; assign it instead.', { field: 'tenantId', reason: 'unit-not-assigned' });
  }
  if (unit.assigned_tenant_id === target.id) {
    throw new ApiError(409, 'conflict', `This device already belongs to ${target.name}.`, { field: 'tenantId', reason: 'unit-already-there', params: { tenantName: target.name } });
  }
  // The target's plan must have room for one more unit (decision 0200).
  await requirePlanRoom(db, target.id, 'maxUnits', 'tenantId');
  if (unit.assigned_tenant_id) await endAssignment(db, auth, unit, 'transferred', target.name);

  const deviceId = randomUUID();
  const vehicle = { name: request.name.trim(), plate: request.plate ?? null, vin: request.vin ?? null, vehicleType: request.vehicleType ?? 'car' };
  await asTenant(db, target.id, async () => {
    await db.query('INSERT INTO devices (tenant_id, id, unique_id, name, plate, vin, vehicle_type) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      target.id,
      deviceId,
      unit.unique_id,
      vehicle.name,
      vehicle.plate,
      vehicle.vin,
      vehicle.vehicleType,
    ]);
    await recordAudit(db, auth, { action: mode === 'assign' ? 'devices.assign' : 'devices.transferIn', targetType: 'device', targetId: deviceId, targetLabel: vehicle.name, after: { uniqueId: unit.unique_id, ...vehicle } });
  });
  await db.query('UPDATE registry_devices SET assigned_tenant_id = $2, assigned_device_id = $3 WHERE id = $1', [id, target.id, deviceId]);
  await db.query('INSERT INTO device_assignments (registry_device_id, assigned_tenant_id, assigned_device_id, assigned_by) VALUES ($1, $2, $3, $4)', [
    id,
    target.id,
    deviceId,
    auth.userId,
  ]);
  await announceRegistryChange(db, unit.unique_id);
  const after = await getUnit(db, id);
  await recordAudit(db, auth, { action: `registry.${mode}`, targetType: 'registryDevice', targetId: id, targetLabel: unit.unique_id, before: toUnit(unit), after });
  return after;
}

export async function unassignUnit(db: DbSession, auth: RequestAuth, id: string): Promise<RegistryDevice> {
  const unit = await getUnitRow(db, id, true);
  if (!unit.assigned_tenant_id) throw new ApiError(409, 'conflict', 'This device is not assigned to anyone.', { field: 'id', reason: 'unit-not-assigned' });
  await endAssignment(db, auth, unit, 'unassigned', null);
  await db.query('UPDATE registry_devices SET assigned_tenant_id = NULL, assigned_device_id = NULL WHERE id = $1', [id]);
  await announceRegistryChange(db, unit.unique_id);
  const after = await getUnit(db, id);
  await recordAudit(db, auth, { action: 'registry.unassign', targetType: 'registryDevice', targetId: id, targetLabel: unit.unique_id, before: toUnit(unit), after });
  return after;
}

/**
 * The old tenant keeps its vehicle row, marked transferred: its positions, trips and alerts
 * (keyed by that row) stay with it. Ingest stops resolving to it at once.
 */
async function endAssignment(db: DbSession, auth: RequestAuth, unit: UnitRow, reason: 'transferred' | 'unassigned', to: string | null): Promise<void> {
  const tenantId = unit.assigned_tenant_id;
  const deviceId = unit.assigned_device_id;
  if (!tenantId || !deviceId) return;
  await asTenant(db, tenantId, async () => {
    const row = (await db.query<{ name: string }>('UPDATE devices SET transferred_at = now() WHERE id = $1 RETURNING name', [deviceId])).rows[0];
    await recordAudit(db, auth, {
      action: reason === 'transferred' ? 'devices.transferOut' : 'devices.unassign',
      targetType: 'device',
      targetId: deviceId,
      targetLabel: row?.name ?? unit.unique_id,
      before: { uniqueId: unit.unique_id, status: 'active' },
      after: { uniqueId: unit.unique_id, status: reason, ...(to ? { to } : {}) },
    });
  });
  await db.query(
    "UPDATE device_assignments SET ended_at = clock_timestamp(), ended_by = $2, end_reason = $3 WHERE registry_device_id = $1 AND ended_at IS NULL",
    [unit.id, auth.userId, reason],
  );
}

export async function assignmentHistory(db: DbSession, id: string): Promise<{ device: RegistryDevice; assignments: DeviceAssignment[] }> {
  const device = await getUnit(db, id);
  const rows = await db.query<{ tenant_id: string; tenant_name: string; device_id: string; assigned_at: Date; ended_at: Date | null; end_reason: DeviceAssignment['endReason'] }>(
    `SELECT a.assigned_tenant_id AS tenant_id, t.name AS tenant_name, a.assigned_device_id AS device_id, a.assigned_at, a.ended_at, a.end_reason
       FROM device_assignments a JOIN tenants t ON t.id = a.assigned_tenant_id
      WHERE a.registry_device_id = $1 ORDER BY a.assigned_at, a.id`,
    [id],
  );
  return {
    device,
    assignments: rows.rows.map((r) => ({
      tenant: { id: r.tenant_id, name: r.tenant_name },
      deviceId: r.device_id,
      assignedAt: r.assigned_at.toISOString(),
      endedAt: r.ended_at?.toISOString() ?? null,
      endReason: r.end_reason,
    })),
  };
}
