/**
 * The console profile bench:engine measures: three workspaces of 10,000 vehicles each (devices +
 * latest positions in their SQLite caches), a closed 24-h trip with its 86,400-point track cached
 * in the first, and profile.json as a signed-in user leaves it. The fleet cloud URL is a closed
 * port (as on a train), so every figure is the engine and its cache, never the network.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from '../contract/api/devices.ts';
import type { ConsoleBridge } from '../contract/bridge/console-bridge.ts';
import { CacheRegistry } from '../electron/core/cache/cache-registry.ts';
import { applyLatestPositions, type PositionColumns } from '../electron/core/cache/positions-store.ts';
import { putTrack, upsertTrips } from '../electron/core/cache/trips-store.ts';
import { WorkspaceCache } from '../electron/core/cache/workspace-cache.ts';
import { accountIdFor, workspaceIdFor } from '../electron/core/session/ids.ts';

export const serverUrl = 'http://127.0.0.1:9';
export const username = 'bench';
export const devicesPerWorkspace = 10_000;
export const trackPoints = 86_400;
export const accountId = accountIdFor(serverUrl, username);

export interface BenchProfile {
  profileDir: string;
  workspaceIds: string[];
  /** In the first workspace: a closed trip whose 86,400-point track is cached. */
  tripId: string;
}

export function liveSecond(ids: string[], t: number): PositionColumns {
  return {
    deviceIds: ids,
    longitudes: ids.map((_, i) => 11.9 + (i % 100) / 1000),
    latitudes: ids.map((_, i) => 57.7 + (i % 97) / 1000),
    speedsKmh: ids.map((_, i) => i % 90),
    courses: ids.map((_, i) => i % 360),
    fixTimes: ids.map(() => t),
    statuses: ids.map(() => 'moving' as const),
  };
}

export function createBenchProfile(): BenchProfile {
  const profileDir = mkdtempSync(join(tmpdir(), 'bench-engine-profile-'));
  const registry = new CacheRegistry(profileDir);
  const tenants = ['Alpha Freight', 'Beta Taxi', 'Gamma Utilities'].map((tenantName) => ({ tenantId: randomUUID(), tenantName }));
  const tripId = randomUUID();
  tenants.forEach(({ tenantId }, index) => {
    const cache = registry.open({ serverUrl, username, tenantId });
    const devices: Device[] = Array.from({ length: devicesPerWorkspace }, (_, i) => ({
      id: randomUUID(), uniqueId: `IMEI${i}`, name: `Vehicle ${i}`, plate: `ABC ${i}`, vehicleType: 'truck', groupId: null, groupName: null,
      status: 'moving', lastSeenAt: new Date().toISOString(), position: null,
    }));
    cache.db.write((db) => WorkspaceCache.replaceDevices(db, devices));
    applyLatestPositions(cache.db, liveSecond(devices.map((d) => d.id), Date.now()), 1);
    if (index === 0) writeTrip(cache, tripId, devices[0]?.id ?? '');
  });
  registry.closeAll();
  const workspaceIds = tenants.map((t) => workspaceIdFor(accountId, t.tenantId));
  writeFileSync(join(profileDir, 'profile.json'), JSON.stringify({
    version: 1,
    accounts: [{
      account: { accountId, serverUrl, username, displayName: 'Bench User' },
      userId: randomUUID(),
      memberships: tenants.map((t) => ({ ...t, tenantKind: 'client', role: 'dispatcher' })),
    }],
    lastWorkspaceId: workspaceIds[0],
    cacheLimitBytes: 1024 ** 3,
    tripWindowDays: 7,
  }), { mode: 0o600 });
  return { profileDir, workspaceIds, tripId };
}

function writeTrip(cache: WorkspaceCache, tripId: string, deviceId: string): void {
  const start = Date.parse('2026-11-28T00:00:00Z');
  const place = { latitude: 57.7, longitude: 11.9, name: null, address: { kind: 'none' as const } };
  const n = trackPoints;
  cache.db.write((db) => {
    upsertTrips(db, [{ id: tripId, deviceId, driverId: null, status: 'closed', startTime: new Date(start).toISOString(), endTime: new Date(start + (n - 1) * 1000).toISOString(), start: place, end: place, distanceKm: 1000, durationS: n - 1, maxSpeedKmh: 90, avgSpeedKmh: 50, idleS: 0, pointCount: n }]);
    putTrack(db, { tripId, deviceId, startTime: new Date(start).toISOString(), t: Array.from({ length: n }, (_, i) => i * 1000), lat: Array.from({ length: n }, (_, i) => 57.7 + i * 1e-6), lon: Array.from({ length: n }, (_, i) => 11.9 + i * 1e-6), speedKmh: Array.from({ length: n }, (_, i) => i % 90), course: Array.from({ length: n }, (_, i) => i % 360) }, Date.now());
  });
}

/** Opens each workspace once through the bridge, as a person switching through them would. */
export async function openWorkspaces(bridge: ConsoleBridge, profile: BenchProfile): Promise<void> {
  for (const workspaceId of profile.workspaceIds) {
    await bridge.workspace.activate({ workspaceId });
    const snapshot = await bridge.fleet.snapshot({ workspaceId });
    if (snapshot.devices.length !== devicesPerWorkspace) throw new Error(`snapshot of ${workspaceId} incomplete`);
  }
}

/**
 * Heavy engine work as a dispatcher causes it: replay a 24-h trip, reload a 10k-vehicle fleet.
 * Yields to the event loop between calls, as a renderer's calls arrive, so that a host's
 * event-loop monitor can sample in between.
 */
export async function heavyWork(bridge: ConsoleBridge, profile: Pick<BenchProfile, 'workspaceIds' | 'tripId'>, rounds = 5): Promise<void> {
  const [first] = profile.workspaceIds;
  if (!first) throw new Error('no workspace');
  await bridge.workspace.activate({ workspaceId: first });
  for (let i = 0; i < rounds; i++) {
    const track = await bridge.trips.track({ workspaceId: first, tripId: profile.tripId });
    if (track.t.length !== trackPoints) throw new Error('track incomplete');
    await new Promise((resolve) => setImmediate(resolve));
    await bridge.fleet.snapshot({ workspaceId: first });
    await new Promise((resolve) => setImmediate(resolve));
  }
}
