import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReachabilityWatch } from './server-reachability.ts';

describe('reachability watch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks a newly watched server at once, then every interval, and reports only changes', async () => {
    const up = new Map([['http://a', false]]);
    const probes: string[] = [];
    const changes: string[] = [];
    const watch = new ReachabilityWatch({
      probe: async (url) => (probes.push(url), up.get(url) ?? false),
      onChange: (url, reachable) => changes.push(`${url}=${reachable}`),
      intervalMs: 5_000,
    });
    expect(watch.reachable('http://a')).toBeNull();
    watch.watch(['http://a']);
    await vi.advanceTimersByTimeAsync(0);
    expect(changes).toEqual(['http://a=false']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(probes).toHaveLength(2);
    expect(changes).toHaveLength(1);

    up.set('http://a', true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(changes).toEqual(['http://a=false', 'http://a=true']);
    expect(watch.reachable('http://a')).toBe(true);

    // Nobody watched: no more checks.
    watch.watch([]);
    const before = probes.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(probes).toHaveLength(before);
    expect(watch.reachable('http://a')).toBeNull();
    watch.close();
  });

  it('treats a probe that throws as unreachable and stops after close', async () => {
    const changes: boolean[] = [];
    const watch = new ReachabilityWatch({ probe: () => Promise.reject(new Error('boom')), onChange: (_, r) => changes.push(r), intervalMs: 1_000 });
    watch.watch(['http://b']);
    await vi.advanceTimersByTimeAsync(0);
    expect(changes).toEqual([false]);
    watch.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(changes).toEqual([false]);
  });
});
