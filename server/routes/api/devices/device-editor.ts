import type { Device, UpdateDeviceRequest } from '../../../../contract/api/devices.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { notFound } from '../../../tenancy/pg-errors.ts';
import { getDevice } from './devices-repository.ts';

const details = (d: Device) => ({ name: d.name, plate: d.plate, vin: d.vin ?? null, vehicleType: d.vehicleType, groupId: d.groupId });

/** Vehicle details and group, by a tenant admin. Units themselves move only through the registry. */
export async function updateDevice(db: DbSession, auth: RequestAuth, id: string, change: UpdateDeviceRequest): Promise<Device> {
  const before = await getDevice(db, id);
  if (!before) throw notFound('vehicle');
  const transferred = await db.query('SELECT 1 FROM devices WHERE id = $1 AND transferred_at IS NOT NULL', [id]);
  if (transferred.rowCount) throw new ApiError(409, 'conflict', 'This vehicle has left the account (its unit was transferred); it can no longer be edited.', { field: 'id' });
  if (change.groupId) {
    // Unknown, foreign and out-of-scope group ids get the same answer: no probing of ids.
    const group = await db.query('SELECT 1 FROM groups WHERE id = $1', [change.groupId]);
    if (!group.rowCount) throw new ApiError(400, 'invalid_input', 'groupId is not a group of this account.', { field: 'groupId' });
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
