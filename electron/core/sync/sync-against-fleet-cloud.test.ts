import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../contract/api/alerts.ts';
import type { LatestPositionsResponse } from '../../../contract/api/positions.ts';
import type { TripSummary, TripTrack } from '../../../contract/api/trips.ts';
import type { AlertList } from '../../../contract/bridge/domains/alerts-domain.ts';
import type { FleetSnapshot } from '../../../contract/bridge/domains/fleet-domain.ts';
import type { ConsoleTripTrack, TripList } from '../../../contract/bridge/domains/trips-domain.ts';
import { startEngine, type EngineHarness } from '../test/engine-harness.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';
import {
  deviceIdsByUnit, gothenburgUnits, ingest, overspeedRecords, serverAlerts, signInApi, streamHead, tripRecords, waitFor, type ApiUser,
} from '../test/fleet-data.ts';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.ts';

// The engine against the real fleet cloud (child process), through a TCP relay that can drop
// the network while the server keeps running. Real SQLite files, the keychain where available.
let cloud: FleetCloudProcess;
let proxy: TcpProxy;
let engine: EngineHarness;
let server: ApiUser;
let units: Map<string, string>;
const [u1, u2, u3, u4, u5] = gothenburgUnits;
const start = Date.now();

beforeAll(async () => {
  cloud = await startFleetCloudProcess();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cloud.url).port) });
  // History before the console ever connects: three closed trips and an overspeed alert.
  for (let i = 0; i < 3; i++) await ingest(cloud.url, tripRecords(u1, start - 3 * 3600_000 + i * 1200_000, 300));
  await ingest(cloud.url, overspeedRecords(u2, start - 3600_000));
  server = await signInApi(cloud.url, 'anders', 'Gothenburg Freight AB');
  units = await deviceIdsByUnit(server);
  engine = await startEngine({ serverUrl: proxy.url, username: 'anders', services: { syncIntervalMs: 1_000 } });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await proxy?.close();
  await cloud?.stop();
});

const id = (unit: string) => units.get(unit) ?? '';
const window = () => ({ from: new Date(start - 7 * 86_400_000).toISOString(), to: new Date(Date.now() + 3600_000).toISOString() });
const cachedTrips = async () => (await engine.call<TripList>('trips.list', { workspaceId: engine.workspaceId, ...window() })).items;
const cachedAlerts = async () => (await engine.call<AlertList>('alerts.list', { workspaceId: engine.workspaceId, state: 'all' })).items;
const snapshot = () => engine.call<FleetSnapshot>('fleet.snapshot', { workspaceId: engine.workspaceId });

function cacheState(key: string): string | null {
  const db = new DatabaseSync(engine.cacheFile(), { readOnly: true });
  try {
    const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key);
    return row ? String(row.value) : null;
  } finally {
    db.close();
  }
}

function livePositionsAfter(at: number): Map<string, number> {
  const newest = new Map<string, number>();
  for (const event of engine.events) {
    if (event.name !== 'onLivePositions' || event.at < at) continue;
    const batch = event.payload as { deviceIds: string[]; fixTimes: number[] };
    batch.deviceIds.forEach((device, i) => newest.set(device, Math.max(newest.get(device) ?? 0, batch.fixTimes[i] ?? 0)));
  }
  return newest;
}

async function expectCacheMatchesServer(): Promise<void> {
  // The cache has every fix from the stream at once; the server's latest-state rows follow within
  // its checkpoint interval (5 s, write-behind: decision 0020), so wait for them to agree.
  const agree = async () => {
    const latest = await server.get<LatestPositionsResponse>('/api/positions/latest?since=0&limit=5000');
    const positions = (await snapshot()).positions;
    return latest.items.every((item) => positions.fixTimes[positions.deviceIds.indexOf(item.deviceId)] === Date.parse(item.position?.fixTime ?? ''));
  };
  await waitFor("the server's latest positions and the cache to agree", agree, 15_000).catch(() => undefined);
  const latest = await server.get<LatestPositionsResponse>('/api/positions/latest?since=0&limit=5000');
  const positions = (await snapshot()).positions;
  for (const item of latest.items) {
    const i = positions.deviceIds.indexOf(item.deviceId);
    expect(i, `device ${item.deviceId} in the cache`).toBeGreaterThanOrEqual(0);
    expect(positions.fixTimes[i]).toBe(Date.parse(item.position?.fixTime ?? ''));
  }
  const alerts = await serverAlerts(server);
  const local = new Map((await cachedAlerts()).map((a) => [a.id, a]));
  for (const alert of alerts) expect(local.get(alert.id)?.version, `alert ${alert.id}`).toBe(alert.version);
}

