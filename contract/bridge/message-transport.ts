import type { BridgeErrorData, BridgeResult } from './bridge-error.ts';
import type { BridgeCall, BridgeEventName, BridgeEvents, BridgeSubscribe } from './console-bridge.ts';
import type { BridgeTransport, HostConnection, HostConnectionStatus, WebCallMessage, WebHostMessage } from './transport.ts';

/**
 * The renderer side of the bridge over any message link to the engine: the web host's WebSocket
 * (JSON text) or Electron's MessagePort to the engine process (structured clone). The link's
 * owner feeds it: `attach(send)` when the link opens, `receive(message)` for each message,
 * `lose()` when it drops. Calls made before the link opens wait in an outbox; calls made while it
 * is lost fail at once with `lostError`, and so do calls that were waiting for an answer.
 * After a loss, `attach` again reconnects (Electron restarts a crashed engine process).
 */
export interface MessageTransport extends BridgeTransport {
  connection: HostConnection;
  attach(send: (message: WebCallMessage) => void): void;
  receive(message: WebHostMessage): void;
  lose(): void;
}

type Pending = (result: BridgeResult<unknown>) => void;
type Listener = (payload: unknown) => void;

export function createMessageTransport(lostError: BridgeErrorData): MessageTransport {
  let status: HostConnectionStatus = 'connecting';
  let send: ((message: WebCallMessage) => void) | null = null;
  const statusListeners = new Set<() => void>();
  const pending = new Map<number, Pending>();
  const listeners = new Map<BridgeEventName, Set<Listener>>();
  const outbox: WebCallMessage[] = [];
  let nextId = 1;

  const setStatus = (next: HostConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener();
  };

  const call = ((method, input) => {
    if (status === 'lost') return Promise.resolve({ ok: false, error: lostError });
    const message: WebCallMessage = { type: 'call', id: nextId++, method, input };
    return new Promise<BridgeResult<unknown>>((resolve) => {
      pending.set(message.id, resolve);
      if (send) send(message);
      else outbox.push(message);
    });
  }) as BridgeCall;

  const subscribe: BridgeSubscribe = <E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  };

  return {
    call,
    subscribe,
    connection: {
      get: () => status,
      subscribe(listener) {
        statusListeners.add(listener);
        return () => {
          statusListeners.delete(listener);
        };
      },
    },
    attach(next) {
      send = next;
      setStatus('open');
      for (const message of outbox.splice(0)) next(message);
    },
    receive(message) {
      if (message.type === 'event') {
        for (const listener of [...(listeners.get(message.event) ?? [])]) listener(message.payload);
        return;
      }
      const settle = pending.get(message.id);
      if (!settle) return;
      pending.delete(message.id);
      settle(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
    },
    lose() {
      send = null;
      outbox.length = 0;
      for (const settle of pending.values()) settle({ ok: false, error: lostError });
      pending.clear();
      setStatus('lost');
    },
  };
}
