import { contextBridge, ipcRenderer } from 'electron';
import { bridgeEventNames, bridgeMethods, type BridgeEventName, type BridgeMethod } from '../../contract/bridge/console-bridge.ts';
import { createMessageTransport } from '../../contract/bridge/message-transport.ts';
import { enginePortChannels } from '../../contract/bridge/electron-channels.ts';
import { electronHostGlobal, readHostMessage, type ElectronHostApi } from '../../contract/bridge/transport.ts';
import { electronMapGatewayBase } from '../../contract/map-gateway.ts';

// Exposes the bridge's primitives and the link's state, nothing else: never ipcRenderer, never a
// port, never Node. Calls and events travel on a MessagePort straight to the engine process; main
// only hands the port over (and a new one after it restarted a crashed engine).
// Method and event names are checked against the contract's fixed lists here, and the engine's
// router validates every input again.
const transport = createMessageTransport({ code: 'internal', message: 'The console engine stopped. It is being restarted.' });
// The page's MessagePort, typed through Electron's own event type (no DOM lib in this program).
type EnginePort = Electron.IpcRendererEvent['ports'][number];
let port: EnginePort | null = null;

ipcRenderer.on(enginePortChannels.port, (event) => {
  const [next] = event.ports;
  if (!next) return;
  port?.close();
  port = next;
  next.onmessage = (message: { data: unknown }) => {
    const parsed = readHostMessage(message.data);
    if (parsed) transport.receive(parsed);
  };
  transport.attach((call) => next.postMessage(call));
});
ipcRenderer.on(enginePortChannels.lost, () => {
  port?.close();
  port = null;
  transport.lose();
});
ipcRenderer.send(enginePortChannels.connect);

const refused = (name: string) => ({ ok: false as const, error: { code: 'invalid-input' as const, message: `Unknown bridge method "${name}".` } });

const host = {
  call: (method, input) => (bridgeMethods.includes(method as BridgeMethod) ? transport.call(method, input) : Promise.resolve(refused(String(method)))),
  subscribe: (event, listener) => (bridgeEventNames.includes(event as BridgeEventName) ? transport.subscribe(event, listener) : () => undefined),
  connection: { get: transport.connection.get, subscribe: transport.connection.subscribe },
  mapGatewayBase: electronMapGatewayBase,
} satisfies ElectronHostApi;

contextBridge.exposeInMainWorld(electronHostGlobal, host);
