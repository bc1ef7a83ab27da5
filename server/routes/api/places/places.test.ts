import { beforeAll, describe, expect, it } from 'vitest';
import type { NearestVehiclesResponse, PlaceSearchResponse, ReverseGeocodeResponse } from '../../../../contract/api/places.ts';
import type { DeviceListResponse } from '../../../../contract/api/devices.ts';
import type { TripListResponse } from '../../../../contract/api/trips.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../../demo/demo-fleet.ts';
import { at } from '../../../test/defined.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const suite = useTestFleet();
const devices = demoDevices.filter((d) => d.tenant === demoTenants.cityUtilities);
let token: string;
beforeAll(async () => {
  token = await accessTokenFor(suite.fleet.app, 'sofia', demoTenants.cityUtilities.id);
});

const odinsplatsen = { latitude: 57.709857, longitude: 11.985238 };
const folkungagatan = { latitude: 57.707711, longitude: 11.984664 };
const base = Date.now() - 600_000;
const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
  suite.fleet.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

describe('POST /api/places/reverse', () => {
  it('answers every point in order: a street, a direction from a town, none', async () => {
    const response = await inject('POST', '/api/places/reverse', { points: [odinsplatsen, { latitude: 57.89004, longitude: 12.01644 }, { latitude: 40.4, longitude: -3.7 }] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<ReverseGeocodeResponse>().addresses).toEqual([
      { kind: 'street', street: 'Odinsplatsen', locality: 'Göteborg', source: 'builtin', approximate: false },
      { kind: 'near', locality: 'Kungälv', distanceM: 3000, bearing: 'NE', source: 'builtin', approximate: true },
      { kind: 'none' },
    ]);
  });

  it('names the field of a bad input', async () => {
    const tooMany = await inject('POST', '/api/places/reverse', { points: Array.from({ length: 501 }, () => odinsplatsen) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ error: 'invalid_input', field: expect.stringContaining('points') });
    const badLat = await inject('POST', '/api/places/reverse', { points: [{ latitude: 91, longitude: 0 }] });
    expect(badLat.json()).toMatchObject({ error: 'invalid_input', field: expect.stringContaining('latitude') });
  });

  it('needs a signed-in member', async () => {
    const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/places/reverse', payload: { points: [odinsplatsen] } });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/places/search', () => {
  it('finds streets and localities, nearest first', async () => {
    const response = await inject('GET', '/api/places/search?q=sveapl&near=57.7,11.97&limit=3');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<PlaceSearchResponse>().results[0]).toMatchObject({ kind: 'street', name: 'Sveaplan', locality: 'Göteborg', source: 'builtin' });
    const city = await inject('GET', '/api/places/search?q=goteborg');
    expect(city.json<PlaceSearchResponse>().results[0]).toMatchObject({ kind: 'locality', name: 'Göteborg' });
  });

  it('refuses a malformed near', async () => {
    const response = await inject('GET', '/api/places/search?q=a&near=north');
    expect(response.json()).toMatchObject({ error: 'invalid_input', field: expect.stringContaining('near') });
  });
});

describe('GET /api/places/nearest-vehicles, trip addresses, applied limits', () => {
  it('orders the tenant’s vehicles by drive time, with straight-line distance for each', async () => {
    const records = [
      { deviceId: at(devices, 0).uniqueId, time: base, ...folkungagatan, speedKmh: 0 },
      { deviceId: at(devices, 1).uniqueId, time: base, latitude: 57.72, longitude: 11.94, speedKmh: 0 },
    ];
    const sent = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
    expect(sent.json().rejected).toEqual([]);
    await suite.fleet.app.ingest.drain();
    const response = await inject('GET', `/api/places/nearest-vehicles?latitude=${odinsplatsen.latitude}&longitude=${odinsplatsen.longitude}&limit=10`);
    expect(response.statusCode, response.body).toBe(200);
    const { vehicles } = response.json<NearestVehiclesResponse>();
    // Every vehicle of the tenant with a latest position counts (the seeded ones too), quickest first.
    expect(at(vehicles, 0).deviceId).toBe(at(devices, 0).id);
    expect(at(vehicles, 0).distanceM).toBeLessThan(300);
    expect(at(vehicles, 0).driveTimeS).toBeGreaterThan(0);
    const second = vehicles.find((v) => v.deviceId === at(devices, 1).id);
    expect(second?.driveDistanceM).toBeGreaterThan(second?.distanceM ?? Infinity);
    const times = vehicles.map((v) => v.driveTimeS ?? Infinity);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const tenantIds = new Set(devices.map((d) => d.id));
    expect(vehicles.every((v) => tenantIds.has(v.deviceId))).toBe(true);
  });

  it('shows which limit applies where each vehicle is', async () => {
    const list = (await inject('GET', '/api/devices')).json<DeviceListResponse>();
    const first = list.items.find((d) => d.id === at(devices, 0).id);
    expect(first?.speedLimit).toEqual({ limitKmh: 40, limitSource: 'posted' });
  });

  it('gives trip ends an address', async () => {
    const deviceId = at(devices, 2).uniqueId;
    const points = Array.from({ length: 8 }, (_, i) => ({ deviceId, time: base + i * 30_000, latitude: 57.7069 + i * 0.0004, longitude: 11.9668, speedKmh: i === 0 || i === 7 ? 0 : 30, ignition: i < 7 }));
    await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records: points } });
    await suite.fleet.app.ingest.drain();
    const trips = (await inject('GET', `/api/trips?deviceId=${at(devices, 2).id}`)).json<TripListResponse>();
    expect(trips.items.length).toBeGreaterThan(0);
    expect(at(trips.items, 0).start.address).toMatchObject({ kind: 'street', locality: 'Göteborg', source: 'builtin' });
  });
});
