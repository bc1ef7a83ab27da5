import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('takes a burst at once, then the sustained rate', () => {
    const bucket = new TokenBucket(10, 30, 0);
    expect(bucket.take(30, 0)).toBe(0);
    expect(bucket.take(1, 0)).toBeCloseTo(0.1);
    expect(bucket.take(5, 500)).toBe(0);
    expect(bucket.take(1, 500)).toBeCloseTo(0.1);
  });

  it('answers the wait until the request fits, and refills no further than the burst', () => {
    const bucket = new TokenBucket(100, 200, 0);
    expect(bucket.take(200, 0)).toBe(0);
    expect(bucket.take(50, 0)).toBeCloseTo(0.5);
    expect(bucket.take(50, 10_000)).toBe(0);
    expect(bucket.take(151, 10_000)).toBeCloseTo(0.01);
  });

  it('lets a request larger than the burst through once full, leaving a debt', () => {
    const bucket = new TokenBucket(100, 200, 0);
    expect(bucket.take(1000, 0)).toBe(0);
    expect(bucket.take(1, 1000)).toBeCloseTo(7.01);
    expect(bucket.take(1, 9000)).toBe(0);
  });

  it('gives back tokens and applies a new plan without refilling', () => {
    const bucket = new TokenBucket(10, 10, 0);
    expect(bucket.take(10, 0)).toBe(0);
    bucket.giveBack(4);
    expect(bucket.take(4, 0)).toBe(0);
    bucket.setLimits(1, 5, 0);
    expect(bucket.take(1, 0)).toBeCloseTo(1);
    expect(bucket.rate).toBe(1);
  });
});
