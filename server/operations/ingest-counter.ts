import type { FleetDb } from '../db/fleet-db.ts';
import type { IngestCountKind, IngestCounts } from '../ingest/ingest-counts.ts';

/** Where reports that reached no tenant are counted (unknown units, malformed records). */
export const unattributedTenantId = '00000000-0000-0000-0000-000000000000';

/** The short names ops_add_ingest_counts reads (migration 090). */
const columnOf: Record<IngestCountKind, string> = { stored: 's', duplicates: 'd', invalid: 'inv', unknown: 'unk', key: 'key', retention: 'ret', rate: 'rate' };

/** One tenant's counts of one minute (`m`, epoch seconds), by ops_add_ingest_counts' names. */
interface Cell {
  t: string;
  m: number;
  n: Record<string, number>;
}

/**
 * Ingest counts per tenant and minute, held in memory and added to the database by `flush()`
 * (every few seconds, and at shutdown). The hot path pays one Map lookup per call and calls it
 * once per tenant per batch. Instances add their counts to the same rows, so several instances
 * sum up. A flush that fails keeps its counts for the next one (bounded: see `maxCells`).
 */
export class IngestCounter implements IngestCounts {
  #cells = new Map<string, Cell>();
  readonly #now: () => number;
  /** Beyond this many (tenant, minute) cells waiting, new counts are dropped (database long down). */
  readonly #maxCells: number;

  constructor(options: { now?: () => number; maxCells?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxCells = options.maxCells ?? 100_000;
  }

  count(tenantId: string | null, kind: IngestCountKind, n: number): void {
    this.#add(tenantId ?? unattributedTenantId, columnOf[kind], n);
  }

  /** Positions the retention job deleted: the tenant's stored total goes down by as many. */
  positionsDeleted(tenantId: string, n: number): void {
    this.#add(tenantId, 'del', n);
  }

  #add(t: string, column: string, n: number): void {
    if (n <= 0) return;
    const m = Math.floor(this.#now() / 60_000) * 60;
    const key = `${t}|${m}`;
    let cell = this.#cells.get(key);
    if (!cell) {
      if (this.#cells.size >= this.#maxCells) return;
      cell = { t, m, n: {} };
      this.#cells.set(key, cell);
    }
    cell.n[column] = (cell.n[column] ?? 0) + n;
  }

  /** Counts waiting for the next flush (tests). */
  get waiting(): number {
    return this.#cells.size;
  }

  /** Adds what was counted since the last flush: one statement whatever the number of tenants. */
  async flush(db: Pick<FleetDb, 'query'>): Promise<void> {
    const cells = this.#cells;
    if (cells.size === 0) return;
    this.#cells = new Map();
    try {
      await db.query('SELECT ops_add_ingest_counts($1::jsonb)', [JSON.stringify([...cells.values()].map((c) => ({ t: c.t, m: c.m, ...c.n })))]);
    } catch (error) {
      // Put them back (added to whatever was counted meanwhile) so the next flush carries them.
      for (const [key, cell] of cells) {
        const later = this.#cells.get(key);
        if (!later) this.#cells.set(key, cell);
        else for (const [column, n] of Object.entries(cell.n)) later.n[column] = (later.n[column] ?? 0) + n;
      }
      throw error;
    }
  }
}
