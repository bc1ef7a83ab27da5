import type { AssignmentListQuery, DriverAssignment } from '../../contract/api/drivers.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { ApiError } from '../http/api-error.ts';
import { markAssignmentDays } from '../insights/dirty-days.ts';
import { notFound } from '../tenancy/pg-errors.ts';

interface AssignmentRow { id: string; driver_id: string; device_id: string; starts_at: Date; ends_at: Date | null; source: 'manual' | 'tag' }
const columns = 'id, driver_id, device_id, starts_at, ends_at, source';
const toAssignment = (r: AssignmentRow): DriverAssignment => ({
  id: r.id, driverId: r.driver_id, deviceId: r.device_id, from: r.starts_at.toISOString(), to: r.ends_at?.toISOString() ?? null, source: r.source,
});

export interface AssignRequest {
  driverId: string;
  deviceId: string;
  from: number;
  to: number | null;
  source: 'manual' | 'tag';
}

/**
 * Serialises every change to one vehicle's or one driver's assignments (the overlap check reads,
 * then writes). Advisory locks in a fixed order, so two changes never wait on each other in a ring.
 */
async function lockAssignments(db: DbSession, ids: readonly string[]): Promise<void> {
  for (const id of [...new Set(ids)].sort()) await db.query("SELECT pg_advisory_xact_lock(hashtextextended('driver-assignment:' || $1, 0))", [id]);
}

/**
 * Puts a driver at a vehicle's wheel for [from, to). An open assignment of the vehicle, or of the
 * driver on another vehicle, that began before `from` ends at `from` (the usual change of shift);
 * anything else overlapping is refused (409 naming it). The days it covers get their figures
 * recomputed (insights attribute driving to drivers by these periods).
 */
export async function assignDriver(db: DbSession, a: AssignRequest, timeZone: string): Promise<DriverAssignment> {
  if (a.to !== null && a.to <= a.from) throw new ApiError(400, 'invalid_input', 'to must be after from', { field: 'to', reason: 'range-reversed' });
  const found = await db.query<{ driver: boolean; device: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM drivers WHERE id = $1) AS driver, EXISTS (SELECT 1 FROM devices WHERE id = $2) AS device', [a.driverId, a.deviceId],
  );
  if (!found.rows[0]?.driver) throw notFound('driver');
  if (!found.rows[0].device) throw notFound('vehicle');
  await lockAssignments(db, [a.deviceId, a.driverId]);
  const from = new Date(a.from);
  const to = a.to === null ? null : new Date(a.to);
  // Open assignments that began earlier end where this one begins.
  const ended = await db.query<AssignmentRow>(
    `UPDATE driver_assignments SET ends_at = $3 WHERE (device_id = $1 OR driver_id = $2) AND ends_at IS NULL AND starts_at < $3 RETURNING ${columns}`,
    [a.deviceId, a.driverId, from],
  );
  const overlap = await db.query<AssignmentRow>(
    `SELECT ${columns} FROM driver_assignments WHERE (device_id = $1 OR driver_id = $2)
        AND starts_at < coalesce($4::timestamptz, 'infinity') AND coalesce(ends_at, 'infinity') > $3 ORDER BY starts_at LIMIT 1`,
    [a.deviceId, a.driverId, from, to],
  );
  const clash = overlap.rows[0];
  if (clash) {
    const withWhat = clash.device_id === a.deviceId ? 'vehicle' : 'driver';
    throw new ApiError(409, 'conflict', `The ${withWhat} already has an assignment from ${clash.starts_at.toISOString()}${clash.ends_at ? ` to ${clash.ends_at.toISOString()}` : ''}.`, {
      field: 'from', reason: 'assignment-overlaps', params: { with: withWhat, from: clash.starts_at.toISOString(), to: clash.ends_at?.toISOString() ?? '' },
    });
  }
  const created = await db.query<AssignmentRow>(
    `INSERT INTO driver_assignments (tenant_id, device_id, driver_id, starts_at, ends_at, source)
     VALUES (app_current_tenant(), $1, $2, $3, $4, $5) RETURNING ${columns}`,
    [a.deviceId, a.driverId, from, to, a.source],
  );
  const row = created.rows[0] as AssignmentRow;
  // Driving after the ended ones' new ends moves to this driver: those days change too.
  await markAssignmentDays(db, [...ended.rows, row].map((r) => ({ deviceId: r.device_id, from: Math.min(r.starts_at.getTime(), a.from), to: r.ends_at?.getTime() ?? null })), timeZone);
  return toAssignment(row);
}

