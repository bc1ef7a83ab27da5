import { apiBurstSeconds, type TenantPlan } from '../../contract/api/plans.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * Authenticated API requests per tenant (the plan's `apiRate`, bursts of `apiBurstSeconds`
 * worth): one token bucket per tenant in memory, per instance (decision 0200). Answers 0 when
 * the request may go on, else the seconds to wait (the route answers 429 with Retry-After).
 */
export class ApiRateLimit {
  readonly #planOf: (tenantId: string) => TenantPlan;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(planOf: (tenantId: string) => TenantPlan) {
    this.#planOf = planOf;
  }

  /** The tenant's plan rate, for the refusal's wording. */
  rateOf(tenantId: string): number {
    return this.#planOf(tenantId).apiRate;
  }

  take(tenantId: string, now: number): number {
    const rate = this.#planOf(tenantId).apiRate;
    const burst = rate * apiBurstSeconds;
    let bucket = this.#buckets.get(tenantId);
    if (!bucket) {
      bucket = new TokenBucket(rate, burst, now);
      this.#buckets.set(tenantId, bucket);
    } else if (bucket.rate !== rate) {
      bucket.setLimits(rate, burst, now);
    }
    const seconds = bucket.take(1, now);
    return seconds === 0 ? 0 : Math.max(1, Math.ceil(seconds));
  }
}
