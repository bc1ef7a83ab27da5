import { randomUUID } from 'node:crypto';
import type { Group, GroupListQuery } from '../../../../contract/api/groups.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { containsPattern, orderBy, paging } from '../../../tenancy/list-params.ts';
import { explainConstraint, notFound } from '../../../tenancy/pg-errors.ts';

// No tenant or group filter here: RLS (tenant_isolation + group_scope) decides what is visible.
const select = `SELECT g.id, g.name, g.created_at,
    (SELECT count(*)::int FROM devices d WHERE d.group_id = g.id AND d.transferred_at IS NULL) AS device_count
  FROM groups g`;

interface GroupRow {
  id: string;
  name: string;
  created_at: Date;
  device_count: number;
}

const toGroup = (row: GroupRow): Group => ({ id: row.id, name: row.name, deviceCount: row.device_count, createdAt: row.created_at.toISOString() });
const sortColumns = { name: 'lower(g.name)', createdAt: 'g.created_at' };
const nameTaken = { groups_name_key: { field: 'name', why: { reason: 'name-taken', params: { kind: 'group' } }, message: 'Another group already has this name.' } } as const;

export async function listGroups(db: DbSession, query: GroupListQuery) {
  const { limit, offset } = paging(query);
  const pattern = containsPattern(query.q);
  const total = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM groups g WHERE ($1::text IS NULL OR g.name ILIKE $1)', [pattern]);
  const rows = await db.query<GroupRow>(
    `${select} WHERE ($1::text IS NULL OR g.name ILIKE $1) ${orderBy(sortColumns, query.sort ?? 'name', query.order, 'g.id')} LIMIT $2 OFFSET $3`,
    [pattern, limit, offset],
  );
  return { items: rows.rows.map(toGroup), total: total.rows[0]?.n ?? 0, limit, offset };
}

export async function getGroup(db: DbSession, id: string): Promise<Group> {
  const row = (await db.query<GroupRow>(`${select} WHERE g.id = $1`, [id])).rows[0];
  if (!row) throw notFound('group');
  return toGroup(row);
}

export async function createGroup(db: DbSession, auth: RequestAuth, name: string): Promise<Group> {
  const id = randomUUID();
  await explainConstraint(db.query('INSERT INTO groups (tenant_id, id, name) VALUES (app_current_tenant(), $1, $2)', [id, name.trim()]), nameTaken);
  const group = await getGroup(db, id);
  await recordAudit(db, auth, { action: 'groups.create', targetType: 'group', targetId: id, targetLabel: group.name, after: group });
  return group;
}

export async function renameGroup(db: DbSession, auth: RequestAuth, id: string, name: string): Promise<Group> {
  const before = await getGroup(db, id);
  await explainConstraint(db.query('UPDATE groups SET name = $2 WHERE id = $1', [id, name.trim()]), nameTaken);
  const after = await getGroup(db, id);
  await recordAudit(db, auth, { action: 'groups.update', targetType: 'group', targetId: id, targetLabel: after.name, before, after });
  return after;
}

/** Refused while vehicles or scoped members still point at it: deleting must not widen a scope. */
export async function deleteGroup(db: DbSession, auth: RequestAuth, id: string): Promise<void> {
  const before = await getGroup(db, id);
  const inUse = 'Move its vehicles and members to other groups before deleting this group.';
  await explainConstraint(db.query('DELETE FROM groups WHERE id = $1', [id]), {
    devices_tenant_id_group_id_fkey: { field: 'id', why: { reason: 'group-in-use' }, message: inUse },
    membership_groups_tenant_id_group_id_fkey: { field: 'id', why: { reason: 'group-in-use' }, message: inUse },
    geofences_tenant_id_group_id_fkey: { field: 'id', why: { reason: 'group-has-geofences' }, message: 'Geofences still belong to this group; move or delete them first.' },
  });
  await recordAudit(db, auth, { action: 'groups.delete', targetType: 'group', targetId: id, targetLabel: before.name, before });
}
