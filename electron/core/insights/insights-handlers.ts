import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { insightsInputs } from '../../../contract/bridge/domains/insights-domain.ts';
import { getInsights, insightsQuestion, putInsights } from '../cache/insights-store.ts';
import { MonitoringApi } from '../fleet-api/monitoring-api.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';

/**
 * Insights online-first (figures change while vehicles drive), kept per question for offline
 * review; offline, or when the fleet cloud cannot be reached, the kept answer with `fromCache`.
 */
export function insightsHandlers(sessions: SessionManager, syncs: SyncCoordinator, now: () => number = Date.now): Pick<BridgeHandlers, keyof typeof insightsInputs> {
  return {
    'insights.read': async ({ workspaceId, ...query }) => {
      const cache = syncs.cache(workspaceId);
      const question = insightsQuestion(query);
      if (syncs.sync(workspaceId).online) {
        try {
          const answer = await sessions.withAccess(workspaceId, (client, token) => new MonitoringApi(client, token).insights(query));
          const storedAt = now();
          cache.db.write((db) => putInsights(db, question, answer, storedAt));
          return { ...answer, workspaceId, fromCache: false, storedAt };
        } catch (error) {
          if (!(error instanceof BridgeError && error.code === 'server-unreachable')) throw error;
        }
      }
      const kept = getInsights(cache.db, question);
      if (!kept) {
        throw new BridgeError('server-unreachable', 'These figures were not viewed before the connection was lost, so they are not on this computer.', 'from', {
          reason: 'not-stored-offline',
          params: { what: 'insights' },
        });
      }
      return { ...kept.answer, workspaceId, fromCache: true, storedAt: kept.storedAt };
    },
  };
}
