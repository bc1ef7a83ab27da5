import type { ActiveSupportGrant, CreateSupportGrantRequest, SupportGrant, SupportGrantList } from '../../../../contract/api/support.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';

interface GrantRow {
  id: string;
  access: 'read' | 'write';
  group_ids: string[] | null;
  note: string;
  granted_by: string;
  granted_by_name: string | null;
  granted_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoked_by_name: string | null;
  state: SupportGrant['state'];
}

// Names through auth_user (the API role has no grant on users); state from the database's clock.
const grantColumns = `g.id, g.access, g.group_ids::text[] AS group_ids, g.note, g.granted_by, g.granted_at, g.expires_at, g.revoked_at, g.revoked_by,
  (SELECT display_name FROM auth_user(g.granted_by)) AS granted_by_name,
  (SELECT display_name FROM auth_user(g.revoked_by)) AS revoked_by_name,
  CASE WHEN g.revoked_at IS NOT NULL THEN 'revoked' WHEN g.expires_at <= now() THEN 'expired' ELSE 'active' END AS state`;

function toGrant(row: GrantRow): SupportGrant {
  return {
    id: row.id,
    access: row.access,
    groupIds: row.group_ids,
    note: row.note,
    grantedBy: { id: row.granted_by, name: row.granted_by_name ?? 'unknown user' },
    grantedAt: row.granted_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedBy: row.revoked_by ? { id: row.revoked_by, name: row.revoked_by_name ?? 'unknown user' } : null,
    state: row.state,
  };
}

/** The account's grants: every active one, then the last 50 that ended. */
export async function listSupportGrants(db: DbSession): Promise<SupportGrantList> {
  const rows = await db.query<GrantRow & { server_time: Date }>(
    `(SELECT ${grantColumns}, now() AS server_time FROM support_grants g WHERE g.revoked_at IS NULL AND g.expires_at > now() ORDER BY g.expires_at DESC)
     UNION ALL
     (SELECT ${grantColumns}, now() AS server_time FROM support_grants g WHERE g.revoked_at IS NOT NULL OR g.expires_at <= now() ORDER BY coalesce(g.revoked_at, g.expires_at) DESC LIMIT 50)`,
  );
  const serverTime = rows.rows[0]?.server_time ?? (await db.query<{ now: Date }>('SELECT now()')).rows[0]?.now ?? new Date();
  return { items: rows.rows.map(toGrant), serverTime: serverTime.toISOString() };
}

export async function createSupportGrant(db: DbSession, auth: RequestAuth, input: CreateSupportGrantRequest): Promise<SupportGrant> {
  const groupIds = input.groupIds ?? null;
  if (groupIds) {
    const found = await db.query('SELECT 1 FROM groups WHERE id = ANY ($1::uuid[])', [groupIds]);
    if (found.rowCount !== groupIds.length) {
      throw new ApiError(400, 'invalid_input', 'groupIds contains an id that is not a group of this account.', { field: 'groupIds', reason: 'group-not-in-account' });
    }
  }
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO support_grants (tenant_id, access, group_ids, note, granted_by, expires_at)
     VALUES (app_current_tenant(), $1, $2::uuid[], $3, $4, now() + make_interval(hours => $5))
     RETURNING id`,
    [input.access, groupIds, input.note?.trim() ?? '', auth.userId, input.hours],
  );
  const grant = await getGrant(db, inserted.rows[0]?.id ?? '');
  await recordAudit(db, auth, { action: 'support.grant', targetType: 'support-grant', targetId: grant.id, targetLabel: `${grant.access === 'write' ? 'read-write' : 'read-only'}, ${input.hours} h`, after: grant });
  return grant;
}

async function getGrant(db: DbSession, id: string): Promise<SupportGrant> {
  const rows = await db.query<GrantRow>(`SELECT ${grantColumns} FROM support_grants g WHERE g.id = $1`, [id]);
  const row = rows.rows[0];
  if (!row) throw new ApiError(404, 'not_found', 'There is no such support grant.', { reason: 'not-found', params: { kind: 'support-grant' } });
  return toGrant(row);
}

/** Ends a grant at once (its sessions' tokens are revoked by migration 106's trigger). Revoking an ended grant changes nothing. */
export async function revokeSupportGrant(db: DbSession, auth: RequestAuth, id: string): Promise<SupportGrant> {
  const before = await getGrant(db, id);
  if (before.state !== 'active') return before;
  await db.query('UPDATE support_grants SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL', [id, auth.userId]);
  const after = await getGrant(db, id);
  await recordAudit(db, auth, { action: 'support.revoke', targetType: 'support-grant', targetId: id, targetLabel: before.access === 'write' ? 'read-write' : 'read-only', before, after });
  return after;
}

interface ActiveRow {
  tenant_id: string;
  tenant_name: string;
  id: string;
  access: 'read' | 'write';
  group_ids: string[] | null;
  granted_by_name: string;
  granted_at: Date;
  expires_at: Date;
}

/** The provider's view of active grants (every account, or one): the terms, nothing of the account's data. */
export async function activeSupportGrants(db: DbSession, tenantId: string | null): Promise<{ items: ActiveSupportGrant[]; serverTime: string }> {
  const rows = await db.query<ActiveRow & { server_time: Date }>(
    'SELECT tenant_id, tenant_name, id, access, group_ids::text[] AS group_ids, granted_by_name, granted_at, expires_at, now() AS server_time FROM support_active_grants($1)',
    [tenantId],
  );
  const serverTime = rows.rows[0]?.server_time ?? new Date();
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      tenantName: r.tenant_name,
      access: r.access,
      groupIds: r.group_ids,
      grantedByName: r.granted_by_name,
      grantedAt: r.granted_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
    })),
    serverTime: serverTime.toISOString(),
  };
}

/** The database's clock now, in JWT seconds with fractions (revocations are ordered against it). */
export async function databaseNowSeconds(db: DbSession): Promise<number> {
  const rows = await db.query<{ now: string }>('SELECT extract(epoch FROM clock_timestamp())::text AS now');
  return Number(rows.rows[0]?.now);
}
