import type { CreateDriverRequest, Driver, DriverListQuery, UpdateDriverRequest } from '../../../../contract/api/drivers.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { explainConstraint, notFound, type ConstraintMeaning } from '../../../tenancy/pg-errors.ts';

// No tenant or group filter here: RLS decides what is visible.
interface DriverRow {
  id: string; name: string; employee_number: string | null; licence_expires_on: string | null; group_id: string | null; tag_id: string | null;
  current_device_id: string | null; created_at: Date; updated_at: Date; version: number;
}
const columns = `d.id, d.name, d.employee_number, to_char(d.licence_expires_on, 'YYYY-MM-DD') AS licence_expires_on, d.group_id, d.tag_id,
  (SELECT a.device_id FROM driver_assignments a WHERE a.driver_id = d.id AND a.ends_at IS NULL) AS current_device_id,
  d.created_at, d.updated_at, d.version`;
const toDriver = (r: DriverRow): Driver => ({
  id: r.id, name: r.name, employeeNumber: r.employee_number, licenceExpiresOn: r.licence_expires_on, groupId: r.group_id, tagId: r.tag_id,
  currentDeviceId: r.current_device_id, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
});

const constraints: Record<string, ConstraintMeaning> = {
  drivers_tag_key: { field: 'tagId', why: { reason: 'driver-tag-taken' }, message: 'Another driver already has this tag id.' },
  drivers_employee_number_key: { field: 'employeeNumber', why: { reason: 'employee-number-taken' }, message: 'Another driver already has this employee number.' },
  driver_assignments_tenant_id_driver_id_fkey: { field: 'driverId', why: { reason: 'driver-has-history' }, message: 'This driver has driven vehicles; the history keeps the name.' },
};

/** Drivers by name (at most 2,000: a tenant's drivers fit one answer). */
export async function listDrivers(db: DbSession, q: DriverListQuery): Promise<Driver[]> {
  const search = q.q?.trim() ? `%${q.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db.query<DriverRow>(
    `SELECT ${columns} FROM drivers d
      WHERE ($1::uuid IS NULL OR d.group_id = $1)
        AND ($2::text IS NULL OR lower(d.name) LIKE $2 OR lower(coalesce(d.employee_number, '')) LIKE $2 OR lower(coalesce(d.tag_id, '')) LIKE $2)
      ORDER BY lower(d.name), d.id LIMIT 2000`,
    [q.groupId ?? null, search],
  );
  return rows.rows.map(toDriver);
}

export async function getDriver(db: DbSession, id: string): Promise<Driver> {
  const row = (await db.query<DriverRow>(`SELECT ${columns} FROM drivers d WHERE d.id = $1`, [id])).rows[0];
  if (!row) throw notFound('driver');
  return toDriver(row);
}

async function checkGroup(db: DbSession, groupId: string | null | undefined): Promise<void> {
  if (!groupId) return;
  const found = await db.query('SELECT 1 FROM groups WHERE id = $1', [groupId]);
  if (!found.rowCount) throw new ApiError(400, 'invalid_input', 'groupId is not a group of this tenant', { field: 'groupId', reason: 'group-not-in-account' });
}

/** Licence dates the schema's pattern lets through but the calendar does not have (2026-02-30). */
function checkDate(value: string | null | undefined): void {
  if (!value) return;
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new ApiError(400, 'invalid_input', `licenceExpiresOn "${value}" is not a calendar date`, { field: 'licenceExpiresOn', reason: 'schema-violation', params: { field: 'licenceExpiresOn', rule: 'format' } });
  }
}

function fields(b: CreateDriverRequest | UpdateDriverRequest): unknown[] {
  return [b.name.trim(), b.employeeNumber?.trim() ?? null, b.licenceExpiresOn ?? null, b.groupId ?? null, b.tagId ?? null];
}

export async function createDriver(db: DbSession, b: CreateDriverRequest): Promise<Driver> {
  await checkGroup(db, b.groupId);
  checkDate(b.licenceExpiresOn);
  const inserted = await explainConstraint(db.query<{ id: string }>(
    `INSERT INTO drivers (tenant_id, name, employee_number, licence_expires_on, group_id, tag_id)
     VALUES (app_current_tenant(), $1, $2, $3, $4, $5) RETURNING id`, fields(b),
  ), constraints);
  return getDriver(db, (inserted.rows[0] as { id: string }).id);
}

/** A full replacement, refused with 409 when `expectedVersion` is not the stored one. */
export async function replaceDriver(db: DbSession, id: string, b: UpdateDriverRequest): Promise<Driver> {
  await checkGroup(db, b.groupId);
  checkDate(b.licenceExpiresOn);
  const updated = await explainConstraint(db.query(
    `UPDATE drivers SET name = $2, employee_number = $3, licence_expires_on = $4, group_id = $5, tag_id = $6, updated_at = now(), version = version + 1
      WHERE id = $1 AND version = $7`, [id, ...fields(b), b.expectedVersion],
  ), constraints);
  if (updated.rowCount) return getDriver(db, id);
  const exists = await db.query<{ version: number }>('SELECT version FROM drivers WHERE id = $1', [id]);
  if (!exists.rows[0]) throw notFound('driver');
  throw new ApiError(409, 'conflict', `The driver changed since you loaded it (version ${b.expectedVersion}, now ${exists.rows[0].version}).`, { field: 'expectedVersion', reason: 'edited-elsewhere', params: { currentVersion: exists.rows[0].version } });
}

/** Only a driver who never drove can be deleted: the history keeps who drove (409 otherwise). */
export async function deleteDriver(db: DbSession, id: string): Promise<void> {
  const deleted = await explainConstraint(db.query('DELETE FROM drivers WHERE id = $1', [id]), constraints);
  if (!deleted.rowCount) throw notFound('driver');
}
