import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-schedule.ts';

describe('retryDelayMs', () => {
  it('doubles from 10 s and stops growing at 2 h', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, middle))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(30, middle)).toBe(2 * 3600_000);
  });

  it('spreads retries by at most 20 % either way', () => {
    expect(retryDelayMs(1, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, () => 1)).toBe(12_000);
  });
});
