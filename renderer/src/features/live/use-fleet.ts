import { type QueryClient, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState } from 'react';
import type { Device } from '../../../../contract/api/devices.ts';
import type { TenantSettings } from '../../../../contract/api/settings.ts';
import type { FleetSnapshot, LivePositionsBatch } from '../../../../contract/bridge/domains/fleet-domain.ts';
import type { SyncStatus } from '../../../../contract/bridge/domains/sync-domain.ts';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { feedFleetStore } from './fleet-feed.ts';
import type { FleetStore } from './fleet-store.ts';

export interface FleetData {
  devices: Device[];
  positions: LivePositionsBatch | null;
  settings: TenantSettings | null;
  sync: SyncStatus | null;
  /** 'device-list' when the engine could not give a cached snapshot and we asked the server. */
  source: 'snapshot' | 'device-list';
}

/**
 * The workspace's fleet for a warm start: the engine's cached snapshot (works offline). If the
 * engine cannot give one, the server's device list still paints the map — with the reason kept
 * for the status bar rather than an empty screen.
 */
export function useFleet(workspaceId: string) {
  const bridge = useBridge();
  return useQuery({
    ...fleetQuery(bridge, workspaceId),
    // Without the engine's live stream, poll the device list so positions do not freeze.
    refetchInterval: (q) => (q.state.data?.source === 'device-list' ? 15_000 : false),
  });
}

/**
 * The fleet query itself: for the hook, and for App's prefetch the moment the session names the
 * active workspace, so the engine's answer is in before the workspace chunk and MapLibre have
 * loaded and the map asks for it.
 */
export function fleetQuery(bridge: ConsoleBridge, workspaceId: string) {
  return queryOptions({
    queryKey: queryKeys.fleet(workspaceId),
    // A workspace loads its fleet once; afterwards only changes travel (issue 12): onDevicesChanged
    // invalidates it, positions and statuses go to the hot store. With the client's 30 s default a
    // view mounting later (the vehicle card, a panel switched to) re-fetched the whole snapshot,
    // ≈ 4 MB over the bridge at 10,000 vehicles, and structurally compared every device.
    staleTime: Infinity,
    queryFn: async (): Promise<FleetData> => {
      let snapshot: FleetSnapshot | null = null;
      try {
        snapshot = await bridge.fleet.snapshot({ workspaceId });
      } catch {
        // No cache for this workspace (or an engine without one): ask the server below.
      }
      // A workspace never synced on this computer has an empty cache; the first sync is under
      // way, so show the server's list meanwhile rather than "no vehicles".
      if (snapshot && (snapshot.devices.length > 0 || snapshot.sync.lastSyncedAt !== null)) {
        return { devices: snapshot.devices, positions: snapshot.positions, settings: snapshot.settings?.settings ?? null, sync: snapshot.sync, source: 'snapshot' };
      }
      const list = await bridge.devices.list({ workspaceId });
      return { devices: list.items, positions: null, settings: snapshot?.settings?.settings ?? null, sync: snapshot?.sync ?? null, source: 'device-list' };
    },
  });
}

/**
 * Reads the fleet again after the engine's `onDevicesChanged`. A first load still in flight may
 * have read the list before the change, and TanStack Query folds an invalidation into such a
 * fetch (it cancels only a fetch whose query already has data): the change would be lost. On a
 * computer that never synced the workspace that first load is the server's device list (no
 * settings, no cached positions); the change was then picked up only by that fallback's 15 s
 * poll, a 1.2 MB snapshot at 10,000 vehicles in the middle of steady state (issue 12). So a first
 * load in flight is waited for, and then read again.
 */
export async function reloadFleet(client: QueryClient, bridge: ConsoleBridge, workspaceId: string): Promise<void> {
  const options = fleetQuery(bridge, workspaceId);
  const state = client.getQueryState(options.queryKey);
  if (state?.data === undefined && state?.fetchStatus === 'fetching') {
    // With no data yet, fetchQuery joins the fetch in flight rather than starting another.
    await client.fetchQuery(options).catch(() => undefined);
  }
  await client.invalidateQueries({ queryKey: options.queryKey });
}

/**
 * Reloads the active workspace's fleet when the engine says its device list or settings changed.
 * Called where the fleet is first asked for (App's prefetch, as soon as the session names the
 * workspace), not by the views: a change made by the first sync of a new computer while the
 * workspace chunk and the map still load would otherwise be heard by nobody.
 */
export function useFleetReloads(workspaceId: string | null): void {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!workspaceId) return;
    return bridge.onDevicesChanged((event) => {
      if (event.workspaceId === workspaceId) void reloadFleet(queryClient, bridge, workspaceId);
    });
  }, [bridge, queryClient, workspaceId]);
}

/**
 * Feeds the hot store: the snapshot when it (re)loads, then every live batch of this workspace.
 * Batches of any other workspace are dropped — a late event from the previous tenant must never
 * move a vehicle on this map.
 */
export function useLiveFeed(workspaceId: string, store: FleetStore): void {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  // Straight from the query cache, not from a render's data (fleet-feed.ts, decision 0515).
  useEffect(() => feedFleetStore(queryClient, workspaceId, store), [queryClient, workspaceId, store]);

  useEffect(() => {
    const offPositions = bridge.onLivePositions((batch) => {
      if (batch.workspaceId === workspaceId) store.applyPositions(batch);
    });
    const offStatuses = bridge.onDeviceStatuses((event) => {
      if (event.workspaceId === workspaceId) store.applyStatuses(event.deviceIds, event.statuses);
    });
    // A completed sync says nothing new about the fleet: the engine signals a changed device list
    // or settings with onDevicesChanged (useFleetReloads) and sends pulled positions as live batches. Reloading the
    // snapshot on every sync status was 4 MB per event at 10,000 vehicles (issue 12).
    const offSync = bridge.onSyncStatus((status) => {
      if (status.workspaceId === workspaceId) queryClient.setQueryData(queryKeys.sync(workspaceId), status);
    });
    return () => {
      offPositions();
      offStatuses();
      offSync();
    };
  }, [bridge, queryClient, store, workspaceId]);
}

/**
 * The store's version, re-read at most every `intervalMs`: React views of live data (list rows,
 * the vehicle card) refresh at a human pace, never once per message.
 */
export function useFleetVersion(store: FleetStore, intervalMs: number): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let layout = store.layoutVersion;
    const unsubscribe = store.subscribe(() => {
      if (store.layoutVersion !== layout) {
        layout = store.layoutVersion;
        setVersion(store.version);
        return;
      }
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setVersion(store.version);
      }, intervalMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, intervalMs]);
  return version;
}

export const FleetStoreContext = createContext<FleetStore | null>(null);

export function useFleetStore(): FleetStore {
  const store = useContext(FleetStoreContext);
  if (!store) throw new Error('useFleetStore() needs a <FleetStoreContext> above it.');
  return store;
}
