import type { HostConnection as ContractHostConnection, HostConnectionStatus } from '../../../contract/bridge/transport.ts';

/**
 * Whether the renderer can still reach the console engine (contract/bridge/transport.ts): the web
 * host's WebSocket can close for good; Electron's engine process is restarted by main after a
 * crash, so there 'lost' is followed by 'open' again.
 */
export type ConnectionStatus = HostConnectionStatus;
export type HostConnection = ContractHostConnection;
