import { describe, expect, it } from 'vitest';
import type { TenantPlan } from '../../contract/api/plans.ts';
import { ApiRateLimit } from './api-rate-limit.ts';
import { PlanAdmission } from './plan-admission.ts';

const plan = (ingestRate: number, ingestBurst: number, apiRate = 2): TenantPlan => ({
  maxUnits: 10, maxUsers: 5, retentionDays: 30, storageBytes: 1e9, ingestRate, ingestBurst, apiRate,
});
const one = (tenant: string, n: number) => new Map([[tenant, n]]);

describe('PlanAdmission', () => {
  it('refuses a tenant over its plan rate with the wait, and admits it again once refilled', () => {
    const plans: Record<string, TenantPlan> = { a: plan(10, 20) };
    // A backlog budget far above these requests: the plan rate alone decides here.
    const admission = new PlanAdmission((t) => plans[t] ?? plan(1000, 1000), { minBacklog: 10_000 });
    expect(admission.admit(one('a', 20), 0)).toBeNull();
    expect(admission.admit(one('a', 5), 0)).toEqual({ kind: 'rate', tenantId: 'a', retryAfterSeconds: 1, ratePerSecond: 10 });
    // Another tenant is not affected.
    expect(admission.admit(one('b', 500), 0)).toBeNull();
    expect(admission.admit(one('a', 5), 500)).toBeNull();
  });

  it('follows a changed plan at the next request', () => {
    const plans: Record<string, TenantPlan> = { a: plan(10, 10) };
    const admission = new PlanAdmission((t) => plans[t] ?? plan(1000, 1000));
    expect(admission.admit(one('a', 10), 0)).toBeNull();
    plans.a = plan(1, 1);
    // A full bucket (capped at the new burst) takes one request, then holds a to 1 fix/s.
    expect(admission.admit(one('a', 2), 1000)).toBeNull();
    expect(admission.admit(one('a', 1), 1000)).toMatchObject({ kind: 'rate', ratePerSecond: 1, retryAfterSeconds: 2 });
  });

  it('refuses the tenant over its share while saturated, without taking its tokens', () => {
    const admission = new PlanAdmission(() => plan(100_000, 1_000_000), { minBacklog: 100 });
    expect(admission.admit(one('a', 95), 0)).toBeNull();
    expect(admission.admit(one('b', 5), 0)).toBeNull();
    expect(admission.admit(one('a', 10), 0)).toMatchObject({ kind: 'share', tenantId: 'a' });
    expect(admission.admit(one('b', 5), 0)).toBeNull();
    // Once a's fixes are answered it is admitted again.
    admission.done(one('a', 95), 10);
    expect(admission.admit(one('a', 10), 10)).toBeNull();
  });

  it('answers the early refusal from memory as admit would, taking nothing', () => {
    const plans: Record<string, TenantPlan> = { a: plan(10, 20) };
    const admission = new PlanAdmission((t) => plans[t] ?? plan(1000, 1000), { minBacklog: 10_000 });
    expect(admission.refusing('a', 1, 0)).toBeNull();
    expect(admission.admit(one('a', 20), 0)).toBeNull();
    expect(admission.refusing('a', 1, 0)).toEqual({ kind: 'rate', tenantId: 'a', retryAfterSeconds: 1, ratePerSecond: 10 });
    expect(admission.refusing('b', 1, 0)).toBeNull();
    // Asking took no tokens: half a second later five fixes go in, and the sixth is refused.
    expect(admission.refusing('a', 5, 500)).toBeNull();
    expect(admission.admit(one('a', 5), 500)).toBeNull();
    expect(admission.refusing('a', 1, 500)).toMatchObject({ kind: 'rate' });
  });

  it("refuses early the tenant over its share and weighs tenants by their plan's ingest rate", () => {
    const plans: Record<string, TenantPlan> = { a: plan(100_000, 1_000_000), b: plan(300_000, 1_000_000) };
    const admission = new PlanAdmission((t) => plans[t] ?? plan(1, 1), { minBacklog: 100 });
    expect(admission.weightOf('b')).toBe(3 * admission.weightOf('a'));
    expect(admission.admit(one('a', 30), 0)).toBeNull();
    expect(admission.admit(one('b', 70), 0)).toBeNull();
    // a holds 30 of a budget of 100 whose quarter (25) is its share; b 70 of its 75.
    expect(admission.refusing('a', 1, 0)).toMatchObject({ kind: 'share', tenantId: 'a' });
    expect(admission.refusing('b', 5, 0)).toBeNull();
    expect(admission.admit(one('b', 5), 0)).toBeNull();
  });
});

describe('ApiRateLimit', () => {
  it('allows bursts of five seconds of the plan rate, then the rate', () => {
    const limit = new ApiRateLimit(() => plan(1, 1, 2));
    for (let i = 0; i < 10; i += 1) expect(limit.take('a', 0)).toBe(0);
    expect(limit.take('a', 0)).toBe(1);
    expect(limit.take('b', 0)).toBe(0);
    expect(limit.take('a', 500)).toBe(0);
    expect(limit.rateOf('a')).toBe(2);
  });
});
