import { can } from '../../../contract/api/permissions.ts';
import { mapSourceUrl, mapUrlProblem } from '../../../contract/api/settings.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { MapAccess } from './map-access.ts';

/**
 * `settings.previewMap`: the Preview of an address an admin typed into Settings and has not
 * saved. The gateway serves it for a few minutes, only in the active workspace and only for a
 * role that may change the settings (the one who could save it anyway).
 */
export function mapPreviewHandlers(sessions: SessionManager, access: MapAccess): Pick<BridgeHandlers, 'settings.previewMap'> {
  return {
    'settings.previewMap': ({ workspaceId, source }) => {
      const state = sessions.state();
      const workspace = state.workspaces.find((w) => w.workspaceId === workspaceId);
      if (!workspace) return Promise.reject(new BridgeError('unknown-workspace', 'This workspace is not signed in on this computer.'));
      if (state.activeWorkspaceId !== workspaceId) return Promise.reject(new BridgeError('invalid-input', 'Only the open workspace can preview a map.', 'workspaceId'));
      if (!can(workspace.role, 'settings.manage')) return Promise.reject(new BridgeError('forbidden', 'Previewing a map source needs the right to change the settings.'));
      const target = mapSourceUrl(source);
      if (!target) return Promise.reject(new BridgeError('invalid-input', 'The shipped offline map needs no Preview.', 'source.kind'));
      const problem = mapUrlProblem(target.url);
      if (problem) return Promise.reject(new BridgeError('invalid-input', `The map address cannot be used (${problem}).`, `source.${target.field}`, { reason: 'map-url-invalid', params: { field: target.field, problem } }));
      const until = access.allowPreview(workspaceId, source);
      return Promise.resolve({ allowedUntil: new Date(until).toISOString() });
    },
  };
}
