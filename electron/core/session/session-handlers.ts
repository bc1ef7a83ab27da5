import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { sessionInputs } from '../../../contract/bridge/domains/session-domain.ts';
import type { SessionManager } from './session-manager.ts';

export function sessionHandlers(sessions: SessionManager): Pick<BridgeHandlers, keyof typeof sessionInputs> {
  return {
    'session.state': async () => sessions.state(),
    'session.signIn': (input) => sessions.signIn(input),
    'session.signOut': (input) => sessions.signOut(input.accountId),
    'workspace.activate': (input) => sessions.activate(input.workspaceId),
  };
}
