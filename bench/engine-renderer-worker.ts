/**
 * bench/engine-hosts.ts: the renderer's part in the responsiveness figure, in a worker thread so
 * that the bench's main thread plays Electron's main alone. It gets a MessagePort straight to the
 * engine (in another worker), does the heavy work through the bridge and says when it is done.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { buildConsoleBridge } from '../contract/bridge/build-bridge.ts';
import { wrapNodePort } from '../electron/engine-host/engine-links.ts';
import { transportOverPort } from '../electron/engine-host/port-client.ts';
import { heavyWork } from './engine-profile.ts';

const { port, workspaceIds, tripId } = workerData as { port: MessagePort; workspaceIds: string[]; tripId: string };
const transport = transportOverPort(wrapNodePort(port));
await heavyWork(buildConsoleBridge(transport.call, transport.subscribe), { workspaceIds, tripId });
port.close();
parentPort?.postMessage('done');
