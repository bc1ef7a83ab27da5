/**
 * Where the ingest pipeline reports the wall time of its stages. The fleet cloud runs with
 * `noIngestMetrics` (no clock reads at all); the ingest benchmark injects a recorder
 * (`buildApp({ ingest: { metrics } })`) for its "share per stage". Stages that wait for PostgreSQL
 * measure round trips, not our CPU; the benchmark reads PostgreSQL's own CPU time separately.
 */
export const stageNames = [
  'parse', 'resolve', 'insertPositions', 'insightsAndDrivers', 'loadState', 'tripsAndRules', 'saveState', 'deviceList', 'trips', 'alerts', 'visits', 'stream',
  // 'transaction': a tenant transaction's wall time outside applyTenantBatch (pool wait, BEGIN, settings, COMMIT's WAL flush).
  'transaction',
] as const;
export type StageName = (typeof stageNames)[number];

export interface IngestMetrics {
  /** A reading to measure from: a clock reading when recording, anything (0) when not. */
  mark(): number;
  /** Adds the time since `since` (a `mark()`) to the stage; returns a new mark for the next stage. */
  stage(name: StageName, since: number): number;
  /**
   * A tenant's part of a request was answered: it waited `queuedMs` in its lane's queue (from
   * enqueue to the start of the flush that took it) and `appliedMs` in that flush (to its tenant's
   * COMMIT). `fixTime`: the part's first fix's device time (ms; a phone's is when it sent it).
   * Optional: bench:fairness splits one tenant's latency into these stages with it.
   */
  partCommitted?(tenantId: string, fixes: number, queuedMs: number, appliedMs: number, fixTime: number): void;
  /** A lane's flush applied `fixes` of `tenants` tenants in `ms` (optional; bench:fairness). */
  flushed?(fixes: number, tenants: number, ms: number): void;
}

/** The default: records nothing and reads no clock, so the hot path pays two empty calls. */
export const noIngestMetrics: IngestMetrics = {
  mark: () => 0,
  stage: () => 0,
};
