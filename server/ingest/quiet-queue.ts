interface Scheduled {
  id: string;
  /** Server time of the device's last judged fix. */
  since: number;
  /** When it counts as quiet (its own rhythm, hot-state.ts), at the earliest. */
  at: number;
}

/**
 * Lagging devices in the order they become quiet (decision 0311). The checkpoint asks on every
 * flush which devices are quiet; walking every lagging device for that cost a share of the
 * server's CPU under load — a fleet whose units report every 10 s, or a server behind by seconds,
 * has thousands of lagging devices that are not quiet yet. A binary heap by quiet time hands out
 * only those whose time has come: O(log n) per judged fix, O(due) per question.
 *
 * Rescheduling a device leaves its old heap entry behind; it is recognised as stale when it
 * comes up (no longer the device's current entry) and dropped. The heap therefore holds at most
 * the fixes judged within the longest quiet time (30 s), not one entry per device forever.
 */
export class QuietQueue {
  /** Each device's current entry. */
  private readonly current = new Map<string, Scheduled>();
  /** Min-heap by `at`; may hold stale entries. */
  private readonly heap: Scheduled[] = [];
  /** Current entries whose time has come, until rescheduled or removed. */
  private readonly ready = new Map<string, Scheduled>();

  has(id: string): boolean {
    return this.current.has(id);
  }

  get size(): number {
    return this.current.size;
  }

  /** The device reported at `since` and counts as quiet from `at` (replaces what it had). */
  schedule(id: string, since: number, at: number): void {
    const entry = { id, since, at };
    this.current.set(id, entry);
    this.ready.delete(id);
    this.push(entry);
  }

  delete(id: string): void {
    this.current.delete(id);
    this.ready.delete(id);
  }

  /** Devices quiet at `now` that last reported at or before `lastReportBefore`. */
  *due(now: number, lastReportBefore: number): Generator<string> {
    for (let top = this.heap[0]; top !== undefined && top.at <= now; top = this.heap[0]) {
      this.pop();
      if (this.current.get(top.id) === top) this.ready.set(top.id, top);
    }
    for (const entry of this.ready.values()) {
      // `at <= now` again: a caller may ask about an earlier moment than the last one.
      if (entry.at <= now && entry.since <= lastReportBefore) yield entry.id;
    }
  }

  private push(entry: Scheduled): void {
    const heap = this.heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Scheduled;
      if (above.at <= entry.at) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && (heap[right] as Scheduled).at < (heap[left] as Scheduled).at ? right : left;
      if ((heap[child] as Scheduled).at >= last.at) break;
      heap[i] = heap[child] as Scheduled;
      i = child;
    }
    heap[i] = last;
  }
}
