import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, withClient, type TestPostgres } from '../test/test-postgres.ts';
import { bootstrapDatabase } from './bootstrap.ts';
import { loadMigrations } from './migrations-runner.ts';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describe('database bootstrap', () => {
  it('applies every migration once and is a no-op the second time', async () => {
    const ownerUrl = await postgres.createDatabase();
    const migrations = await loadMigrations();
    const first = await bootstrapDatabase({ ownerUrl, seedDemo: true });
    expect(first.appliedMigrations).toHaveLength(migrations.length);
    const second = await bootstrapDatabase({ ownerUrl, seedDemo: true });
    expect(second.appliedMigrations).toEqual([]);
    expect(second.signingKey).toBe(first.signingKey);
    expect(second.appUrl).toBe(first.appUrl);
    const counts = await withClient(ownerUrl, async (client) => {
      const applied = await client.query('SELECT version FROM schema_migrations');
      const devices = await client.query('SELECT count(*)::int AS n FROM devices');
      const users = await client.query('SELECT count(*)::int AS n FROM users');
      return { applied: applied.rowCount, devices: devices.rows[0].n, users: users.rows[0].n };
    });
    // The seed is idempotent too: no duplicates after the second start.
    expect(counts).toEqual({ applied: migrations.length, devices: 15, users: 7 });
  });

  it('lets several instances start at once on one database', async () => {
    const ownerUrl = await postgres.createDatabase();
    const results = await Promise.all([1, 2, 3, 4].map(() => bootstrapDatabase({ ownerUrl, seedDemo: true })));
    const appliedOverall = results.flatMap((r) => r.appliedMigrations);
    expect(appliedOverall).toHaveLength((await loadMigrations()).length);
    // They agree on the shared secrets without any configuration.
    expect(new Set(results.map((r) => r.signingKey)).size).toBe(1);
    expect(new Set(results.map((r) => r.appUrl)).size).toBe(1);
    await withClient(results[0]?.appUrl ?? '', async (client) => {
      expect((await client.query('SELECT 1 AS ok')).rows[0].ok).toBe(1);
    });
  });

  it('refuses to start when an applied migration was edited', async () => {
    const ownerUrl = await postgres.createDatabase();
    await bootstrapDatabase({ ownerUrl, seedDemo: false });
    await withClient(ownerUrl, (client) => client.query("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1"));
    await expect(bootstrapDatabase({ ownerUrl, seedDemo: false })).rejects.toThrow(/changed after it was applied/);
  });

  it('creates an app role that is neither superuser nor owner and cannot bypass RLS', async () => {
    const ownerUrl = await postgres.createDatabase();
    const { appRole } = await bootstrapDatabase({ ownerUrl, seedDemo: false });
    const role = await withClient(ownerUrl, async (client) => {
      const result = await client.query(
        `SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
                (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
           FROM pg_roles r WHERE r.rolname = $1`,
        [appRole],
      );
      return result.rows[0];
    });
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, owned: 0 });
  });

  it('gives every tenant table RLS, forced, keyed by (tenant_id, ...)', async () => {
    const ownerUrl = await postgres.createDatabase();
    await bootstrapDatabase({ ownerUrl, seedDemo: false });
    const tables = await withClient(ownerUrl, async (client) => {
      const result = await client.query<{ relname: string; rls: boolean; forced: boolean; first_key: string }>(
        `SELECT c.relname, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                (SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                  WHERE i.indrelid = c.oid AND i.indisprimary) AS first_key
           FROM pg_class c JOIN pg_attribute t ON t.attrelid = c.oid AND t.attname = 'tenant_id'
          WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname`,
      );
      return result.rows;
    });
    // Every table with a tenant_id is checked; the list only proves the check saw the known ones.
    expect(tables.map((t) => t.relname)).toEqual(
      expect.arrayContaining(['audit_log', 'devices', 'groups', 'membership_groups', 'memberships', 'tenant_settings_versions']),
    );
    for (const table of tables) expect(table).toMatchObject({ rls: true, forced: true, first_key: 'tenant_id' });
  });
});
