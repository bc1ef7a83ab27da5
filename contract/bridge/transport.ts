import type { BridgeErrorData } from './bridge-error.ts';
import type { BridgeCall, BridgeEventName, BridgeMethod, BridgeSubscribe } from './console-bridge.ts';

/**
 * The two primitives a host gives the renderer. Electron's preload exposes exactly this object as
 * `window.fleetHost` (method and event names checked against the fixed lists in the contract);
 * the web host's client builds it over its WebSocket. The renderer wraps it with
 * `buildConsoleBridge` and never sees which one it got.
 */
export interface BridgeTransport {
  call: BridgeCall;
  subscribe: BridgeSubscribe;
}

/** Name of the global the Electron preload defines. */
export const electronHostGlobal = 'fleetHost';

/** Web host WebSocket path (same origin as the served renderer; cookie-authenticated). */
export const webHostBridgePath = '/bridge';

/** Renderer → web host. */
export interface WebCallMessage {
  type: 'call';
  id: number;
  method: BridgeMethod;
  input: unknown;
}

/** Web host → renderer. */
export type WebHostMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: BridgeErrorData }
  | { type: 'event'; event: BridgeEventName; payload: unknown };

/** Electron IPC channel carrying engine events to the preload. */
export const ipcEventChannel = 'bridge:event';
