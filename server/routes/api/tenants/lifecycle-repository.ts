import { createHash, randomBytes } from 'node:crypto';
import type { TenantExport } from '../../../../contract/api/lifecycle.ts';
import type { Tenant } from '../../../../contract/api/tenants.ts';
import type { DbSession, FleetDb } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { notFound } from '../../../tenancy/pg-errors.ts';
import { announceTenantIngestChange } from '../../../tenancy/registry-invalidation.ts';
import { asTenant } from '../../../tenancy/tenant-switch.ts';
import { getTenant, pendingDeletion } from './tenants-repository.ts';

/** How long a download ticket is good for: the console opens it at once. */
const ticketMinutes = 10;

/** Records `entry` in the client's log (the account sees what the provider did) and the provider's. */
async function auditBoth(db: DbSession, auth: RequestAuth, tenantId: string, entry: Parameters<typeof recordAudit>[2]): Promise<void> {
  await asTenant(db, tenantId, () => recordAudit(db, auth, entry));
  await recordAudit(db, auth, entry);
}

/**
 * Closes a client account now and purges it after `graceDays` (provider session). Its members
 * cannot sign in and its units are refused from now on (the status is not 'active': sign-in,
 * token exchange and ingest all check it; live tokens are revoked by migration 041's trigger).
 */
export async function scheduleDeletion(db: DbSession, auth: RequestAuth, id: string, graceDays: number): Promise<Tenant> {
  const before = await getTenant(db, id);
  if (before.kind !== 'client' || before.status === 'deleted') throw notFound('client-account');
  if (before.status === 'pending-deletion') throw pendingDeletion(before);
  // restore_status takes the old status: every right-hand side reads the row as it was.
  await asTenant(db, id, () =>
    db.query(
      `UPDATE tenants SET restore_status = status, status = 'pending-deletion', purge_at = now() + make_interval(days => $2), updated_at = now() WHERE id = $1`,
      [id, graceDays],
    ),
  );
  const after = await getTenant(db, id);
  await announceTenantIngestChange(db, id);
  await auditBoth(db, auth, id, { action: 'tenants.scheduleDeletion', targetType: 'tenant', targetId: id, targetLabel: after.name, before, after: { ...after, graceDays } });
  return after;
}

/** Ends a pending deletion: the account is back as it was (active or suspended), data intact. */
export async function restoreTenant(db: DbSession, auth: RequestAuth, id: string): Promise<Tenant> {
  const before = await getTenant(db, id);
  if (before.kind !== 'client' || before.status === 'deleted') throw notFound('client-account');
  if (before.status !== 'pending-deletion') {
    throw new ApiError(409, 'conflict', 'This account is not pending deletion.', { field: 'id', reason: 'account-not-pending-deletion' });
  }
  await asTenant(db, id, () =>
    db.query(`UPDATE tenants SET status = restore_status, restore_status = NULL, purge_at = NULL, updated_at = now() WHERE id = $1 AND status = 'pending-deletion'`, [id]),
  );
  const after = await getTenant(db, id);
  await announceTenantIngestChange(db, id);
  await auditBoth(db, auth, id, { action: 'tenants.restore', targetType: 'tenant', targetId: id, targetLabel: after.name, before, after });
  return after;
}

interface ExportRow {
  tenant_id: string;
  id: string;
  state: TenantExport['state'];
  created_at: Date;
  expires_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  files_written: number;
  rows_written: string;
  bytes_written: string;
  current_file: string | null;
  error: string | null;
}

const toExport = (r: ExportRow): TenantExport => ({
  id: r.id,
  tenantId: r.tenant_id,
  state: r.state,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  startedAt: r.started_at?.toISOString() ?? null,
  finishedAt: r.finished_at?.toISOString() ?? null,
  filesWritten: r.files_written,
  rowsWritten: Number(r.rows_written),
  bytesWritten: Number(r.bytes_written),
  currentFile: r.current_file,
  error: r.error,
});

export const hashTicket = (ticket: string): Buffer => createHash('sha256').update(ticket).digest();

/**
 * A new export of the CURRENT tenant of the transaction (the owner's own account, or the
 * provider's after asTenant), with its one-time download ticket; recorded in the account's
 * audit log, so the account sees who took its data.
 */
export async function createExport(db: DbSession, auth: RequestAuth): Promise<{ export: TenantExport; ticket: string }> {
  const ticket = randomBytes(32).toString('base64url');
  const row = (await db.query<ExportRow>(
    `INSERT INTO tenant_exports (tenant_id, requested_by, requested_from, ticket_hash, expires_at)
     VALUES (app_current_tenant(), $1, $2, $3, clock_timestamp() + make_interval(mins => $4)) RETURNING *`,
    [auth.userId, auth.tenantId, hashTicket(ticket), ticketMinutes],
  )).rows[0];
  if (!row) throw new Error('tenant_exports insert returned no row');
  await recordAudit(db, auth, { action: 'tenants.export', targetType: 'export', targetId: row.id, targetLabel: null });
  return { export: toExport(row), ticket };
}

/** The provider exports a client account: the export row and audit entry are the account's. */
export async function createTenantExport(db: DbSession, auth: RequestAuth, tenantId: string): Promise<{ export: TenantExport; ticket: string }> {
  const tenant = await getTenant(db, tenantId);
  if (tenant.kind !== 'client' || tenant.status === 'deleted') throw notFound('client-account');
  const created = await asTenant(db, tenantId, () => createExport(db, auth));
  await recordAudit(db, auth, { action: 'tenants.export', targetType: 'tenant', targetId: tenantId, targetLabel: tenant.name });
  return created;
}

/** One export of the current tenant (RLS: another account's id reads as not found). */
export async function getExport(db: DbSession, exportId: string): Promise<TenantExport> {
  const row = (await db.query<ExportRow>('SELECT * FROM tenant_exports WHERE id = $1', [exportId])).rows[0];
  if (!row) throw notFound('export');
  return toExport(row);
}

/** The provider reads a client account's export. */
export async function getTenantExport(db: DbSession, tenantId: string, exportId: string): Promise<TenantExport> {
  return asTenant(db, tenantId, () => getExport(db, exportId));
}

/** Claims an export for its download (single use, until it expires); null: wrong, used or expired. */
export async function claimExport(db: FleetDb, exportId: string, ticket: string): Promise<{ tenantId: string; tenantName: string } | null> {
  const row = (await db.query<{ tenant_id: string; tenant_name: string }>('SELECT tenant_id, tenant_name FROM lifecycle_claim_export($1, $2)', [exportId, hashTicket(ticket)])).rows[0];
  return row ? { tenantId: row.tenant_id, tenantName: row.tenant_name } : null;
}
