import type { BridgeEventName, BridgeEvents, BridgeHandlers } from '../../contract/bridge/console-bridge.ts';
import { createBridgeRouter, type BridgeRouter } from './bridge/bridge-router.ts';
import { devicesHandlers } from './devices/devices-handlers.ts';
import { FleetApiClient } from './fleet-api/fleet-api-client.ts';
import { sessionHandlers } from './session/session-handlers.ts';
import { SessionManager } from './session/session-manager.ts';
import { MemoryTokenVault, type TokenVault } from './session/token-vault.ts';

export interface ServicesOptions {
  vault?: TokenVault;
  logError?: (error: unknown, context: string) => void;
}

export type EngineEventListener = <E extends BridgeEventName>(event: E, payload: BridgeEvents[E]) => void;

export interface Services {
  sessions: SessionManager;
  handlers: BridgeHandlers;
  /** Validating entry point for a host: method name + untrusted input → result envelope. */
  route: BridgeRouter;
  /** A host forwards these to its renderer(s). */
  onEvent(listener: EngineEventListener): () => void;
  close(): Promise<void>;
}

/** The console engine's composition root: the one place that decides which class gets what. */
export function createServices(options: ServicesOptions = {}): Services {
  const vault = options.vault ?? new MemoryTokenVault();
  const sessions = new SessionManager({ vault, createApi: (serverUrl) => new FleetApiClient(serverUrl) });

  // One handler set per bridge domain (contract/bridge/domains); TypeScript checks that together
  // they cover every method of the contract.
  const handlers: BridgeHandlers = {
    ...sessionHandlers(sessions),
    ...devicesHandlers(sessions),
  };

  const listeners = new Set<EngineEventListener>();
  const unsubscribeSessions = sessions.onChange((state) => {
    for (const listener of listeners) listener('onSessionChanged', state);
  });

  return {
    sessions,
    handlers,
    route: createBridgeRouter(handlers, { logError: options.logError ?? ((error, method) => console.error(`[engine] ${method} failed:`, error)) }),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      unsubscribeSessions();
      listeners.clear();
    },
  };
}
