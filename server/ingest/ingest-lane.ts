import type { ResolvedReport } from './report.ts';
import { FlushCost } from './flush-cost.ts';
import { TenantQueues } from './tenant-queues.ts';

export interface Counts {
  stored: number;
  duplicates: number;
  conflicts: number;
}

/** One tenant's part of one request on one lane, answered once that tenant's transaction committed. */
export interface Waiter {
  tenantId: string;
  reports: ResolvedReport[];
  resolve: (counts: Counts) => void;
  reject: (error: unknown) => void;
  /** `IngestMetrics.mark()` when it was queued (0 when metrics record nothing). */
  enqueuedAt?: number;
}

export interface LaneOptions {
  /** 0: group commit; above 0: gather for this long before a flush. */
  maxDelayMs: number;
  /** Queued fixes that start a flush at once, whatever `maxDelayMs`. */
  maxBatch: number;
  /** A flush should take about this long (ms) on top of its fixed cost: it takes the fixes the lane applies in that time. */
  flushTargetMs: number;
  /** The fewest fixes a flush takes when more wait (small flushes cost a transaction each). */
  minFlush: number;
  /** A tenant's weight in each flush (its plan). */
  weightOf: (tenantId: string) => number;
}

/**
 * A lane of the ingest pipeline: its per-tenant queues and the scheduling of its flushes, which
 * run one after another (device states are locked per batch; one writer per lane keeps batches
 * large under load instead of many small ones competing).
 *
 * Group commit (decision 0190): an idle lane flushes after the current I/O phase (requests parsed
 * together go together); while a flush runs, arrivals queue and one flush waits behind it. That
 * flush takes the fixes the lane applies in `flushTargetMs` on top of a flush's fixed cost
 * (measured: `flush-cost.ts`, decision 0440) — everything when less waits — shared
 * between tenants by weight (decision 0300), and the lane chains another while anything is left.
 * So no flush holds a long backlog, and a tenant's fixes wait behind at most one running flush and
 * their share of the next.
 */
export class IngestLane {
  readonly #queues = new TenantQueues<Waiter>();
  /** A gathering delay in progress (only with `maxDelayMs` > 0). */
  #timer: NodeJS.Timeout | null = null;
  /** A flush is chained behind `flushing` and has not taken the queue yet. */
  #chained = false;
  /** The running flush and those chained behind it. */
  flushing: Promise<void> = Promise.resolve();
  /** This lane's recent flushes as a fixed cost plus a cost per fix (decision 0440). */
  readonly #cost = new FlushCost();
  readonly #options: LaneOptions;
  readonly #flush: (lane: IngestLane) => Promise<void>;

  /** `flush` applies what `take` hands it (and the lane's due checkpoints). */
  constructor(options: LaneOptions, flush: (lane: IngestLane) => Promise<void>) {
    this.#options = options;
    this.#flush = flush;
  }

  /** Nothing queued, gathering or chained (drain waits for this). */
  get idle(): boolean {
    return this.#queues.queued === 0 && this.#timer === null && !this.#chained;
  }

  enqueue(waiter: Waiter): void {
    this.#queues.push(waiter);
    this.flushSoon(this.#queues.queued >= this.#options.maxBatch ? 0 : this.#options.maxDelayMs);
  }

  /** The parts of the next flush (see the class comment). */
  take(): Waiter[] {
    const { flushTargetMs, minFlush, weightOf } = this.#options;
    return this.#queues.take(this.#cost.capFor(flushTargetMs, minFlush), weightOf);
  }

  /** A flush applied `fixes` in `ms`: sizes the next takes (a fit over the recent flushes, flush-cost.ts). */
  measured(fixes: number, ms: number): void {
    this.#cost.add(fixes, ms);
  }

  flushSoon(delayMs: number): void {
    if (delayMs > 0) {
      this.#timer ??= setTimeout(() => {
        this.#timer = null;
        this.#chain();
      }, delayMs);
      return;
    }
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#chain();
  }

  /** Runs `work` after the flushes chained so far (drain's final checkpoint, recovery). */
  after(work: () => Promise<void>): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      await work();
      this.#continue();
    });
    return this.flushing;
  }

  /** A capped flush left work behind: the next one starts without waiting for an arrival. */
  #continue(): void {
    if (this.#queues.queued > 0) this.flushSoon(0);
  }

  /** At most one flush waits behind the running one: it takes the queue when it starts. */
  #chain(): void {
    if (this.#chained) return;
    this.#chained = true;
    this.flushing = this.flushing
      // setImmediate: requests parsed in the same I/O phase join the same flush.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        this.#chained = false;
        await this.#flush(this);
        this.#continue();
      });
  }
}
