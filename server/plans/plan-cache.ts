import type { TenantPlan } from '../../contract/api/plans.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import { planColumns, toPlan, type PlanRow } from './plan-rows.ts';

/** The channel migration 100's trigger notifies with a tenant id when its plan changes. */
export const plansChannel = 'tenant_plans_changed';

/**
 * Every client account's plan in memory, so ingest and the API limiter answer without a query
 * (decision 0200). Loaded once, then a tenant is re-read when its plan changes (NOTIFY from
 * any instance, on commit) and everything every `refreshMs` as a safety net for a missed
 * notification. A tenant not (yet) known has the default plan — which is what a new account has.
 */
export class PlanCache {
  #plans = new Map<string, TenantPlan>();
  #default: TenantPlan;
  readonly #db: FleetDb;

  private constructor(db: FleetDb, fallback: TenantPlan) {
    this.#db = db;
    this.#default = fallback;
  }

  static async load(db: FleetDb): Promise<PlanCache> {
    const row = (await db.query<PlanRow>(`SELECT ${planColumns} FROM plan_default()`)).rows[0];
    if (!row) throw new Error('plan_default() answered no row (migration 100 missing?)');
    const cache = new PlanCache(db, toPlan(row));
    await cache.refresh();
    return cache;
  }

  /** The plan in force for a tenant. */
  get(tenantId: string): TenantPlan {
    return this.#plans.get(tenantId) ?? this.#default;
  }

  /** Re-reads one tenant's plan, or (no id) every plan. */
  async refresh(tenantId?: string): Promise<void> {
    const rows = await this.#db.query<PlanRow & { tenant_id: string; is_default: boolean }>(
      `SELECT tenant_id, is_default, ${planColumns} FROM plan_effective($1)`,
      [tenantId ?? null],
    );
    if (tenantId === undefined) {
      const next = new Map<string, TenantPlan>();
      for (const r of rows.rows) if (!r.is_default) next.set(r.tenant_id, toPlan(r));
      this.#plans = next;
      return;
    }
    const row = rows.rows[0];
    if (row && !row.is_default) this.#plans.set(tenantId, toPlan(row));
    else this.#plans.delete(tenantId);
  }

  /** Hears plan changes until the returned close(); `onError` on a failed re-read or listener. */
  async follow(options: { refreshMs?: number; onError: (message: string, error: unknown) => void }): Promise<{ close(): Promise<void> }> {
    const uuid = /^[0-9a-f-]{36}$/i;
    const listener = await this.#db.listen(
      plansChannel,
      (tenantId) => {
        if (uuid.test(tenantId)) this.refresh(tenantId).catch((error: unknown) => options.onError('plan re-read failed; the previous plan applies until the next refresh', error));
      },
      (error) => options.onError('plan change listener failed; plans refresh every minute', error),
    );
    const timer = setInterval(
      () => void this.refresh().catch((error: unknown) => options.onError('plan refresh failed', error)),
      options.refreshMs ?? 60_000,
    ).unref();
    return {
      close: async () => {
        clearInterval(timer);
        await listener.close();
      },
    };
  }
}
