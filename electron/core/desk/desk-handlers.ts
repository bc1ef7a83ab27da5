import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { deskInputs } from '../../../contract/bridge/domains/desk-domain.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { DeskSelections } from './desk-selections.ts';

/** Bridge handlers of the `desk.*` domain (contract/bridge/domains/desk-domain.ts). */
export function deskHandlers(sessions: SessionManager, selections: DeskSelections): Pick<BridgeHandlers, keyof typeof deskInputs> {
  return {
    'desk.selection': async ({ workspaceId }) => {
      sessions.owner(workspaceId); // unknown-workspace for a workspace nobody here is signed in to
      return selections.current(workspaceId);
    },
    'desk.select': async (input) => {
      sessions.owner(input.workspaceId);
      return selections.select(input);
    },
  };
}
