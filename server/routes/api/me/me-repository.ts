import type { TenantKind } from '../../../../contract/api/auth.ts';
import type { DbSession } from '../../../db/fleet-db.ts';

/** The tenant the transaction is set to: RLS shows it exactly one tenant row, the token's. */
export async function currentTenant(db: DbSession): Promise<{ name: string; kind: TenantKind } | null> {
  const tenant = await db.query<{ name: string; kind: TenantKind }>('SELECT name, kind FROM tenants');
  return tenant.rows[0] ?? null;
}

/** RLS (migration 013) lets a user's row be updated in a tenant they are a member of. */
export async function setPasswordHash(db: DbSession, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
}
