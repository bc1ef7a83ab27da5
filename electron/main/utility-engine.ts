import { MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import type { EngineLauncher } from '../engine-host/engine-supervisor.ts';
import { engineArgs } from '../engine-host/engine-args.ts';

/**
 * Starts the bundled engine (out/engine-host/index.js) as an Electron utility process. Each
 * renderer channel is a MessageChannelMain: one end goes to the engine with `connect`, main hands
 * the other to the page. The same entry runs as a Node child process in tests and the bench
 * (electron/engine-host/node-launcher.ts).
 */
export function utilityEngineLauncher(options: { entry: string; profileDir: string; cipherAvailable: boolean }): EngineLauncher<MessagePortMain> {
  return () => {
    const child = utilityProcess.fork(options.entry, engineArgs(options), { serviceName: 'Fleet Console engine', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      post: (message) => child.postMessage(message),
      connect() {
        const { port1, port2 } = new MessageChannelMain();
        child.postMessage({ type: 'connect' }, [port1]);
        return port2;
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', listener),
      kill: () => void child.kill(),
    };
  };
}

export const engineEntryPath = (mainDir: string) => `${mainDir}/../engine-host/index.js`;
