import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { geofencesInputs } from '../../../contract/bridge/domains/geofences-domain.ts';
import { WorkspaceCache } from '../cache/workspace-cache.ts';
import { MonitoringApi } from '../fleet-api/monitoring-api.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';

/** Geofences read from the cache; edits go to the server and, once accepted, into the cache. */
export function geofencesHandlers(sessions: SessionManager, syncs: SyncCoordinator): Pick<BridgeHandlers, keyof typeof geofencesInputs> {
  const api = <T>(workspaceId: string, call: (api: MonitoringApi) => Promise<T>) =>
    sessions.withAccess(workspaceId, (client, token) => call(new MonitoringApi(client, token)));
  return {
    'geofences.list': async ({ workspaceId }) => ({ workspaceId, items: syncs.cache(workspaceId).geofences() }),
    'geofences.create': async ({ workspaceId, geofence }) => {
      const created = await api(workspaceId, (a) => a.createGeofence(geofence));
      syncs.cache(workspaceId).db.write((db) => WorkspaceCache.upsertGeofences(db, [created]));
      return created;
    },
    'geofences.update': async ({ workspaceId, geofenceId, geofence }) => {
      const updated = await api(workspaceId, (a) => a.updateGeofence(geofenceId, geofence));
      syncs.cache(workspaceId).db.write((db) => WorkspaceCache.upsertGeofences(db, [updated]));
      return updated;
    },
    'geofences.delete': async ({ workspaceId, geofenceId }) => {
      await api(workspaceId, (a) => a.deleteGeofence(geofenceId));
      syncs.cache(workspaceId).db.write((db) => WorkspaceCache.removeRows(db, 'geofences', [geofenceId]));
      return { workspaceId, geofenceId };
    },
  };
}
