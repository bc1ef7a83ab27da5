import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignInResponse } from '../../contract/api/auth.ts';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import type { Tenant } from '../../contract/api/tenants.ts';
import { demoPassword, demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../../demo/demo-registry.ts';
import { accessTokenFor, bearer, exchange } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { TenantLifecycleJob } from './lifecycle-job.ts';

const suite = useTestFleet();
const taxi = demoTenants.harbourTaxi;
const utilities = demoTenants.cityUtilities;
const day = 86_400_000;
let operator: string;

beforeAll(async () => {
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
});

const unitOf = (tenantId: string) => {
  const unit = demoDevices.find((d) => d.tenant.id === tenantId);
  if (!unit) throw new Error(`no demo unit in ${tenantId}`);
  return unit;
};
let clock = Date.now() - 3_600_000;
/** One OsmAnd report of the tenant's first unit, with its key, at a fresh time. */
const report = (tenantId: string) => {
  const unit = unitOf(tenantId);
  return suite.fleet.app.inject({ method: 'GET', url: `/?id=${unit.uniqueId}&lat=57.7&lon=11.97&timestamp=${Math.floor((clock += 10_000) / 1000)}&key=${demoDeviceSecret(unit.uniqueId)}` });
};
const signIn = (username: string) => suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password: demoPassword } });
const schedule = (tenantId: string, payload: object = {}) => suite.fleet.app.inject({ method: 'POST', url: `/api/tenants/${tenantId}/deletion`, headers: bearer(operator), payload });
const restore = (tenantId: string) => suite.fleet.app.inject({ method: 'DELETE', url: `/api/tenants/${tenantId}/deletion`, headers: bearer(operator) });

