import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { sessionInputs } from '../../../contract/bridge/domains/session-domain.ts';
import type { SessionState } from '../../../contract/bridge/session.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';
import type { SessionManager } from './session-manager.ts';

export function sessionHandlers(sessions: SessionManager, syncs: SyncCoordinator): Pick<BridgeHandlers, keyof typeof sessionInputs> {
  /**
   * After a sign-in the active workspace syncs at once: coming back from an offline review, its
   * sync is waiting out a reconnect delay, and queued offline actions should go now.
   */
  const syncActive = (state: SessionState): SessionState => {
    if (state.activeWorkspaceId && state.accounts.some((a) => a.offlineReview === null && state.activeWorkspaceId?.startsWith(`${a.accountId}:`))) {
      void syncs.sync(state.activeWorkspaceId).syncNow();
    }
    return state;
  };
  return {
    'session.state': async () => sessions.state(),
    'session.signIn': async (input) => syncActive(await sessions.signIn(input)),
    'session.unlock': async (input) => syncActive(await sessions.unlock(input)),
    'session.signOut': async (input) => {
      await syncs.releaseAccount(input.accountId, input.removeOfflineData === true);
      return sessions.signOut(input.accountId, input.removeOfflineData === true);
    },
    'workspace.activate': (input) => sessions.activate(input.workspaceId),
  };
}
