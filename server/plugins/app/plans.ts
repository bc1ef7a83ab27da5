import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../http/api-error.ts';
import { ApiRateLimit } from '../../plans/api-rate-limit.ts';
import { PlanAdmission } from '../../plans/plan-admission.ts';
import { PlanCache } from '../../plans/plan-cache.ts';
import type { FairShareOptions } from '../../plans/fair-share.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every client account's plan, in memory (server/plans, decision 0200). */
    plans: PlanCache;
    /** Ingest's per-tenant admission by plan rate and fair share. */
    planAdmission: PlanAdmission;
    /** onRequest hook (after `authenticate`): the tenant's API request rate; 429 beyond. */
    limitApiRate(request: FastifyRequest): Promise<void>;
  }
}

export interface PlansOptions {
  /** Fair-share tuning (the fairness benchmark compares settings). */
  fairShare?: FairShareOptions;
}

/** Loads the plans before the app answers anything and keeps them current (NOTIFY + a poll). */
export const plansPlugin = fp(async function plans(app: FastifyInstance, options: PlansOptions) {
  const cache = await PlanCache.load(app.db);
  const following = await cache.follow({ onError: (message, error) => app.log.error({ err: error }, message) });
  app.addHook('onClose', () => following.close());
  app.decorate('plans', cache);
  app.decorate('planAdmission', new PlanAdmission((tenantId) => cache.get(tenantId), options.fairShare));
  const limit = new ApiRateLimit((tenantId) => cache.get(tenantId));
  app.decorate('limitApiRate', async (request: FastifyRequest) => {
    const tenantId = request.auth?.tenantId;
    if (!tenantId) return;
    const wait = limit.take(tenantId, Date.now());
    if (wait > 0) {
      const ratePerSecond = limit.rateOf(tenantId);
      throw new ApiError(429, 'throttled', `This account's plan allows ${ratePerSecond} API requests per second; retry in ${wait} seconds.`, {
        reason: 'api-rate-limited',
        params: { retryAfterSeconds: wait, ratePerSecond },
        retryAfterSeconds: wait,
      });
    }
  });
});
