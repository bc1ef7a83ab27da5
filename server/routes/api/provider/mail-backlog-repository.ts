import type { MailBacklogResponse } from '../../../../contract/api/notifications.ts';
import type { DbSession } from '../../../db/fleet-db.ts';

interface BacklogRow { tenant_id: string; tenant_name: string; waiting: number; failed: number; oldest_waiting_at: Date | null; last_error: string | null }

/** Counts from migration 075's provider_mail_backlog() (empty outside the provider tenant). */
export async function mailBacklog(db: DbSession): Promise<MailBacklogResponse> {
  const rows = (await db.query<BacklogRow>('SELECT * FROM provider_mail_backlog()')).rows;
  const tenants = rows.map((r) => ({
    tenantId: r.tenant_id, tenantName: r.tenant_name, waiting: r.waiting, failed: r.failed,
    oldestWaitingAt: r.oldest_waiting_at?.toISOString() ?? null, lastError: r.last_error,
  }));
  const oldest = tenants.map((t) => t.oldestWaitingAt).filter((at): at is string => at !== null).sort()[0] ?? null;
  return { waiting: tenants.reduce((n, t) => n + t.waiting, 0), failed: tenants.reduce((n, t) => n + t.failed, 0), oldestWaitingAt: oldest, tenants };
}
