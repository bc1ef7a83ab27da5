import { randomUUID } from 'node:crypto';
import type { Role } from '../../../../contract/api/auth.ts';
import { assignableRoles, unscopedRoles } from '../../../../contract/api/permissions.ts';
import { passwordProblemText, passwordRule, usernameKey, type CreateUserRequest, type Member, type MemberListQuery, type UpdateMemberRequest } from '../../../../contract/api/users.ts';
import { hashPassword } from '../../../auth/password.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { roleLabels } from '../../../tenancy/role-labels.ts';
import { containsPattern, orderBy, paging } from '../../../tenancy/list-params.ts';
import { explainConstraint, notFound } from '../../../tenancy/pg-errors.ts';
import { requirePlanRoom } from '../plans/plans-repository.ts';

// users rows are visible only for members of the current tenant (RLS, migration 013), so the
// join needs no tenant filter and can never show another tenant's people.
const select = `SELECT u.id, u.username, u.display_name, m.role, m.created_at,
    (SELECT array_agg(mg.group_id ORDER BY mg.group_id) FROM membership_groups mg WHERE mg.user_id = m.user_id) AS group_ids
  FROM memberships m JOIN users u ON u.id = m.user_id`;

interface MemberRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  created_at: Date;
  group_ids: string[] | null;
}

const toMember = (row: MemberRow): Member => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  groupIds: unscopedRoles.includes(row.role) ? null : row.group_ids,
  createdAt: row.created_at.toISOString(),
});

const sortColumns = { username: 'lower(u.username)', displayName: 'lower(u.display_name)', role: 'm.role', createdAt: 'm.created_at' };

