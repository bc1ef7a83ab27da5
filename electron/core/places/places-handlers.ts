import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { placesInputs } from '../../../contract/bridge/domains/places-domain.ts';
import { readLatestPositions } from '../cache/positions-store.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';
import { knownPositions, nearestOffline } from './offline-nearest.ts';
import { PlacesApi } from './places-api.ts';
import { cachedAddresses, searchCachedPlaces, storeAddresses, storePlaceResults } from './places-store.ts';

/**
 * Places: asked of the fleet cloud while the workspace is online, and every answer is kept in the
 * workspace's cache; offline (or when the server cannot be reached) the cache answers and the
 * result says `offline: true`. Other errors (permissions, bad input) reach the renderer as they are.
 */
export function placesHandlers(sessions: SessionManager, syncs: SyncCoordinator, now: () => number = Date.now): Pick<BridgeHandlers, keyof typeof placesInputs> {
  const online = async <T>(workspaceId: string, call: (api: PlacesApi) => Promise<T>): Promise<T | null> => {
    if (!syncs.sync(workspaceId).online) return null;
    try {
      return await sessions.withAccess(workspaceId, (client, token) => call(new PlacesApi(client, token)));
    } catch (error) {
      if (error instanceof BridgeError && error.code === 'server-unreachable') return null;
      throw error;
    }
  };

  return {
    'places.reverse': async ({ workspaceId, points }) => {
      const cache = syncs.cache(workspaceId);
      const answer = await online(workspaceId, (api) => api.reverse(points));
      if (!answer) return { workspaceId, addresses: cachedAddresses(cache.db, points), offline: true };
      storeAddresses(cache.db, points, answer.addresses, now());
      return { workspaceId, addresses: answer.addresses, offline: false };
    },
    'places.search': async ({ workspaceId, q, near, limit }) => {
      const cache = syncs.cache(workspaceId);
      const answer = await online(workspaceId, (api) => api.search(q, near, limit));
      if (!answer) return { workspaceId, results: searchCachedPlaces(cache.db, q, limit ?? 10, near), offline: true };
      storePlaceResults(cache.db, answer.results, now());
      return { workspaceId, results: answer.results, offline: false };
    },
    'places.nearestVehicles': async ({ workspaceId, latitude, longitude, limit }) => {
      const answer = await online(workspaceId, (api) => api.nearestVehicles({ latitude, longitude }, limit));
      if (answer) return { workspaceId, vehicles: answer.vehicles, offline: false };
      // Offline: straight lines from the positions this computer holds; the road network is the server's.
      const cache = syncs.cache(workspaceId);
      const known = cache.db.read(() => knownPositions(cache.devices(), readLatestPositions(cache.db)));
      return { workspaceId, vehicles: nearestOffline({ latitude, longitude }, known, limit ?? 5), offline: true };
    },
  };
}
