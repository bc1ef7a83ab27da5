import type { BridgeErrorData, BridgeResult } from '../../../contract/bridge/bridge-error.ts';
import type {
  BridgeCall,
  BridgeEventName,
  BridgeEvents,
  BridgeSubscribe,
} from '../../../contract/bridge/console-bridge.ts';
import { bridgeEventNames } from '../../../contract/bridge/console-bridge.ts';
import type { BridgeTransport, WebCallMessage, WebHostMessage } from '../../../contract/bridge/transport.ts';
import { createConnectionStatus, type HostConnection } from './host-connection.ts';

export const lostConnectionMessage = 'Lost connection to the console engine. Reload the window.';

const lostConnectionError: BridgeErrorData = { code: 'internal', message: lostConnectionMessage };

/** The part of the browser WebSocket the transport uses, so tests can hand in any socket. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const OPEN = 1;

type Pending = (result: BridgeResult<unknown>) => void;
type Listener = (payload: unknown) => void;

/**
 * The web host's transport: calls go out as `WebCallMessage`s with increasing ids, results come
 * back matched by id, events fan out to subscribers. A closed socket is final — the engine's
 * session state may have moved on, so the user reloads rather than us guessing.
 */
export function createWebSocketTransport(socket: SocketLike): { transport: BridgeTransport; connection: HostConnection } {
  const connection = createConnectionStatus(socket.readyState === OPEN ? 'open' : 'connecting');
  const pending = new Map<number, Pending>();
  const listeners = new Map<BridgeEventName, Set<Listener>>();
  const outbox: string[] = [];
  let nextId = 1;

  socket.addEventListener('open', () => {
    connection.set('open');
    for (const message of outbox.splice(0)) socket.send(message);
  });
  socket.addEventListener('message', (event) => {
    const message = parseHostMessage(event.data);
    if (!message) return;
    if (message.type === 'event') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    const settle = pending.get(message.id);
    if (!settle) return;
    pending.delete(message.id);
    settle(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
  });
  const fail = () => {
    if (connection.get() === 'lost') return;
    connection.set('lost');
    outbox.length = 0;
    for (const settle of pending.values()) settle({ ok: false, error: lostConnectionError });
    pending.clear();
  };
  socket.addEventListener('close', fail);
  socket.addEventListener('error', fail);

  const call = ((method, input) => {
    if (connection.get() === 'lost') return Promise.resolve({ ok: false, error: lostConnectionError });
    const id = nextId++;
    const message: WebCallMessage = { type: 'call', id, method, input };
    return new Promise<BridgeResult<unknown>>((resolve) => {
      pending.set(id, resolve);
      const text = JSON.stringify(message);
      if (socket.readyState === OPEN) socket.send(text);
      else outbox.push(text);
    });
  }) as BridgeCall;

  const subscribe: BridgeSubscribe = <E extends BridgeEventName>(
    event: E,
    listener: (payload: BridgeEvents[E]) => void,
  ) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  };

  return { transport: { call, subscribe }, connection };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

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
  if (!isRecord(parsed)) return null;
  if (parsed.type === 'event' && bridgeEventNames.includes(parsed.event as BridgeEventName)) {
    return { type: 'event', event: parsed.event as BridgeEventName, payload: parsed.payload };
  }
  if (parsed.type === 'result' && typeof parsed.id === 'number') {
    if (parsed.ok === true) return { type: 'result', id: parsed.id, ok: true, value: parsed.value };
    if (parsed.ok === false && isRecord(parsed.error) && typeof parsed.error.message === 'string') {
      return { type: 'result', id: parsed.id, ok: false, error: parsed.error as unknown as BridgeErrorData };
    }
  }
  console.warn('Bridge: ignoring a frame that does not match the contract.');
  return null;
}
