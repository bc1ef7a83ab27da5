import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, withClient, type TestPostgres } from '../test/test-postgres.ts';
import { bootstrapDatabase } from './bootstrap.ts';
import { loadMigrations } from './migrations-runner.ts';

// DATABASE_URL may name an owner that is no superuser (a managed PostgreSQL): FORCE ROW LEVEL
// SECURITY binds that owner too, so a migration that copies rows across accounts must lift it.
let postgres: TestPostgres;
let superUrl: string;
let ownerUrl: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  superUrl = await postgres.createDatabase();
  const name = `owned_${process.pid}`;
  await withClient(superUrl, async (client) => {
    await client.query("CREATE ROLE fleet_owner LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE PASSWORD 'owner-password'");
    await client.query(`CREATE DATABASE ${name} OWNER fleet_owner`);
  });
  const url = new URL(superUrl);
  url.username = 'fleet_owner';
  url.password = 'owner-password';
  url.pathname = `/${name}`;
  ownerUrl = url.toString();
});
afterAll(async () => {
  await postgres?.stop();
});

describe('migrations under an owner that is no superuser', () => {
  it('apply, and the app role still cannot bypass row-level security', async () => {
    const result = await bootstrapDatabase({ ownerUrl, seedDemo: true });
    expect(result.appliedMigrations).toHaveLength((await loadMigrations()).length);
    const owner = await withClient(ownerUrl, async (client) => (await client.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0]);
    expect(owner).toEqual({ rolsuper: false });
  });

  it('129 fills the vehicle-days 110 could not see, from their driver slots, and leaves the others alone', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const [truck, van] = [randomUUID(), randomUUID()];
    const slot = (tenant: string, device: string, driver: string, distance: number, fuel: number | null) =>
      `('${tenant}', '2026-11-02', '${device}', '${driver}', 10, ${distance}, 600, 60, 700, 80, 2, 0, 0, 0, 0, ${fuel ?? 'NULL'}, 0, 0, now(), now())`;
    const nobody = '00000000-0000-0000-0000-000000000000';
    // What 110 left behind under such an owner: slot rows of two accounts without their vehicle-days,
    // and one vehicle-day the daily figures job wrote since (its own figures, kept).
    await withClient(ownerUrl, async (client) => {
      await client.query('ALTER TABLE insights_daily NO FORCE ROW LEVEL SECURITY');
      await client.query(`INSERT INTO insights_daily (tenant_id, day, device_id, driver_slot, fixes, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops,
        overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, first_fix, last_fix) VALUES
        ${slot(a, truck, nobody, 1000, 2)}, ${slot(a, truck, randomUUID(), 500, null)}, ${slot(b, van, nobody, 300, null)}`);
      await client.query('ALTER TABLE insights_daily FORCE ROW LEVEL SECURITY');
      await client.query('ALTER TABLE insights_vehicle_daily NO FORCE ROW LEVEL SECURITY');
      await client.query(`INSERT INTO insights_vehicle_daily (tenant_id, day, device_id, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s,
        overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m) VALUES ('${b}', '2026-11-02', '${van}', 999, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0)`);
      await client.query('ALTER TABLE insights_vehicle_daily FORCE ROW LEVEL SECURITY');
    });
    const migration = (await loadMigrations()).find((m) => m.version === 129);
    if (!migration) throw new Error('migration 129 is missing');
    const seen = await withClient(ownerUrl, async (client) => {
      await client.query('BEGIN');
      await client.query(migration.sql);
      await client.query('COMMIT');
      await client.query('ALTER TABLE insights_vehicle_daily NO FORCE ROW LEVEL SECURITY');
      const rows = (await client.query(`SELECT tenant_id, device_id, distance_m, fuel_used_pct FROM insights_vehicle_daily WHERE tenant_id IN ($1, $2) ORDER BY distance_m`, [a, b])).rows;
      await client.query('ALTER TABLE insights_vehicle_daily FORCE ROW LEVEL SECURITY');
      const forced = (await client.query("SELECT relname, relforcerowsecurity FROM pg_class WHERE relname IN ('insights_daily', 'insights_vehicle_daily') ORDER BY relname")).rows;
      return { rows, forced };
    });
    expect(seen.rows).toEqual([
      { tenant_id: b, device_id: van, distance_m: 999, fuel_used_pct: null },
      { tenant_id: a, device_id: truck, distance_m: 1500, fuel_used_pct: 2 },
    ]);
    expect(seen.forced).toEqual([
      { relname: 'insights_daily', relforcerowsecurity: true },
      { relname: 'insights_vehicle_daily', relforcerowsecurity: true },
    ]);
  });
});
