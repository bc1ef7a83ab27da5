import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { sessionInputs } from '../../../contract/bridge/domains/session-domain.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';
import type { SessionManager } from './session-manager.ts';

export function sessionHandlers(sessions: SessionManager, syncs: SyncCoordinator): Pick<BridgeHandlers, keyof typeof sessionInputs> {
  return {
    'session.state': async () => sessions.state(),
    'session.signIn': (input) => sessions.signIn(input),
    'session.signOut': async (input) => {
      await syncs.releaseAccount(input.accountId, input.removeOfflineData === true);
      return sessions.signOut(input.accountId);
    },
    'workspace.activate': (input) => sessions.activate(input.workspaceId),
  };
}
