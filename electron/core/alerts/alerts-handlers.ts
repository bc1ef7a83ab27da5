import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { UserRef } from '../../../contract/api/alerts.ts';
import type { AlertActionResult, alertsInputs } from '../../../contract/bridge/domains/alerts-domain.ts';
import { WorkspaceCache } from '../cache/workspace-cache.ts';
import { MonitoringApi } from '../fleet-api/monitoring-api.ts';
import { applyAndQueue, applyAndQueueMany, consoleAlert, consoleAlerts, listAlerts, stillQueued, type PendingAction } from '../cache/alerts-store.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';
import type { DeskBehaviourStore } from './desk-behaviour.ts';

const assigneesKey = 'alerts.assignees';

/**
 * Alert actions apply to the cache at once and queue; online, the queue is sent right away and
 * the answer says whether it is still waiting (`queued`).
 */
export function alertsHandlers(sessions: SessionManager, syncs: SyncCoordinator, desk: DeskBehaviourStore): Pick<BridgeHandlers, keyof typeof alertsInputs> {
  async function act(workspaceId: string, alertId: string, action: Omit<PendingAction, 'seq' | 'baseVersion' | 'baseAssigneeId' | 'alertId'>): Promise<AlertActionResult> {
    const cache = syncs.cache(workspaceId);
    const owner = sessions.owner(workspaceId);
    const existing = consoleAlert(cache.db.reader, alertId);
    if (!existing) throw new BridgeError('not-found', 'That alert is not in this workspace.', 'alertId', { reason: 'not-found', params: { kind: 'alert' } });
    if (existing.status === 'resolved' && action.action !== 'note') throw new BridgeError('conflict', 'This alert is already resolved.', 'alertId', { reason: 'alert-resolved' });
    applyAndQueue(cache.db, { alertId, ...action }, { id: owner.userId, displayName: owner.account.displayName }, new Date());
    const sync = syncs.sync(workspaceId);
    sync.actionsQueued([alertId]);
    await sync.replayNow();
    const alert = consoleAlert(cache.db.reader, alertId);
    if (!alert) throw new BridgeError('not-found', 'That alert is not in this workspace any more.', 'alertId', { reason: 'not-found', params: { kind: 'alert' } });
    return { workspaceId, alert, queued: alert.pendingActions.length > 0 };
  }

  return {
    'alerts.list': async ({ workspaceId, state, limit, alertIds }) => {
      syncs.sync(workspaceId);
      const cache = syncs.cache(workspaceId).db;
      return { workspaceId, items: alertIds ? consoleAlerts(cache, alertIds) : listAlerts(cache, state ?? 'active', limit ?? 1000) };
    },
    'alerts.acknowledge': ({ workspaceId, alertId, note }) => act(workspaceId, alertId, { action: 'acknowledge', ...(note ? { note } : {}) }),
    'alerts.resolve': ({ workspaceId, alertId, note }) => act(workspaceId, alertId, { action: 'resolve', ...(note ? { note } : {}) }),
    'alerts.assign': ({ workspaceId, alertId, assigneeId }) => act(workspaceId, alertId, { action: 'assign', assigneeId }),
    'alerts.addNote': ({ workspaceId, alertId, text }) => act(workspaceId, alertId, { action: 'note', note: text }),
    'alerts.bulk': async ({ workspaceId, alertIds, action, assigneeId }) => {
      const cache = syncs.cache(workspaceId);
      const owner = sessions.owner(workspaceId);
      const actor = { id: owner.userId, displayName: owner.account.displayName };
      // Applied and queued in one transaction; the replay sends the whole queue in one request.
      const { applied, skipped, changes } = applyAndQueueMany(cache.db, alertIds, { action, ...(action === 'assign' ? { assigneeId: assigneeId ?? null } : {}) }, actor, new Date());
      const sync = syncs.sync(workspaceId);
      // The screens get what changed, not 500 alerts to read back (decision 0380).
      sync.actionsQueued(applied, changes);
      await sync.replayNow();
      return { workspaceId, alertIds: applied, skipped, queued: stillQueued(cache.db, applied) };
    },
    // A few dozen names: kept as one sync_state value rather than a table of its own.
    'alerts.assignees': async ({ workspaceId }) => {
      const cache = syncs.cache(workspaceId);
      try {
        const { items } = await sessions.withAccess(workspaceId, (client, token) => new MonitoringApi(client, token).alertAssignees());
        cache.db.write((db) => WorkspaceCache.setState(db, assigneesKey, JSON.stringify(items)));
        return { workspaceId, items, fromCache: false };
      } catch (error) {
        if (!(error instanceof BridgeError && error.code === 'server-unreachable')) throw error;
        const stored = cache.getState(assigneesKey);
        if (stored === null) throw new BridgeError('server-unreachable', 'The people to assign alerts to are not stored on this computer yet; connect once to load them.', 'workspaceId', {
          reason: 'not-stored-offline',
          params: { what: 'assignees' },
        });
        return { workspaceId, items: JSON.parse(stored) as UserRef[], fromCache: true };
      }
    },
    'alerts.deskBehaviour': ({ workspaceId }) => desk.get(sessions.owner(workspaceId).account.accountId),
    'alerts.setDeskBehaviour': ({ workspaceId, behaviour }) => desk.set(sessions.owner(workspaceId).account.accountId, behaviour),
  };
}
