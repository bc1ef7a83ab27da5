import { createHash } from 'node:crypto';
import type { FleetDb } from '../db/fleet-db.ts';

/**
 * Ids the isolation suite throws at the API, read straight from the database so that tables
 * added later (by any engineer) are covered without editing the suite: every table with
 * tenant_id and a uuid `id` contributes its ids, keyed by table name.
 */
export async function idsOfTenant(db: FleetDb, tenantId: string, perTable = 2): Promise<Map<string, string[]>> {
  const tables = await tenantTables(db, 'id');
  const ids = new Map<string, string[]>();
  await db.withTenant(tenantId, async (session) => {
    for (const table of tables) {
      const rows = await session.query<{ id: string }>(`SELECT id::text AS id FROM ${quote(table)} ORDER BY id LIMIT $1`, [perTable]);
      if (rows.rowCount) ids.set(table, rows.rows.map((r) => r.id));
    }
  });
  return ids;
}

/**
 * Ids in tenant `tenantId` that belong to `groupId` and not to the scope `visibleGroupIds`:
 * the group itself, its vehicles, and rows of tables keyed by device_id that point at them.
 */
export async function idsOfGroup(db: FleetDb, tenantId: string, groupId: string, perTable = 2): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>([['groups', [groupId]]]);
  const byDevice = await tenantTables(db, 'device_id');
  await db.withTenant(tenantId, async (session) => {
    const devices = await session.query<{ id: string }>('SELECT id::text AS id FROM devices WHERE group_id = $1 ORDER BY id', [groupId]);
    ids.set('devices', devices.rows.map((r) => r.id).slice(0, perTable + 1));
    for (const table of byDevice) {
      const hasId = await session.query(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'id' AND data_type = 'uuid'`, [table]);
      if (!hasId.rowCount) continue;
      const rows = await session.query<{ id: string }>(
        `SELECT t.id::text AS id FROM ${quote(table)} t JOIN devices d ON d.id = t.device_id WHERE d.group_id = $1 ORDER BY t.id LIMIT $2`,
        [groupId, perTable],
      );
      if (rows.rowCount) ids.set(table, rows.rows.map((r) => r.id));
    }
  });
  return ids;
}

/** A fingerprint of every row a tenant owns (as the API role sees it with that tenant set). */
export async function tenantFingerprint(db: FleetDb, tenantId: string): Promise<Record<string, string>> {
  const tables = await tenantTables(db, 'tenant_id');
  const result: Record<string, string> = {};
  await db.withTenant(tenantId, async (session) => {
    for (const table of tables) {
      const rows = await session.query<{ row: string }>(`SELECT t::text AS row FROM ${quote(table)} t ORDER BY 1`);
      result[table] = createHash('sha256').update(rows.rows.map((r) => r.row).join('\n')).digest('hex').slice(0, 16) + `:${rows.rowCount}`;
    }
  });
  return result;
}

/** Public tables with a uuid column `column` that the API role may read (partitions excluded). */
async function tenantTables(db: FleetDb, column: string): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace
       JOIN information_schema.columns tc ON tc.table_name = c.table_name AND tc.column_name = 'tenant_id'
      WHERE c.table_schema = 'public' AND c.column_name = $1 AND c.data_type = 'uuid'
        AND NOT k.relispartition AND has_table_privilege(k.oid, 'SELECT')
      ORDER BY c.table_name`,
    [column],
  );
  return rows.rows.map((r) => r.table_name);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
