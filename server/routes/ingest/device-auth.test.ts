import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiErrorBody } from '../../../contract/api/errors.ts';
import type { IngestResult } from '../../../contract/api/telemetry.ts';
import type { DeviceAuthMode } from '../../../contract/api/tenants.ts';
import { demoTenants } from '../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../demo/demo-fleet.ts';
import { demoDeviceSecret, demoUnits } from '../../../demo/demo-registry.ts';
import { buildApp } from '../../app.ts';
import { appConfig } from '../../config.ts';
import { createFleetDb, type FleetDb } from '../../db/fleet-db.ts';
import { at, defined } from '../../test/defined.ts';
import { accessTokenFor, bearer } from '../../test/test-fleet.ts';
import { useTestFleet } from '../../test/use-test-fleet.ts';

// City Utilities' units: no other test in this file reports for them.
const units = demoDevices.filter((d) => d.tenant === demoTenants.cityUtilities);
const suite = useTestFleet();
let operator: string;
let second: { app: FastifyInstance; db: FleetDb };
let address = 0;
/** Each test reports from its own address, so the per-address throttle stays out of the way. */
const nextAddress = () => `10.77.0.${++address}`;

beforeAll(async () => {
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  // A second API instance on the same database, as behind a load balancer.
  const db = createFleetDb({ connectionString: suite.fleet.boot.appUrl });
  second = { db, app: await buildApp({ db, config: appConfig(suite.fleet.boot.signingKey) }) };
  await second.app.ready();
});
afterAll(async () => {
  await second?.app.close();
  await second?.db.close();
});

