import { describe, expect, it } from 'vitest';
import { RejectionThrottle } from './rejection-throttle.ts';

describe('RejectionThrottle', () => {
  it('lets an address report until it passes the limit, then makes it wait for the rest of its window', () => {
    const throttle = new RejectionThrottle({ limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 2; i++) throttle.record('10.0.0.1', 1000 + i);
    expect(throttle.retryAfter('10.0.0.1', 2000)).toBe(0);
    throttle.record('10.0.0.1', 2000);
    expect(throttle.retryAfter('10.0.0.1', 2000)).toBe(59);
    expect(throttle.retryAfter('10.0.0.2', 2000)).toBe(0);
    expect(throttle.retryAfter('10.0.0.1', 61_000)).toBe(0);
  });

  it('counts a batch of refused records at once', () => {
    const throttle = new RejectionThrottle({ limit: 30, windowMs: 1000 });
    throttle.record('a', 0, 40);
    expect(throttle.retryAfter('a', 10)).toBe(1);
  });

  it('forgets the oldest address beyond its memory bound', () => {
    const throttle = new RejectionThrottle({ limit: 1, windowMs: 60_000, maxAddresses: 2 });
    throttle.record('a', 0);
    throttle.record('b', 1);
    throttle.record('c', 2);
    expect(throttle.retryAfter('a', 3)).toBe(0);
    expect(throttle.retryAfter('b', 3)).toBeGreaterThan(0);
    expect(throttle.retryAfter('c', 3)).toBeGreaterThan(0);
  });
});
