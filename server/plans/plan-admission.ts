import type { TenantPlan } from '../../contract/api/plans.ts';
import type { AdmissionRefusal, IngestAdmission } from '../ingest/ingest-pipeline-types.ts';
import { FairShare, type FairShareOptions } from './fair-share.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * Ingest's admission by plan (decisions 0200 and 0300): each tenant's fixes pass its token
 * bucket (sustained `ingestRate`, `ingestBurst`) and, while the pipeline is saturated, its
 * weighted share of the backlog (weight = `ingestRate`); over either → 429 with Retry-After.
 * Memory only: a few Map lookups per tenant per request.
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
    const weightOf = (tenantId: string) => this.weightOf(tenantId);
    const wait = this.fairShare.check(perTenant, weightOf);
    if (wait > 0) {
      // Named for the request's tenant holding most of the backlog (a request is almost always one unit).
      let [tenantId = ''] = perTenant.keys();
      for (const id of perTenant.keys()) if (this.fairShare.backlogOf(id) > this.fairShare.backlogOf(tenantId)) tenantId = id;
      return { kind: 'share', tenantId, retryAfterSeconds: wait };
    }
    const taken: [TokenBucket, number][] = [];
    for (const [tenantId, n] of perTenant) {
      const bucket = this.#bucket(tenantId, now);
      const seconds = bucket.take(n, now);
      if (seconds > 0) {
        for (const [b, m] of taken) b.giveBack(m);
        return this.#rateRefusal(tenantId, bucket, seconds);
      }
      taken.push([bucket, n]);
    }
    this.fairShare.add(perTenant, weightOf);
    return null;
  }

  refusing(tenantId: string, n: number, now: number): AdmissionRefusal | null {
    const wait = this.fairShare.waitOf(tenantId, n);
    if (wait > 0) return { kind: 'share', tenantId, retryAfterSeconds: wait };
    const bucket = this.#bucket(tenantId, now);
    const seconds = bucket.waitFor(n, now);
    return seconds > 0 ? this.#rateRefusal(tenantId, bucket, seconds) : null;
  }

  done(perTenant: ReadonlyMap<string, number>, now: number, answeredInMs?: number): void {
    this.fairShare.done(perTenant, now, answeredInMs);
  }

  /** The weight of a tenant in a saturated pipeline: its plan's sustained ingest rate. */
  weightOf(tenantId: string): number {
    return this.#planOf(tenantId).ingestRate;
  }

  #rateRefusal(tenantId: string, bucket: TokenBucket, seconds: number): AdmissionRefusal {
    return { kind: 'rate', tenantId, retryAfterSeconds: Math.max(1, Math.ceil(seconds)), ratePerSecond: bucket.rate };
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
