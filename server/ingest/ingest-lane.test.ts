import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IngestLane, type Counts, type Waiter } from './ingest-lane.ts';
import type { ResolvedReport } from './report.ts';

const options = { maxDelayMs: 0, maxBatch: 5000, flushTargetMs: 10, minFlush: 10, weightOf: () => 1 };

/** A lane whose flush answers what it took and records each flush's parts by tenant. */
function recordingLane(flushMs: number) {
  const flushes: string[][] = [];
  const lane = new IngestLane(options, async (self) => {
    const parts = self.take();
    flushes.push(parts.map((p) => p.tenantId));
    // The flush's transactions: the lane's clock moves while they run.
    await new Promise((resolve) => setTimeout(resolve, flushMs));
    self.measured(parts.length, flushMs);
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
    const { lane, flushes } = recordingLane(10);
    // A first flush measures the lane: 10 fixes in 10 ms, so a flush then takes 10 ms of work = 10 fixes.
    const warmUp = Array.from({ length: 10 }, () => part(lane, 'a'));
    await vi.runAllTimersAsync();
    await Promise.all(warmUp);
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
});
