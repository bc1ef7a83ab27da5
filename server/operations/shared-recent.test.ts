import { describe, expect, it, vi } from 'vitest';
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

describe('SharedRecent kept warm', () => {
  it('recomputes a watched key in the background as it expires, serves the previous value meanwhile, and stops when nobody reads', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      let computed = 0;
      const pending: Array<(value: number) => void> = [];
      // Each computation waits until the test lets it finish.
      const compute = () => new Promise<number>((resolve) => pending.push(() => resolve(++computed)));
      const shared = new SharedRecent<number, number>({ ttlMs: 10_000, keepWarmMs: 60_000 });
      const first = shared.get(24, compute);
      pending.shift()?.(0);
      expect(await first).toBe(1);

      // At expiry the recomputation starts by itself; readers get the previous value at once.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(pending).toHaveLength(1);
      expect(await shared.get(24, compute)).toBe(1);
      pending.shift()?.(0);
      await vi.advanceTimersByTimeAsync(0);
      expect(await shared.get(24, compute)).toBe(2);

      // Read last at 10 s: kept warm until 70 s, then no more background work.
      await vi.advanceTimersByTimeAsync(10_000);
      pending.shift()?.(0);
      await vi.advanceTimersByTimeAsync(60_000);
      while (pending.length > 0) {
        pending.shift()?.(0);
        await vi.advanceTimersByTimeAsync(0);
      }
      const settledCount = computed;
      await vi.advanceTimersByTimeAsync(120_000);
      expect(pending).toHaveLength(0);
      expect(computed).toBe(settledCount);
      expect(settledCount).toBeLessThanOrEqual(8);

      // Expired and not watched: the next reader waits for a fresh value.
      const fresh = shared.get(24, compute);
      pending.shift()?.(0);
      expect(await fresh).toBe(settledCount + 1);
      shared.close();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(pending).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps serving the previous value when a background recomputation fails, until it expires', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      let fail = false;
      let computed = 0;
      const compute = () => (fail ? Promise.reject(new Error('database restarting')) : Promise.resolve(++computed));
      const shared = new SharedRecent<number, number>({ ttlMs: 10_000, keepWarmMs: 60_000 });
      expect(await shared.get(24, compute)).toBe(1);
      fail = true;
      await vi.advanceTimersByTimeAsync(10_000);
      // The background attempt failed: the previous value is expired, so this reader computes and sees why.
      await expect(shared.get(24, compute)).rejects.toThrow('database restarting');
      fail = false;
      expect(await shared.get(24, compute)).toBe(2);
      shared.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps only the keys read last warm: each costs a computation per lifetime', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const computed = new Map<number, number>();
      const compute = (key: number) => async () => {
        computed.set(key, (computed.get(key) ?? 0) + 1);
        return key;
      };
      const shared = new SharedRecent<number, number>({ ttlMs: 10_000, keepWarmMs: 60_000, keepWarmKeys: 2 });
      for (const key of [100, 24, 6]) await shared.get(key, compute(key));
      await vi.advanceTimersByTimeAsync(30_000);
      expect(computed.get(100)).toBe(1);
      expect(computed.get(24)).toBe(4);
      expect(computed.get(6)).toBe(4);
      shared.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
