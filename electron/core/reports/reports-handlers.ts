import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { reportsInputs } from '../../../contract/bridge/domains/reports-domain.ts';
import { MonitoringApi } from '../fleet-api/monitoring-api.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';
import { offlineReport } from './offline-report.ts';

/**
 * Reports online-first (the fleet cloud holds every record and the drivers' names); when it
 * cannot be reached, made from the workspace's cache where the cache covers the period.
 */
export function reportsHandlers(sessions: SessionManager, syncs: SyncCoordinator, now: () => number = Date.now): Pick<BridgeHandlers, keyof typeof reportsInputs> {
  return {
    'reports.read': async ({ workspaceId, tenantName, ...query }) => {
      if (syncs.sync(workspaceId).online) {
        try {
          const report = await sessions.withAccess(workspaceId, (client, token) => new MonitoringApi(client, token).report(query));
          return { ...report, workspaceId, fromCache: false };
        } catch (error) {
          if (!(error instanceof BridgeError && error.code === 'server-unreachable')) throw error;
        }
      }
      return offlineReport(syncs.cache(workspaceId), { workspaceId, tenantName, query, tripWindowDays: syncs.tripWindowDays, now: now() });
    },
  };
}
