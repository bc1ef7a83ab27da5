import { beforeAll, describe, expect, it } from 'vitest';
import { useTestFleet } from '../../../test/use-test-fleet.ts';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import type { DeviceListResponse } from '../../../../contract/api/devices.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';

const suite = useTestFleet();
let freightToken: string;
let taxiToken: string;

beforeAll(async () => {
  // Maria: one person, two tenants. Each token must show only its own tenant's fleet.
  freightToken = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.gothenburgFreight.id);
  taxiToken = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.harbourTaxi.id);
});

async function list(token: string, query = '') {
  const response = await suite.fleet.app.inject({ url: `/api/devices${query}`, headers: bearer(token) });
  return { status: response.statusCode, body: response.json<DeviceListResponse & ApiErrorBody>() };
}

describe('GET /api/devices', () => {
  it("lists only the token's tenant, for a user with two tenants", async () => {
    const freight = await list(freightToken);
    expect(freight.status).toBe(200);
    expect(freight.body.items.map((d) => d.name)).toEqual([
      'GF Truck 01', 'GF Truck 02', 'GF Truck 03', 'GF Truck 04', 'GF Truck 05', 'GF Truck 06',
    ]);
    expect(freight.body).toMatchObject({ total: 6, limit: 200, offset: 0 });
    const taxi = await list(taxiToken);
    expect(taxi.body.items.map((d) => d.name)).toEqual(['Taxi 101', 'Taxi 102', 'Taxi 103', 'Taxi 104', 'Taxi 105']);
    // A search for the other tenant's devices finds nothing rather than leaking them.
    expect((await list(taxiToken, '?q=GF%20Truck')).body).toMatchObject({ items: [], total: 0 });
  });

  it('derives status from the last report', async () => {
    const { body } = await list(freightToken);
    const status = Object.fromEntries(body.items.map((d) => [d.name, d.status]));
    expect(status).toEqual({
      'GF Truck 01': 'moving',
      'GF Truck 02': 'stopped',
      'GF Truck 03': 'moving',
      'GF Truck 04': 'offline',
      'GF Truck 05': 'stopped',
      'GF Truck 06': 'unknown',
    });
    const truck = body.items[0];
    expect(truck).toMatchObject({ plate: 'ABC 123', vehicleType: 'truck', groupName: 'North depot' });
    expect(truck?.position).toMatchObject({ latitude: 57.7089, longitude: 11.9746, speedKmh: 52, course: 84 });
    expect(body.items[5]).toMatchObject({ position: null, lastSeenAt: null });
  });

  it('searches, sorts and pages', async () => {
    const byPlate = await list(freightToken, '?q=def%20456');
    expect(byPlate.body.items.map((d) => d.name)).toEqual(['GF Truck 02']);
    const byImei = await list(freightToken, '?q=3569380356438');
    expect(byImei.body.total).toBe(6);
    const literalPercent = await list(freightToken, '?q=%25');
    expect(literalPercent.body.total).toBe(0);
    const page = await list(freightToken, '?sort=name&order=desc&limit=2&offset=1');
    expect(page.body).toMatchObject({ total: 6, limit: 2, offset: 1 });
    expect(page.body.items.map((d) => d.name)).toEqual(['GF Truck 05', 'GF Truck 04']);
    const byStatus = await list(freightToken, '?sort=status');
    expect(byStatus.body.items.map((d) => d.status)).toEqual(['moving', 'moving', 'stopped', 'stopped', 'offline', 'unknown']);
  });

  it('explains bad query parameters by field', async () => {
    expect(await list(freightToken, '?limit=0')).toEqual({
      status: 400,
      body: { error: 'invalid_input', reason: 'schema-violation', params: { field: 'limit', rule: 'minimum', limit: 1 }, field: 'limit', message: 'limit must be >= 1 (query string)' },
    });
    const sort = await list(freightToken, '?sort=colour');
    expect(sort.body).toEqual({
      error: 'invalid_input',
      reason: 'schema-violation',
      params: { field: 'sort', rule: 'enum', options: '"name", "status", "lastSeenAt", "uniqueId"' },
      field: 'sort',
      message: 'sort must be one of "name", "status", "lastSeenAt", "uniqueId" (query string)',
    });
    expect((await list(freightToken, '?order=up')).body.message).toBe('order must be one of "asc", "desc" (query string)');
    expect((await list(freightToken, '?offset=-1')).body.field).toBe('offset');
    expect((await list(freightToken, '?tenant=x')).body).toMatchObject({ field: 'tenant', message: 'tenant is not an accepted field (query string)' });
  });
});
