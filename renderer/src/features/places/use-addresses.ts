import { useQueries, type Query } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { distanceM } from '../../../../contract/geo/sphere.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator } from '../live/mercator.ts';
import { AddressBatcher, pointKey, type AddressAnswer } from './address-batcher.ts';
import type { Point } from '../../../../contract/address-words.ts';

/** What a display spot gets for one point: the answer once known, the point it is for. */
export interface AddressLookup {
  point: Point;
  answer: AddressAnswer | undefined;
  pending: boolean;
  failed: boolean;
}

/** A vehicle's address is asked again only once it has moved this far from where it was asked. */
export const readdressAfterM = 25;
/** "No address known" while offline may be known once the connection is back: ask again then. */
const offlineUnknownStaleMs = 30_000;

/** One batcher per bridge and workspace, shared by every display spot of the workspace. */
const batchers = new WeakMap<ConsoleBridge, Map<string, AddressBatcher>>();

function batcherFor(bridge: ConsoleBridge, workspaceId: string): AddressBatcher {
  let byWorkspace = batchers.get(bridge);
  if (!byWorkspace) batchers.set(bridge, (byWorkspace = new Map()));
  let batcher = byWorkspace.get(workspaceId);
  if (!batcher) {
    batcher = new AddressBatcher((points) => bridge.places.reverse({ workspaceId, points }));
    byWorkspace.set(workspaceId, batcher);
  }
  return batcher;
}

const staleTime = (query: Query<AddressAnswer>) => {
  const data = query.state.data;
  return data?.offline && data.address.kind === 'none' ? offlineUnknownStaleMs : Infinity;
};

/**
 * Addresses of points (null: nothing to look up), cached in react-query under the workspace and
 * the point rounded to ~10 m, so every spot showing the same place shares one answer, and asked
 * in batches (AddressBatcher). Addresses do not change: an answer stays until the cache drops it.
 */
export function useAddresses(workspaceId: string, points: readonly (Point | null)[]): (AddressLookup | null)[] {
  const bridge = useBridge();
  const results = useQueries({
    queries: points.map((point) => ({
      queryKey: queryKeys.address(workspaceId, point ? pointKey(point) : ''),
      enabled: point !== null,
      queryFn: () => batcherFor(bridge, workspaceId).lookup(point ?? { latitude: 0, longitude: 0 }),
      staleTime,
      gcTime: 30 * 60_000,
      retry: false,
      refetchOnWindowFocus: false,
    })),
  });
  return points.map((point, k) => {
    const result = results[k];
    if (!point || !result) return null;
    return { point, answer: result.data, pending: result.isPending, failed: result.isError };
  });
}

export function useAddress(workspaceId: string, point: Point | null): AddressLookup | null {
  return useAddresses(workspaceId, [point])[0] ?? null;
}

/**
 * Points that move (live vehicles, a replayed trip's head), held where they were when last asked
 * and moved on only once more than `readdressAfterM` away, so updates every second do not turn
 * into a request per point per second. `keys` name what each point belongs to.
 */
export function useAnchoredPoints(keys: readonly string[], points: readonly (Point | null)[]): (Point | null)[] {
  // A memo, not state: written during render on purpose (the anchor must survive renders without
  // causing one), and rendering twice (strict mode) gives the same answer.
  const [held] = useState(() => new Map<string, Point>());
  return points.map((here, k) => {
    const key = keys[k] ?? '';
    if (!here) return null;
    const anchor = held.get(key);
    if (anchor && distanceM(anchor, here) <= readdressAfterM) return anchor;
    // A long shift of scrolling must not grow this without bound.
    if (held.size > 5_000) held.clear();
    held.set(key, here);
    return here;
  });
}

/** Where these vehicles are now (null without a position), for `useAnchoredPoints`. */
function vehiclePoints(store: FleetStore, deviceIds: readonly string[]): (Point | null)[] {
  return deviceIds.map((id) => {
    const i = store.indexOf(id);
    if (i < 0 || !store.located[i]) return null;
    const [longitude, latitude] = fromMercator(store.x[i] ?? 0, store.y[i] ?? 0);
    return { latitude, longitude };
  });
}

/** Addresses of these vehicles where they are now (within `readdressAfterM`). */
export function useVehicleAddresses(workspaceId: string, store: FleetStore, deviceIds: readonly string[]): (AddressLookup | null)[] {
  return useAddresses(workspaceId, useAnchoredPoints(deviceIds, vehiclePoints(store, deviceIds)));
}
