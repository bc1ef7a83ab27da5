import type { PlanLimit, PlanUsage, TenantPlan, TenantPlanView } from '../../../../contract/api/plans.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { planColumns, toPlan, type PlanRow } from '../../../plans/plan-rows.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { notFound } from '../../../tenancy/pg-errors.ts';
import { asTenant } from '../../../tenancy/tenant-switch.ts';

// plan_effective / plan_usage / plan_room (migration 100) answer the provider for any client
// account and a tenant for itself only; anyone else gets no row, hence the 404.

export async function planView(db: DbSession, tenantId: string): Promise<TenantPlanView> {
  const row = (await db.query<PlanRow & { is_default: boolean; updated_at: Date | null }>(
    `SELECT is_default, updated_at, ${planColumns} FROM plan_effective($1)`,
    [tenantId],
  )).rows[0];
  if (!row) throw notFound('client-account');
  const usage = (await db.query<{ units: number; users: number; positions: string; storage_bytes: string }>('SELECT * FROM plan_usage($1)', [tenantId])).rows[0];
  const used: PlanUsage = {
    units: usage?.units ?? 0,
    users: usage?.users ?? 0,
    positions: Number(usage?.positions ?? 0),
    storageBytes: Number(usage?.storage_bytes ?? 0),
  };
  return { plan: toPlan(row), isDefault: row.is_default, updatedAt: row.updated_at?.toISOString() ?? null, usage: used };
}

/** Sets a client account's plan (provider); the account's audit log records the change. */
export async function setPlan(db: DbSession, auth: RequestAuth, tenantId: string, plan: TenantPlan): Promise<TenantPlanView> {
  if (plan.ingestBurst < plan.ingestRate) {
    throw new ApiError(400, 'invalid_input', `ingestBurst must be at least ingestRate (${plan.ingestRate})`, { field: 'ingestBurst', reason: 'plan-burst-below-rate', params: { ingestRate: plan.ingestRate } });
  }
  const before = await planView(db, tenantId);
  await db.query(
    `INSERT INTO tenant_plans (tenant_id, ${planColumns}, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id) DO UPDATE SET max_units = excluded.max_units, max_users = excluded.max_users, retention_days = excluded.retention_days,
       storage_bytes = excluded.storage_bytes, ingest_rate = excluded.ingest_rate, ingest_burst = excluded.ingest_burst, api_rate = excluded.api_rate,
       updated_at = clock_timestamp(), updated_by = excluded.updated_by`,
    [tenantId, plan.maxUnits, plan.maxUsers, plan.retentionDays, plan.storageBytes, plan.ingestRate, plan.ingestBurst, plan.apiRate, auth.userId],
  );
  const after = await planView(db, tenantId);
  await asTenant(db, tenantId, () => recordAudit(db, auth, { action: 'tenants.setPlan', targetType: 'tenant', targetId: tenantId, targetLabel: null, before: before.plan, after: after.plan }));
  return after;
}

const limitColumn: Record<PlanLimit, 'units' | 'users'> = { maxUnits: 'units', maxUsers: 'users' };

/**
 * Before adding one unit or member to an account: refuses with `plan-limit-reached` (naming
 * the limit, its value and what is used) when the plan has no room. Holds a per-account lock
 * to the end of the transaction, so two additions at once cannot both take the last place.
 */
export async function requirePlanRoom(db: DbSession, tenantId: string | null, limit: PlanLimit, field?: string): Promise<void> {
  // null: the transaction's current tenant (a member is created inside the account).
  const room = (await db.query<{ used: number; max: number }>('SELECT used, max FROM plan_room(coalesce($1::uuid, app_current_tenant()), $2)', [tenantId, limitColumn[limit]])).rows[0];
  if (!room) throw notFound('client-account');
  if (room.used >= room.max) {
    const what = limit === 'maxUnits' ? 'vehicles' : 'members';
    throw new ApiError(409, 'conflict', `The account's plan allows ${room.max} ${what} and ${room.used} are in use (${limit}).`, {
      ...(field === undefined ? {} : { field }),
      reason: 'plan-limit-reached',
      params: { limit, max: room.max, used: room.used },
    });
  }
}
