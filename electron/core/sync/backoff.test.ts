import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from one second up to thirty, each within ±25 % jitter', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoffDelay(0, () => 0)).toBe(750);
    expect(backoffDelay(0, () => 0.999_999)).toBe(1_250);
    expect(backoffDelay(9, () => 0)).toBe(22_500);
    expect(backoffDelay(9, () => 0.999_999)).toBe(37_500);
  });
});
