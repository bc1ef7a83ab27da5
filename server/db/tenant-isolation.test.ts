import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../test/test-postgres.ts';
import { bootstrapDatabase } from './bootstrap.ts';
import { createFleetDb, type FleetDb } from './fleet-db.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';

// These tests talk to PostgreSQL as the API does: through the app role, with no tenant filter
// in the SQL. Whatever they get back is what row-level security lets through.
let postgres: TestPostgres;
let db: FleetDb;
/** max: 1, so every query reuses the connection earlier tenant transactions ran on. */
let singleConnection: FleetDb;

beforeAll(async () => {
  postgres = await startTestPostgres();
  const boot = await bootstrapDatabase({ ownerUrl: await postgres.createDatabase(), seedDemo: true });
  db = createFleetDb({ connectionString: boot.appUrl });
  singleConnection = createFleetDb({ connectionString: boot.appUrl, max: 1 });
});
afterAll(async () => {
  await db?.close();
  await singleConnection?.close();
  await postgres?.stop();
});

const tenants = Object.values(demoTenants);
const deviceNamesOf = (tenantId: string) =>
  demoDevices
    .filter((d) => d.tenant.id === tenantId)
    .map((d) => d.name)
    .sort();

describe('row-level security through the app role', () => {
  it("returns only the current tenant's rows from an unfiltered query", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...tenants), async (tenant) => {
        const rows = await db.withTenant(tenant.id, async (session) => {
          const devices = await session.query<{ name: string }>('SELECT name FROM devices ORDER BY name');
          const tenantRows = await session.query<{ name: string }>('SELECT name FROM tenants');
          const groups = await session.query<{ tenant_id: string }>('SELECT tenant_id FROM groups');
          const members = await session.query<{ tenant_id: string }>('SELECT tenant_id FROM memberships');
          return { devices: devices.rows, tenantRows: tenantRows.rows, groups: groups.rows, members: members.rows };
        });
        expect(rows.devices.map((d) => d.name)).toEqual(deviceNamesOf(tenant.id));
        // The provider manages client accounts, so it reads the tenant directory; clients see only themselves.
        const visibleTenants = tenant.kind === 'provider' ? tenants.map((t) => ({ name: t.name })) : [{ name: tenant.name }];
        expect(rows.tenantRows).toEqual(expect.arrayContaining(visibleTenants));
        expect(rows.tenantRows).toHaveLength(visibleTenants.length);
        for (const row of [...rows.groups, ...rows.members]) expect(row.tenant_id).toBe(tenant.id);
      }),
      { numRuns: 12 },
    );
  });

  it('returns nothing when no tenant is set, also on a connection a tenant used before', async () => {
    await singleConnection.withTenant(demoTenants.harbourTaxi.id, (s) => s.query('SELECT 1 FROM devices'));
    for (const table of ['devices', 'groups', 'memberships', 'tenants']) {
      const result = await singleConnection.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(result.rows[0]?.n, table).toBe(0);
    }
    const inTransaction = await singleConnection.transaction((s) => s.query('SELECT id FROM devices'));
    expect(inTransaction.rowCount).toBe(0);
  });

  it('rejects writing a row into another tenant', async () => {
    const attempt = db.withTenant(demoTenants.harbourTaxi.id, (s) =>
      s.query("INSERT INTO devices (tenant_id, unique_id, name) VALUES ($1, '999999999999999', 'Smuggled')", [
        demoTenants.gothenburgFreight.id,
      ]),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const moved = await db.withTenant(demoTenants.harbourTaxi.id, (s) =>
      s.query('UPDATE devices SET tenant_id = $1', [demoTenants.gothenburgFreight.id]),
    ).catch((error: unknown) => error);
    expect(String(moved)).toMatch(/row-level security/);
  });

  it('cannot switch row-level security off or around', async () => {
    const tryIt = (sql: string) =>
      db.withTenant(demoTenants.harbourTaxi.id, (s) => s.query(sql)).then(
        () => 'allowed',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    // With row_security off, PostgreSQL refuses any query that RLS would filter.
    expect(await tryIt('SET LOCAL row_security = off; SELECT * FROM devices')).toMatch(/row-level security/);
    expect(await tryIt('ALTER TABLE devices DISABLE ROW LEVEL SECURITY')).toMatch(/must be owner/);
    expect(await tryIt('ALTER TABLE devices NO FORCE ROW LEVEL SECURITY')).toMatch(/must be owner/);
    expect(await tryIt('DROP POLICY tenant_isolation ON devices')).toMatch(/must be owner/);
    expect(await tryIt('SET LOCAL ROLE postgres')).toMatch(/permission denied/);
    expect(await tryIt('SELECT * FROM server_secrets')).toMatch(/permission denied/);
    expect(await tryIt('SELECT * FROM users')).toMatch(/permission denied/);
    const role = await db.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('reads memberships across tenants only through the narrow auth functions', async () => {
    const result = await db.query<{ tenant_name: string }>(
      "SELECT tenant_name FROM auth_memberships((SELECT id FROM auth_find_user('MARIA')))",
    );
    expect(result.rows.map((r) => r.tenant_name)).toEqual(['Gothenburg Freight AB', 'Harbour Taxi']);
  });
});
