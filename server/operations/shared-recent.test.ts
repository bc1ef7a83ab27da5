import { describe, expect, it } from 'vitest';
import { SharedRecent } from './shared-recent.ts';

describe('SharedRecent', () => {
  it('computes once per key within the lifetime, again after it, and never keeps a failure', async () => {
    let now = 0;
    let computed = 0;
    const shared = new SharedRecent<number, number>({ ttlMs: 10_000, now: () => now });
    const compute = async () => ++computed;
    expect(await Promise.all([shared.get(24, compute), shared.get(24, compute)])).toEqual([1, 1]);
    expect(await shared.get(6, compute)).toBe(2);
    now = 9_999;
    expect(await shared.get(24, compute)).toBe(1);
    now = 10_000;
    expect(await shared.get(24, compute)).toBe(3);
    await expect(shared.get(1, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await shared.get(1, compute)).toBe(4);
  });
});
