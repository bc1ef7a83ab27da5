import { beforeAll, describe, expect, it } from 'vitest';
import type { Driver, DriverAssignment } from '../../../../contract/api/drivers.ts';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import type { TripListResponse } from '../../../../contract/api/trips.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../../demo/demo-fleet.ts';
import { defined } from '../../../test/defined.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const taxis = demoDevices.filter((d) => d.tenant === demoTenants.harbourTaxi);
const taxi = defined(taxis[0], 'a Harbour Taxi demo vehicle');
const otherTaxi = defined(taxis[1], 'a second Harbour Taxi demo vehicle');
const suite = useTestFleet();
let admin: string;
let viewer: string;

beforeAll(async () => {
  admin = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.harbourTaxi.id);
  viewer = await accessTokenFor(suite.fleet.app, 'viktor', demoTenants.harbourTaxi.id);
});

async function call<T>(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const response = await suite.fleet.app.inject({ method, url, payload, headers: bearer(token) });
  return { status: response.statusCode, body: response.json<T & ApiErrorBody>() };
}

const hour = 3600_000;
const iso = (t: number) => new Date(t).toISOString();

describe('drivers', () => {
  it('creates, edits and lists drivers; tag ids and employee numbers are unique; bad input names the field', async () => {
    const anna = await call<Driver>(admin, 'POST', '/api/drivers', { name: 'Anna Berg', employeeNumber: 'E-100', licenceExpiresOn: '2028-05-31', tagId: 'FOB-ANNA' });
    expect(anna.status, JSON.stringify(anna.body)).toBe(201);
    expect(anna.body).toMatchObject({ name: 'Anna Berg', employeeNumber: 'E-100', licenceExpiresOn: '2028-05-31', tagId: 'FOB-ANNA', currentDeviceId: null, version: 1 });

    const sameTag = await call(admin, 'POST', '/api/drivers', { name: 'Other', tagId: 'FOB-ANNA' });
    expect(sameTag.status).toBe(409);
    expect(sameTag.body).toMatchObject({ reason: 'driver-tag-taken', field: 'tagId' });
    const sameNumber = await call(admin, 'POST', '/api/drivers', { name: 'Other', employeeNumber: 'E-100' });
    expect(sameNumber.body).toMatchObject({ reason: 'employee-number-taken', field: 'employeeNumber' });
    const badDate = await call(admin, 'POST', '/api/drivers', { name: 'Other', licenceExpiresOn: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body).toMatchObject({ field: 'licenceExpiresOn' });

    const renamed = await call<Driver>(admin, 'PUT', `/api/drivers/${anna.body.id}`, { expectedVersion: 1, name: 'Anna Berg-Lind', employeeNumber: 'E-100', tagId: 'FOB-ANNA' });
    expect(renamed.body).toMatchObject({ name: 'Anna Berg-Lind', version: 2, licenceExpiresOn: null });
    const stale = await call(admin, 'PUT', `/api/drivers/${anna.body.id}`, { expectedVersion: 1, name: 'Stale' });
    expect(stale.body).toMatchObject({ reason: 'edited-elsewhere', params: { currentVersion: 2 } });

    const listed = await call<{ items: Driver[] }>(viewer, 'GET', '/api/drivers?q=berg');
    expect(listed.body.items.map((d) => d.name)).toEqual(['Anna Berg-Lind']);
    const refused = await call(viewer, 'POST', '/api/drivers', { name: 'Viewer made' });
    expect(refused.status).toBe(403);
    expect(refused.body.params).toMatchObject({ permission: 'drivers.manage' });
  });

  it('assigns by hand: a new shift ends the open one, overlaps are refused, and trips carry the driver', async () => {
    const [bo, cy] = await Promise.all(['Bo Ek', 'Cy Lund'].map(async (name) => (await call<Driver>(admin, 'POST', '/api/drivers', { name })).body));
    const t0 = Date.now() - 6 * hour;
    const first = await call<DriverAssignment>(admin, 'POST', '/api/driver-assignments', { driverId: bo?.id, deviceId: taxi.id, from: iso(t0) });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await call<DriverAssignment>(admin, 'POST', '/api/driver-assignments', { driverId: cy?.id, deviceId: taxi.id, from: iso(t0 + 2 * hour) });
    expect(second.status).toBe(201);
    const history = await call<{ items: DriverAssignment[] }>(viewer, 'GET', `/api/driver-assignments?deviceId=${taxi.id}`);
    expect(history.body.items.map((a) => [a.driverId, a.from, a.to])).toEqual([[cy?.id, iso(t0 + 2 * hour), null], [bo?.id, iso(t0), iso(t0 + 2 * hour)]]);

    // Bo again inside his own finished shift on another taxi would make him drive two at once.
    const overlap = await call(admin, 'POST', '/api/driver-assignments', { driverId: bo?.id, deviceId: otherTaxi.id, from: iso(t0 + hour), to: iso(t0 + 90 * 60_000) });
    expect(overlap.status).toBe(409);
    expect(overlap.body).toMatchObject({ reason: 'assignment-overlaps', params: { with: 'driver', from: iso(t0) } });

    // A trip in Bo's shift is his.
    const records = Array.from({ length: 60 }, (_, i) => ({ deviceId: taxi.uniqueId, time: t0 + 10 * 60_000 + i * 10_000, latitude: 57.7, longitude: 11.9 + i * 0.0015, speedKmh: 50, ignition: true }));
    records.push(...Array.from({ length: 40 }, (_, i) => ({ deviceId: taxi.uniqueId, time: t0 + 20 * 60_000 + i * 10_000, latitude: 57.7, longitude: 11.9 + 60 * 0.0015, speedKmh: 0, ignition: false })));
    expect((await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } })).statusCode).toBe(200);
    const trips = await call<TripListResponse>(admin, 'GET', `/api/trips?deviceId=${taxi.id}&from=${iso(t0)}&to=${iso(t0 + hour)}`);
    expect(trips.body.items.length).toBeGreaterThan(0);
    expect(trips.body.items.every((t) => t.driverId === bo?.id)).toBe(true);

    const deleted = await call(admin, 'DELETE', `/api/drivers/${bo?.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body).toMatchObject({ reason: 'driver-has-history' });
    const ended = await call<DriverAssignment>(admin, 'POST', `/api/driver-assignments/${second.body.id}/end`, {});
    expect(ended.body.to).not.toBeNull();
    const again = await call(admin, 'POST', `/api/driver-assignments/${second.body.id}/end`, {});
    expect(again.body).toMatchObject({ reason: 'assignment-ended' });
  });

  it('assigns the driver whose tag a tracker reports (OBD batch and OsmAnd), and a repeated tag changes nothing', async () => {
    const dana = (await call<Driver>(admin, 'POST', '/api/drivers', { name: 'Dana Holm', tagId: '0xA1B2' })).body;
    const erin = (await call<Driver>(admin, 'POST', '/api/drivers', { name: 'Erin Sand', tagId: '77001' })).body;
    const t = Math.floor(Date.now() / 1000) * 1000 - 60_000; // OsmAnd sends whole seconds
    const batch = [0, 1, 2].map((i) => ({ deviceId: otherTaxi.uniqueId, time: t + i * 5000, latitude: 57.71, longitude: 11.95, speedKmh: 0, driverId: '0xA1B2' }));
    expect((await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records: batch } })).statusCode).toBe(200);
    let history = (await call<{ items: DriverAssignment[] }>(admin, 'GET', `/api/driver-assignments?deviceId=${otherTaxi.id}`)).body.items;
    expect(history.map((a) => [a.driverId, a.source, a.from, a.to])).toEqual([[dana.id, 'tag', iso(t + 10_000), null]]);

    const query = new URLSearchParams({ id: otherTaxi.uniqueId, lat: '57.71', lon: '11.95', timestamp: String(Math.round((t + 20_000) / 1000)), driverUniqueId: '77001' });
    expect((await suite.fleet.app.inject({ url: `/?${query}` })).statusCode).toBe(200);
    history = (await call<{ items: DriverAssignment[] }>(admin, 'GET', `/api/driver-assignments?deviceId=${otherTaxi.id}`)).body.items;
    expect(history.map((a) => [a.driverId, a.to])).toEqual([[erin.id, null], [dana.id, iso(t + 20_000)]]);
    expect((await call<Driver>(admin, 'GET', `/api/drivers/${erin.id}`)).body.currentDeviceId).toBe(otherTaxi.id);

    const unknown = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records: [{ deviceId: otherTaxi.uniqueId, time: t + 30_000, latitude: 57.71, longitude: 11.95, driverId: 'nobody' }] } });
    expect(unknown.json()).toMatchObject({ stored: 1, rejected: [] });
    const bad = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records: [{ deviceId: otherTaxi.uniqueId, time: t + 31_000, latitude: 57.71, longitude: 11.95, driverId: 'has space' }] } });
    expect(bad.json<{ rejected: { field: string }[] }>().rejected[0]?.field).toBe('records[0].driverId');
  });
});
