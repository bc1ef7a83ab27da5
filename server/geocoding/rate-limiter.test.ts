import { describe, expect, it } from 'vitest';
import { RateLimited, RateLimiter, type LimiterClock } from './rate-limiter.ts';

/** A clock standing at 0 that records how long each task was held back before it started. */
function fakeClock(): LimiterClock & { waits: number[] } {
  const waits: number[] = [];
  return { waits, now: () => 0, sleep: async (ms) => void waits.push(ms) };
}

describe('RateLimiter', () => {
  it('spaces starts by 1 / rate, in arrival order', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(1, 10, clock);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.run(async () => order.push(n))));
    expect(clock.waits).toEqual([1000, 2000]);
    expect(order).toEqual([1, 2, 3]);
  });

  it('follows a changed rate', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(1, 10, clock);
    limiter.perSecond = 4;
    await Promise.all([0, 1, 2].map(() => limiter.run(async () => undefined)));
    expect(clock.waits).toEqual([250, 500]);
  });

  it('refuses at once when too many wait', async () => {
    const clock: LimiterClock = { now: () => 0, sleep: () => new Promise(() => undefined) };
    const limiter = new RateLimiter(1, 2, clock);
    void limiter.run(async () => 1);
    void limiter.run(async () => 2);
    void limiter.run(async () => 3);
    await expect(limiter.run(async () => 4)).rejects.toBeInstanceOf(RateLimited);
  });
});
