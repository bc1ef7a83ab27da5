import { describe, expect, it, vi } from 'vitest';
import type { ConsoleBridge } from '../../../contract/bridge/console-bridge.ts';
import type { FleetSnapshot } from '../../../contract/bridge/domains/fleet-domain.ts';
import type { SessionState } from '../../../contract/bridge/session.ts';
import { queryKeys } from '../bridge/query-keys.ts';
import { applySessionState } from '../features/session/session-cache.ts';
import { prefetchWithSession } from './prefetch-with-session.ts';
import { createQueryClient } from './query-client.ts';

/** The one bridge call the prefetch makes, recorded (the engine behind it is not what is tested here). */
function recordingBridge() {
  const asked: string[] = [];
  const snapshot = ({ workspaceId }: { workspaceId: string }): Promise<FleetSnapshot> => {
    asked.push(workspaceId);
    return Promise.resolve({
      workspaceId,
      devices: [],
      positions: { workspaceId, seq: 0, deviceIds: [], longitudes: [], latitudes: [], speedsKmh: [], courses: [], fixTimes: [], statuses: [] },
      settings: null,
      sync: { workspaceId, state: 'online', lastSyncedAt: '2026-12-07T10:00:00Z', offlineSince: null, progress: null, pendingActions: 0, lastError: null },
    });
  };
  // Only fleet.snapshot is reached on this path: a partial bridge, cast once here.
  const bridge = { fleet: { snapshot } } as unknown as ConsoleBridge;
  return { bridge, asked };
}

const session = (activeWorkspaceId: string | null): SessionState => ({
  accounts: [],
  workspaces: activeWorkspaceId
    ? [{ workspaceId: activeWorkspaceId, accountId: 'a1', serverUrl: 'https://fleet.example', username: 'erik', tenantId: 't1', tenantName: 'Demo', tenantKind: 'client', role: 'dispatcher' }]
    : [],
  activeWorkspaceId,
  notice: null,
  knownAccounts: [],
});

describe('prefetchWithSession', () => {
  it("asks for the active workspace's fleet in the same task as the session's answer lands", async () => {
    const client = createQueryClient();
    const { bridge, asked } = recordingBridge();
    const stop = prefetchWithSession(client, bridge, { showsMap: false });
    // The session query's first answer, as useSessionState's fetch stores it.
    const answered = client.fetchQuery({ queryKey: queryKeys.session, queryFn: () => Promise.resolve(session('w1')) });
    await answered;
    expect(asked).toEqual(['w1']);
    // A switch of workspace (an onSessionChanged event) asks for the new one's fleet.
    applySessionState(client, session('w2'));
    expect(asked).toEqual(['w1', 'w2']);
    stop();
  });

  it('asks nothing without an active workspace, once per fleet, and nothing after unsubscribing', async () => {
    const client = createQueryClient();
    const { bridge, asked } = recordingBridge();
    const stop = prefetchWithSession(client, bridge, { showsMap: false });
    applySessionState(client, session(null));
    expect(asked).toEqual([]);
    applySessionState(client, session('w1'));
    await vi.waitFor(() => expect(client.getQueryData(queryKeys.fleet('w1'))).toBeDefined());
    // The same workspace again (a session event about something else): its fleet is cached.
    applySessionState(client, { ...session('w1'), notice: null });
    expect(asked).toEqual(['w1']);
    stop();
    applySessionState(client, session('w3'));
    expect(asked).toEqual(['w1']);
  });

  it('counts a session already in the cache when it starts', () => {
    const client = createQueryClient();
    const { bridge, asked } = recordingBridge();
    applySessionState(client, session('w1'));
    const stop = prefetchWithSession(client, bridge, { showsMap: false });
    expect(asked).toEqual(['w1']);
    stop();
  });
});
