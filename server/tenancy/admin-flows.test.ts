import { beforeAll, describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import type { RegisteredDevice, RegistryDevice, DeviceAssignmentHistory } from '../../contract/api/device-registry.ts';
import type { DeviceListResponse } from '../../contract/api/devices.ts';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import type { SettingsResponse } from '../../contract/api/settings.ts';
import type { Tenant } from '../../contract/api/tenants.ts';
import type { Member } from '../../contract/api/users.ts';
import type { AuditList } from '../../contract/api/audit.ts';
import type { TokenResponse, SignInResponse } from '../../contract/api/auth.ts';
import { demoAccounts, demoTenants } from '../../demo/demo-accounts.ts';
import { demoGroups } from '../../demo/demo-fleet.ts';
import { demoUnits } from '../../demo/demo-registry.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';

const suite = useTestFleet();
let operator: string;

beforeAll(async () => {
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
});

async function call<T>(token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const response = await suite.fleet.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as T & ApiErrorBody };
}

async function signInAs(username: string, password: string, tenantId: string): Promise<string> {
  const signIn = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password } });
  expect(signIn.statusCode, signIn.body).toBe(200);
  const token = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/token', payload: { refreshToken: signIn.json<SignInResponse>().refreshToken, tenantId } });
  expect(token.statusCode, token.body).toBe(200);
  return token.json<TokenResponse>().accessToken;
}

describe('provider onboarding a client', () => {
  it('creates a tenant, assigns units, creates its admin, who then runs the account', async () => {
    const created = await call<Tenant>(operator, 'POST', '/api/tenants', { name: 'Lake Buses' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const tenantId = created.body.id;
    expect((await call(operator, 'POST', '/api/tenants', { name: 'lake buses' })).body).toMatchObject({ error: 'conflict', field: 'name' });

    const spare = demoUnits.filter((u) => !u.tenantId);
    for (const [i, unit] of spare.slice(0, 2).entries()) {
      const assigned = await call<RegistryDevice>(operator, 'POST', `/api/device-registry/${unit.id}/assign`, { tenantId, name: `Bus ${i + 1}`, vehicleType: 'bus' });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
      expect(assigned.body).toMatchObject({ status: 'assigned', tenant: { id: tenantId, name: 'Lake Buses' } });
    }
    const admin = await call<Member>(operator, 'POST', `/api/tenants/${tenantId}/users`, {
      username: 'lena', displayName: 'Lena Lake', password: 'a long lake password', role: 'admin',
    });
    expect(admin.status, JSON.stringify(admin.body)).toBe(201);

    const lena = await signInAs('lena', 'a long lake password', tenantId);
    const group = await call<{ id: string }>(lena, 'POST', '/api/groups', { name: 'Depot East' });
    expect(group.status).toBe(201);
    const devices = await call<DeviceListResponse>(lena, 'GET', '/api/devices');
    expect(devices.body.items.map((d) => d.name)).toEqual(['Bus 1', 'Bus 2']);
    const bus1 = devices.body.items[0]?.id ?? '';
    expect((await call(lena, 'PATCH', `/api/devices/${bus1}`, { groupId: group.body.id })).status).toBe(200);

    const weak = await call(lena, 'POST', '/api/users', { username: 'dan', displayName: 'Dan', password: 'short', role: 'dispatcher' });
    expect(weak.body).toMatchObject({ error: 'invalid_input', field: 'password' });
    const owner = await call(lena, 'POST', '/api/users', { username: 'dan', displayName: 'Dan', password: 'dispatching all day', role: 'owner' });
    expect(owner).toMatchObject({ status: 403, body: { error: 'forbidden', field: 'role' } });
    const dan = await call<Member>(lena, 'POST', '/api/users', {
      username: 'dan', displayName: 'Dan Dispatcher', password: 'dispatching all day', role: 'dispatcher', groupIds: [group.body.id],
    });
    expect(dan.status, JSON.stringify(dan.body)).toBe(201);
    expect(dan.body.groupIds).toEqual([group.body.id]);

    const units = await call<SettingsResponse>(lena, 'PATCH', '/api/settings', { expectedVersion: 1, changes: { distanceUnit: 'mi', timeZone: 'America/Chicago' } });
    expect(units.status, JSON.stringify(units.body)).toBe(200);
    expect(units.body).toMatchObject({ version: 2, updatedBy: { displayName: 'Lena Lake' }, settings: { distanceUnit: 'mi', displayName: 'Lake Buses' } });
    expect((await call(lena, 'PATCH', '/api/settings', { expectedVersion: 1, changes: { volumeUnit: 'gal' } })).body).toMatchObject({ error: 'conflict', field: 'expectedVersion' });
    expect((await call(lena, 'PATCH', '/api/settings', { changes: { timeZone: 'Mars/Olympus' } })).body).toMatchObject({ field: 'changes.timeZone' });

    const danToken = await signInAs('dan', 'dispatching all day', tenantId);
    const danDevices = await call<DeviceListResponse>(danToken, 'GET', '/api/devices');
    expect(danDevices.body.items.map((d) => d.name)).toEqual(['Bus 1']);
    expect((await call<SettingsResponse>(danToken, 'GET', '/api/settings')).body.settings.distanceUnit).toBe('mi');
    expect((await call(danToken, 'GET', '/api/users')).status).toBe(403);

    // The scope travels in Dan's token: the server never has to trust the console for it.
    const claims = JSON.parse(Buffer.from(danToken.split('.')[1] ?? '', 'base64url').toString()) as { gids: string[] | null };
    expect(claims.gids).toEqual([group.body.id]);

    const audit = await call<AuditList>(lena, 'GET', '/api/audit?action=users.');
    expect(audit.body.items.map((e) => e.action)).toEqual(['users.create', 'users.create']);
    expect(audit.body.items.every((e) => e.tenantId === tenantId)).toBe(true);

    // Suspending the account ends its members' sign-in (with the reason: decision 0250) and
    // token exchanges; the provider sees it in the log.
    const before = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'lena', password: 'a long lake password' } });
    expect((await call<Tenant>(operator, 'PATCH', `/api/tenants/${tenantId}`, { status: 'suspended' })).body.status).toBe('suspended');
    const signIn = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'lena', password: 'a long lake password' } });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json<{ reason: string }>().reason).toBe('account-suspended');
    const exchange = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/token', payload: { refreshToken: before.json<SignInResponse>().refreshToken, tenantId } });
    expect(exchange.statusCode).toBe(403);
    expect(exchange.json<{ reason: string }>().reason).toBe('account-suspended');
    const providerLog = await call<AuditList>(operator, 'GET', `/api/audit?tenantId=${tenantId}&action=tenants.`);
    expect(providerLog.body.items.map((e) => e.action)).toEqual(['tenants.suspend', 'tenants.create']);
  });
});

