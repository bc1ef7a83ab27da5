/**
 * What ingest tells the provider's operations overview: per tenant, how many reports it stored,
 * how many were duplicates, and how many it refused and why. Counted in memory per batch (a Map
 * increment, never a query per fix); server/operations/ingest-counter.ts adds them to the
 * database every few seconds. `null` tenant: the report reached no tenant (unknown unit,
 * malformed record).
 */
export const ingestCountKinds = ['stored', 'duplicates', 'invalid', 'unknown', 'key', 'retention', 'rate'] as const;
export type IngestCountKind = (typeof ingestCountKinds)[number];

export interface IngestCounts {
  count(tenantId: string | null, kind: IngestCountKind, n: number): void;
}

/** The default (tests, benchmarks that do not look): counts nothing. */
export const noIngestCounts: IngestCounts = { count: () => {} };
