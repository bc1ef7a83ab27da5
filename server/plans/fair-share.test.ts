import { describe, expect, it } from 'vitest';
import { FairShare } from './fair-share.ts';

const one = (tenant: string, n: number) => new Map([[tenant, n]]);
const equal = () => 1;

describe('FairShare', () => {
  it('refuses nothing below the budget', () => {
    const share = new FairShare({ minBacklog: 100 });
    share.add(one('a', 60), equal);
    expect(share.check(one('b', 40), equal)).toBe(0);
    expect(share.check(one('a', 40), equal)).toBe(0);
  });

  it('lets a lone tenant hold up to its lone backlog, leaving the rest of the pipeline for a tenant arriving next', () => {
    const share = new FairShare({ minBacklog: 100, loneBacklog: 1000 });
    share.add(one('a', 500), equal);
    expect(share.check(one('a', 500), equal)).toBe(0);
    share.add(one('a', 500), equal);
    expect(share.waitOf('a', 1)).toBeGreaterThanOrEqual(1);
    // The newcomer waits for nothing: it is admitted at once.
    expect(share.check(one('b', 1), equal)).toBe(0);
  });

  it('when saturated, refuses the tenant over its weighted share and admits the one within', () => {
    const saturated = (aWeight: number) => {
      const share = new FairShare({ minBacklog: 100 });
      const weightOf = (t: string) => (t === 'a' ? aWeight : 1);
      share.add(one('a', 90), weightOf);
      share.add(one('b', 10), weightOf);
      return share;
    };
    // a holds 90 of a budget of 100 shared 1:1: over its 50; b within its 50.
    expect(saturated(1).waitOf('a', 1)).toBeGreaterThanOrEqual(1);
    expect(saturated(1).check(one('a', 1), equal)).toBeGreaterThanOrEqual(1);
    expect(saturated(1).waitOf('b', 5)).toBe(0);
    // Three times b's weight: a's share is 75, still over; twenty times: 95.2 ≥ 91, within.
    expect(saturated(3).waitOf('a', 1)).toBeGreaterThanOrEqual(1);
    expect(saturated(20).waitOf('a', 1)).toBe(0);
  });

  it("keeps admitting b request after request while a, over its own bound, is refused", () => {
    const share = new FairShare({ minBacklog: 100, targetDelayMs: 500 });
    share.done(one('a', 0), 0);
    share.add(one('a', 400), equal);
    let now = 0;
    for (let i = 0; i < 20; i += 1) {
      now += 100;
      expect(share.waitOf('b', 1)).toBe(0);
      share.add(one('b', 1), equal);
      expect(share.waitOf('a', 1)).toBeGreaterThanOrEqual(1);
      // b's fix and ten of a's are answered per step: a stays over, b never holds more than one.
      share.done(new Map([['b', 1], ['a', 10]]), now);
      share.add(one('a', 10), equal);
    }
    expect(share.backlogOf('b')).toBe(0);
    expect(share.backlogOf('a')).toBe(400);
  });

  it("applies a tenant's changed weight from its next admitted request", () => {
    const share = new FairShare({ minBacklog: 100 });
    share.add(one('a', 70), equal);
    share.add(one('b', 30), equal);
    expect(share.waitOf('a', 1)).toBeGreaterThanOrEqual(1);
    // a's plan now weighs three times b's: 75 of the budget.
    share.add(one('a', 1), (t) => (t === 'a' ? 3 : 1));
    expect(share.waitOf('a', 1)).toBe(0);
  });

  it('refuses only the tenant answered above its share of the throughput when both are over their backlog share', () => {
    const share = new FairShare({ minBacklog: 10, targetDelayMs: 100 });
    share.done(one('a', 0), 0);
    // One second: a got 90 answered, b 10 (throughput 100/s; fair 50/s each).
    share.add(one('a', 90), equal);
    share.add(one('b', 10), equal);
    share.done(new Map([['a', 90], ['b', 10]]), 1000);
    // Both now hold more than their share of a 10-fix budget.
    share.add(one('a', 40), equal);
    share.add(one('b', 40), equal);
    expect(share.check(one('a', 1), equal)).toBeGreaterThanOrEqual(1);
    expect(share.check(one('b', 1), equal)).toBe(0);
  });

  it('always admits one request of a tenant that waits for nothing', () => {
    const share = new FairShare({ minBacklog: 100 });
    share.add(one('a', 1000), equal);
    expect(share.check(one('b', 5000), equal)).toBe(0);
  });

  it('sizes the budget from the measured throughput and frees what was answered', () => {
    const share = new FairShare({ minBacklog: 10, targetDelayMs: 500 });
    share.add(one('a', 4000), equal);
    share.done(one('a', 0), 0);
    share.done(one('a', 2000), 1000);
    // 2,000 fixes answered in 1 s: half a second's worth is 1,000.
    expect(share.budget).toBe(1000);
    expect(share.backlog).toBe(2000);
    share.done(one('a', 2000), 1500);
    expect(share.backlog).toBe(0);
  });

  it("counts the pipeline's own answer time as held, not as saturation: a slow pipeline at its rate refuses nobody", () => {
    // Every answer takes 800 ms (the flushes of a loaded machine): at 1,000 fixes/s the pipeline
    // holds 800 fixes without any queue. Half a second's budget alone (500) called that saturated
    // and refused a and b, each holding 400 (above half of 500) at half the throughput.
    const share = new FairShare({ minBacklog: 10, targetDelayMs: 500 });
    share.done(one('a', 0), 0, 800);
    share.add(new Map([['a', 500], ['b', 500]]), equal);
    share.done(new Map([['a', 500], ['b', 500]]), 1000, 800);
    expect(share.floorMs).toBe(800);
    expect(share.budget).toBe(1300);
    share.add(new Map([['a', 400], ['b', 400]]), equal);
    expect(share.check(one('a', 1), equal)).toBe(0);
    expect(share.check(one('b', 1), equal)).toBe(0);
    // Queueing on top of that is saturation again: 1,400 held, a's 1,000 over its 650.
    share.add(one('a', 600), equal);
    expect(share.check(one('a', 1), equal)).toBeGreaterThanOrEqual(1);
    expect(share.check(one('b', 1), equal)).toBe(0);
  });

  it('adds at most 2 s of answer time to the budget (an answer time inflated by queueing cannot grow it without bound)', () => {
    const share = new FairShare({ minBacklog: 10, targetDelayMs: 500 });
    share.done(one('a', 0), 0, 10_000);
    share.add(one('a', 1000), equal);
    share.done(one('a', 1000), 1000, 10_000);
    expect(share.floorMs).toBe(10_000);
    expect(share.budget).toBe(2500);
  });

  it('caps the Retry-After at 30 s', () => {
    const share = new FairShare({ minBacklog: 10 });
    share.add(one('a', 100_000), equal);
    share.add(one('b', 1), equal);
    expect(share.check(one('a', 1), equal)).toBe(30);
  });
});
