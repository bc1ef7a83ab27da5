import { randomUUID } from 'node:crypto';
import { defaultTenantSettings } from '../../../../contract/api/settings.ts';
import type { Tenant, TenantListQuery, UpdateTenantRequest } from '../../../../contract/api/tenants.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { containsPattern, orderBy, paging } from '../../../tenancy/list-params.ts';
import { explainConstraint, notFound } from '../../../tenancy/pg-errors.ts';
import { announceTenantIngestChange } from '../../../tenancy/registry-invalidation.ts';
import { asTenant } from '../../../tenancy/tenant-switch.ts';

// Runs in the provider's transaction: the provider_directory policy shows it every tenant,
// and the registry (provider-only) gives the device counts.
const select = `SELECT t.id, t.name, t.kind, t.status, t.device_auth, t.purge_at, t.created_at, t.updated_at,
    (SELECT count(*)::int FROM registry_devices r WHERE r.assigned_tenant_id = t.id) AS device_count
  FROM tenants t`;

interface TenantRow {
  id: string;
  name: string;
  kind: Tenant['kind'];
  status: Tenant['status'];
  device_auth: Tenant['deviceAuth'];
  purge_at: Date | null;
  created_at: Date;
  updated_at: Date;
  device_count: number;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  status: row.status,
  deviceAuth: row.device_auth,
  deviceCount: row.device_count,
  purgeAt: row.purge_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const sortColumns = { name: 'lower(t.name)', createdAt: 't.created_at', status: 't.status' };
const nameTaken = { tenants_name_key: { field: 'name', why: { reason: 'name-taken', params: { kind: 'client-account' } }, message: 'Another client account already has this name.' } } as const;

export async function listTenants(db: DbSession, query: TenantListQuery) {
  const { limit, offset } = paging(query);
  const where = `WHERE ($1::text IS NULL OR t.name ILIKE $1) AND ($2::text IS NULL OR t.status = $2)
                   AND ($2::text IS NOT NULL OR t.status <> 'deleted')`;
  const params = [containsPattern(query.q), query.status ?? null];
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tenants t ${where}`, params);
  const rows = await db.query<TenantRow>(
    `${select} ${where} ${orderBy(sortColumns, query.sort ?? 'name', query.order, 't.id')} LIMIT $3 OFFSET $4`,
    [...params, limit, offset],
  );
  return { items: rows.rows.map(toTenant), total: total.rows[0]?.n ?? 0, limit, offset };
}

export async function getTenant(db: DbSession, id: string): Promise<Tenant> {
  const row = (await db.query<TenantRow>(`${select} WHERE t.id = $1`, [id])).rows[0];
  if (!row) throw notFound('client-account');
  return toTenant(row);
}

/** A new client tenant with default settings; its audit log starts with its own creation. */
export async function createTenant(db: DbSession, auth: RequestAuth, name: string): Promise<Tenant> {
  const id = randomUUID();
  const trimmed = name.trim();
  await asTenant(db, id, async () => {
    await explainConstraint(db.query("INSERT INTO tenants (id, name, kind) VALUES ($1, $2, 'client')", [id, trimmed]), nameTaken);
    await db.query('INSERT INTO tenant_settings_versions (tenant_id, version, settings) VALUES ($1, 1, $2)', [
      id,
      JSON.stringify({ displayName: trimmed, ...defaultTenantSettings }),
    ]);
    await recordAudit(db, auth, { action: 'tenants.create', targetType: 'tenant', targetId: id, targetLabel: trimmed, after: { name: trimmed } });
  });
  const tenant = await getTenant(db, id);
  await recordAudit(db, auth, { action: 'tenants.create', targetType: 'tenant', targetId: id, targetLabel: trimmed, after: tenant });
  return tenant;
}

export const pendingDeletion = (tenant: Tenant) =>
  new ApiError(409, 'conflict', `This account is to be deleted on ${tenant.purgeAt}; restore it first.`, {
    field: 'id',
    reason: 'account-already-pending-deletion',
    params: { purgeAt: tenant.purgeAt ?? '' },
  });

/** Provider changes to a client account, recorded in both the client's and the provider's log. */
export async function updateTenant(db: DbSession, auth: RequestAuth, id: string, change: UpdateTenantRequest | { status: 'deleted' }): Promise<Tenant> {
  const before = await getTenant(db, id);
  if (before.kind !== 'client' || before.status === 'deleted') throw notFound('client-account');
  // A pending deletion ends only by restore (or the purge): a status change here would lose the date.
  if (before.status === 'pending-deletion' && change.status !== undefined) throw pendingDeletion(before);
  if (change.status === 'deleted' && before.deviceCount > 0) {
    throw new ApiError(409, 'conflict', `Unassign or transfer this account's ${before.deviceCount} device(s) before deleting it.`, { field: 'id', reason: 'account-has-devices', params: { deviceCount: before.deviceCount } });
  }
  const name = 'name' in change && change.name !== undefined ? change.name.trim() : null;
  await asTenant(db, id, async () => {
    await explainConstraint(
      db.query('UPDATE tenants SET name = coalesce($2, name), status = coalesce($3, status), device_auth = coalesce($4, device_auth), updated_at = now() WHERE id = $1', [
        id,
        name,
        change.status ?? null,
        'deviceAuth' in change ? (change.deviceAuth ?? null) : null,
      ]),
      nameTaken,
    );
  });
  const after = await getTenant(db, id);
  // Ingest caches each unit's tenant policy and active state: it must see the change at once.
  if (after.deviceAuth !== before.deviceAuth || after.status !== before.status) await announceTenantIngestChange(db, id);
  const action = change.status === 'deleted' ? 'tenants.delete' : change.status && change.status !== before.status ? `tenants.${change.status === 'active' ? 'activate' : 'suspend'}` : 'tenants.update';
  const entry = { action, targetType: 'tenant', targetId: id, targetLabel: after.name, before, after };
  await asTenant(db, id, () => recordAudit(db, auth, entry));
  await recordAudit(db, auth, entry);
  return after;
}
