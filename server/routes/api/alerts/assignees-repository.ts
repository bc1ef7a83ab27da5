import type { UserRef } from '../../../../contract/api/alerts.ts';
import { assignableAlertRoles } from '../../../alerts/alerts-repository.ts';
import type { DbSession } from '../../../db/fleet-db.ts';

/**
 * Members of the current tenant who may handle alerts. memberships and users are RLS-filtered
 * to the request's tenant (migrations 001, 013), so there is no tenant filter to forget; only
 * id and display name leave the database.
 */
export async function listAlertAssignees(db: DbSession): Promise<UserRef[]> {
  const rows = await db.query<{ id: string; display_name: string }>(
    `SELECT u.id, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.role = ANY($1::text[]) ORDER BY lower(u.display_name), u.id`,
    [assignableAlertRoles],
  );
  return rows.rows.map((row) => ({ id: row.id, displayName: row.display_name }));
}
