import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertList } from '../../../contract/bridge/domains/alerts-domain.ts';
import type { NearestVehicleList, PlaceAddresses, PlaceSearchResults } from '../../../contract/bridge/domains/places-domain.ts';
import type { TripList } from '../../../contract/bridge/domains/trips-domain.ts';
import { startEngine, type EngineHarness } from '../test/engine-harness.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';
import { gothenburgUnits, ingest, overspeedRecords, tripRecords, waitFor } from '../test/fleet-data.ts';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.ts';

// Places against the real fleet cloud, then with the network cut: the workspace cache answers.
let cloud: FleetCloudProcess;
let proxy: TcpProxy;
let engine: EngineHarness;
const odinsplatsen = { latitude: 57.709857, longitude: 11.985238 };

beforeAll(async () => {
  cloud = await startFleetCloudProcess();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cloud.url).port) });
  const [u1, u2] = gothenburgUnits;
  await ingest(cloud.url, tripRecords(u1, Date.now() - 3 * 3600_000, 60, { latitude: 57.7069, longitude: 11.9668 }));
  await ingest(cloud.url, overspeedRecords(u2, Date.now() - 3600_000));
  engine = await startEngine({ serverUrl: proxy.url, username: 'anders' });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await proxy?.close();
  await cloud?.stop();
});

describe('places in the console engine', () => {
  it('online: asks the fleet cloud; trips and alerts arrive in the cache with addresses', async () => {
    const workspaceId = engine.workspaceId;
    await engine.waitForStatus('synced', (s) => s.state === 'online' && s.lastSyncedAt !== null);
    const reverse = await engine.call<PlaceAddresses>('places.reverse', { workspaceId, points: [odinsplatsen] });
    expect(reverse).toMatchObject({ offline: false, addresses: [{ kind: 'street', street: 'Odinsplatsen', locality: 'Göteborg' }] });
    const search = await engine.call<PlaceSearchResults>('places.search', { workspaceId, q: 'sveapl', near: odinsplatsen });
    expect(search.results[0]).toMatchObject({ kind: 'street', name: 'Sveaplan' });
    const nearest = await engine.call<NearestVehicleList>('places.nearestVehicles', { workspaceId, ...odinsplatsen, limit: 3 });
    expect(nearest.offline).toBe(false);
    expect(nearest.vehicles.some((v) => v.driveTimeS !== null)).toBe(true);

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const trips = await waitFor('a cached trip', async () => (await engine.call<TripList>('trips.list', { workspaceId, from, to })).items[0]);
    expect(trips.start.address).toMatchObject({ kind: 'street', locality: 'Göteborg' });
    const alert = await waitFor('a cached alert', async () => (await engine.call<AlertList>('alerts.list', { workspaceId, state: 'all' })).items[0]);
    expect(alert.address).toMatchObject({ kind: 'street', source: 'builtin' });
  });

  it('offline: cached addresses and places, straight-line distances, and says so', async () => {
    const workspaceId = engine.workspaceId;
    proxy.cut();
    await engine.waitForStatus('offline', (s) => s.state === 'offline');
    const reverse = await engine.call<PlaceAddresses>('places.reverse', { workspaceId, points: [odinsplatsen, { latitude: 57.75, longitude: 11.9 }] });
    expect(reverse.offline).toBe(true);
    expect(reverse.addresses).toEqual([expect.objectContaining({ kind: 'street', street: 'Odinsplatsen' }), { kind: 'none' }]);
    const search = await engine.call<PlaceSearchResults>('places.search', { workspaceId, q: 'svea' });
    expect(search).toMatchObject({ offline: true, results: [expect.objectContaining({ name: 'Sveaplan' })] });
    const nearest = await engine.call<NearestVehicleList>('places.nearestVehicles', { workspaceId, ...odinsplatsen, limit: 2 });
    expect(nearest.offline).toBe(true);
    expect(nearest.vehicles.length).toBeGreaterThan(0);
    expect(nearest.vehicles.every((v) => v.driveTimeS === null && v.driveDistanceM === null && v.distanceM >= 0)).toBe(true);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const trips = await engine.call<TripList>('trips.list', { workspaceId, from, to: new Date().toISOString() });
    expect(trips.items[0]?.start.address.kind).toBe('street');
    proxy.restore();
  });
});