/** Ends an open assignment at `at` (not before it began). */
export async function endAssignment(db: DbSession, id: string, at: number, timeZone: string): Promise<DriverAssignment> {
  const current = await db.query<AssignmentRow>(`SELECT ${columns} FROM driver_assignments WHERE id = $1`, [id]);
  const row = current.rows[0];
  if (!row) throw notFound('driver-assignment');
  await lockAssignments(db, [row.device_id, row.driver_id]);
  if (at <= row.starts_at.getTime()) throw new ApiError(400, 'invalid_input', 'at must be after the assignment began', { field: 'at', reason: 'range-reversed' });
  const ended = await db.query<AssignmentRow>(`UPDATE driver_assignments SET ends_at = $2 WHERE id = $1 AND ends_at IS NULL RETURNING ${columns}`, [id, new Date(at)]);
  const done = ended.rows[0];
  if (!done) throw new ApiError(409, 'conflict', 'This assignment has already ended.', { reason: 'assignment-ended' });
  await markAssignmentDays(db, [{ deviceId: done.device_id, from: at, to: null }], timeZone);
  return toAssignment(done);
}

/** Assignments overlapping [from, to), newest first. */
export async function listAssignments(db: DbSession, q: AssignmentListQuery): Promise<DriverAssignment[]> {
  const rows = await db.query<AssignmentRow>(
    `SELECT ${columns} FROM driver_assignments
      WHERE ($1::uuid IS NULL OR device_id = $1) AND ($2::uuid IS NULL OR driver_id = $2)
        AND ($3::timestamptz IS NULL OR coalesce(ends_at, 'infinity') > $3) AND ($4::timestamptz IS NULL OR starts_at < $4)
      ORDER BY starts_at DESC, id LIMIT 500`,
    [q.deviceId ?? null, q.driverId ?? null, q.from ?? null, q.to ?? null],
  );
  return rows.rows.map(toAssignment);
}

/** One driver's reported tag, at the time of the newest fix that carried it. */
export interface ReportedTag {
  deviceId: string;
  tag: string;
  at: number;
}

/**
 * A tracker reported a driver tag: from that fix on, the tag's driver drives the vehicle, unless
 * they already do. Unknown tags change nothing. A tag older than an assignment made since (by
 * hand, or a newer tag) loses to it: `assignDriver` refuses the overlap and the tag is ignored.
 */
export async function assignByTag(db: DbSession, reported: ReportedTag, timeZone: string): Promise<'assigned' | 'unchanged' | 'unknown-tag' | 'superseded'> {
  const driver = await db.query<{ id: string }>('SELECT id FROM drivers WHERE tag_id = $1', [reported.tag]);
  const driverId = driver.rows[0]?.id;
  if (!driverId) return 'unknown-tag';
  const current = await db.query<{ driver_id: string }>(
    "SELECT driver_id FROM driver_assignments WHERE device_id = $1 AND starts_at <= $2 AND coalesce(ends_at, 'infinity') > $2", [reported.deviceId, new Date(reported.at)],
  );
  if (current.rows[0]?.driver_id === driverId) return 'unchanged';
  try {
    await db.query('SAVEPOINT driver_tag');
    await assignDriver(db, { driverId, deviceId: reported.deviceId, from: reported.at, to: null, source: 'tag' }, timeZone);
    await db.query('RELEASE SAVEPOINT driver_tag');
    return 'assigned';
  } catch (error) {
    if (!(error instanceof ApiError) || error.reason !== 'assignment-overlaps') throw error;
    await db.query('ROLLBACK TO SAVEPOINT driver_tag');
    return 'superseded';
  }
}
