import type { Unsubscribe } from '../../../contract/bridge/console-bridge.ts';

/**
 * Whether the renderer can still reach the console engine. Electron's IPC cannot drop, so there it
 * stays 'open'; the web host's WebSocket can close, after which every call fails.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'lost';

export interface HostConnection {
  get(): ConnectionStatus;
  subscribe(listener: () => void): Unsubscribe;
}

export function createConnectionStatus(initial: ConnectionStatus): HostConnection & { set(next: ConnectionStatus): void } {
  let status = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => status,
    set(next) {
      if (next === status) return;
      status = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
