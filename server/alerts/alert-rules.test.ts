import { beforeAll, describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import type { Alert, AlertListResponse } from '../../contract/api/alerts.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { sweepOfflineDevices } from './offline-sweep.ts';
import { at, defined } from '../test/defined.ts';

const devices = demoDevices.filter((d) => d.tenant === demoTenants.cityUtilities);
const suite = useTestFleet();
let token: string;

beforeAll(async () => {
  token = await accessTokenFor(suite.fleet.app, 'sofia', demoTenants.cityUtilities.id);
});

const base = Date.now() - 3600_000;
// North of the shipped road data: no posted limit applies, so the tenant default is the limit
// (posted limits have their own test, posted-limit.test.ts).
const home = { latitude: 57.89, longitude: 12.0164 };
const fix = (unit: number, s: number, extra: Record<string, unknown> = {}) => ({ deviceId: at(devices, unit).uniqueId, time: base + s * 1000, ...home, speedKmh: 40, ...extra });
async function send(records: object[]) {
  const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
  expect(response.json().rejected).toEqual([]);
}
async function alerts(unit: number): Promise<Alert[]> {
  const response = await suite.fleet.app.inject({ url: `/api/alerts?deviceId=${at(devices, unit).id}`, headers: bearer(token) });
  return response.json<AlertListResponse>().items;
}
const post = (url: string, payload: object) => suite.fleet.app.inject({ method: 'POST', url, payload, headers: bearer(token) });

describe('alert rules with the tenant defaults (limit 90 + margin, 11.8 V …)', () => {
  it('one speeding episode is one alert carrying the top speed; a second episode within the cool-down counts into it', async () => {
    await send([fix(0, 0), fix(0, 10, { speedKmh: 120 }), fix(0, 20, { speedKmh: 135 }), fix(0, 30, { speedKmh: 128 }), fix(0, 40, { speedKmh: 60 })]);
    let alert = at(await alerts(0), 0);
    expect(alert).toMatchObject({ type: 'overspeed', status: 'open', occurrences: 1, details: { speedKmh: 135 } });
    await send([fix(0, 100, { speedKmh: 125 }), fix(0, 110, { speedKmh: 50 })]);
    const list = await alerts(0);
    expect(list).toHaveLength(1);
    alert = at(list, 0);
    expect(alert.occurrences).toBe(2);
  });

  it('several vehicles raising in one batch keep each their own order: episode, its end, a second episode counting into it', async () => {
    // Another tenant's vehicles (same defaults), so this file's other tests keep theirs.
    const tenant = demoTenants.gothenburgFreight;
    const [a, b] = demoDevices.filter((d) => d.tenant === tenant);
    const fixOf = (unit: typeof a, s: number, speedKmh = 40) => ({ deviceId: defined(unit, 'a vehicle').uniqueId, time: base + s * 1000, ...home, speedKmh });
    await send([
      fixOf(a, 0), fixOf(b, 0),
      fixOf(a, 10, 130), fixOf(b, 10, 125),
      fixOf(a, 20, 50), fixOf(b, 20, 140),
      fixOf(a, 30, 131), fixOf(b, 30, 60),
      fixOf(a, 40),
    ]);
    const overspeed = async (unit: typeof a) => (await suite.fleet.db.withTenant(tenant.id, (db) =>
      db.query<{ occurrences: number; details: { speedKmh: number } }>("SELECT occurrences, details FROM alerts WHERE device_id = $1 AND type = 'overspeed'", [defined(unit, 'a vehicle').id]))).rows;
    // First: raise, update, raise (within the cool-down: counts into the alert), update.
    expect(await overspeed(a)).toMatchObject([{ occurrences: 2, details: { speedKmh: 131 } }]);
    // Second: one episode whose top speed came after its start.
    expect(await overspeed(b)).toMatchObject([{ occurrences: 1, details: { speedKmh: 140 } }]);
  });

  it('acknowledge and resolve with optimistic concurrency: a late replay gets 409 with the current alert', async () => {
    const alert = at(await alerts(0), 0);
    const ack = await post(`/api/alerts/${alert.id}/acknowledge`, { expectedVersion: alert.version, note: 'Calling the driver' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: { displayName: 'Sofia Admin' }, notes: [{ text: 'Calling the driver' }] });
    const stale = await post(`/api/alerts/${alert.id}/resolve`, { expectedVersion: alert.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'conflict', current: { status: 'acknowledged', version: alert.version + 1 } });
    const resolved = await post(`/api/alerts/${alert.id}/resolve`, { expectedVersion: alert.version + 1 });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedBy: { displayName: 'Sofia Admin' } });
  });

  it('low battery, a new DTC with its description, harsh braking, and ignition outside hours', async () => {
    const night = new Date(base);
    night.setUTCHours(1, 30, 0, 0); // 02:30 or 03:30 in Stockholm
    const nightS = Math.round((night.getTime() - base) / 1000) - 86_400 * (night.getTime() > Date.now() ? 1 : 0);
    await send([
      fix(1, nightS, { ignition: false, speedKmh: 0 }),
      fix(1, nightS + 10, { ignition: true, speedKmh: 0 }),
      fix(1, 0, { batteryVoltage: 12.6, speedKmh: 80 }),
      fix(1, 2, { batteryVoltage: 11.4, speedKmh: 40, dtc: ['P0420'] }),
      fix(1, 4, { batteryVoltage: 11.3, speedKmh: 40, dtc: ['P0420', 'P1234'] }),
    ]);
    const byType = Object.fromEntries((await alerts(1)).map((a) => [`${a.type}${a.type === 'dtc' ? `:${a.details.code}` : ''}`, a]));
    expect(Object.keys(byType).sort()).toEqual(['dtc:P0420', 'dtc:P1234', 'harsh_braking', 'ignition_outside_hours', 'low_battery']);
    expect(defined(byType['dtc:P0420'], 'a P0420 alert').message).toBe('P0420: Catalyst system efficiency below threshold (bank 1)');
    expect(defined(byType['dtc:P1234'], 'a P1234 alert').details.description).toBeNull();
    expect(defined(byType.low_battery, 'a low_battery alert').occurrences).toBe(1);
  });

  it('geofence enter and exit', async () => {
    const created = await post('/api/geofences', { name: 'Depot', shape: { type: 'circle', center: home, radiusM: 200 } });
    expect(created.statusCode, created.body).toBe(201);
    await send([fix(2, 0, { latitude: home.latitude + 0.01 }), fix(2, 10, { latitude: home.latitude }), fix(2, 20, { latitude: home.latitude - 0.01 })]);
    const types = (await alerts(2)).map((a) => `${a.type}:${a.details.geofenceName}`).sort();
    expect(types).toEqual(['geofence_enter:Depot', 'geofence_exit:Depot']);
  });

  it('offline after the timeout, resolved by the system when the device reports again', async () => {
    await send([fix(3, 0)]);
    // The sweep judges last_seen_at (server receipt time): age it instead of waiting 10 minutes.
    await suite.fleet.db.withTenant(demoTenants.cityUtilities.id, (db) => db.query("UPDATE device_state SET last_seen_at = now() - interval '2 hours' WHERE device_id = $1", [at(devices, 3).id]));
    expect(await sweepOfflineDevices(suite.fleet.db)).toBeGreaterThanOrEqual(1);
    expect((await alerts(3)).map((a) => [a.type, a.status])).toEqual([['device_offline', 'open']]);
    await send([fix(3, 60)]);
    expect((await alerts(3)).map((a) => [a.type, a.status, a.resolvedBy])).toEqual([['device_offline', 'resolved', null]]);
  });
});
