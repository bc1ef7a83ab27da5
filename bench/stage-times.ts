import { stageNames, type IngestMetrics, type StageName } from '../server/ingest/ingest-metrics.ts';

/** Sums the ingest pipeline's wall time per stage, for bench:ingest's "share per stage". */
export class StageTimes implements IngestMetrics {
  readonly totals = Object.fromEntries(stageNames.map((n) => [n, 0])) as Record<StageName, number>;
  /** How often each stage ran ('transaction': tenant transactions, i.e. flushes × tenants). */
  readonly calls = Object.fromEntries(stageNames.map((n) => [n, 0])) as Record<StageName, number>;

  mark(): number {
    return performance.now();
  }

  stage(name: StageName, since: number): number {
    const now = performance.now();
    this.totals[name] += now - since;
    this.calls[name] += 1;
    return now;
  }

  reset(): void {
    for (const name of stageNames) {
      this.totals[name] = 0;
      this.calls[name] = 0;
    }
  }
}
