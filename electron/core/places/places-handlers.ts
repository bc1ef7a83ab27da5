import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { placesInputs } from '../../../contract/bridge/domains/places-domain.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';
import { PlacesApi } from './places-api.ts';

/** Places: asked of the fleet cloud. */
export function placesHandlers(sessions: SessionManager, syncs: SyncCoordinator): Pick<BridgeHandlers, keyof typeof placesInputs> {
  const api = <T>(workspaceId: string, call: (api: PlacesApi) => Promise<T>) =>
    sessions.withAccess(workspaceId, (client, token) => call(new PlacesApi(client, token)));
  return {
    'places.reverse': async ({ workspaceId, points }) => {
      syncs.sync(workspaceId);
      const { addresses } = await api(workspaceId, (a) => a.reverse(points));
      return { workspaceId, addresses, offline: false };
    },
    'places.search': async ({ workspaceId, q, near, limit }) => {
      const { results } = await api(workspaceId, (a) => a.search(q, near, limit));
      return { workspaceId, results, offline: false };
    },
    'places.nearestVehicles': async ({ workspaceId, latitude, longitude, limit }) => {
      const { vehicles } = await api(workspaceId, (a) => a.nearestVehicles({ latitude, longitude }, limit));
      return { workspaceId, vehicles, offline: false };
    },
  };
}
