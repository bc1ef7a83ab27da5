import { fork } from 'node:child_process';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { channelTable, isChildEnvelope, type ChildEnvelope, type PortEnd, type WorkerEnvelope } from './engine-links.ts';
import type { EngineLauncher, EngineProcess } from './engine-supervisor.ts';
import { engineArgs, type EngineArgs } from './engine-args.ts';

export interface NodeEngineOptions extends EngineArgs {
  /** The engine entry: out/engine-host/index.js (the bundle) or electron/engine-host/main.ts. */
  entry: string;
  /** Node flags for the engine process, e.g. --expose-gc for a memory measurement. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Default: the engine's stderr and stdout go to ours. */
  stdio?: 'inherit' | 'ignore';
}

/**
 * Starts the engine entry as a Node child process, the way Electron's main starts it as a
 * utility process: same entry, same arguments, same control protocol. Renderer channels are
 * multiplexed over the IPC channel (Node cannot transfer MessagePorts to a child), with
 * structured-clone serialization as on a MessagePort. Used by tests and `npm run bench:engine`.
 */
export function nodeEngineLauncher(options: NodeEngineOptions): EngineLauncher<PortEnd> {
  return () => {
    const child = fork(options.entry, engineArgs(options), {
      serialization: 'advanced',
      execArgv: options.execArgv ?? [],
      env: options.env ?? process.env,
      stdio: ['ignore', options.stdio ?? 'inherit', options.stdio ?? 'inherit', 'ipc'],
    });
    const send = (envelope: ChildEnvelope) => {
      if (child.connected) child.send(envelope);
    };
    const table = channelTable(send);
    const controlListeners: Array<(data: unknown) => void> = [];
    let nextChannel = 1;
    child.on('message', (value) => {
      if (!isChildEnvelope(value)) return;
      if (value.via === 'control') for (const listener of controlListeners) listener(value.message);
      else table.deliver(value);
    });
    child.on('exit', () => table.closeAll());
    const engine: EngineProcess<PortEnd> = {
      get pid() {
        return child.pid;
      },
      post: (message) => send({ via: 'control', message }),
      connect() {
        const channel = nextChannel++;
        const end = table.end(channel);
        send({ via: 'open', channel, message: { type: 'connect' } });
        return end;
      },
      onMessage: (listener) => void controlListeners.push(listener),
      onExit: (listener) => void child.on('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
    };
    return engine;
  };
}

/**
 * The same entry in a worker thread of this process. Renderer channels are real MessagePorts
 * that can be handed to another worker, so no message passes through this thread — as in
 * Electron, where the page's port bypasses main. The bench uses it to measure what the engine's
 * work costs the parent's event loop (memory is measured with the child process: a worker shares
 * the parent's RSS).
 */
export function workerEngineLauncher(options: Omit<NodeEngineOptions, 'execArgv' | 'stdio'>): EngineLauncher<MessagePort> {
  return () => {
    const worker = new Worker(options.entry, { argv: engineArgs(options), env: options.env ?? process.env });
    const post = (envelope: WorkerEnvelope, transfer: MessagePort[] = []) => worker.postMessage(envelope, transfer);
    let pid: number | undefined = process.pid;
    worker.on('exit', () => (pid = undefined));
    return {
      get pid() {
        return pid;
      },
      post: (message) => post({ message }),
      connect() {
        const { port1, port2 } = new MessageChannel();
        post({ message: { type: 'connect' }, port: port1 }, [port1]);
        return port2;
      },
      onMessage: (listener) => void worker.on('message', listener),
      onExit: (listener) => void worker.on('exit', listener),
      kill: () => void worker.terminate(),
    };
  };
}
