import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { devicesInputs } from '../../../contract/bridge/domains/devices-domain.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';

/**
 * The device list comes from the offline cache once it has been filled (instant, and the same
 * offline); before the first sync has stored devices, it is asked of the server directly.
 */
export function devicesHandlers(sessions: SessionManager, syncs: SyncCoordinator): Pick<BridgeHandlers, keyof typeof devicesInputs> {
  return {
    'devices.list': async ({ workspaceId }) => {
      const cache = syncs.cache(workspaceId);
      syncs.sync(workspaceId);
      const devices = cache.devices();
      if (devices.length === 0 && cache.getState('lastSyncedAt') === null) {
        return sessions.withAccess(workspaceId, (api, token) => api.listDevices(token, { limit: 1000 }));
      }
      return { items: devices, total: devices.length, limit: devices.length, offset: 0 };
    },
  };
}
