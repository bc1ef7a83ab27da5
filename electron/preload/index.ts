import { contextBridge, ipcRenderer } from 'electron';
import { bridgeEventNames, bridgeMethods, type BridgeEventName, type BridgeMethod } from '../../contract/bridge/console-bridge.ts';
import { electronHostGlobal, ipcEventChannel, type BridgeTransport } from '../../contract/bridge/transport.ts';

// Exposes the two bridge primitives and nothing else: never ipcRenderer, never Node.
// Method and event names are checked against the contract's fixed lists here as well as in main.
const refused = (name: string) => ({ ok: false as const, error: { code: 'invalid-input' as const, message: `Unknown bridge method "${name}".` } });

const transport = {
  call: (method, input) =>
    bridgeMethods.includes(method as BridgeMethod) ? ipcRenderer.invoke(method, input) : Promise.resolve(refused(String(method))),
  subscribe: (event, listener) => {
    if (!bridgeEventNames.includes(event as BridgeEventName)) return () => undefined;
    const handler = (_: unknown, message: { event: string; payload: never }) => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on(ipcEventChannel, handler);
    return () => void ipcRenderer.removeListener(ipcEventChannel, handler);
  },
} satisfies BridgeTransport;

contextBridge.exposeInMainWorld(electronHostGlobal, transport);
