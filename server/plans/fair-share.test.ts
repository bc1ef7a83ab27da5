import { describe, expect, it } from 'vitest';
import { FairShare } from './fair-share.ts';

const one = (tenant: string, n: number) => new Map([[tenant, n]]);
const equal = () => 1;

describe('FairShare', () => {
  it('refuses nothing below the budget', () => {
    const share = new FairShare({ minBacklog: 100 });
    share.add(one('a', 60));
    expect(share.check(one('b', 40), equal)).toBe(0);
    expect(share.check(one('a', 40), equal)).toBe(0);
  });

  it('leaves a lone tenant to the pipeline limit', () => {
    const share = new FairShare({ minBacklog: 100 });
    share.add(one('a', 500));
    expect(share.check(one('a', 500), equal)).toBe(0);
  });

  it('when saturated, refuses the tenant over its weighted share and admits the one within', () => {
    const share = new FairShare({ minBacklog: 100 });
    share.add(one('a', 90));
    share.add(one('b', 10));
    // a holds 90 of a budget of 100 shared 1:1: over its 50.
    expect(share.check(one('a', 1), equal)).toBeGreaterThanOrEqual(1);
    expect(share.check(one('b', 5), equal)).toBe(0);
    // With three times b's weight, a's share is 75: still over.
    expect(share.check(one('a', 1), (t) => (t === 'a' ? 3 : 1))).toBeGreaterThanOrEqual(1);
    // With nine times, 90 + 1 > 90 still; ten times: 90.9 ≥ 91? no; twenty times: 95.2 ≥ 91.
    expect(share.check(one('a', 1), (t) => (t === 'a' ? 20 : 1))).toBe(0);
  });

  it('refuses only the tenant answered above its share of the throughput when both are over their backlog share', () => {
    const share = new FairShare({ minBacklog: 10, targetDelayMs: 100 });
    share.done(one('a', 0), 0);
    // One second: a got 90 answered, b 10 (throughput 100/s; fair 50/s each).
    share.add(one('a', 90));
    share.add(one('b', 10));
    share.done(new Map([['a', 90], ['b', 10]]), 1000);
    // Both now hold more than their share of a 10-fix budget.
    share.add(one('a', 40));
    share.add(one('b', 40));
    expect(share.check(one('a', 1), equal)).toBeGreaterThanOrEqual(1);
    expect(share.check(one('b', 1), equal)).toBe(0);
  });

  it('always admits one request of a tenant that waits for nothing', () => {
    const share = new FairShare({ minBacklog: 100 });
    share.add(one('a', 1000));
    expect(share.check(one('b', 5000), equal)).toBe(0);
  });

  it('sizes the budget from the measured throughput and frees what was answered', () => {
    const share = new FairShare({ minBacklog: 10, targetDelayMs: 500 });
    share.add(one('a', 4000));
    share.done(one('a', 0), 0);
    share.done(one('a', 2000), 1000);
    // 2,000 fixes answered in 1 s: half a second's worth is 1,000.
    expect(share.budget).toBe(1000);
    expect(share.backlog).toBe(2000);
    share.done(one('a', 2000), 1500);
    expect(share.backlog).toBe(0);
  });

  it('caps the Retry-After at 30 s', () => {
    const share = new FairShare({ minBacklog: 10 });
    share.add(one('a', 100_000));
    share.add(one('b', 1));
    expect(share.check(one('a', 1), equal)).toBe(30);
  });
});
