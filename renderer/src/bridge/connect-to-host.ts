import { buildConsoleBridge } from '../../../contract/bridge/build-bridge.ts';
import type { ConsoleBridge } from '../../../contract/bridge/console-bridge.ts';
import { electronHostGlobal, webHostBridgePath, type BridgeTransport } from '../../../contract/bridge/transport.ts';
import { createConnectionStatus, type HostConnection } from './host-connection.ts';
import { createWebSocketTransport } from './web-socket-transport.ts';

export interface HostLink {
  bridge: ConsoleBridge;
  connection: HostConnection;
}

function isTransport(value: unknown): value is BridgeTransport {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<BridgeTransport>;
  return typeof candidate.call === 'function' && typeof candidate.subscribe === 'function';
}

/** The same-origin bridge address of the web host, `ws:` or `wss:` to match the page. */
export function webHostBridgeUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${webHostBridgePath}`;
}

/**
 * Picks the transport the host offers: Electron's preload defines `window.fleetHost`; without it
 * we are served by the web host and open its WebSocket. Everything above this function sees only
 * a `ConsoleBridge`, so the app cannot behave differently per host.
 */
export function connectToHost(win: Window): HostLink {
  const preloaded: unknown = Reflect.get(win, electronHostGlobal);
  if (isTransport(preloaded)) {
    return { bridge: buildConsoleBridge(preloaded.call, preloaded.subscribe), connection: createConnectionStatus('open') };
  }
  const { transport, connection } = createWebSocketTransport(new WebSocket(webHostBridgeUrl(win.location)));
  return { bridge: buildConsoleBridge(transport.call, transport.subscribe), connection };
}
