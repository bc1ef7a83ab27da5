import type { TenantPlan } from '../../contract/api/plans.ts';

/** A plan as plan_default() / plan_effective() answer it (migration 100). */
export interface PlanRow {
  max_units: number;
  max_users: number;
  retention_days: number;
  // bigint arrives as text (node-postgres keeps 64-bit integers exact).
  storage_bytes: string;
  ingest_rate: number;
  ingest_burst: number;
  api_rate: number;
}

export const planColumns = 'max_units, max_users, retention_days, storage_bytes, ingest_rate, ingest_burst, api_rate';

export const toPlan = (r: PlanRow): TenantPlan => ({
  maxUnits: r.max_units,
  maxUsers: r.max_users,
  retentionDays: r.retention_days,
  storageBytes: Number(r.storage_bytes),
  ingestRate: r.ingest_rate,
  ingestBurst: r.ingest_burst,
  apiRate: r.api_rate,
});
