import type { FleetDb } from '../db/fleet-db.ts';
import type { ExportObserver } from './tenant-export.ts';

/**
 * The console's view of a running export: files, rows and bytes written so far and the file
 * under way, kept in the export's row (tenant_exports) so any instance can answer the console's
 * poll. Written at most every `everyMs` (the first change at once), and at the end; one UPDATE
 * on its own connection, never inside the export's long transaction.
 */
export class ExportProgress implements ExportObserver {
  readonly #db: FleetDb;
  readonly #tenantId: string;
  readonly #exportId: string;
  readonly #everyMs: number;
  readonly #now: () => number;
  #files = 0;
  #rows = 0;
  #bytes = 0;
  #current: string | null = null;
  #lastWrite = 0;
  #writing: Promise<void> = Promise.resolve();

  constructor(db: FleetDb, tenantId: string, exportId: string, options: { everyMs?: number; now?: () => number } = {}) {
    this.#db = db;
    this.#tenantId = tenantId;
    this.#exportId = exportId;
    this.#everyMs = options.everyMs ?? 500;
    this.#now = options.now ?? Date.now;
  }

  fileStarted(name: string): void {
    this.#current = name;
    this.#write();
  }

  bytesWritten(n: number): void {
    this.#bytes += n;
    this.#write();
  }

  fileDone(rows: number): void {
    this.#files += 1;
    this.#rows += rows;
    this.#write();
  }

  /** The stream ended: the last figures and the outcome (`error` is a code, e.g. 'client-closed'). */
  async finish(outcome: { ok: true } | { ok: false; error: string }): Promise<void> {
    await this.#writing;
    await this.#db.withTenant(this.#tenantId, (db) =>
      db.query(
        `UPDATE tenant_exports SET state = $3, finished_at = clock_timestamp(), files_written = $4, rows_written = $5, bytes_written = $6, current_file = NULL, error = $7
          WHERE id = $1 AND tenant_id = $2`,
        [this.#exportId, this.#tenantId, outcome.ok ? 'done' : 'failed', this.#files, this.#rows, this.#bytes, outcome.ok ? null : outcome.error],
      ),
    );
  }

  #write(): void {
    const now = this.#now();
    if (now - this.#lastWrite < this.#everyMs) return;
    this.#lastWrite = now;
    const figures = [this.#exportId, this.#tenantId, this.#files, this.#rows, this.#bytes, this.#current] as const;
    // Chained: figures land in order. A failed progress write is not the export's failure.
    this.#writing = this.#writing.then(() =>
      this.#db
        .withTenant(this.#tenantId, (db) =>
          db.query("UPDATE tenant_exports SET files_written = $3, rows_written = $4, bytes_written = $5, current_file = $6 WHERE id = $1 AND tenant_id = $2 AND state = 'running'", [...figures]),
        )
        .then(() => undefined, () => undefined),
    );
  }
}
