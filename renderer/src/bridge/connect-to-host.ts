import { buildConsoleBridge } from '../../../contract/bridge/build-bridge.ts';
import type { ConsoleBridge } from '../../../contract/bridge/console-bridge.ts';
import { electronHostGlobal, webHostBridgePath, type ElectronHostApi } from '../../../contract/bridge/transport.ts';
import { webHostMapGatewayPath } from '../../../contract/map-gateway.ts';
import type { HostConnection } from './host-connection.ts';
import { HostRecovery, probeWebHost, sessionReloadLog } from './host-recovery.ts';
import { MapGatewayAddresses } from './map-gateway-address.ts';
import { createWebSocketTransport } from './web-socket-transport.ts';

export interface HostLink {
  bridge: ConsoleBridge;
  connection: HostConnection;
  /** Where the page reads the tenant's online map: the host's map gateway (contract/map-gateway.ts). */
  mapGateway: MapGatewayAddresses;
  /** The web host's reconnection after its socket closed; Electron's main restarts the engine itself. */
  recovery: HostRecovery | null;
}

function isElectronHost(value: unknown): value is ElectronHostApi {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ElectronHostApi>;
  return typeof candidate.call === 'function' && typeof candidate.subscribe === 'function'
    && typeof candidate.connection?.get === 'function' && typeof candidate.connection.subscribe === 'function'
    && typeof candidate.mapGatewayBase === 'string';
}

/** The same-origin bridge address of the web host, `ws:` or `wss:` to match the page. */
export function webHostBridgeUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${webHostBridgePath}`;
}

/** The web host's map gateway on the page's own origin (absolute: MapLibre's workers fetch tiles too). */
export function webHostMapGatewayBase(location: Pick<Location, 'origin'>): string {
  return `${location.origin}${webHostMapGatewayPath}`;
}

/**
 * Picks the transport the host offers: Electron's preload defines `window.fleetHost`; without it
 * we are served by the web host and open its WebSocket. Everything above this function sees only
 * a `ConsoleBridge`, so the app cannot behave differently per host.
 */
export function connectToHost(win: Window): HostLink {
  const preloaded: unknown = Reflect.get(win, electronHostGlobal);
  if (isElectronHost(preloaded)) {
    reloadWhenEngineReturns(win, preloaded.connection);
    return { bridge: buildConsoleBridge(preloaded.call, preloaded.subscribe), connection: preloaded.connection, mapGateway: new MapGatewayAddresses(preloaded.mapGatewayBase), recovery: null };
  }
  const { transport, connection } = createWebSocketTransport(new WebSocket(webHostBridgeUrl(win.location)));
  const recovery = new HostRecovery(connection, {
    probe: () => probeWebHost(win.location.origin),
    reload: () => win.location.reload(),
    reloads: sessionReloadLog(win.sessionStorage),
  });
  return { bridge: buildConsoleBridge(transport.call, transport.subscribe), connection, mapGateway: new MapGatewayAddresses(webHostMapGatewayBase(win.location)), recovery };
}

/**
 * Electron restarts a crashed engine process and hands the page a new port. The new engine
 * restored sessions and caches from disk, but whatever this page held (queries, live positions,
 * subscriptions' last values) may be behind it, so the page starts over rather than guessing —
 * the same answer the web host's "Reload" button gives, without the click.
 */
function reloadWhenEngineReturns(win: Window, connection: HostConnection): void {
  let previous = connection.get();
  connection.subscribe(() => {
    const next = connection.get();
    if (previous === 'lost' && next === 'open') win.location.reload();
    previous = next;
  });
}
