import type { QueryClient } from '@tanstack/react-query';
import type { SessionNotice, SessionState, Workspace } from '../../../../contract/bridge/session.ts';
import { queryKeys } from '../../bridge/query-keys.ts';

/**
 * Stores a new session state from a call result or an `onSessionChanged` event, and forgets the
 * cached data of every workspace that is gone (signed out, membership revoked), so nothing of a
 * signed-out tenant stays in memory.
 */
export function applySessionState(client: QueryClient, next: SessionState): void {
  const previous = client.getQueryData<SessionState>(queryKeys.session);
  client.setQueryData(queryKeys.session, next);
  const kept = new Set(next.workspaces.map((w) => w.workspaceId));
  for (const workspace of previous?.workspaces ?? []) {
    if (!kept.has(workspace.workspaceId)) client.removeQueries({ queryKey: queryKeys.workspace(workspace.workspaceId) });
  }
}

export type SessionView =
  | { screen: 'sign-in'; notice: SessionNotice | null }
  | { screen: 'pick-workspace'; workspaces: Workspace[] }
  | { screen: 'workspace'; active: Workspace; workspaces: Workspace[] };

/** Which screen the session calls for. An active id that names no workspace falls back to the picker. */
export function sessionView(state: SessionState, addingAccount: boolean): SessionView {
  if (state.workspaces.length === 0 || addingAccount) return { screen: 'sign-in', notice: state.notice };
  const active = state.workspaces.find((w) => w.workspaceId === state.activeWorkspaceId);
  if (!active) return { screen: 'pick-workspace', workspaces: state.workspaces };
  return { screen: 'workspace', active, workspaces: state.workspaces };
}
