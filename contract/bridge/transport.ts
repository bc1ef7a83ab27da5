import type { BridgeErrorData } from './bridge-error.ts';
import { bridgeEventNames, type BridgeCall, type BridgeEventName, type BridgeMethod, type BridgeSubscribe, type Unsubscribe } from './console-bridge.ts';

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

/**
 * Whether the renderer can reach the console engine. The web host's WebSocket can close for good;
 * Electron's engine runs in a utility process that main restarts after a crash, so there 'lost'
 * is followed by 'open' again once the new engine process answers.
 */
export type HostConnectionStatus = 'connecting' | 'open' | 'lost';

export interface HostConnection {
  get(): HostConnectionStatus;
  subscribe(listener: () => void): Unsubscribe;
}

/** What Electron's preload exposes: the transport plus the state of its link to the engine. */
export interface ElectronHostApi extends BridgeTransport {
  connection: HostConnection;
  /** Base of the map gateway's addresses: Electron's privileged scheme (contract/map-gateway.ts). */
  mapGatewayBase: string;
}

/**
 * Renderer → engine. The same messages travel as JSON text over the web host's WebSocket and as
 * structured-cloned objects over the MessagePort between Electron's renderer and the engine process.
 */
export interface WebCallMessage {
  type: 'call';
  id: number;
  method: BridgeMethod;
  input: unknown;
}

/** Engine → renderer (web host WebSocket or Electron MessagePort). */
export type WebHostMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: BridgeErrorData }
  | { type: 'event'; event: BridgeEventName; payload: unknown };


const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Reads one call from the renderer. Only the envelope is checked here: the method name and the
 * input are checked by the engine's router, which answers with an error the renderer can show.
 */
export function readCallMessage(value: unknown): WebCallMessage | null {
  if (!isRecord(value) || value.type !== 'call' || typeof value.id !== 'number' || !Number.isSafeInteger(value.id)) return null;
  if (typeof value.method !== 'string') return null;
  return { type: 'call', id: value.id, method: value.method as BridgeMethod, input: value.input };
}

/** Reads one message from the engine; anything that does not fit the contract is null. */
export function readHostMessage(value: unknown): WebHostMessage | null {
  if (!isRecord(value)) return null;
  if (value.type === 'event' && bridgeEventNames.includes(value.event as BridgeEventName)) {
    return { type: 'event', event: value.event as BridgeEventName, payload: value.payload };
  }
  if (value.type === 'result' && typeof value.id === 'number') {
    if (value.ok === true) return { type: 'result', id: value.id, ok: true, value: value.value };
    if (value.ok === false && isRecord(value.error) && typeof value.error.message === 'string' && typeof value.error.code === 'string') {
      return { type: 'result', id: value.id, ok: false, error: value.error as unknown as BridgeErrorData };
    }
  }
  return null;
}
