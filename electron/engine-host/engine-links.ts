import { parentPort as workerParentPort, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import type { EngineMessage } from './engine-messages.ts';

/**
 * One end of a message channel, whatever carries it: Electron's MessagePortMain, or a
 * channel multiplexed over a Node child process's IPC (tests and the bench, which run the very
 * same engine entry without the Electron binary).
 */
export interface PortEnd {
  post(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  /** The other end went away (page reloaded or closed, process gone). */
  onClose(listener: () => void): void;
  close(): void;
}

/** The engine process's link to its parent. `port` is set on a `connect` message. */
export interface ParentLink {
  post(message: EngineMessage): void;
  onMessage(listener: (data: unknown, port: PortEnd | null) => void): void;
}

// --- Electron's utility process -----------------------------------------------------------------
// Typed by shape: the engine never imports `electron` (it also runs under plain Node).
interface MessagePortMainLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): void;
  postMessage(message: unknown): void;
}

function wrapMessagePortMain(port: MessagePortMainLike): PortEnd {
  let started = false;
  return {
    post: (message) => port.postMessage(message),
    onMessage(listener) {
      port.on('message', (event) => listener(event.data));
      // Messages queue on a MessagePortMain until start(); start once someone listens.
      if (!started) port.start();
      started = true;
    },
    onClose: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}

/** `process.parentPort` exists only inside an Electron utility process. */
export function electronParentLink(): ParentLink | null {
  const parentPort = Reflect.get(process, 'parentPort') as ParentPortLike | undefined;
  if (!parentPort) return null;
  return {
    post: (message) => parentPort.postMessage(message),
    onMessage(listener) {
      parentPort.on('message', (event) => {
        const [port] = event.ports;
        listener(event.data, port ? wrapMessagePortMain(port) : null);
      });
    },
  };
}

// --- A Node worker thread (the bench's responsiveness figure) -----------------------------------
/** Parent → worker: a control message, with the engine's end of a renderer channel on `connect`. */
export interface WorkerEnvelope {
  message: unknown;
  port?: NodeMessagePort;
}

export function wrapNodePort(port: NodeMessagePort): PortEnd {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', listener),
    onClose: (listener) => void port.on('close', listener),
    close: () => port.close(),
  };
}

/**
 * The engine's side when it runs in a worker thread: real MessagePorts (Node's), which travel
 * from worker to worker without passing through the parent thread, as Electron's ports bypass main.
 */
export function workerParentLink(): ParentLink | null {
  const parent = workerParentPort;
  if (!parent) return null;
  return {
    post: (message) => parent.postMessage(message),
    onMessage(listener) {
      parent.on('message', (value: WorkerEnvelope) => listener(value.message, value.port ? wrapNodePort(value.port) : null));
    },
  };
}

// --- A Node child process (fork with an IPC channel) --------------------------------------------
/**
 * Node's IPC cannot transfer MessagePorts, so renderer channels are multiplexed over it: each
 * envelope names a channel number. With `serialization: 'advanced'` values are structured-cloned,
 * as on a real MessagePort.
 */
export type ChildEnvelope =
  | { via: 'control'; message: unknown }
  | { via: 'open'; channel: number; message: unknown }
  | { via: 'port'; channel: number; message: unknown }
  | { via: 'close'; channel: number };

interface IpcLike {
  send?: (message: unknown) => boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
}

/**
 * One side's table of multiplexed channels. `send` writes an envelope to the other side;
 * `deliver` routes an incoming `port`/`close` envelope to its channel.
 */
export function channelTable(send: (envelope: ChildEnvelope) => void) {
  const channels = new Map<number, { listeners: Array<(data: unknown) => void>; queued: unknown[]; closeListeners: Array<() => void> }>();
  const end = (channel: number): PortEnd => {
    const state = { listeners: [] as Array<(data: unknown) => void>, queued: [] as unknown[], closeListeners: [] as Array<() => void> };
    channels.set(channel, state);
    return {
      post: (message) => {
        if (channels.has(channel)) send({ via: 'port', channel, message });
      },
      onMessage(listener) {
        state.listeners.push(listener);
        for (const data of state.queued.splice(0)) listener(data);
      },
      onClose: (listener) => void state.closeListeners.push(listener),
      close() {
        if (!channels.delete(channel)) return;
        send({ via: 'close', channel });
        for (const listener of state.closeListeners) listener();
      },
    };
  };
  return {
    end,
    deliver(envelope: ChildEnvelope): void {
      const state = 'channel' in envelope ? channels.get(envelope.channel) : undefined;
      if (!state) return;
      if (envelope.via === 'port') {
        if (state.listeners.length === 0) state.queued.push(envelope.message);
        for (const listener of state.listeners) listener(envelope.message);
      } else if (envelope.via === 'close') {
        channels.delete(envelope.channel);
        for (const listener of state.closeListeners) listener();
      }
    },
    closeAll(): void {
      for (const [channel, state] of [...channels]) {
        channels.delete(channel);
        for (const listener of state.closeListeners) listener();
      }
    },
  };
}

export function isChildEnvelope(value: unknown): value is ChildEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const envelope = value as Partial<Record<string, unknown>>;
  if (envelope.via === 'control') return true;
  return (envelope.via === 'open' || envelope.via === 'port' || envelope.via === 'close') && Number.isSafeInteger(envelope.channel);
}

/** The engine's side when a Node parent forked it with an IPC channel (tests, bench). */
export function childProcessParentLink(ipc: IpcLike = process): ParentLink | null {
  const send = ipc.send?.bind(ipc);
  if (!send) return null;
  const table = channelTable((envelope) => send(envelope));
  // The parent going away ends the engine, as Electron ends a utility process with its app.
  ipc.on('disconnect', () => process.exit(0));
  return {
    post: (message) => send({ via: 'control', message } satisfies ChildEnvelope),
    onMessage(listener) {
      ipc.on('message', (value) => {
        if (!isChildEnvelope(value)) return;
        if (value.via === 'control') listener(value.message, null);
        else if (value.via === 'open') listener(value.message, table.end(value.channel));
        else table.deliver(value);
      });
    },
  };
}
