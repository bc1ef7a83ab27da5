import type { AuditEntry, AuditListQuery } from '../../../../contract/api/audit.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { orderBy, paging } from '../../../tenancy/list-params.ts';

interface AuditRow {
  id: string;
  tenant_id: string;
  tenant_name: string;
  at: Date;
  actor_user_id: string | null;
  actor_name: string;
  actor_tenant_id: string;
  action: string;
  target_type: string;
  target_id: string | null;
  target_label: string | null;
  before: unknown;
  after: unknown;
}

const sortColumns = { at: 'a.at', action: 'a.action' };

/**
 * A tenant reads its own log; the provider reads every tenant's (policy provider_reads_all),
 * optionally narrowed to one. Neither filter is written here for isolation: RLS does that.
 */
export async function listAudit(db: DbSession, query: AuditListQuery) {
  const { limit, offset } = paging(query);
  const action = query.action ?? null;
  const where = `WHERE ($1::text IS NULL OR (right($1, 1) = '.' AND starts_with(a.action, $1)) OR a.action = $1)
      AND ($2::text IS NULL OR a.target_type = $2) AND ($3::uuid IS NULL OR a.target_id = $3)
      AND ($4::uuid IS NULL OR a.actor_user_id = $4) AND ($5::timestamptz IS NULL OR a.at >= $5)
      AND ($6::timestamptz IS NULL OR a.at < $6) AND ($7::uuid IS NULL OR a.tenant_id = $7)`;
  const params = [action, query.targetType ?? null, query.targetId ?? null, query.actorId ?? null, query.from ?? null, query.to ?? null, query.tenantId ?? null];
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log a ${where}`, params);
  const rows = await db.query<AuditRow>(
    `SELECT a.*, t.name AS tenant_name FROM audit_log a JOIN tenants t ON t.id = a.tenant_id ${where}
     ${orderBy(sortColumns, query.sort ?? 'at', query.order ?? (query.sort === 'action' ? 'asc' : 'desc'), 'a.id')} LIMIT $8 OFFSET $9`,
    [...params, limit, offset],
  );
  const items: AuditEntry[] = rows.rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    tenantName: r.tenant_name,
    at: r.at.toISOString(),
    actor: { id: r.actor_user_id, name: r.actor_name, tenantId: r.actor_tenant_id },
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    targetLabel: r.target_label,
    before: r.before,
    after: r.after,
  }));
  return { items, total: total.rows[0]?.n ?? 0, limit, offset };
}