describe('device transfer', () => {
  it('moves a unit to another tenant, keeps history, leaves the old vehicle with the old tenant', async () => {
    const unit = demoUnits.find((u) => u.uniqueId === '861234050000105');
    if (!unit?.deviceId) throw new Error('demo unit missing');
    const report = (secondsAgo: number) =>
      suite.fleet.app.inject({ url: `/?id=${unit.uniqueId}&lat=57.71&lon=11.95&speed=20&timestamp=${Math.floor(Date.now() / 1000) - secondsAgo}` });
    expect((await report(120)).statusCode).toBe(200);
    const moved = await call<RegistryDevice>(operator, 'POST', `/api/device-registry/${unit.id}/transfer`, {
      tenantId: demoTenants.cityUtilities.id, name: 'Pool car 1', plate: 'TAX 105',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const history = await call<DeviceAssignmentHistory>(operator, 'GET', `/api/device-registry/${unit.id}/history`);
    expect(history.body.assignments.map((a) => [a.tenant.name, a.endReason])).toEqual([
      ['Harbour Taxi', 'transferred'],
      ['City Utilities', null],
    ]);
    // The old row stays (its data is Harbour Taxi's) but is no longer part of the fleet.
    const taxi = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.harbourTaxi.id);
    expect((await call<DeviceListResponse>(taxi, 'GET', '/api/devices')).body.items.map((d) => d.name)).not.toContain('Taxi 105');
    expect((await call(taxi, 'GET', `/api/devices/${unit.deviceId}`)).status).toBe(200);
    // Ingest now resolves the unit to City Utilities' new vehicle only.
    const resolved = await suite.fleet.db.query<{ tenant_id: string; device_id: string }>('SELECT * FROM ingest_resolve_device($1)', [unit.uniqueId]);
    expect(resolved.rows).toEqual([expect.objectContaining({ tenant_id: demoTenants.cityUtilities.id, device_id: moved.body.deviceId })]);

    // Reported after the transfer: the new tenant's. Reported before: still the old tenant's.
    expect((await report(30)).statusCode).toBe(200);
    const positionsOf = (tenantId: string, deviceId: string) =>
      suite.fleet.db.withTenant(tenantId, async (db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM positions WHERE device_id = $1', [deviceId])).rows[0]?.n);
    expect(await positionsOf(demoTenants.harbourTaxi.id, unit.deviceId)).toBe(1);
    expect(await positionsOf(demoTenants.cityUtilities.id, moved.body.deviceId ?? '')).toBe(1);
    expect(await positionsOf(demoTenants.cityUtilities.id, unit.deviceId)).toBe(0);

    const back = await call(operator, 'POST', `/api/device-registry/${unit.id}/unassign`);
    expect(back.status).toBe(200);
    expect((await suite.fleet.db.query('SELECT * FROM ingest_resolve_device($1)', [unit.uniqueId])).rowCount).toBe(0);
    // In stock: its reports are rejected with a clear status.
    const rejected = await report(5);
    expect(rejected.statusCode).toBe(404);
    expect(rejected.json<ApiErrorBody>()).toMatchObject({ reason: 'unit-not-registered' });
  });

  it('registers a unit with a one-time secret that ingest can verify', async () => {
    const created = await call<RegisteredDevice>(operator, 'POST', '/api/device-registry', { uniqueId: 'DONGLE-77', model: 'OBD-II dongle' });
    expect(created.status).toBe(201);
    expect((await call(operator, 'POST', '/api/device-registry', { uniqueId: 'dongle-77' })).body).toMatchObject({ error: 'conflict', field: 'uniqueId' });
    const verify = (secret: string) => suite.fleet.db.query<{ ok: boolean }>('SELECT ingest_verify_device_secret($1, $2) AS ok', ['DONGLE-77', secret]);
    // Unassigned: even the right secret is refused.
    expect((await verify(created.body.secret)).rows[0]?.ok).toBe(false);
  });
});

describe('deleting a client account', () => {
  it('refuses while it has devices, then ends access but keeps its rows', async () => {
    const busy = await call(operator, 'DELETE', `/api/tenants/${demoTenants.cityUtilities.id}`);
    expect(busy).toMatchObject({ status: 409, body: { error: 'conflict', field: 'id' } });
    const empty = await call<Tenant>(operator, 'POST', '/api/tenants', { name: 'Short Lived' });
    expect((await call(operator, 'DELETE', `/api/tenants/${empty.body.id}`)).status).toBe(204);
    const listed = await call<{ items: Tenant[] }>(operator, 'GET', '/api/tenants?q=short');
    expect(listed.body.items).toEqual([]);
    expect((await call<Tenant>(operator, 'GET', `/api/tenants/${empty.body.id}`)).body.status).toBe('deleted');
    expect((await call(operator, 'DELETE', `/api/tenants/${demoTenants.nordicFleetServices.id}`)).status).toBe(404);
  });
});

describe('roles', () => {
  it('answers 403 with a reason naming the permission', async () => {
    const erik = await accessTokenFor(suite.fleet.app, 'erik', demoTenants.gothenburgFreight.id);
    const denied = await call(erik, 'POST', '/api/groups', { name: 'Mine' });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/dispatcher.*groups\.manage/);
    expect((await call(erik, 'GET', '/api/tenants')).status).toBe(403);
  });

  it('keeps the last owner and your own role out of reach', async () => {
    const maria = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.gothenburgFreight.id);
    expect((await call(maria, 'PATCH', `/api/users/${demoAccounts.maria.id}`, { role: 'viewer' })).status).toBe(403);
    const anders = await accessTokenFor(suite.fleet.app, 'anders', demoTenants.gothenburgFreight.id);
    expect((await call(anders, 'PATCH', `/api/users/${demoAccounts.maria.id}`, { role: 'viewer' })).status).toBe(403);
    const scoped = await call<Member>(anders, 'PATCH', `/api/users/${demoAccounts.erik.id}`, { groupIds: [demoGroups.southDepot.id] });
    expect(scoped.body.groupIds).toEqual([demoGroups.southDepot.id]);
  });
});
