import type { Role } from '../../../../contract/api/auth.ts';
import type { Workspace } from '../../../../contract/bridge/session.ts';

const roleLabels: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  dispatcher: 'Dispatcher',
  viewer: 'Viewer',
  operator: 'Platform operator',
};

export const roleLabel = (role: Role) => roleLabels[role];

/** "maria @ fleet.example.com": which login a workspace belongs to, short enough for a menu. */
export function accountLabel(workspace: Pick<Workspace, 'username' | 'serverUrl'>): string {
  let host = workspace.serverUrl;
  try {
    host = new URL(workspace.serverUrl).host;
  } catch {
    // Keep the raw text; the engine validated it when the account was added.
  }
  return `${workspace.username} @ ${host}`;
}
