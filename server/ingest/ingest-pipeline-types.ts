import type { IngestCounts } from './ingest-counts.ts';
import type { IngestMetrics } from './ingest-metrics.ts';
import type { KeyCheck } from './device-keys.ts';
import type { DeliverySink } from '../notifications/alert-deliveries.ts';
import type { StreamEvent } from '../stream/tenant-feed.ts';

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
  /**
   * Indexes of reports from units that proved themselves (key admitted) but whose account is
   * suspended or pending deletion: refused with that reason, nothing stored (decision 0250).
   */
  suspended: number[];
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

/**
 * Why the admission refused a request: its tenant is over its plan's ingest rate (`rate`) or,
 * with the pipeline saturated, over its share of it (`share`); both are answered 429 with
 * Retry-After — the tenant is sending too much, the server is not failing (decision 0300).
 * Nothing of the request was stored or acknowledged; the device retries after `retryAfterSeconds`.
 */
export type AdmissionRefusal =
  | { kind: 'rate'; tenantId: string; retryAfterSeconds: number; ratePerSecond: number }
  | { kind: 'share'; tenantId: string; retryAfterSeconds: number };

/**
 * Per-tenant admission of resolved fixes (plans and fair share, server/plans, decisions 0200
 * and 0300). In memory, no query: it runs for every request, and `refusing` for every report
 * of a tenant being refused.
 */
export interface IngestAdmission {
  /** Admits the whole request (and counts it as waiting) or refuses it whole. */
  admit(perTenant: ReadonlyMap<string, number>, now: number): AdmissionRefusal | null;
  /** An admitted request was answered (stored or failed), `answeredInMs` after it was admitted. */
  done(perTenant: ReadonlyMap<string, number>, now: number, answeredInMs?: number): void;
  /**
   * Whether `n` more fixes of the tenant would be refused now, changing nothing: the early
   * refusal, before a report is parsed (`IngestPipeline.refuseEarly`). Null: let it through to `admit`.
   */
  refusing(tenantId: string, n: number, now: number): AdmissionRefusal | null;
  /** The tenant's weight when flushes are shared between tenants (its plan). */
  weightOf(tenantId: string): number;
}

/** The default (tests, benchmarks without plans): admits everything, every tenant weighs the same. */
export const admitAll: IngestAdmission = { admit: () => null, done: () => {}, refusing: () => null, weightOf: () => 1 };

/** Thrown by submit when the admission refused the request; the routes answer 429 or 503. */
export class IngestRefusedError extends Error {
  readonly refusal: AdmissionRefusal;

  constructor(refusal: AdmissionRefusal) {
    super(refusal.kind === 'rate' ? `tenant over its ingest rate; retry in ${refusal.retryAfterSeconds} s` : `ingest saturated and tenant over its share; retry in ${refusal.retryAfterSeconds} s`);
    this.name = 'IngestRefusedError';
    this.refusal = refusal;
  }
}

export interface IngestOptions {
  /** 0 (default): group commit; above 0: gather for this long before a flush. */
  maxDelayMs?: number;
  maxBatch?: number;
  /** A flush takes about this many milliseconds of its lane's work when more waits (default 100). */
  flushTargetMs?: number;
  /** ...but at least this many fixes (default 100). */
  minFlush?: number;
  tenantConcurrency?: number;
  maxPending?: number;
  lanes?: number;
  checkpointMs?: number;
  /** Stage timings (the ingest benchmark records them); default: none, at no cost. */
  metrics?: IngestMetrics;
  /** Stored / duplicate / refused counts per tenant for the operations overview; default: none. */
  counts?: IngestCounts;
  /** Per-tenant admission (plans, fair share); default: everything is admitted. */
  admission?: IngestAdmission;
  /**
   * Receives each tenant transaction's stream events once it committed (the live stream's
   * local delivery, decision 0282); default: none (consoles still get them through NOTIFY).
   */
  publish?: (tenantId: string, events: readonly StreamEvent[]) => void;
  /**
   * This instance's notification dispatcher: the deliveries of alerts a transaction opened are
   * written claimed and handed to it once committed (decision 0490); default: written due.
   */
  deliveries?: DeliverySink;
}
