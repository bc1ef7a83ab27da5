import type { CreateGeofenceRequest, Geofence, GeofenceListQuery, GeofenceListResponse, GeofenceShape, UpdateGeofenceRequest } from '../../../../contract/api/geofences.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { pageAfter, removedSince, syncWindow } from '../../../stream/sync-cursor.ts';

// No tenant or group filter here: RLS decides what is visible.
interface GeofenceRow {
  id: string; name: string; description: string | null; group_id: string | null; shape: GeofenceShape; alert_on_enter: boolean; alert_on_exit: boolean;
  created_at: Date; updated_at: Date; version: number; changed_xid: string;
}
const columns = 'id, name, description, group_id, shape, alert_on_enter, alert_on_exit, created_at, updated_at, version, changed_xid::text AS changed_xid';
const toGeofence = (r: GeofenceRow): Geofence => ({
  id: r.id, name: r.name, description: r.description, groupId: r.group_id, shape: r.shape, alertOnEnter: r.alert_on_enter, alertOnExit: r.alert_on_exit,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
});
const noSuchGeofence = () => new ApiError(404, 'not_found', 'There is no such geofence.', { reason: 'not-found', params: { kind: 'geofence' } });

/** By name (paged by cursor), or, with `since`, everything changed since a sync cursor plus the deleted ids. */
export async function listGeofences(db: DbSession, q: GeofenceListQuery): Promise<GeofenceListResponse> {
  const limit = q.limit ?? 500;
  if (q.since !== undefined) {
    const since = q.since;
    const page = await syncWindow(db, since, limit, async (range) => {
      const rows = await db.query<GeofenceRow>(
        `SELECT ${columns} FROM geofences WHERE ($1::uuid IS NULL OR group_id = $1) AND changed_xid >= $2::xid8 AND changed_xid < $3::xid8
           AND (changed_xid, id) > ($4::xid8, $5::uuid) ORDER BY changed_xid, id LIMIT $6`,
        [q.groupId ?? null, range.fromXid, range.toXid, range.afterXid, range.afterId, limit + 1],
      );
      return rows.rows.map((r) => ({ item: toGeofence(r), xid: r.changed_xid, id: r.id }));
    });
    return { ...page, removedIds: await removedSince(db, 'geofence', since, page.nextCursor) };
  }
  return pageAfter(q.cursor, limit, 'text', async (after) => {
    const rows = await db.query<GeofenceRow>(
      `SELECT ${columns} FROM geofences WHERE ($1::uuid IS NULL OR group_id = $1) AND ($2::text IS NULL OR (lower(name), id) > ($2, $3::uuid))
       ORDER BY lower(name), id LIMIT $4`,
      [q.groupId ?? null, after?.key ?? null, after?.id ?? null, limit + 1],
    );
    return rows.rows.map((r) => ({ item: toGeofence(r), key: r.name.toLowerCase(), id: r.id }));
  });
}

export async function getGeofence(db: DbSession, id: string): Promise<Geofence> {
  const row = (await db.query<GeofenceRow>(`SELECT ${columns} FROM geofences WHERE id = $1`, [id])).rows[0];
  if (!row) throw noSuchGeofence();
  return toGeofence(row);
}

async function checkGroup(db: DbSession, groupId: string | null | undefined): Promise<void> {
  if (!groupId) return;
  const found = await db.query('SELECT 1 FROM groups WHERE id = $1', [groupId]);
  if (!found.rowCount) throw new ApiError(400, 'invalid_input', 'groupId is not a group of this tenant', { field: 'groupId', reason: 'group-not-in-account' });
}

export async function createGeofence(db: DbSession, b: CreateGeofenceRequest): Promise<Geofence> {
  await checkGroup(db, b.groupId);
  const result = await db.query<GeofenceRow>(
    `INSERT INTO geofences (tenant_id, name, description, group_id, shape, alert_on_enter, alert_on_exit)
     VALUES (app_current_tenant(), $1, $2, $3, $4, $5, $6) RETURNING ${columns}`,
    [b.name.trim(), b.description ?? null, b.groupId ?? null, JSON.stringify(b.shape), b.alertOnEnter ?? true, b.alertOnExit ?? true],
  );
  return toGeofence(result.rows[0] as GeofenceRow);
}

/** A full replacement, refused with 409 when `expectedVersion` is not the stored one. */
export async function replaceGeofence(db: DbSession, id: string, b: UpdateGeofenceRequest): Promise<Geofence> {
  await checkGroup(db, b.groupId);
  const result = await db.query<GeofenceRow>(
    `UPDATE geofences SET name = $2, description = $3, group_id = $4, shape = $5, alert_on_enter = $6, alert_on_exit = $7,
            updated_at = now(), version = version + 1, changed_xid = pg_current_xact_id()
      WHERE id = $1 AND version = $8 RETURNING ${columns}`,
    [id, b.name.trim(), b.description ?? null, b.groupId ?? null, JSON.stringify(b.shape), b.alertOnEnter ?? true, b.alertOnExit ?? true, b.expectedVersion],
  );
  if (result.rows[0]) return toGeofence(result.rows[0]);
  const exists = await db.query<{ version: number }>('SELECT version FROM geofences WHERE id = $1', [id]);
  if (!exists.rows[0]) throw noSuchGeofence();
  throw new ApiError(409, 'conflict', `The geofence changed since you loaded it (version ${b.expectedVersion}, now ${exists.rows[0].version}).`, { field: 'expectedVersion', reason: 'edited-elsewhere', params: { currentVersion: exists.rows[0].version } });
}

/**
 * Deletes and leaves a tombstone, so consoles syncing by cursor learn the id is gone. The
 * tombstone keeps the geofence's group: only those who could see it learn it is gone (S6).
 */
export async function deleteGeofence(db: DbSession, id: string): Promise<void> {
  const deleted = await db.query<{ group_id: string | null }>('DELETE FROM geofences WHERE id = $1 RETURNING group_id', [id]);
  const row = deleted.rows[0];
  if (!row) throw noSuchGeofence();
  await db.query(
    `INSERT INTO monitoring_tombstones (tenant_id, kind, id, group_id, tenant_wide) VALUES (app_current_tenant(), 'geofence', $1, $2, $2::uuid IS NULL)
     ON CONFLICT (tenant_id, kind, id) DO UPDATE SET changed_xid = pg_current_xact_id(), group_id = EXCLUDED.group_id, tenant_wide = EXCLUDED.tenant_wide`,
    [id, row.group_id],
  );
}
