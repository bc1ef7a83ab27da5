import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { devicesInputs } from '../../../contract/bridge/domains/devices-domain.ts';
import type { SessionManager } from '../session/session-manager.ts';

export function devicesHandlers(sessions: SessionManager): Pick<BridgeHandlers, keyof typeof devicesInputs> {
  return {
    'devices.list': (input) => sessions.withAccess(input.workspaceId, (api, token) => api.listDevices(token, { limit: 1000 })),
  };
}
