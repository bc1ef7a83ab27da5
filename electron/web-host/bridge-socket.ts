import type { WebSocket } from 'ws';
import { readCallMessage, type WebCallMessage, type WebHostMessage } from '../../contract/bridge/transport.ts';
import type { Services } from '../core/create-services.ts';

/** Serves one renderer connection: calls in, results and engine events out. */
export function handleBridgeSocket(ws: WebSocket, services: Services): void {
  const post = (message: WebHostMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = services.onEvent((event, payload) => post({ type: 'event', event, payload }));
  ws.on('close', unsubscribe);

  ws.on('message', (data, isBinary) => {
    const message = isBinary ? null : parseCall(data.toString());
    if (!message) {
      ws.close(1003, 'Expected a JSON bridge call');
      return;
    }
    void services.route(message.method, message.input).then((result) => post({ type: 'result', id: message.id, ...result }));
  });
}

function parseCall(text: string): WebCallMessage | null {
  try {
    return readCallMessage(JSON.parse(text));
  } catch {
    return null;
  }
}
