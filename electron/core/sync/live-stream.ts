import { WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../../contract/stream/messages.ts';

export interface LiveStreamHandlers {
  onMessage(message: ServerMessage): void;
  /** The socket is gone (network, server shutdown, token expiry); `code` is the close code. */
  onClose(code: number, reason: string): void;
}

/** One WebSocket to the fleet cloud's live stream (contract/stream/messages.ts). */
export class LiveStream {
  readonly #socket: WebSocket;
  #closed = false;

  constructor(serverUrl: string, accessToken: string, handlers: LiveStreamHandlers) {
    const url = `${serverUrl.replace(/^http/, 'ws')}/api/stream`;
    this.#socket = new WebSocket(url, { headers: { authorization: `Bearer ${accessToken}` }, handshakeTimeout: 10_000, maxPayload: 64 * 1024 * 1024 });
    this.#socket.on('message', (data) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(data)) as ServerMessage;
      } catch {
        return;
      }
      handlers.onMessage(message);
    });
    const closed = (code: number, reason: string) => {
      if (this.#closed) return;
      this.#closed = true;
      handlers.onClose(code, reason);
    };
    this.#socket.on('close', (code, reason) => closed(code, reason.toString()));
    this.#socket.on('error', (error) => closed(1006, error.message));
  }

  send(message: ClientMessage): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  close(): void {
    this.#closed = true;
    this.#socket.removeAllListeners('message');
    this.#socket.on('error', () => undefined);
    this.#socket.terminate();
  }
}
