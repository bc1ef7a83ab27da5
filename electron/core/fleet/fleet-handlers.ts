import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { fleetInputs } from '../../../contract/bridge/domains/fleet-domain.ts';
import { readLatestPositions } from '../cache/positions-store.ts';
import { MonitoringApi } from '../fleet-api/monitoring-api.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';

/** Warm start from the cache (no network on the path), vehicle health online-first. */
export function fleetHandlers(sessions: SessionManager, syncs: SyncCoordinator): Pick<BridgeHandlers, keyof typeof fleetInputs> {
  return {
    'fleet.snapshot': async ({ workspaceId }) => {
      const cache = syncs.cache(workspaceId);
      const sync = syncs.sync(workspaceId);
      return cache.db.read(() => ({
        workspaceId,
        devices: cache.devices(),
        positions: { workspaceId, seq: Number(cache.getState('stream.seq') ?? 0), ...readLatestPositions(cache.db) },
        settings: cache.settings(),
        sync: sync.status(),
      }));
    },
    'telemetry.health': async ({ workspaceId, deviceId }) => {
      const cache = syncs.cache(workspaceId);
      if (syncs.sync(workspaceId).online) {
        try {
          return await sessions.withAccess(workspaceId, (client, token) => new MonitoringApi(client, token).health(deviceId));
        } catch (error) {
          if (!(error instanceof BridgeError && error.code === 'server-unreachable')) throw error;
        }
      }
      const cached = cache.health(deviceId);
      if (!cached) throw new BridgeError('not-found', 'No health readings of this vehicle are stored on this computer yet.', 'deviceId', {
        reason: 'not-stored-offline',
        params: { what: 'vehicle-health' },
      });
      return cached;
    },
  };
}
