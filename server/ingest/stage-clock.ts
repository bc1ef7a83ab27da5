/**
 * Wall time spent per ingest stage in this process, for the benchmark's "CPU share per stage".
 * Stages that wait for PostgreSQL measure round trips, not our CPU; the benchmark reads
 * PostgreSQL's own CPU time separately.
 */
export const stageNames = [
  'parse', 'resolve', 'insertPositions', 'loadState', 'tripsAndRules', 'saveState', 'deviceList', 'trips', 'alerts', 'stream',
  // 'transaction': a tenant transaction's wall time outside applyTenantBatch (pool wait, BEGIN, settings, COMMIT's WAL flush).
  'transaction',
] as const;
export type StageName = (typeof stageNames)[number];

export const stageClock = {
  totals: Object.fromEntries(stageNames.map((n) => [n, 0])) as Record<StageName, number>,
  add(stage: StageName, since: number): number {
    const now = performance.now();
    this.totals[stage] += now - since;
    return now;
  },
  reset(): void {
    for (const name of stageNames) this.totals[name] = 0;
  },
};