describe('sync against the real fleet cloud', () => {
  it('first load: devices, latest positions, alerts and trips with their tracks match the server', async () => {
    await engine.waitForStatus('the first load', (s) => s.state === 'online' && s.lastSyncedAt !== null);
    const serverTrips = (await server.get<{ items: TripSummary[] }>('/api/trips?limit=500')).items;
    const closed = serverTrips.filter((t) => t.status === 'closed');
    expect(closed.filter((t) => t.deviceId === id(u1)).length).toBe(3);
    await waitFor('the closed trips\' tracks cached', async () => (await cachedTrips()).filter((t) => t.trackCached).length === closed.length);
    expect((await cachedTrips()).map((t) => t.id).sort()).toEqual(serverTrips.map((t) => t.id).sort());
    for (const trip of closed) {
      const track = await engine.call<ConsoleTripTrack>('trips.track', { workspaceId: engine.workspaceId, tripId: trip.id });
      expect(track.fromCache).toBe(true);
      const fromServer = await server.get<TripTrack>(`/api/trips/${trip.id}/track`);
      expect(track.t).toEqual(fromServer.t);
      expect(track.lat).toEqual(fromServer.lat);
    }
    const devices = await server.get<{ total: number }>('/api/devices?limit=1000');
    expect((await snapshot()).devices.length).toBe(devices.total);
    expect((await cachedAlerts()).some((a) => a.type === 'overspeed' && a.deviceId === id(u2))).toBe(true);
    await expectCacheMatchesServer();
    // The sync cursors came from the server (first load from since=0), and the stream has a seq.
    expect(cacheState('since.trips')).toMatch(/^\d+(:\d+:\d+:[0-9a-f-]{36})?$/);
    expect(Number(cacheState('stream.seq'))).toBeGreaterThan(0);
  });

  it('incremental: a trip recorded later arrives by cursor while online', async () => {
    await ingest(cloud.url, tripRecords(u3, Date.now() - 40 * 60_000, 300));
    const trip = await waitFor('the new trip with its track', async () => (await cachedTrips()).find((t) => t.deviceId === id(u3) && t.trackCached));
    expect(trip.pointCount).toBeGreaterThanOrEqual(300);
    const serverTrips = (await server.get<{ items: TripSummary[] }>('/api/trips?limit=500')).items;
    expect((await cachedTrips()).map((t) => t.id).sort()).toEqual(serverTrips.map((t) => t.id).sort());
  });

  it('live: a new fix is applied into the cache and emitted as onLivePositions', async () => {
    const before = Date.now();
    const fixTime = Date.now() - 1_000;
    await ingest(cloud.url, [{ deviceId: u4, time: fixTime, latitude: 57.7, longitude: 11.96, speedKmh: 30, course: 90, ignition: true }]);
    await waitFor('the live fix', () => livePositionsAfter(before).get(id(u4)) === fixTime);
    const positions = (await snapshot()).positions;
    expect(positions.fixTimes[positions.deviceIds.indexOf(id(u4))]).toBe(fixTime);
    await waitFor('the stored seq at the head', async () => Number(cacheState('stream.seq')) === (await streamHead(server)));
  });

  it('a dropped network: offline with offlineSince, reads from the cache, then resumes the stream from its seq without gaps', async () => {
    const synced = (await engine.status()).lastSyncedAt;
    const alertsBefore = (await cachedAlerts()).length;
    const retriesBefore = engine.retries.delays.length;
    proxy.cut();
    const offline = await engine.waitForStatus('offline', (s) => s.state === 'offline');
    expect(offline.offlineSince).not.toBeNull();
    // Each failed attempt plans the next one after a backoff, never in a tight loop (the harness
    // runs the planned retry when the test waits for a state; backoff.test.ts has the schedule).
    const retryDelays = engine.retries.delays.slice(retriesBefore);
    expect(retryDelays.length).toBeGreaterThan(0);
    for (const delay of retryDelays) expect(delay).toBeGreaterThanOrEqual(750);
    // A pull that was in flight when the server stopped may still have finished: the last sync is
    // the one before the outage, never one after it (reading the status and halting are not atomic).
    const lastSynced = Date.parse(offline.lastSyncedAt ?? '');
    expect(lastSynced).toBeGreaterThanOrEqual(Date.parse(synced ?? ''));
    expect(lastSynced).toBeLessThanOrEqual(Date.parse(offline.offlineSince ?? ''));
    expect((await engine.status()).lastSyncedAt).toBe(offline.lastSyncedAt);

    // The server goes on: fixes for every vehicle and a new alert arrive while we are cut off.
    const during = Date.now();
    // Within a few hundred metres of where each unit last was: a fix kilometres away seconds later
    // would be an impossible jump, stored flagged and kept off the live state (decision 0100).
    const fixes = [u1, u2, u3, u4, u5].map((unit, i) => ({ deviceId: unit, time: during + i, latitude: 57.7 + i / 1000, longitude: 11.96, speedKmh: 20, course: 0, ignition: true }));
    await ingest(cloud.url, fixes);
    await ingest(cloud.url, overspeedRecords(u5, during + 1_000));

    // Offline, everything reads from the cache.
    expect((await snapshot()).devices.length).toBeGreaterThan(0);
    expect((await cachedAlerts()).length).toBe(alertsBefore);
    const trip = (await cachedTrips())[0];
    expect((await engine.call<ConsoleTripTrack>('trips.track', { workspaceId: engine.workspaceId, tripId: trip?.id })).fromCache).toBe(true);

    const back = Date.now();
    proxy.restore();
    const online = await engine.waitForStatus('back online', (s) => s.state === 'online' && s.offlineSince === null, 45_000);
    expect(Date.parse(online.lastSyncedAt ?? '')).toBeGreaterThan(Date.parse(synced ?? ''));
    // The stream replayed what happened during the outage (the REST pull does not emit live batches).
    await waitFor('the outage fixes replayed on the stream', () => fixes.every((f) => (livePositionsAfter(back).get(id(f.deviceId)) ?? 0) >= f.time));
    await waitFor('the outage alert', async () => (await cachedAlerts()).some((a: Alert) => a.deviceId === id(u5) && a.type === 'overspeed'));
    await expectCacheMatchesServer();
    await waitFor('the stored seq at the head', async () => Number(cacheState('stream.seq')) === (await streamHead(server)));
  }, 90_000);

  it('the server stops: offline, cache reads, and a full catch-up when it returns', async () => {
    const synced = (await engine.status()).lastSyncedAt;
    const serverAlertsBefore = serverAlerts(server);
    await serverAlertsBefore;
    await cloud.halt();
    const offline = await engine.waitForStatus('offline', (s) => s.state === 'offline');
    expect(offline.offlineSince).not.toBeNull();
    expect(offline.lastSyncedAt).toBe(synced);
    expect((await cachedAlerts()).length).toBe((await serverAlertsBefore).length);
    expect((await snapshot()).positions.deviceIds.length).toBe(5);

    await cloud.restart();
    await engine.waitForStatus('back online', (s) => s.state === 'online' && s.offlineSince === null, 60_000);
    server = await signInApi(cloud.url, 'anders', 'Gothenburg Freight AB');
    const before = Date.now();
    const fixTime = Date.now() - 500;
    await ingest(cloud.url, [{ deviceId: u1, time: fixTime, latitude: 57.7, longitude: 11.97, speedKmh: 40, course: 10, ignition: true }]);
    await waitFor('a live fix after the restart', () => livePositionsAfter(before).get(id(u1)) === fixTime);
    await expectCacheMatchesServer();
  }, 120_000);
});
