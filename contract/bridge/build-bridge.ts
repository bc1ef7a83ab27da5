import { BridgeError, type BridgeResult } from './bridge-error.ts';
import type { BridgeCall, BridgeSubscribe, ConsoleBridge } from './console-bridge.ts';

async function unwrap<T>(pending: Promise<BridgeResult<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  throw BridgeError.fromData(result.error);
}

/**
 * Builds the renderer-facing bridge from a transport's two primitives. Used by the renderer on
 * both hosts, so the renderer cannot tell Electron IPC from the web host's WebSocket.
 */
export function buildConsoleBridge(call: BridgeCall, subscribe: BridgeSubscribe): ConsoleBridge {
  return {
    session: {
      state: () => unwrap(call('session.state', {})),
      signIn: (input) => unwrap(call('session.signIn', input)),
      signOut: (input) => unwrap(call('session.signOut', input)),
    },
    workspace: {
      activate: (input) => unwrap(call('workspace.activate', input)),
    },
    devices: {
      list: (input) => unwrap(call('devices.list', input)),
    },
    onSessionChanged: (listener) => subscribe('onSessionChanged', listener),
  };
}