async function setMode(mode: DeviceAuthMode) {
  const response = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/tenants/${demoTenants.cityUtilities.id}`, headers: bearer(operator), payload: { deviceAuth: mode } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json<{ deviceAuth: string }>().deviceAuth).toBe(mode);
}

let clock = Date.now() - 3_600_000;
/** An OsmAnd query for `uniqueId` at a fresh time, near Gothenburg unless told otherwise. */
const query = (uniqueId: string, extra = '', lat = 57.70, lon = 11.97) => `/?id=${uniqueId}&lat=${lat}&lon=${lon}&timestamp=${Math.floor((clock += 10_000) / 1000)}${extra}`;

describe('device authentication (tenant mode enforce)', () => {
  beforeAll(() => setMode('enforce'));

  it('answers a registered unit without its key exactly like an unknown unit', async () => {
    const unit = at(units, 0).uniqueId;
    const remoteAddress = nextAddress();
    const keyless = await suite.fleet.app.inject({ method: 'GET', url: query(unit), remoteAddress });
    const wrong = await suite.fleet.app.inject({ method: 'GET', url: query(unit, '&key=not-the-key'), remoteAddress });
    const unknown = await suite.fleet.app.inject({ method: 'GET', url: query('99999999999'), remoteAddress });
    for (const response of [keyless, wrong, unknown]) expect(response.statusCode).toBe(404);
    const shape = (r: typeof keyless) => {
      const { message: _message, params: _params, ...rest } = r.json<ApiErrorBody>();
      return rest;
    };
    expect(shape(keyless)).toEqual(shape(unknown));
    expect(shape(wrong)).toEqual(shape(unknown));
    expect(keyless.json<ApiErrorBody>().message.replace(unit, 'X')).toBe(unknown.json<ApiErrorBody>().message.replace('99999999999', 'X'));
  });

  it('takes the key in every protocol variant: query, form, JSON, header, batch header', async () => {
    const unit = at(units, 0).uniqueId;
    const key = demoDeviceSecret(unit);
    const app = suite.fleet.app;
    const remoteAddress = nextAddress();
    expect((await app.inject({ method: 'GET', url: query(unit, `&key=${key}`), remoteAddress })).statusCode).toBe(200);
    const form = await app.inject({
      method: 'POST', url: '/', remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `id=${unit}&lat=57.7&lon=11.97&timestamp=${Math.floor((clock += 10_000) / 1000)}&key=${key}`,
    });
    expect(form.statusCode, form.body).toBe(200);
    const json = (extra: Record<string, unknown>, url = '/') =>
      app.inject({ method: 'POST', url, remoteAddress, payload: { device_id: unit, location: { timestamp: new Date((clock += 10_000)).toISOString(), coords: { latitude: 57.7, longitude: 11.97 } }, ...extra } });
    expect((await json({ key })).statusCode).toBe(200);
    expect((await json({}, `/?key=${key}`)).statusCode).toBe(200);
    expect((await json({})).statusCode).toBe(404);
    const header = await app.inject({ method: 'GET', url: query(unit), remoteAddress, headers: { 'x-device-key': key } });
    expect(header.statusCode).toBe(200);
    const record = () => ({ deviceId: unit, time: new Date((clock += 10_000)).toISOString(), latitude: 57.7, longitude: 11.97 });
    const batch = await app.inject({ method: 'POST', url: '/api/ingest/batch', remoteAddress, headers: { 'x-device-key': key }, payload: { records: [record(), record()] } });
    expect(batch.json<IngestResult>()).toMatchObject({ stored: 2, rejected: [] });
    const keylessBatch = await app.inject({ method: 'POST', url: '/api/ingest/batch', remoteAddress, payload: { records: [record()] } });
    expect(keylessBatch.json<IngestResult>()).toMatchObject({ stored: 0, rejected: [{ index: 0, reason: 'unknown_device' }] });
  });

  it('never stores the key among the fix attributes', async () => {
    const unit = at(units, 1);
    const response = await suite.fleet.app.inject({ method: 'GET', url: query(unit.uniqueId, `&key=${demoDeviceSecret(unit.uniqueId)}&custom=1`), remoteAddress: nextAddress() });
    expect(response.statusCode).toBe(200);
    await suite.fleet.app.ingest.drain();
    const rows = await suite.fleet.db.withTenant(demoTenants.cityUtilities.id, (db) =>
      db.query<{ attributes: Record<string, unknown> | null }>('SELECT attributes FROM positions WHERE device_id = $1 ORDER BY fix_time DESC LIMIT 1', [unit.id]),
    );
    expect(rows.rows[0]?.attributes).toEqual({ custom: '1' });
  });

  it('a rotated key stops working on the next request, on this instance and on another one', async () => {
    const unit = at(units, 2);
    const registryId = defined(demoUnits.find((u) => u.uniqueId === unit.uniqueId), 'the demo unit').id;
    const oldKey = demoDeviceSecret(unit.uniqueId);
    const remoteAddress = nextAddress();
    // Both instances have the unit (and its key hash) cached.
    for (const app of [suite.fleet.app, second.app]) expect((await app.inject({ method: 'GET', url: query(unit.uniqueId, `&key=${oldKey}`), remoteAddress })).statusCode).toBe(200);
    const rotated = await suite.fleet.app.inject({ method: 'POST', url: `/api/device-registry/${registryId}/rotate-secret`, headers: bearer(operator) });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const newKey = rotated.json<{ secret: string }>().secret;
    expect((await suite.fleet.app.inject({ method: 'GET', url: query(unit.uniqueId, `&key=${oldKey}`), remoteAddress })).statusCode).toBe(404);
    expect((await suite.fleet.app.inject({ method: 'GET', url: query(unit.uniqueId, `&key=${newKey}`), remoteAddress })).statusCode).toBe(200);
    // The other instance hears it on NOTIFY (well within a second).
    await vi.waitFor(async () => expect((await second.app.inject({ method: 'GET', url: query(unit.uniqueId, `&key=${oldKey}`), remoteAddress })).statusCode).toBe(404), { timeout: 1000, interval: 20 });
    expect((await second.app.inject({ method: 'GET', url: query(unit.uniqueId, `&key=${newKey}`), remoteAddress })).statusCode).toBe(200);
  });

  it('makes an address that keeps getting refused wait, whatever it sends next', async () => {
    const remoteAddress = nextAddress();
    for (let i = 0; i < 30; i++) expect((await suite.fleet.app.inject({ method: 'GET', url: query(`5550000${i}`), remoteAddress })).statusCode).toBe(404);
    const blocked = await suite.fleet.app.inject({ method: 'GET', url: query(at(units, 0).uniqueId, `&key=${demoDeviceSecret(at(units, 0).uniqueId)}`), remoteAddress });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json<ApiErrorBody>().reason).toBe('ingest-throttled');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await suite.fleet.app.inject({ method: 'GET', url: query(at(units, 0).uniqueId, `&key=${demoDeviceSecret(at(units, 0).uniqueId)}`), remoteAddress: nextAddress() })).statusCode).toBe(200);
  });
});

describe('device authentication rollout', () => {
  it('log mode takes keyless reports; switching to enforce refuses them at once', async () => {
    const unit = at(units, 0).uniqueId;
    const remoteAddress = nextAddress();
    await setMode('log');
    expect((await suite.fleet.app.inject({ method: 'GET', url: query(unit), remoteAddress })).statusCode).toBe(200);
    await setMode('enforce');
    expect((await suite.fleet.app.inject({ method: 'GET', url: query(unit), remoteAddress })).statusCode).toBe(404);
    await setMode('off');
    expect((await suite.fleet.app.inject({ method: 'GET', url: query(unit, '&key=wrong'), remoteAddress })).statusCode).toBe(200);
  });
});

describe('impossible jumps', () => {
  it('stores a fix that jumps 100 km in 10 s, flagged, without moving the vehicle; the next real fix continues', async () => {
    await setMode('off');
    const unit = at(units, 3);
    const remoteAddress = nextAddress();
    const report = (lat: number, lon: number) => suite.fleet.app.inject({ method: 'GET', url: query(unit.uniqueId, '', lat, lon), remoteAddress });
    expect((await report(57.7, 11.97)).statusCode).toBe(200);
    expect((await report(58.6, 11.97)).statusCode).toBe(200);
    await suite.fleet.app.ingest.drain();
    const read = () =>
      suite.fleet.db.withTenant(demoTenants.cityUtilities.id, async (db) => ({
        state: (await db.query<{ latitude: number }>('SELECT latitude FROM device_state WHERE device_id = $1', [unit.id])).rows[0],
        newest: (await db.query<{ latitude: number; suspect: string | null }>(
          "SELECT latitude, attributes->>'suspect' AS suspect FROM positions WHERE device_id = $1 ORDER BY fix_time DESC LIMIT 1", [unit.id])).rows[0],
      }));
    const afterJump = await read();
    expect(afterJump.newest).toEqual({ latitude: 58.6, suspect: 'impossible-jump' });
    expect(afterJump.state?.latitude).toBe(57.7);
    expect((await report(57.7005, 11.97)).statusCode).toBe(200);
    await suite.fleet.app.ingest.drain();
    const afterReal = await read();
    expect(afterReal.newest).toEqual({ latitude: 57.7005, suspect: null });
    expect(afterReal.state?.latitude).toBe(57.7005);
  });
});
