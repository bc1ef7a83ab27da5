import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IngestLane, type Counts, type Waiter } from './ingest-lane.ts';
import type { ResolvedReport } from './report.ts';

const options = { maxDelayMs: 0, maxBatch: 5000, flushTargetMs: 10, minFlush: 10, weightOf: () => 1 };

/** A lane whose flush answers what it took and records each flush's parts by tenant. */
function recordingLane(flushMs: number | ((fixes: number) => number)) {
  const flushes: string[][] = [];
  const lane = new IngestLane(options, async (self) => {
    const parts = self.take();
    flushes.push(parts.map((p) => p.tenantId));
    // The flush's transactions: the lane's clock moves while they run.
    const ms = typeof flushMs === 'number' ? flushMs : flushMs(parts.length);
    await new Promise((resolve) => setTimeout(resolve, ms));
    self.measured(parts.length, ms);
    for (const p of parts) p.resolve({ stored: p.reports.length, duplicates: 0, conflicts: 0 });
  });
  return { lane, flushes };
}

/** One single-fix part; its promise settles when a flush answers it. */
function part(lane: IngestLane, tenantId: string): Promise<Counts> {
  return new Promise<Counts>((resolve, reject) => {
    const waiter: Waiter = { tenantId, reports: [{} as ResolvedReport], resolve, reject };
    lane.enqueue(waiter);
  });
}

describe('IngestLane', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flushes an idle lane after the current I/O phase, without waiting for a timer', async () => {
    const { lane, flushes } = recordingLane(5);
    const answered = part(lane, 'a');
    expect(flushes).toHaveLength(0);
    await vi.advanceTimersToNextTimerAsync(); // the setImmediate of group commit
    expect(flushes).toEqual([['a']]);
    await vi.runAllTimersAsync();
    await expect(answered).resolves.toEqual({ stored: 1, duplicates: 0, conflicts: 0 });
    expect(lane.idle).toBe(true);
  });

  it("puts a tenant's report in the flush after the running one, not behind another tenant's backlog", async () => {
    const { lane, flushes } = recordingLane((fixes) => fixes);
    // Two first flushes measure the lane: 1 ms per fix, so a flush then takes 10 ms of work = 10 fixes.
    for (const n of [10, 5]) {
      const warmUp = Array.from({ length: n }, () => part(lane, 'a'));
      await vi.runAllTimersAsync();
      await Promise.all(warmUp);
    }
    flushes.length = 0;

    const backlog = Array.from({ length: 200 }, () => part(lane, 'a'));
    await vi.advanceTimersToNextTimerAsync();
    // The first flush runs (the lane took 10 of a's 200); b arrives while it runs.
    expect(flushes).toHaveLength(1);
    const b = part(lane, 'b');
    let bAnsweredAfter = -1;
    void b.then(() => {
      bAnsweredAfter = flushes.length;
    });
    await vi.runAllTimersAsync();
    await Promise.all([...backlog, b]);
    // b went into the second flush (of 21 flushes in all), answered as that flush ended.
    expect(flushes[1]).toContain('b');
    expect(bAnsweredAfter).toBeLessThanOrEqual(3);
    expect(flushes.flat().filter((t) => t === 'a')).toHaveLength(200);
    // Capped flushes chained one after another until the backlog was gone, nobody arriving.
    expect(flushes.every((f) => f.length <= 10)).toBe(true);
    expect(lane.idle).toBe(true);
  });

  it('gathers for maxDelayMs when asked to, and flushes at once past maxBatch', async () => {
    const flushes: number[] = [];
    const lane = new IngestLane({ ...options, maxDelayMs: 50, maxBatch: 3 }, async (self) => {
      const parts = self.take();
      flushes.push(parts.length);
      for (const p of parts) p.resolve({ stored: 1, duplicates: 0, conflicts: 0 });
    });
    const first = [part(lane, 'a'), part(lane, 'a')];
    await vi.advanceTimersByTimeAsync(49);
    expect(flushes).toEqual([]);
    await vi.runAllTimersAsync();
    await Promise.all(first);
    expect(flushes).toEqual([2]);
    // The third part fills the batch: flushed without the 50 ms gathering delay.
    const before = Date.now();
    const full = [part(lane, 'a'), part(lane, 'a'), part(lane, 'a')];
    await vi.runAllTimersAsync();
    await Promise.all(full);
    expect(Date.now() - before).toBe(0);
    expect(flushes).toEqual([2, 3]);
  });

  it('sizes flushes by the cost per fix, not by the average rate, when a flush has a large fixed cost', async () => {
    // Round trips cost 50 ms a flush whatever its size, each fix 0.1 ms: 10 ms of per-fix work is
    // 100 fixes. The average rate (10 fixes in 51 ms) would cap every flush at minFlush (10), and
    // 1,000 fixes would take 100 flushes of ~51 ms.
    const { lane, flushes } = recordingLane((fixes) => 50 + 0.1 * fixes);
    const warmUp = Array.from({ length: 10 }, () => part(lane, 'a'));
    await vi.runAllTimersAsync();
    await Promise.all(warmUp);
    flushes.length = 0;
    const backlog = Array.from({ length: 1000 }, () => part(lane, 'a'));
    await vi.runAllTimersAsync();
    await Promise.all(backlog);
    const sizes = flushes.map((f) => f.length);
    // A probe, a few doublings, then flushes of 100 (the cap) until the backlog is gone.
    expect(sizes.length).toBeLessThan(20);
    expect(Math.max(...sizes)).toBe(100);
    expect(sizes.filter((n) => n === 100).length).toBeGreaterThanOrEqual(5);
    expect(lane.idle).toBe(true);
  });
});
