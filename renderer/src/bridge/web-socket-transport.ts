import type { BridgeErrorData } from '../../../contract/bridge/bridge-error.ts';
import { createMessageTransport } from '../../../contract/bridge/message-transport.ts';
import { readHostMessage, type BridgeTransport, type HostConnection, type WebHostMessage } from '../../../contract/bridge/transport.ts';

export const lostConnectionMessage = 'Lost connection to the console engine; the console reconnects by itself.';

const lostConnectionError: BridgeErrorData = { code: 'internal', message: lostConnectionMessage };

/** The part of the browser WebSocket the transport uses, so tests can hand in any socket. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const OPEN = 1;

/**
 * The web host's transport: the contract's message transport over a WebSocket, one JSON text
 * frame per message. A closed socket is final for this page — the engine's session state may have
 * moved on — so the page reloads once the host answers again (host-recovery.ts) rather than
 * reopening a socket and guessing.
 */
export function createWebSocketTransport(socket: SocketLike): { transport: BridgeTransport; connection: HostConnection } {
  const transport = createMessageTransport(lostConnectionError);
  const attach = () => transport.attach((message) => socket.send(JSON.stringify(message)));
  if (socket.readyState === OPEN) attach();
  socket.addEventListener('open', attach);
  socket.addEventListener('message', (event) => {
    const message = parseHostMessage(event.data);
    if (message) transport.receive(message);
  });
  const fail = () => {
    if (transport.connection.get() !== 'lost') transport.lose();
  };
  socket.addEventListener('close', fail);
  socket.addEventListener('error', fail);
  return { transport: { call: transport.call, subscribe: transport.subscribe }, connection: transport.connection };
}

/**
 * Reads one frame from the web host. Frames that do not fit the contract are dropped: the host is
 * ours, so a bad frame is a bug to notice in the console, not something to show the dispatcher.
 */
export function parseHostMessage(data: unknown): WebHostMessage | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    console.warn('Bridge: ignoring a frame that is not JSON.');
    return null;
  }
  const message = readHostMessage(parsed);
  if (!message) console.warn('Bridge: ignoring a frame that does not match the contract.');
  return message;
}
