import type { IngestCounts } from './ingest-counts.ts';
import type { IngestMetrics } from './ingest-metrics.ts';
import type { KeyCheck } from './device-keys.ts';

/**
 * What the ingest pipeline answers and is configured with, apart from the pipeline itself
 * (ingest-pipeline.ts): the ingest routes and the app's wiring import these.
 */

export interface SubmitResult {
  stored: number;
  duplicates: number;
  /** Fixes whose time a stored fix with other content already had: kept aside (decision 0113). */
  conflicts: number;
  /**
   * Indexes (into the submitted list) of reports from unknown or unassigned units, and of
   * reports whose key the tenant's `enforce` mode refused: one list, so the answer cannot tell
   * a registered unit from an unknown one.
   */
  unknown: number[];
  /** Reports taken without a valid key because their tenant only logs (mode `log`). */
  keyless: { index: number; uniqueId: string; check: Exclude<KeyCheck, 'ok'> }[];
  /** Reports older than their tenant's retention (it would delete them at once): not stored. */
  tooOld: { index: number; retentionDays: number }[];
  /** The tenants the reports belonged to (for the request's log lines). */
  tenants: string[];
}

/**
 * Thrown by submit when more fixes are waiting than the pipeline will hold. The device should
 * retry later (the ingest routes answer 503 with Retry-After; Traccar Client and dongles retry):
 * a bounded queue keeps memory and latency bounded when offered load exceeds throughput,
 * where an unbounded one grew to hundreds of MB of request bodies (decision 0020, round 2).
 */
export class IngestOverloadedError extends Error {
  constructor(pending: number, limit: number) {
    super(`ingest is over capacity: ${pending} fixes waiting (limit ${limit}); retry later`);
    this.name = 'IngestOverloadedError';
  }
}

export interface IngestOptions {
  /** 0 (default): group commit; above 0: gather for this long before a flush. */
  maxDelayMs?: number;
  maxBatch?: number;
  tenantConcurrency?: number;
  maxPending?: number;
  lanes?: number;
  checkpointMs?: number;
  /** Stage timings (the ingest benchmark records them); default: none, at no cost. */
  metrics?: IngestMetrics;
  /** Stored / duplicate / refused counts per tenant for the operations overview; default: none. */
  counts?: IngestCounts;
}
