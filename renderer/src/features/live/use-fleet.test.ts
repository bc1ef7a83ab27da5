import { QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import type { FleetSnapshot } from '../../../../contract/bridge/domains/fleet-domain.ts';
import { createQueryClient } from '../../app/query-client.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { type FleetData, fleetQuery, reloadFleet } from './use-fleet.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** The one bridge call the fleet query makes, counted (the engine behind it is not what is tested here). */
function countingBridge() {
  const calls = { snapshot: 0 };
  const snapshot = (): FleetSnapshot => {
    calls.snapshot++;
    return {
      workspaceId: 'w1',
      devices: [],
      positions: { workspaceId: 'w1', seq: 0, deviceIds: [], longitudes: [], latitudes: [], speedsKmh: [], courses: [], fixTimes: [], statuses: [] },
      settings: null,
      sync: { workspaceId: 'w1', state: 'online', lastSyncedAt: '2026-12-07T10:00:00Z', offlineSince: null, progress: null, pendingActions: 0, lastError: null },
    };
  };
  // Only fleet.snapshot is reached on this path: a partial bridge, cast once here.
  const bridge = { fleet: { snapshot: () => Promise.resolve(snapshot()) } } as unknown as ConsoleBridge;
  return { bridge, calls };
}

/**
 * An engine on a computer that never synced the workspace: its cache is empty until the first
 * sync has written the device list, so the first fleet load falls back to the server's list, and
 * that answer is held until the test lets it go (the first sync finishing meanwhile).
 */
function firstSyncBridge() {
  const calls = { snapshot: 0, list: 0 };
  const cache = { synced: false };
  let releaseList: () => void = () => undefined;
  const listHeld = new Promise<void>((resolve) => (releaseList = resolve));
  const sync = { workspaceId: 'w1', state: 'syncing', lastSyncedAt: null, offlineSince: null, progress: null, pendingActions: 0, lastError: null } as const;
  const truck = { id: 'd1', name: 'Truck 1' };
  const snapshot = () => {
    calls.snapshot++;
    const columns = { deviceIds: [], longitudes: [], latitudes: [], speedsKmh: [], courses: [], fixTimes: [], statuses: [] };
    return Promise.resolve({ workspaceId: 'w1', devices: cache.synced ? [truck] : [], positions: { workspaceId: 'w1', seq: 0, ...columns }, settings: null, sync });
  };
  const list = async () => {
    calls.list++;
    await listHeld;
    return { items: [truck], total: 1, limit: 200, offset: 0 };
  };
  // Only fleet.snapshot and devices.list are reached on this path: a partial bridge, cast once here.
  const bridge = { fleet: { snapshot }, devices: { list } } as unknown as ConsoleBridge;
  return { bridge, calls, cache, releaseList };
}

describe('reloadFleet', () => {
  it('reads the fleet again after a change that came while the first load was in flight', async () => {
    const client = createQueryClient();
    const { bridge, calls, cache, releaseList } = firstSyncBridge();
    // The map observes the fleet, as on screen (an invalidation refetches only observed queries).
    const observed = new QueryObserver(client, fleetQuery(bridge, 'w1'));
    const stop = observed.subscribe(() => undefined);
    await vi.waitFor(() => expect(calls.list).toBe(1));
    // The first sync wrote the device list and the engine said so, before the server's list arrived.
    cache.synced = true;
    const reloaded = reloadFleet(client, bridge, 'w1');
    releaseList();
    await reloaded;
    expect(calls.snapshot).toBe(2);
    expect(client.getQueryData<FleetData>(queryKeys.fleet('w1'))?.source).toBe('snapshot');
    stop();
  });

  it('is needed: a plain invalidation during the first load is folded into it', async () => {
    const client = createQueryClient();
    const { bridge, calls, cache, releaseList } = firstSyncBridge();
    const stop = new QueryObserver(client, fleetQuery(bridge, 'w1')).subscribe(() => undefined);
    await vi.waitFor(() => expect(calls.list).toBe(1));
    cache.synced = true;
    const invalidated = client.invalidateQueries({ queryKey: queryKeys.fleet('w1') });
    releaseList();
    await invalidated;
    // The change is lost: only the fallback's 15 s poll would read the cache again.
    expect(calls.snapshot).toBe(1);
    expect(client.getQueryData<FleetData>(queryKeys.fleet('w1'))?.source).toBe('device-list');
    stop();
  });

  it('with the fleet loaded, reads it once more', async () => {
    const client = createQueryClient();
    const { bridge, calls } = countingBridge();
    const stop = new QueryObserver(client, fleetQuery(bridge, 'w1')).subscribe(() => undefined);
    await vi.waitFor(() => expect(client.getQueryData(queryKeys.fleet('w1'))).toBeDefined());
    await reloadFleet(client, bridge, 'w1');
    expect(calls.snapshot).toBe(2);
    stop();
  });
});

describe('fleetQuery', () => {
  it('loads a workspace fleet once: a view asking for it minutes later reads the cache', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T10:00:00Z') });
    const client = createQueryClient();
    const { bridge, calls } = countingBridge();
    await client.ensureQueryData(fleetQuery(bridge, 'w1'));
    // Later than the client's 30 s default staleness: a newly mounted view (the vehicle card).
    vi.advanceTimersByTime(5 * 60_000);
    await client.prefetchQuery(fleetQuery(bridge, 'w1'));
    expect(calls.snapshot).toBe(1);
    // The engine says the device list changed: then, and only then, it is read again.
    await client.invalidateQueries({ queryKey: queryKeys.fleet('w1') });
    await client.prefetchQuery(fleetQuery(bridge, 'w1'));
    expect(calls.snapshot).toBe(2);
  });
});
