import { createHash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pgCopyStreams from 'pg-copy-streams';
import { ZipFile } from 'yazl';
import { exportFormatVersion, type ExportManifest } from '../../contract/api/lifecycle.ts';
import type { DbSession, FleetDb } from '../db/fleet-db.ts';
import { ExportMeter } from './export-meter.ts';
import { copyStatement, exportTables } from './export-tables.ts';

/** What the export reports as it goes (export-progress.ts keeps the console's view of it). */
export interface ExportObserver {
  fileStarted(name: string): void;
  bytesWritten(n: number): void;
  fileDone(rows: number): void;
}

const members = `COPY (SELECT u.id, u.username, u.display_name, m.role, m.created_at AS member_since, u.created_at
  FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY lower(u.username), u.id) TO STDOUT WITH (FORMAT csv, HEADER true)`;

/**
 * Streams all of one account's data into `output` as a ZIP: tenant.json, settings.json,
 * users.csv (members, never a password hash: the API role has no grant on that column),
 * data/<table>.csv for every tenant table (export-tables.ts), and manifest.json last, with each
 * file's rows, bytes and SHA-256. One REPEATABLE READ, READ ONLY transaction in the account's
 * tenant: RLS scopes every read to the account, and every file shows the same moment, so the
 * manifest's counts agree with each other. Each table goes from COPY TO through the meter into
 * the ZIP with backpressure: memory holds a few chunks, never a table.
 */
export async function writeTenantExport(db: FleetDb, tenantId: string, output: Writable, observer: ExportObserver, now: () => Date = () => new Date()): Promise<ExportManifest> {
  const writer = new ExportWriter(new ZipFile(), observer, now());
  const written = pipeline(writer.zip.outputStream as Readable, output);
  // The reader went away (or the output failed): stop at the next file, drain the current one.
  written.catch((error: unknown) => writer.abort(error));
  try {
    const manifest = await db.transaction(async (session) => {
      await session.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await session.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.group_ids', '', true), set_config('app.support_grant', '', true)", [tenantId]);
      return writer.writeAll(session, tenantId);
    });
    writer.zip.end();
    await written;
    return manifest;
  } catch (error) {
    (writer.zip.outputStream as Readable).destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => undefined);
    throw error;
  }
}

class ExportWriter {
  readonly zip: ZipFile;
  readonly #observer: ExportObserver;
  readonly #at: Date;
  readonly #files: ExportManifest['files'] = [];
  #current: ExportMeter | null = null;
  #aborted: Error | null = null;

  constructor(zip: ZipFile, observer: ExportObserver, at: Date) {
    this.zip = zip;
    this.#observer = observer;
    this.#at = at;
  }

  abort(error: unknown): void {
    this.#aborted ??= error instanceof Error ? error : new Error(String(error));
    this.#current?.discard();
  }

  async writeAll(session: DbSession, tenantId: string): Promise<ExportManifest> {
    const tenant = (await session.query<{ id: string; name: string; status: string; device_auth: string; created_at: Date }>(
      'SELECT id, name, status, device_auth, created_at FROM tenants WHERE id = $1',
      [tenantId],
    )).rows[0];
    if (!tenant) throw new Error(`tenant ${tenantId} is not visible in its own scope`);
    const schema = (await session.query<{ version: number }>('SELECT max(version)::int AS version FROM schema_migrations')).rows[0]?.version ?? 0;
    const settings = (await session.query<{ version: number; settings: unknown }>('SELECT version, settings FROM tenant_settings_versions ORDER BY version DESC LIMIT 1')).rows[0];

    this.#addJson('tenant.json', { id: tenant.id, name: tenant.name, status: tenant.status, deviceAuth: tenant.device_auth, createdAt: tenant.created_at.toISOString() }, 1);
    this.#addJson('settings.json', settings ? { version: settings.version, settings: settings.settings } : null, settings ? 1 : 0);
    await this.#addCopy(session, 'users.csv', members);
    const { tables, omitted } = await exportTables(session);
    for (const table of tables) await this.#addCopy(session, `data/${table.table}.csv`, copyStatement(table));

    const manifest: ExportManifest = {
      format: 'fleet-tenant-export',
      formatVersion: exportFormatVersion,
      schemaVersion: schema,
      tenant: { id: tenant.id, name: tenant.name, status: tenant.status },
      exportedAt: this.#at.toISOString(),
      files: this.#files,
      omitted,
    };
    this.#observer.fileStarted('manifest.json');
    const buffer = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    this.zip.addBuffer(buffer, 'manifest.json', { mtime: this.#at });
    this.#observer.bytesWritten(buffer.length);
    return manifest;
  }

  #addJson(name: string, value: unknown, rows: number): void {
    this.#observer.fileStarted(name);
    const buffer = Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
    this.zip.addBuffer(buffer, name, { mtime: this.#at });
    this.#observer.bytesWritten(buffer.length);
    this.#observer.fileDone(rows);
    this.#files.push({ name, rows, bytes: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') });
  }

  async #addCopy(session: DbSession, name: string, statement: string): Promise<void> {
    if (this.#aborted) throw this.#aborted;
    this.#observer.fileStarted(name);
    const meter = new ExportMeter((n) => this.#observer.bytesWritten(n));
    this.#current = meter;
    this.zip.addReadStream(meter, name, { mtime: this.#at });
    // Resolves once the ZIP has read the whole file (the meter's readable side ended).
    await pipeline(session.query(pgCopyStreams.to(statement)), meter);
    this.#current = null;
    if (this.#aborted) throw this.#aborted;
    const { bytes, sha256, lineEnds } = meter.result();
    const rows = Math.max(0, lineEnds - 1); // the header line
    this.#observer.fileDone(rows);
    this.#files.push({ name, rows, bytes, sha256 });
  }
}
