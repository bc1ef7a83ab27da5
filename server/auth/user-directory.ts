import type { Role, TenantKind, UserSummary } from '../../contract/api/auth.ts';
import type { DbSession } from '../db/fleet-db.ts';
import type { Membership } from '../../contract/api/auth.ts';

/**
 * Cross-tenant reads of users and memberships for sign-in and token exchange. The app role has
 * no grant on those tables; these go through the owner's SECURITY DEFINER auth_* functions.
 */
export interface UserWithHash extends UserSummary {
  passwordHash: string;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
}

/** `key` is `usernameKey(username)` (contract/api/users.ts): compared as is with the stored key. */
export async function findUserByUsername(db: DbSession, key: string): Promise<UserWithHash | null> {
  const result = await db.query<UserRow & { password_hash: string }>('SELECT * FROM auth_find_user_by_key($1)', [key]);
  const row = result.rows[0];
  return row ? { ...toSummary(row), passwordHash: row.password_hash } : null;
}

export async function findUserById(db: DbSession, userId: string): Promise<UserSummary | null> {
  const result = await db.query<UserRow>('SELECT * FROM auth_user($1)', [userId]);
  const row = result.rows[0];
  return row ? toSummary(row) : null;
}

export async function listMemberships(db: DbSession, userId: string): Promise<Membership[]> {
  const result = await db.query<{ tenant_id: string; tenant_name: string; tenant_kind: TenantKind; role: Role }>(
    'SELECT * FROM auth_memberships($1)',
    [userId],
  );
  // A handful of memberships per person: one scope read each is cheaper than a new SQL function.
  return Promise.all(
    result.rows.map(async (row) => ({
      tenantId: row.tenant_id,
      tenantName: row.tenant_name,
      tenantKind: row.tenant_kind,
      role: row.role,
      groupScoped: (await membershipGroups(db, userId, row.tenant_id)) !== null,
    })),
  );
}

/** The membership's group scope (null = all groups), read fresh at every token exchange. */
export async function membershipGroups(db: DbSession, userId: string, tenantId: string): Promise<string[] | null> {
  const result = await db.query<{ groups: string[] | null }>('SELECT auth_membership_groups($1, $2) AS groups', [userId, tenantId]);
  return result.rows[0]?.groups ?? null;
}

function toSummary(row: UserRow): UserSummary {
  return { id: row.id, username: row.username, displayName: row.display_name };
}

/** A membership the user cannot use because its account is closed (suspended or pending deletion). */
export interface ClosedMembership {
  tenantId: string;
  tenantName: string;
  status: 'suspended' | 'pending-deletion';
  purgeAt: Date | null;
}

export async function closedMemberships(db: DbSession, userId: string): Promise<ClosedMembership[]> {
  const result = await db.query<{ tenant_id: string; tenant_name: string; status: ClosedMembership['status']; purge_at: Date | null }>(
    'SELECT * FROM auth_closed_memberships($1)',
    [userId],
  );
  return result.rows.map((r) => ({ tenantId: r.tenant_id, tenantName: r.tenant_name, status: r.status, purgeAt: r.purge_at }));
}
