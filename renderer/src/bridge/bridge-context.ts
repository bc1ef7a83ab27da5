import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ConsoleBridge } from '../../../contract/bridge/console-bridge.ts';
import type { HostLink } from './connect-to-host.ts';
import type { ConnectionStatus } from './host-connection.ts';
import type { RecoveryState } from './host-recovery.ts';
import type { MapGatewayAddresses } from './map-gateway-address.ts';

export const HostLinkContext = createContext<HostLink | null>(null);

function useHostLink(): HostLink {
  const link = useContext(HostLinkContext);
  if (!link) throw new Error('useBridge() needs <AppProviders> above it.');
  return link;
}

/** The console engine, as the one typed bridge. */
export function useBridge(): ConsoleBridge {
  return useHostLink().bridge;
}

export function useConnectionStatus(): ConnectionStatus {
  const { connection } = useHostLink();
  return useSyncExternalStore(connection.subscribe, connection.get);
}

const noRecovery = () => null;
const noChange = () => () => undefined;

/** How the web host's reconnection is going; null in Electron (main restarts the engine). */
export function useHostRecovery(): RecoveryState | null {
  const { recovery } = useHostLink();
  return useSyncExternalStore(recovery?.subscribe ?? noChange, recovery?.get ?? noRecovery);
}

/** Looks for the web host now instead of at the next try. */
export function useTryHostNow(): () => void {
  const { recovery } = useHostLink();
  return () => recovery?.tryNow();
}

/** The host's map gateway: every online map address the page reads goes through it. */
export function useMapGateway(): MapGatewayAddresses {
  return useHostLink().mapGateway;
}
