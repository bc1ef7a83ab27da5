import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const migrationsDir = new URL('./migrations/', import.meta.url);
const fileName = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Reads the `NNN_name.sql` files of `db/migrations/` in version order; a misnamed or duplicate file is an error. */
export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = fileName.exec(file);
    if (!match?.[1] || !match[2]) throw new Error(`Migration file ${file} must be named NNN_snake_case_name.sql`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new Error(`Two migrations share version ${match[1]}`);
    const sql = await readFile(new URL(file, migrationsDir), 'utf8');
    migrations.push({ version, name: match[2], sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

/**
 * Applies pending migrations, each in its own transaction. The caller holds the bootstrap
 * advisory lock, so two instances starting at once never apply the same migration twice.
 * Migrations refer to the app login role as {{app_role}}: its name depends on the database.
 */
export async function applyMigrations(client: pg.ClientBase, appRole: string): Promise<Migration[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied = await client.query<{ version: number; name: string; checksum: string }>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  const known = new Map(applied.rows.map((row) => [row.version, row]));
  const migrations = await loadMigrations();
  const pending: Migration[] = [];
  for (const migration of migrations) {
    const row = known.get(migration.version);
    if (!row) pending.push(migration);
    // An edited, already-applied migration means databases now differ silently: refuse to start.
    else if (row.checksum !== migration.checksum) {
      throw new Error(
        `Migration ${migration.version} (${row.name}) was changed after it was applied; add a new migration instead`,
      );
    }
  }
  const role = client.escapeIdentifier(appRole);
  for (const migration of pending) {
    await client.query('BEGIN');
    try {
      await client.query(migration.sql.replaceAll('{{app_role}}', role));
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Migration ${migration.version}_${migration.name} failed: ${reason}`, { cause: error });
    }
  }
  return pending;
}
