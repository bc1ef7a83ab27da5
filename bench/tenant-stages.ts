import { monitorEventLoopDelay } from 'node:perf_hooks';
import { StageTimes } from './stage-times.ts';

/** Percentile of unsorted values (nearest rank); NaN when empty. */
function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

export interface TenantStageFigures {
  parts: number;
  queuedP50: number;
  queuedP99: number;
  appliedP50: number;
  appliedP99: number;
  /** From the fix's time (the phone sent it then) to its part being queued: HTTP both sides, parse, admission. */
  beforeQueueP50: number;
  beforeQueueP99: number;
  /** From the fix's time to its tenant's COMMIT (then the stream takes it to the console). */
  toCommitP50: number;
  toCommitP99: number;
}

export interface StageReport {
  tenants: Record<string, TenantStageFigures>;
  flushes: number;
  fixesPerFlushP50: number;
  flushMsP50: number;
  flushMsP99: number;
  /** The server's event-loop delay over the phase (ms): how long a ready callback waited for the CPU. */
  loopDelayP50: number;
  loopDelayP99: number;
  /** Wall time per ingest stage summed over the phase's tenant transactions (ms; they overlap). */
  stageMs: Record<string, number>;
}

/**
 * bench:fairness's split of a tenant's latency on the server (issue 14): per tenant, how long
 * its parts waited in the lane's queue and how long the flush that took them ran until its
 * tenant's COMMIT; per flush its size and duration; and the event loop's delay. The rest of a
 * report → console latency is HTTP before the queue and the stream after the commit.
 */
export class TenantStages extends StageTimes {
  readonly #queued = new Map<string, number[]>();
  readonly #applied = new Map<string, number[]>();
  readonly #beforeQueue = new Map<string, number[]>();
  readonly #toCommit = new Map<string, number[]>();
  #flushFixes: number[] = [];
  #flushMs: number[] = [];
  #loop = monitorEventLoopDelay({ resolution: 10 });

  partCommitted(tenantId: string, _fixes: number, queuedMs: number, appliedMs: number, fixTime: number): void {
    const toCommit = Date.now() - fixTime;
    const add = (map: Map<string, number[]>, value: number) => {
      const list = map.get(tenantId);
      if (list) list.push(value);
      else map.set(tenantId, [value]);
    };
    add(this.#queued, queuedMs);
    add(this.#applied, appliedMs);
    add(this.#toCommit, toCommit);
    add(this.#beforeQueue, toCommit - queuedMs - appliedMs);
  }

  flushed(fixes: number, _tenants: number, ms: number): void {
    this.#flushFixes.push(fixes);
    this.#flushMs.push(ms);
  }

  /** Starts a phase: forgets what was recorded and starts the event-loop histogram. */
  start(): void {
    this.reset();
    this.#queued.clear();
    this.#applied.clear();
    this.#beforeQueue.clear();
    this.#toCommit.clear();
    this.#flushFixes = [];
    this.#flushMs = [];
    this.#loop.disable();
    this.#loop = monitorEventLoopDelay({ resolution: 10 });
    this.#loop.enable();
  }

  report(): StageReport {
    this.#loop.disable();
    const tenants: Record<string, TenantStageFigures> = {};
    for (const [tenantId, queued] of this.#queued) {
      const applied = this.#applied.get(tenantId) ?? [];
      const before = this.#beforeQueue.get(tenantId) ?? [];
      const toCommit = this.#toCommit.get(tenantId) ?? [];
      tenants[tenantId] = {
        parts: queued.length,
        queuedP50: quantile(queued, 0.5),
        queuedP99: quantile(queued, 0.99),
        appliedP50: quantile(applied, 0.5),
        appliedP99: quantile(applied, 0.99),
        beforeQueueP50: quantile(before, 0.5),
        beforeQueueP99: quantile(before, 0.99),
        toCommitP50: quantile(toCommit, 0.5),
        toCommitP99: quantile(toCommit, 0.99),
      };
    }
    return {
      tenants,
      flushes: this.#flushMs.length,
      fixesPerFlushP50: quantile(this.#flushFixes, 0.5),
      flushMsP50: quantile(this.#flushMs, 0.5),
      flushMsP99: quantile(this.#flushMs, 0.99),
      loopDelayP50: this.#loop.percentile(50) / 1e6,
      loopDelayP99: this.#loop.percentile(99) / 1e6,
      stageMs: Object.fromEntries(Object.entries(this.totals).filter(([name]) => name !== 'parse' && name !== 'resolve').map(([name, ms]) => [name, Math.round(ms)])),
    };
  }
}
