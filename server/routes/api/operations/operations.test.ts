import { beforeAll, describe, expect, it } from 'vitest';
import type { OperationsOverview, TenantOperationsDetail, UnitHealthList } from '../../../../contract/api/operations.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../../../../demo/demo-registry.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';

const suite = useTestFleet();
let operator: string;
let owner: string;
const freight = demoTenants.gothenburgFreight;
const truck = demoDevices.find((d) => d.name === 'GF Truck 01');

beforeAll(async () => {
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  owner = await accessTokenFor(suite.fleet.app, 'maria', freight.id);
  // Three reports of one truck now (one of them twice), one from a unit nobody knows, one malformed.
  const now = Date.now();
  const report = (t: number) => `/?id=${truck?.uniqueId}&key=${demoDeviceSecret(truck?.uniqueId ?? '')}&lat=57.7&lon=11.97&speed=10&timestamp=${Math.floor(t / 1000)}`;
  for (const url of [report(now - 3000), report(now - 2000), report(now - 1000), report(now - 1000), '/?id=nobody-knows-me&lat=57.7&lon=11.9', '/?id=x&lat=400&lon=1']) {
    await suite.fleet.app.inject({ method: 'POST', url });
  }
  await suite.fleet.app.ingest.drain();
  await suite.fleet.app.ingestCounter.flush(suite.fleet.app.db);
});

const get = async <T>(url: string, token = operator) => {
  const response = await suite.fleet.app.inject({ url, headers: bearer(token) });
  return { status: response.statusCode, body: response.json<T>() };
};

describe('operations overview (provider)', () => {
  it('counts every client account from counters, and the provider itself is not one of them', async () => {
    const { status, body } = await get<OperationsOverview>('/api/operations/tenants?sort=units&order=desc');
    expect(status).toBe(200);
    expect(body.items.map((t) => t.name)).not.toContain('Nordic Fleet Services');
    const row = body.items.find((t) => t.id === freight.id);
    expect(row).toMatchObject({ units: { assigned: 6 }, users: expect.any(Number) as number, messagesPerDay: 3 });
    expect(row?.positionsStored).toBeGreaterThanOrEqual(3);
    expect(row?.bytesUsed).toBeGreaterThan(0);
    expect(row?.lastActivityAt).not.toBeNull();
    expect(body.unattributed).toEqual({ unknown: 1, invalid: 1 });
    expect(body.totals.tenants).toBe(body.total);
    // Sorted by units, largest first.
    const units = body.items.map((t) => t.units.assigned);
    expect(units).toEqual([...units].sort((a, b) => b - a));
  });

  it('answers counts only: no position, trip, user name or vehicle name anywhere in it', async () => {
    const { body } = await get<OperationsOverview>('/api/operations/tenants');
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/latitude|longitude|57\.7|Truck|maria|Manager/i);
  });

  it('searches by name and pages', async () => {
    const { body } = await get<OperationsOverview>('/api/operations/tenants?q=harbour&limit=1');
    expect(body.items.map((t) => t.id)).toEqual([demoTenants.harbourTaxi.id]);
    expect(body.total).toBe(1);
  });

  it("shows one account's page with hourly and daily history", async () => {
    const { status, body } = await get<TenantOperationsDetail>(`/api/operations/tenants/${freight.id}`);
    expect(status).toBe(200);
    expect(body.hourly).toHaveLength(48);
    expect(body.daily).toHaveLength(30);
    expect(body.hourly.at(-1)).toMatchObject({ stored: 3, duplicates: 1 });
  });

  it('answers an unknown account and the provider itself as not found', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000001', demoTenants.nordicFleetServices.id]) {
      expect((await get(`/api/operations/tenants/${id}`)).status).toBe(404);
    }
  });

  it('lists unit health across accounts, silent first, with filters', async () => {
    const all = await get<UnitHealthList>('/api/operations/units?limit=500');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.items.length);
    expect(Object.keys(all.body.items[0] ?? {})).not.toContain('latitude');
    const reported = all.body.items.find((u) => u.uniqueId === truck?.uniqueId);
    expect(reported?.lastReportAt).not.toBeNull();
    const silent = await get<UnitHealthList>('/api/operations/units?filter=silent&silentHours=1&limit=500');
    expect(silent.body.items.map((u) => u.uniqueId)).not.toContain(truck?.uniqueId);
    expect(silent.body.items.every((u) => u.lastReportAt === null || Date.parse(u.lastReportAt) < Date.now() - 3_600_000)).toBe(true);
  });

  it('is refused to tenant members, naming the permission', async () => {
    const { status, body } = await get<{ reason?: string; params?: { permission?: string } }>('/api/operations/tenants', owner);
    expect(status).toBe(403);
    expect(JSON.stringify(body)).toContain('operations.read');
  });
});