export async function listMembers(db: DbSession, query: MemberListQuery) {
  const { limit, offset } = paging(query);
  const where = 'WHERE ($1::text IS NULL OR u.username ILIKE $1 OR u.display_name ILIKE $1) AND ($2::text IS NULL OR m.role = $2)';
  const params = [containsPattern(query.q), query.role ?? null];
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id ${where}`, params);
  const rows = await db.query<MemberRow>(`${select} ${where} ${orderBy(sortColumns, query.sort ?? 'username', query.order, 'u.id')} LIMIT $3 OFFSET $4`, [
    ...params,
    limit,
    offset,
  ]);
  return { items: rows.rows.map(toMember), total: total.rows[0]?.n ?? 0, limit, offset };
}

export async function getMember(db: DbSession, userId: string): Promise<Member> {
  const row = (await db.query<MemberRow>(`${select} WHERE m.user_id = $1`, [userId])).rows[0];
  if (!row) throw notFound('member');
  return toMember(row);
}

function mayGrant(auth: RequestAuth, role: Role, field: string): void {
  if (!assignableRoles(auth.role).includes(role)) {
    throw new ApiError(403, 'forbidden', `As ${roleLabels[auth.role]} you may not make someone ${roleLabels[role]}.`, { field, reason: 'role-not-allowed', params: { role, ownRole: auth.role } });
  }
}

/**
 * Group ids must be groups of this tenant visible to the caller. A foreign or unknown id gets
 * the same answer, so this cannot be used to probe other tenants' ids.
 */
async function checkScope(db: DbSession, role: Role, groupIds: readonly string[] | null | undefined): Promise<string[]> {
  if (!groupIds || groupIds.length === 0) return [];
  if (unscopedRoles.includes(role)) {
    throw new ApiError(400, 'invalid_input', `groupIds: ${roleLabels[role]} always sees every group; only dispatchers and viewers can be limited to groups.`, { field: 'groupIds', reason: 'scope-not-for-role', params: { role } });
  }
  const found = await db.query<{ id: string }>('SELECT id FROM groups WHERE id = ANY($1::uuid[])', [groupIds]);
  if (found.rowCount !== groupIds.length) {
    throw new ApiError(400, 'invalid_input', 'groupIds contains an id that is not a group of this account.', { field: 'groupIds', reason: 'group-not-in-account' });
  }
  return [...groupIds];
}

async function setScope(db: DbSession, userId: string, groupIds: readonly string[]): Promise<void> {
  await db.query('DELETE FROM membership_groups WHERE user_id = $1', [userId]);
  if (groupIds.length) {
    await db.query('INSERT INTO membership_groups (tenant_id, user_id, group_id) SELECT app_current_tenant(), $1, unnest($2::uuid[])', [userId, groupIds]);
  }
}

/** Creates the person and makes them a member of the current tenant, in one transaction. */
export async function createMember(db: DbSession, auth: RequestAuth, request: CreateUserRequest): Promise<Member> {
  mayGrant(auth, request.role, 'role');
  const weak = passwordRule(request.password, request.username);
  if (weak) throw new ApiError(400, 'invalid_input', `password ${passwordProblemText(weak)}`, { field: 'password', reason: 'password-weak', params: weak });
  const groupIds = await checkScope(db, request.role, request.groupIds);
  // The account's plan must have room for one more member (decision 0200).
  await requirePlanRoom(db, null, 'maxUsers');
  const id = randomUUID();
  await explainConstraint(
    // Stored in its one normalised form (usernameKey): what sign-in looks up.
    db.query('INSERT INTO users (id, username, display_name, password_hash) VALUES ($1, $2, $3, $4)', [
      id,
      usernameKey(request.username),
      request.displayName.trim(),
      await hashPassword(request.password),
    ]),
    { users_username_key: { field: 'username', why: { reason: 'name-taken', params: { kind: 'username' } }, message: `The username ${request.username} is taken; choose another.` } },
  );
  await db.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES (app_current_tenant(), $1, $2)', [id, request.role]);
  await setScope(db, id, groupIds);
  const member = await getMember(db, id);
  await recordAudit(db, auth, { action: 'users.create', targetType: 'user', targetId: id, targetLabel: member.username, after: member });
  return member;
}

async function ownerCount(db: DbSession): Promise<number> {
  return (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM memberships WHERE role = 'owner'")).rows[0]?.n ?? 0;
}

export async function updateMember(db: DbSession, auth: RequestAuth, userId: string, change: UpdateMemberRequest): Promise<Member> {
  const before = await getMember(db, userId);
  if (userId === auth.userId) throw new ApiError(403, 'forbidden', 'You cannot change your own role or groups; ask another admin.', { field: 'id', reason: 'own-membership' });
  mayGrant(auth, before.role, 'id');
  const role = change.role ?? before.role;
  if (change.role) mayGrant(auth, change.role, 'role');
  if (before.role === 'owner' && role !== 'owner' && (await ownerCount(db)) <= 1) {
    throw new ApiError(409, 'conflict', 'This is the last owner of the account; make someone else owner first.', { field: 'role', reason: 'last-owner' });
  }
  const groupIds = change.groupIds !== undefined ? await checkScope(db, role, change.groupIds) : unscopedRoles.includes(role) ? [] : (before.groupIds ?? []);
  await db.query('UPDATE memberships SET role = $2, updated_at = now() WHERE user_id = $1', [userId, role]);
  await setScope(db, userId, groupIds);
  const after = await getMember(db, userId);
  await recordAudit(db, auth, { action: 'users.update', targetType: 'user', targetId: userId, targetLabel: after.username, before, after });
  return after;
}

/** Ends the membership; the person keeps their other tenants. */
export async function removeMember(db: DbSession, auth: RequestAuth, userId: string): Promise<void> {
  const before = await getMember(db, userId);
  if (userId === auth.userId) throw new ApiError(403, 'forbidden', 'You cannot remove yourself; ask another admin.', { field: 'id', reason: 'own-membership' });
  mayGrant(auth, before.role, 'id');
  if (before.role === 'owner' && (await ownerCount(db)) <= 1) {
    throw new ApiError(409, 'conflict', 'This is the last owner of the account and cannot be removed.', { field: 'id', reason: 'last-owner' });
  }
  await db.query('DELETE FROM memberships WHERE user_id = $1', [userId]);
  await recordAudit(db, auth, { action: 'users.remove', targetType: 'user', targetId: userId, targetLabel: before.username, before });
}
