import type { DbSession } from '../db/fleet-db.ts';
import type { RequestAuth } from '../plugins/app/authenticate.ts';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends an audit entry to the CURRENT tenant of the transaction (RLS checks it), in the same
 * transaction as the change it describes: no change without its entry, no entry without it.
 * Secrets never reach it: callers pass DTOs, never password hashes or reporting secrets.
 */
export async function recordAudit(db: DbSession, auth: RequestAuth, record: AuditRecord): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (tenant_id, actor_user_id, actor_name, actor_tenant_id, action, target_type, target_id, target_label, before, after)
     VALUES (app_current_tenant(), $1, coalesce((SELECT display_name FROM auth_user($1)), 'unknown user'), $2, $3, $4, $5, $6, $7, $8)`,
    [
      auth.userId,
      // A support session acts from the provider: the entry says so (decision 0210).
      auth.support?.providerTenantId ?? auth.tenantId,
      record.action,
      record.targetType,
      record.targetId,
      record.targetLabel,
      record.before === undefined ? null : JSON.stringify(record.before),
      record.after === undefined ? null : JSON.stringify(record.after),
    ],
  );
}
