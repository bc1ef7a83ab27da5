import type { BridgeCall, BridgeSubscribe, ConsoleBridge } from './console-bridge.ts';
import { buildDevicesBridge } from './domains/devices-domain.ts';
import { buildSessionBridge } from './domains/session-domain.ts';

/**
 * Builds the renderer-facing bridge from a transport's two primitives. Used by the renderer on
 * both hosts, so the renderer cannot tell Electron IPC from the web host's WebSocket.
 */
export function buildConsoleBridge(call: BridgeCall, subscribe: BridgeSubscribe): ConsoleBridge {
  return {
    ...buildSessionBridge(call, subscribe),
    ...buildDevicesBridge(call),
  };
}
