import { ipcMain, type BrowserWindow, type IpcMainEvent, type MessagePortMain } from 'electron';
import { enginePortChannels } from '../../contract/bridge/electron-channels.ts';
import type { EngineSupervisor } from '../engine-host/engine-supervisor.ts';

/**
 * Connects the window's page to the engine process: when the page's preload asks (once per page
 * load), main opens a MessagePort pair to the engine and transfers one end to the page. The bridge
 * then flows page ⇄ engine directly; main never sees a call. When the engine process dies the
 * page is told at once, and gets a new port when the restarted engine is ready.
 * Requests from anything but the window's own top frame on our own page are ignored.
 */
export function linkWindowToEngine(engine: EngineSupervisor<MessagePortMain>, window: BrowserWindow, isOwnUrl: (url: string) => boolean): () => void {
  let wantsPort = false;
  const contents = window.webContents;

  const sendPort = () => {
    if (!wantsPort || window.isDestroyed()) return;
    const port = engine.connect();
    if (port) contents.postMessage(enginePortChannels.port, null, [port]);
  };
  const onConnect = (event: IpcMainEvent) => {
    const frame = event.senderFrame;
    // Only the window's top frame (no parent) on our own page; sub-frames never get a port.
    if (event.sender !== contents || !frame || frame.parent !== null || !isOwnUrl(frame.url)) return;
    wantsPort = true;
    sendPort(); // not ready yet: the 'ready' below sends it
  };
  // A reload starts a new page whose preload asks again; a port sent to a page as it unloads is
  // simply dropped (the engine sees its end close).
  ipcMain.on(enginePortChannels.connect, onConnect);
  const stopWatching = engine.onChange((state) => {
    if (state === 'ready') sendPort();
    else if (state === 'lost' && !window.isDestroyed()) contents.send(enginePortChannels.lost);
  });

  return () => {
    stopWatching();
    ipcMain.removeListener(enginePortChannels.connect, onConnect);
  };
}
