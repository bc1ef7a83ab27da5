import { Type, type Static } from 'typebox';
import { IsoDateTime } from './ids.ts';

/**
 * Plans and quotas per client account (issue 14, docs/decisions/0200-plans-quotas-and-fair-share.md):
 * what the provider grants a tenant, and what the tenant uses of it. A tenant without a plan of
 * its own has the default plan (`isDefault`).
 */
export const TenantPlan = Type.Object({
  /** Units (vehicles) that may be assigned at once; assigning one more is refused. */
  maxUnits: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  /** Members of the account; creating one more is refused. */
  maxUsers: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  /** Positions are kept at most this long (the account's own retention setting may be shorter). */
  retentionDays: Type.Integer({ minimum: 7, maximum: 3650 }),
  /** Storage the positions may take; shown against usage, not enforced at ingest (decision 0200). */
  storageBytes: Type.Integer({ minimum: 0 }),
  /** Fixes per second, sustained; also the account's weight when ingest is saturated. */
  ingestRate: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  /** Fixes accepted at once above the sustained rate; at least `ingestRate`. */
  ingestBurst: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  /** Authenticated API requests per second (bursts of 5 s worth). */
  apiRate: Type.Integer({ minimum: 1, maximum: 100_000 }),
});
export type TenantPlan = Static<typeof TenantPlan>;

/** What an account uses of its plan now. */
export const PlanUsage = Type.Object({
  units: Type.Integer({ minimum: 0 }),
  users: Type.Integer({ minimum: 0 }),
  positions: Type.Integer({ minimum: 0 }),
  /** An estimate: the positions' share of the stored bytes (decision 0160). */
  storageBytes: Type.Integer({ minimum: 0 }),
});
export type PlanUsage = Static<typeof PlanUsage>;

/** A tenant's plan in force, whether it is the default, and its usage. */
export const TenantPlanView = Type.Object({
  plan: TenantPlan,
  isDefault: Type.Boolean(),
  updatedAt: Type.Union([IsoDateTime, Type.Null()]),
  usage: PlanUsage,
});
export type TenantPlanView = Static<typeof TenantPlanView>;

/** The limits a refusal can name (reason `plan-limit-reached`). */
export type PlanLimit = 'maxUnits' | 'maxUsers';

/** Requests a burst allows above the API rate: this many seconds' worth. */
export const apiBurstSeconds = 5;
