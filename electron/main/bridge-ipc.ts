import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { bridgeMethods } from '../../contract/bridge/console-bridge.ts';
import { ipcEventChannel } from '../../contract/bridge/transport.ts';
import type { Services } from '../core/create-services.ts';

/**
 * Serves the bridge over IPC: one handler per contract method, each going through the engine's
 * validating router. Calls from frames that are not our own page are refused.
 */
export function serveBridgeOverIpc(services: Services, window: BrowserWindow, isOwnUrl: (url: string) => boolean): () => void {
  const trusted = (event: IpcMainInvokeEvent) => event.sender === window.webContents && isOwnUrl(event.senderFrame?.url ?? '');
  for (const method of bridgeMethods) {
    ipcMain.handle(method, (event, input: unknown) => {
      if (!trusted(event)) return { ok: false, error: { code: 'forbidden', message: 'Bridge calls are only accepted from the console window.' } };
      return services.route(method, input);
    });
  }
  const unsubscribe = services.onEvent((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannel, { event, payload });
  });
  return () => {
    unsubscribe();
    for (const method of bridgeMethods) ipcMain.removeHandler(method);
  };
}
