import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import { usageColumns } from '../../contract/api/lifecycle.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../../demo/demo-registry.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();
const freight = demoTenants.gothenburgFreight;
let operator: string;
const month = new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
});

/** The CSV as records keyed by column (no field here holds a comma, a quote or a line end). */
function parse(csv: string): Record<string, string>[] {
  const [header = '', ...lines] = csv.trimEnd().split('\r\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i] ?? `?${i}`, value])));
}

const usage = async (token = operator, query = `month=${month}`) => suite.fleet.app.inject({ method: 'GET', url: `/api/operations/usage?${query}`, headers: bearer(token) });

describe('monthly usage for billing', () => {
  it('counts what was ingested this month, the units and members, per account', async () => {
    // Two units of the account, 120 and 80 fixes, 20 of them sent twice (duplicates, not billed as new).
    const units = demoDevices.filter((d) => d.tenant.id === freight.id).slice(0, 2);
    const start = Date.now() - 3_600_000;
    let stored = 0;
    for (const [u, unit] of units.entries()) {
      const n = u === 0 ? 120 : 80;
      const records = Array.from({ length: n }, (_, i) => ({ deviceId: unit.uniqueId, time: new Date(start + i * 1000).toISOString(), latitude: 57.7, longitude: 11.97 + i * 1e-5 }));
      const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', headers: { 'x-device-key': demoDeviceSecret(unit.uniqueId) }, payload: { records } });
      expect(response.statusCode, response.body).toBe(200);
      stored += response.json<{ stored: number }>().stored;
    }
    const again = await suite.fleet.app.inject({
      method: 'POST',
      url: '/api/ingest/batch',
      headers: { 'x-device-key': demoDeviceSecret(units[0]?.uniqueId ?? '') },
      payload: { records: Array.from({ length: 20 }, (_, i) => ({ deviceId: units[0]?.uniqueId, time: new Date(start + i * 1000).toISOString(), latitude: 57.7, longitude: 11.97 + i * 1e-5 })) },
    });
    expect(again.json<{ duplicates: number }>().duplicates).toBe(20);
    expect(stored).toBe(200);
    await suite.fleet.app.ingest.drain();
    await suite.fleet.app.ingestCounter.flush(suite.fleet.db);

    const response = await usage();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="usage-${month}.csv"`);
    const rows = parse(response.body);
    expect(response.body.split('\r\n')[0]).toBe(usageColumns.join(','));
    expect(rows.map((r) => r.tenant_name).sort()).toEqual(['City Utilities', 'Gothenburg Freight AB', 'Harbour Taxi']);
    const row = rows.find((r) => r.tenant_id === freight.id);

    // Against the database: units assigned and members now (the only day recorded).
    const truth = await suite.fleet.db.withTenant(demoTenants.nordicFleetServices.id, async (db) => ({
      units: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM registry_devices WHERE assigned_tenant_id = $1', [freight.id])).rows[0]?.n,
      users: (await db.query<{ n: number }>('SELECT users AS n FROM plan_usage($1)', [freight.id])).rows[0]?.n,
    }));
    expect(row).toMatchObject({
      month,
      status: 'active',
      plan: 'default',
      positions_ingested: '200',
      duplicates: '20',
      units_peak: String(truth.units),
      units_average: String(truth.units),
      unit_days: String(truth.units),
      users_peak: String(truth.users),
      days_recorded: '1',
    });
    // An account that sent nothing this month bills no positions.
    expect(rows.find((r) => r.tenant_id === demoTenants.cityUtilities.id)?.positions_ingested).toBe('0');
  });

  it('is the provider\'s only, and refuses a month that is not YYYY-MM naming the field', async () => {
    const maria = await accessTokenFor(suite.fleet.app, 'maria', freight.id);
    expect((await usage(maria)).statusCode).toBe(403);
    const bad = await usage(operator, 'month=2026-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiErrorBody>().field).toBe('month');
  });
});
