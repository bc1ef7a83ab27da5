import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantPlan, TenantPlanView } from '../../../../contract/api/plans.ts';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../../../../demo/demo-registry.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { forgetMonitoringSettings, loadMonitoringSettings } from '../../../alerts/monitoring-settings.ts';

const suite = useTestFleet();
let operator: string;
let maria: string;
const freight = demoTenants.gothenburgFreight;
const taxi = demoTenants.harbourTaxi;
const truck = demoDevices.find((d) => d.name === 'GF Truck 01');

const plan: TenantPlan = { maxUnits: 100, maxUsers: 50, retentionDays: 90, storageBytes: 10_000_000_000, ingestRate: 1000, ingestBurst: 5000, apiRate: 100 };

beforeAll(async () => {
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  maria = await accessTokenFor(suite.fleet.app, 'maria', freight.id);
});

const call = async <T>(method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: unknown) => {
  const response = await suite.fleet.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: response.statusCode, body: response.json<T>(), headers: response.headers };
};
const setPlan = (tenantId: string, change: Partial<TenantPlan>) => call<TenantPlanView>('PUT', `/api/tenants/${tenantId}/plan`, operator, { ...plan, ...change });

describe('plans (provider) and usage (tenant)', () => {
  it('answers the default plan for an account without one, with its usage', async () => {
    const { status, body } = await call<TenantPlanView>('GET', `/api/tenants/${taxi.id}/plan`, operator);
    expect(status).toBe(200);
    expect(body.isDefault).toBe(true);
    expect(body.plan).toMatchObject({ maxUnits: 10000, maxUsers: 1000, retentionDays: 365, ingestRate: 50000, ingestBurst: 200000, apiRate: 1000 });
    expect(body.usage.units).toBeGreaterThan(0);
    expect(body.usage.users).toBeGreaterThan(0);
  });

  it('refuses a bad plan naming the field', async () => {
    const negative = await setPlan(freight.id, { maxUnits: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body).toMatchObject({ field: 'maxUnits', reason: 'schema-violation' });
    const burst = await setPlan(freight.id, { ingestRate: 100, ingestBurst: 50 });
    expect(burst.status).toBe(400);
    expect(burst.body).toMatchObject({ field: 'ingestBurst', reason: 'plan-burst-below-rate', params: { ingestRate: 100 } });
    const missing = await call<ApiErrorBody>('PUT', `/api/tenants/${freight.id}/plan`, operator, { maxUnits: 5 });
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBeDefined();
  });

  it('sets a plan, which the tenant reads as its usage against the plan and sees in its audit log', async () => {
    const set = await setPlan(freight.id, plan);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ plan, isDefault: false });
    const usage = await call<TenantPlanView>('GET', '/api/usage', maria);
    expect(usage.status).toBe(200);
    expect(usage.body.plan).toEqual(plan);
    expect(usage.body.usage.units).toBe(6);
    const audit = await call<{ items: { action: string }[] }>('GET', '/api/audit?limit=5', maria);
    expect(audit.body.items.map((e) => e.action)).toContain('tenants.setPlan');
  });

  it('keeps plans to the provider: a tenant cannot read or set another plan', async () => {
    expect((await call('GET', `/api/tenants/${taxi.id}/plan`, maria)).status).toBe(403);
    expect((await call('PUT', `/api/tenants/${freight.id}/plan`, maria, plan)).status).toBe(403);
    // Under the tenant's RLS: its own row only, and no other account's plan or usage.
    const seen = await suite.fleet.app.db.withTenant(taxi.id, async (db) => ({
      rows: (await db.query('SELECT tenant_id FROM tenant_plans')).rows,
      other: (await db.query('SELECT * FROM plan_effective($1)', [freight.id])).rows,
      usage: (await db.query('SELECT * FROM plan_usage($1)', [freight.id])).rows,
      write: await db.query('UPDATE tenant_plans SET max_units = 1').then((r) => r.rowCount),
    }));
    expect(seen).toEqual({ rows: [], other: [], usage: [], write: 0 });
  });

  it('refuses assigning a unit past max units, naming the limit', async () => {
    await setPlan(freight.id, { maxUnits: 6 });
    const unit = await call<{ device: { id: string } }>('POST', '/api/device-registry', operator, { uniqueId: 'PLAN-LIMIT-1', model: 'Test' });
    expect(unit.status).toBe(201);
    const refused = await call<ApiErrorBody>('POST', `/api/device-registry/${unit.body.device.id}/assign`, operator, { tenantId: freight.id, name: 'One too many' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ reason: 'plan-limit-reached', field: 'tenantId', params: { limit: 'maxUnits', max: 6, used: 6 } });
    await setPlan(freight.id, { maxUnits: 7 });
    const assigned = await call('POST', `/api/device-registry/${unit.body.device.id}/assign`, operator, { tenantId: freight.id, name: 'Now it fits' });
    expect(assigned.status).toBe(200);
  });

  it('refuses creating a member past max users, in the account and from the provider', async () => {
    const { body } = await call<TenantPlanView>('GET', '/api/usage', maria);
    await setPlan(freight.id, { maxUsers: body.usage.users });
    const user = { username: 'one.too.many', displayName: 'One Too Many', password: 'a long enough passphrase 9', role: 'viewer' };
    const refused = await call<ApiErrorBody>('POST', '/api/users', maria, user);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ reason: 'plan-limit-reached', params: { limit: 'maxUsers', max: body.usage.users, used: body.usage.users } });
    const byProvider = await call<ApiErrorBody>('POST', `/api/tenants/${freight.id}/users`, operator, user);
    expect(byProvider.body).toMatchObject({ reason: 'plan-limit-reached' });
  });

  it("caps the account's retention with the plan's", async () => {
    await setPlan(freight.id, { retentionDays: 7 });
    forgetMonitoringSettings(freight.id);
    const settings = await suite.fleet.app.db.withTenant(freight.id, (db) => loadMonitoringSettings(db, freight.id));
    expect(settings.retentionDays).toBe(7);
  });

  it('answers ingest over the plan rate with 429 and Retry-After, and stores exactly what it acknowledged', async () => {
    await setPlan(freight.id, { ingestRate: 1, ingestBurst: 2 });
    const start = Math.floor(Date.now() / 1000) - 600;
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 10; i += 1) {
      const response = await suite.fleet.app.inject({ method: 'POST', url: `/?id=${truck?.uniqueId}&key=${demoDeviceSecret(truck?.uniqueId ?? '')}&lat=57.7&lon=11.97&timestamp=${start + i}` });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        retryAfter = String(response.headers['retry-after']);
        expect(response.json<ApiErrorBody>()).toMatchObject({ reason: 'ingest-rate-limited', params: { ratePerSecond: 1 } });
      }
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const stored = await suite.fleet.app.db.withTenant(freight.id, (db) =>
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM positions WHERE fix_time >= to_timestamp($1) AND fix_time < to_timestamp($2)', [start, start + 10]),
    );
    expect(stored.rows[0]?.n).toBe(statuses.filter((s) => s === 200).length);
    await setPlan(freight.id, plan);
  });

  it('answers API requests over the plan rate with 429 and Retry-After', async () => {
    await setPlan(taxi.id, { apiRate: 1 });
    const viktor = await accessTokenFor(suite.fleet.app, 'viktor', taxi.id);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) statuses.push((await suite.fleet.app.inject({ url: '/api/devices', headers: bearer(viktor) })).statusCode);
    // A burst of five seconds' worth, then refusals (20 requests take far less than 15 s).
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses).toContain(429);
    const refused = await suite.fleet.app.inject({ url: '/api/devices', headers: bearer(viktor) });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.json<ApiErrorBody>()).toMatchObject({ reason: 'api-rate-limited', params: { ratePerSecond: 1 } });
    // Another account is not affected.
    expect((await call('GET', '/api/usage', maria)).status).toBe(200);
  });
});
