import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../contract/api/telemetry.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();
const tenant = demoTenants.harbourTaxi.id;
const device = demoDevices.find((d) => d.tenant === demoTenants.harbourTaxi);
const dayMs = 86_400_000;

function unit() {
  if (!device) throw new Error('the demo has a Harbour Taxi vehicle');
  return device;
}

const batch = async (records: object[]) => {
  const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<IngestResult>();
};

const rows = (sql: string, values: unknown[]) => suite.fleet.db.withTenant(tenant, async (db) => (await db.query(sql, values)).rows);

describe('two different fixes with the same unit and time (R5)', () => {
  it('keeps the second one aside, says so, and a resend of both changes nothing', async () => {
    const time = Date.now() - 7200_000;
    const first = { deviceId: unit().uniqueId, time, latitude: 57.70001, longitude: 11.95 };
    const second = { deviceId: unit().uniqueId, time, latitude: 57.70009, longitude: 11.95 };
    // Before: answered { stored: 1, duplicates: 1 } and the second fix was gone.
    expect(await batch([first, second])).toEqual({ stored: 1, duplicates: 0, conflicts: 1, rejected: [] });
    expect(await batch([first, second])).toEqual({ stored: 0, duplicates: 2, conflicts: 0, rejected: [] });
    const at = new Date(time).toISOString();
    expect(await rows('SELECT latitude FROM positions WHERE device_id = $1 AND fix_time = $2', [unit().id, at])).toEqual([{ latitude: 57.70001 }]);
    expect(await rows('SELECT latitude FROM position_conflicts WHERE device_id = $1 AND fix_time = $2', [unit().id, at])).toEqual([{ latitude: 57.70009 }]);
    // A later, different fix with that time again is kept too; the same one is a duplicate.
    const third = { ...second, latitude: 57.7002 };
    expect(await batch([third, second])).toEqual({ stored: 0, duplicates: 1, conflicts: 1, rejected: [] });
  });
});

describe('implausible fixes (R6)', () => {
  it('keeps hdop as hdop, not as an accuracy in metres', async () => {
    const timestamp = Math.floor((Date.now() - 3600_000) / 1000);
    const response = await suite.fleet.app.inject({ url: `/?id=${unit().uniqueId}&lat=57.71&lon=11.96&timestamp=${timestamp}&hdop=1.4` });
    expect(response.statusCode, response.body).toBe(200);
    expect(await rows('SELECT accuracy_m, attributes FROM positions WHERE device_id = $1 AND fix_time = to_timestamp($2)', [unit().id, timestamp])).toEqual([
      { accuracy_m: null, attributes: { hdop: 1.4 } },
    ]);
  });

  it('refuses a fix more than 30 s ahead of the server clock, so it never becomes the latest position', async () => {
    const ahead = Math.floor((Date.now() + 4 * 60_000) / 1000);
    const refused = await suite.fleet.app.inject({ url: `/?id=${unit().uniqueId}&lat=57.72&lon=11.97&timestamp=${ahead}` });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: 'timestamp', message: 'timestamp is more than 30 seconds ahead of the server clock' });
    const result = await batch([{ deviceId: unit().uniqueId, time: ahead * 1000, latitude: 57.72, longitude: 11.97 }]);
    expect(result.rejected).toEqual([{ index: 0, field: 'records[0].time', message: 'records[0].time is more than 30 seconds ahead of the server clock', reason: 'invalid' }]);
    await suite.fleet.app.ingest.drain();
    const latest = await rows('SELECT fix_time FROM device_state WHERE device_id = $1', [unit().id]);
    expect((latest[0] as { fix_time: Date } | undefined)?.fix_time.getTime() ?? 0).toBeLessThan(Date.now());
    // A few seconds ahead (a server clock slightly behind) is still taken.
    const soon = Math.floor((Date.now() + 5_000) / 1000);
    expect((await suite.fleet.app.inject({ url: `/?id=${unit().uniqueId}&lat=57.72&lon=11.97&timestamp=${soon}` })).statusCode).toBe(200);
  });

  it('refuses a fix older than the tenant keeps positions, with the reason', async () => {
    // The demo tenants keep 365 days; this is 365.5 days old (the parser took up to 366).
    const old = Date.now() - 365.5 * dayMs;
    const result = await batch([{ deviceId: unit().uniqueId, time: old, latitude: 57.7, longitude: 11.9 }]);
    expect(result).toEqual({
      stored: 0, duplicates: 0, conflicts: 0,
      rejected: [{ index: 0, field: 'records[0].time', message: 'records[0].time is older than this fleet keeps positions (365 days)', reason: 'outside_retention' }],
    });
    const single = await suite.fleet.app.inject({ url: `/?id=${unit().uniqueId}&lat=57.7&lon=11.9&timestamp=${Math.floor(old / 1000)}` });
    expect(single.statusCode).toBe(400);
    expect(single.json()).toMatchObject({ field: 'timestamp', reason: 'fix-older-than-retention', params: { retentionDays: 365 } });
    expect(await rows('SELECT count(*)::int AS n FROM positions WHERE device_id = $1 AND fix_time < now() - interval \'365 days\'', [unit().id])).toEqual([{ n: 0 }]);
  });
});
