import type { TenantPlan } from '../../contract/api/plans.ts';
import type { AdmissionRefusal, IngestAdmission } from '../ingest/ingest-pipeline-types.ts';
import { FairShare, type FairShareOptions } from './fair-share.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * Ingest's admission by plan (decision 0200): each tenant's fixes pass its token bucket
 * (sustained `ingestRate`, `ingestBurst`; over it → 429), and while the pipeline is saturated,
 * its weighted share of the backlog (weight = `ingestRate`; over it → 503). Memory only: one
 * Map lookup per tenant per request.
 */
export class PlanAdmission implements IngestAdmission {
  readonly #planOf: (tenantId: string) => TenantPlan;
  readonly #buckets = new Map<string, TokenBucket>();
  readonly fairShare: FairShare;

  constructor(planOf: (tenantId: string) => TenantPlan, options: FairShareOptions = {}) {
    this.#planOf = planOf;
    this.fairShare = new FairShare(options);
  }

  admit(perTenant: ReadonlyMap<string, number>, now: number): AdmissionRefusal | null {
    const weightOf = (tenantId: string) => this.#planOf(tenantId).ingestRate;
    const wait = this.fairShare.check(perTenant, weightOf);
    if (wait > 0) {
      // The tenant holding most of the backlog among the request's (usually the only one).
      const [tenantId = ''] = [...perTenant.keys()];
      return { kind: 'share', tenantId, retryAfterSeconds: wait };
    }
    const taken: [TokenBucket, number][] = [];
    for (const [tenantId, n] of perTenant) {
      const bucket = this.#bucket(tenantId, now);
      const seconds = bucket.take(n, now);
      if (seconds > 0) {
        for (const [b, m] of taken) b.giveBack(m);
        return { kind: 'rate', tenantId, retryAfterSeconds: Math.max(1, Math.ceil(seconds)), ratePerSecond: bucket.rate };
      }
      taken.push([bucket, n]);
    }
    this.fairShare.add(perTenant);
    return null;
  }

  done(perTenant: ReadonlyMap<string, number>, now: number): void {
    this.fairShare.done(perTenant, now);
  }

  /** The tenant's bucket, following its plan (a changed plan applies at the next request). */
  #bucket(tenantId: string, now: number): TokenBucket {
    const plan = this.#planOf(tenantId);
    let bucket = this.#buckets.get(tenantId);
    if (!bucket) {
      bucket = new TokenBucket(plan.ingestRate, plan.ingestBurst, now);
      this.#buckets.set(tenantId, bucket);
    } else if (bucket.rate !== plan.ingestRate || bucket.burst !== plan.ingestBurst) {
      bucket.setLimits(plan.ingestRate, plan.ingestBurst, now);
    }
    return bucket;
  }
}
