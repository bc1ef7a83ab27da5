import { DatabaseSync } from 'node:sqlite';
import { cacheMigrations } from './migrations/index.ts';
import type { CacheMigration } from './migrations/migration.ts';

/**
 * One workspace's SQLite cache with a writer/reader split (Signal Desktop's discipline): every
 * change goes through `write()` on the writer connection, in one transaction; screens read
 * through the read-only connection, which under WAL sees only committed data, so a reader never
 * observes half of a sync batch and a killed process leaves the last committed state.
 */
export class CacheDb {
  readonly file: string;
  readonly writer: DatabaseSync;
  readonly reader: DatabaseSync;
  #closed = false;

  constructor(file: string, migrations: readonly CacheMigration[] = cacheMigrations) {
    this.file = file;
    this.writer = new DatabaseSync(file, { timeout: 5_000 });
    try {
      // auto_vacuum must be chosen before the first table exists; incremental lets eviction
      // give space back to the OS without a full VACUUM.
      this.writer.exec('PRAGMA auto_vacuum = INCREMENTAL');
      this.writer.exec('PRAGMA journal_mode = WAL');
      // NORMAL in WAL mode: a power cut may lose the last transactions but never corrupts.
      this.writer.exec('PRAGMA synchronous = NORMAL');
      this.writer.exec('PRAGMA foreign_keys = ON');
      this.writer.exec('PRAGMA cache_size = -512');
      migrate(this.writer, migrations);
      this.reader = new DatabaseSync(file, { readOnly: true, timeout: 5_000 });
      // Every read is a whole-table snapshot or one track blob: the OS file cache serves them as
      // fast as SQLite's own page cache would, so 512 KiB per connection instead of the 2 MiB
      // default keeps an open workspace small (decision 0031).
      this.reader.exec('PRAGMA cache_size = -512');
    } catch (error) {
      this.writer.close();
      throw error;
    }
  }

  /** Runs `change` in one IMMEDIATE transaction: all of it is stored, or none. */
  write<T>(change: (db: DatabaseSync) => T): T {
    this.writer.exec('BEGIN IMMEDIATE');
    try {
      const result = change(this.writer);
      this.writer.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.writer.isTransaction) this.writer.exec('ROLLBACK');
      throw error;
    }
  }

  /** Runs `read` in one read transaction, so several queries see the same snapshot. */
  read<T>(read: (db: DatabaseSync) => T): T {
    this.reader.exec('BEGIN');
    try {
      return read(this.reader);
    } finally {
      this.reader.exec('COMMIT');
    }
  }

  /**
   * Gives the page caches of both connections back (`PRAGMA shrink_memory`): called when the
   * workspace stops being the active one, so an idle workspace costs its connections, not the
   * pages its last snapshot read. The next read refills from the OS file cache in milliseconds.
   */
  releaseMemory(): void {
    if (this.#closed) return;
    this.reader.exec('PRAGMA shrink_memory');
    this.writer.exec('PRAGMA shrink_memory');
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.reader.close();
    // Folds the WAL back into the main file, so a closed cache is one file on disk.
    try {
      this.writer.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      this.writer.close();
    }
  }
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

/** Applies every migration above the file's user_version, each in its own transaction. */
export function migrate(db: DatabaseSync, migrations: readonly CacheMigration[]): void {
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`The offline cache ${db.location() ?? ''} was written by a newer console (schema ${current} > ${newest}).`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      migration.up(db);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`Offline cache migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
