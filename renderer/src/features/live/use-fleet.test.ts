import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import type { FleetSnapshot } from '../../../../contract/bridge/domains/fleet-domain.ts';
import { createQueryClient } from '../../app/query-client.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { fleetQuery } from './use-fleet.ts';

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
