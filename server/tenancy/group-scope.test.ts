import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapDatabase } from '../db/bootstrap.ts';
import { createFleetDb, type FleetDb } from '../db/fleet-db.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../demo/demo-fleet.ts';
import { startTestPostgres, type TestPostgres } from '../test/test-postgres.ts';

// Group scope is enforced by PostgreSQL like the tenant: these queries carry no filter at all.
let postgres: TestPostgres;
let db: FleetDb;
const gf = demoTenants.gothenburgFreight.id;
const north = demoGroups.northDepot;

beforeAll(async () => {
  postgres = await startTestPostgres();
  const boot = await bootstrapDatabase({ ownerUrl: await postgres.createDatabase(), seedDemo: true });
  db = createFleetDb({ connectionString: boot.appUrl, max: 1 });
});
afterAll(async () => {
  await db?.close();
  await postgres?.stop();
});

const names = (rows: { name: string }[]) => rows.map((r) => r.name).sort();

describe('group scope in row-level security', () => {
  it('shows a scoped session only its groups and their vehicles', async () => {
    const scoped = await db.withTenant(gf, async (s) => ({
      devices: (await s.query<{ name: string }>('SELECT name FROM devices')).rows,
      groups: (await s.query<{ name: string }>('SELECT name FROM groups')).rows,
    }), [north.id]);
    expect(names(scoped.devices)).toEqual(demoDevices.filter((d) => d.group === north).map((d) => d.name).sort());
    expect(names(scoped.groups)).toEqual(['North depot']);
  });

  it('answers app_device_in_scope per device, and an empty scope sees nothing', async () => {
    const south = demoDevices.find((d) => d.group === demoGroups.southDepot);
    const inNorth = demoDevices.find((d) => d.group === north);
    const check = (groups: string[] | null) =>
      db.withTenant(gf, async (s) => (await s.query<{ a: boolean; b: boolean }>('SELECT app_device_in_scope($1) AS a, app_device_in_scope($2) AS b', [inNorth?.id, south?.id])).rows[0], groups);
    expect(await check([north.id])).toEqual({ a: true, b: false });
    expect(await check(null)).toEqual({ a: true, b: true });
    const none = await db.withTenant(gf, (s) => s.query('SELECT 1 FROM devices'), []);
    expect(none.rowCount).toBe(0);
  });

  it('does not carry a scope over to the next transaction on the same connection', async () => {
    await db.withTenant(gf, (s) => s.query('SELECT 1 FROM devices'), [north.id]);
    const unscoped = await db.withTenant(gf, (s) => s.query('SELECT 1 FROM devices'));
    expect(unscoped.rowCount).toBe(demoDevices.filter((d) => d.tenant.id === gf).length);
  });

  it('refuses to move a vehicle out of the scope it is visible in', async () => {
    const inNorth = demoDevices.find((d) => d.group === north);
    const moved = db.withTenant(gf, (s) => s.query('UPDATE devices SET group_id = $2 WHERE id = $1', [inNorth?.id, demoGroups.southDepot.id]), [north.id]);
    await expect(moved).rejects.toThrow(/row-level security/);
  });
});