describe('deletion after a grace period, restorable during it', () => {
  it('refuses a grace period out of bounds, naming the field', async () => {
    for (const graceDays of [0, 91, 2.5]) {
      const response = await schedule(taxi.id, { graceDays });
      expect(response.statusCode).toBe(400);
      expect(response.json<ApiErrorBody>().field).toBe('graceDays');
    }
  });

  it('closes the account: members cannot sign in (with the reason and date), units are refused as suspended; restore brings all back', async () => {
    expect((await report(taxi.id)).statusCode).toBe(200);
    const scheduled = await schedule(taxi.id);
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    const tenant = scheduled.json<Tenant>();
    expect(tenant.status).toBe('pending-deletion');
    const purgeAt = Date.parse(tenant.purgeAt ?? '');
    expect(Math.abs(purgeAt - (Date.now() + 30 * day))).toBeLessThan(60_000);

    // Viktor belongs to Harbour Taxi only: no sign-in, and the answer says why and until when.
    const viktor = await signIn('viktor');
    expect(viktor.statusCode).toBe(403);
    expect(viktor.json<ApiErrorBody>()).toMatchObject({ error: 'forbidden', reason: 'account-pending-deletion', params: { tenantName: 'Harbour Taxi', purgeAt: tenant.purgeAt } });
    // Maria still signs in to her other account; Harbour Taxi is not offered, and asking for it says why.
    const maria = await signIn('maria');
    expect(maria.statusCode).toBe(200);
    const session = maria.json<SignInResponse>();
    expect(session.memberships.map((m) => m.tenantId)).toEqual([demoTenants.gothenburgFreight.id]);
    const refused = await exchange(suite.fleet.app, session.refreshToken, taxi.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ApiErrorBody>()).toMatchObject({ reason: 'account-pending-deletion', field: 'tenantId' });
    // The unit proved itself with its key: it is told the account is suspended (not "unknown").
    const unit = await report(taxi.id);
    expect(unit.statusCode).toBe(403);
    expect(unit.json<ApiErrorBody>()).toMatchObject({ reason: 'unit-account-suspended' });
    const batch = await suite.fleet.app.inject({
      method: 'POST',
      url: '/api/ingest/batch',
      headers: { 'x-device-key': demoDeviceSecret(unitOf(taxi.id).uniqueId) },
      payload: { records: [{ deviceId: unitOf(taxi.id).uniqueId, time: new Date(clock += 10_000).toISOString(), latitude: 57.7, longitude: 11.97 }] },
    });
    expect(batch.json<{ stored: number; rejected: { reason: string }[] }>()).toMatchObject({ stored: 0, rejected: [{ reason: 'account_suspended' }] });
    // Scheduling twice, or suspending meanwhile, is refused: only restore ends a pending deletion.
    expect((await schedule(taxi.id)).json<ApiErrorBody>().reason).toBe('account-already-pending-deletion');
    const patch = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/tenants/${taxi.id}`, headers: bearer(operator), payload: { status: 'active' } });
    expect(patch.json<ApiErrorBody>().reason).toBe('account-already-pending-deletion');
    // Nor does it take new units: they would be purged with it.
    const spare = await suite.fleet.app.inject({ method: 'POST', url: '/api/device-registry', headers: bearer(operator), payload: { uniqueId: 'PENDING-DELETION-1', model: 'Test' } });
    expect(spare.statusCode, spare.body).toBe(201);
    const assign = await suite.fleet.app.inject({ method: 'POST', url: `/api/device-registry/${spare.json<{ device: { id: string } }>().device.id}/assign`, headers: bearer(operator), payload: { tenantId: taxi.id, name: 'Too late' } });
    expect(assign.statusCode).toBe(409);
    expect(assign.json<ApiErrorBody>()).toMatchObject({ reason: 'account-already-pending-deletion', field: 'tenantId', params: { purgeAt: tenant.purgeAt } });
    // The tenant list shows it with its date.
    const list = await suite.fleet.app.inject({ method: 'GET', url: '/api/tenants?limit=100', headers: bearer(operator) });
    expect(list.json<{ items: Tenant[] }>().items.find((t) => t.id === taxi.id)).toMatchObject({ status: 'pending-deletion', purgeAt: tenant.purgeAt });

    const restored = await restore(taxi.id);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json<Tenant>()).toMatchObject({ status: 'active', purgeAt: null });
    expect((await signIn('viktor')).statusCode).toBe(200);
    expect((await report(taxi.id)).statusCode).toBe(200);
    expect((await restore(taxi.id)).json<ApiErrorBody>().reason).toBe('account-not-pending-deletion');
    // The account's own log shows both steps.
    const admin = await accessTokenFor(suite.fleet.app, 'maria', taxi.id);
    const audit = await suite.fleet.app.inject({ method: 'GET', url: '/api/audit?limit=10', headers: bearer(admin) });
    expect(audit.json<{ items: { action: string }[] }>().items.map((e) => e.action)).toEqual(expect.arrayContaining(['tenants.scheduleDeletion', 'tenants.restore']));
  });

  it('keeps a suspended account suspended when its deletion is undone', async () => {
    const suspend = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/tenants/${taxi.id}`, headers: bearer(operator), payload: { status: 'suspended' } });
    expect(suspend.statusCode).toBe(200);
    expect((await signIn('viktor')).json<ApiErrorBody>()).toMatchObject({ reason: 'account-suspended', params: { tenantName: 'Harbour Taxi' } });
    expect((await schedule(taxi.id, { graceDays: 7 })).statusCode).toBe(200);
    expect((await restore(taxi.id)).json<Tenant>().status).toBe('suspended');
    await suite.fleet.app.inject({ method: 'PATCH', url: `/api/tenants/${taxi.id}`, headers: bearer(operator), payload: { status: 'active' } });
  });

  it('purges every row of the account once the grace period has passed, and the provider log keeps the fact', async () => {
    expect((await report(utilities.id)).statusCode).toBe(200);
    await suite.fleet.app.ingest.drain();
    expect((await schedule(utilities.id, { graceDays: 1 })).statusCode).toBe(200);
    const owner = new pg.Client({ connectionString: suite.fleet.ownerUrl });
    await owner.connect();
    try {
      const rowsOf = async () => {
        // Every table (partitions too) with a tenant_id column, found in the catalogue.
        const tables = await owner.query<{ name: string }>(
          `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1`,
        );
        const left: Record<string, number> = {};
        for (const { name } of tables.rows) {
          const n = (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name} WHERE tenant_id = $1`, [utilities.id])).rows[0]?.n ?? 0;
          if (n > 0) left[name] = n;
        }
        return { tables: tables.rows.length, left };
      };
      const before = await rowsOf();
      expect(Object.keys(before.left)).toEqual(expect.arrayContaining(['public.devices', 'public.memberships', 'public.audit_log']));
      expect(Object.keys(before.left).some((t) => t.startsWith('public.positions_'))).toBe(true);

      // Not yet due: the job leaves it.
      expect(await new TenantLifecycleJob(suite.fleet.db).runOnce()).toEqual([]);
      // A day and a bit later (the job's clock, no waiting).
      const purged = await new TenantLifecycleJob(suite.fleet.db, { now: () => new Date(Date.now() + day + 60_000) }).runOnce();
      expect(purged.map((p) => p.tenantId)).toEqual([utilities.id]);
      expect(purged[0]?.rowsDeleted).toMatchObject({ users: 1 });

      const after = await rowsOf();
      expect(after.tables).toBe(before.tables);
      expect(after.left).toEqual({});
      // Provider rows about the account: its units are back in the inventory, their history gone.
      const provider = await owner.query<{ units: number; history: number; status: string; purged: boolean }>(
        `SELECT (SELECT count(*)::int FROM registry_devices WHERE assigned_tenant_id = $1) AS units,
                (SELECT count(*)::int FROM device_assignments WHERE assigned_tenant_id = $1) AS history,
                (SELECT status FROM tenants WHERE id = $1) AS status,
                (SELECT purged_at IS NOT NULL FROM tenants WHERE id = $1) AS purged`,
        [utilities.id],
      );
      expect(provider.rows[0]).toEqual({ units: 0, history: 0, status: 'deleted', purged: true });
      const unit = await owner.query<{ assigned: string | null }>('SELECT assigned_tenant_id AS assigned FROM registry_devices WHERE lower(unique_id) = lower($1)', [unitOf(utilities.id).uniqueId]);
      expect(unit.rows).toEqual([{ assigned: null }]);
    } finally {
      await owner.end();
    }
    // Sofia belonged to City Utilities only: she is gone with it.
    expect((await signIn('sofia')).json<ApiErrorBody>().reason).toBe('wrong-credentials');
    // The unit is unassigned now: an unknown unit to ingest.
    expect((await report(utilities.id)).statusCode).toBe(404);
    // The provider's audit log records the purge, with what went.
    const audit = await suite.fleet.app.inject({ method: 'GET', url: `/api/audit?limit=20`, headers: bearer(operator) });
    const entry = audit.json<{ items: { action: string; targetId: string; targetLabel: string; after: { rowsDeleted: Record<string, number> } }[] }>().items.find((e) => e.action === 'tenants.purge');
    expect(entry).toMatchObject({ targetId: utilities.id, targetLabel: 'City Utilities' });
    expect(entry?.after.rowsDeleted['public.devices'] ?? entry?.after.rowsDeleted.devices).toBeGreaterThan(0);
    // Purged accounts are out of the list; a second round finds nothing.
    const list = await suite.fleet.app.inject({ method: 'GET', url: '/api/tenants?limit=100', headers: bearer(operator) });
    expect(list.json<{ items: Tenant[] }>().items.map((t) => t.id)).not.toContain(utilities.id);
    expect(await new TenantLifecycleJob(suite.fleet.db, { now: () => new Date(Date.now() + 2 * day) }).runOnce()).toEqual([]);
  });
});
