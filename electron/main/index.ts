import { join } from 'node:path';
import { app, safeStorage, type BrowserWindow, type MessagePortMain } from 'electron';
import type { HostCipher } from '../engine-host/cipher-broker.ts';
import { EngineSupervisor } from '../engine-host/engine-supervisor.ts';
import { createMainWindow, preloadPath, rendererIndexPath } from './main-window.ts';
import { hardenApp, isOwnUrl } from './security.ts';
import { linkWindowToEngine } from './engine-link.ts';
import { handleMapGatewayScheme, registerMapGatewayScheme } from './map-gateway-scheme.ts';
import { PaneWindows } from './pane-windows.ts';
import { engineEntryPath, utilityEngineLauncher } from './utility-engine.ts';

// The Electron shell: lifecycle, the window, the OS key store, and the engine process. The engine
// (electron/core) runs in a utility process (electron/engine-host) so that its synchronous SQLite
// work never blocks window handling; the page talks to it over a MessagePort.
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const ownUrl = (url: string) => isOwnUrl(url, devServerUrl);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Before 'ready', as Electron requires of privileged schemes.
  registerMapGatewayScheme();
  let engine: EngineSupervisor<MessagePortMain> | null = null;
  let window: BrowserWindow | null = null;
  let quitting = false;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  let panes: PaneWindows | null = null;

  app.whenReady().then(async () => {
    hardenApp(devServerUrl, (pane) => panes?.open(pane));
    const cipher = safeStorageCipher();
    engine = new EngineSupervisor({
      launch: utilityEngineLauncher({ entry: engineEntryPath(import.meta.dirname), profileDir: app.getPath('userData'), cipherAvailable: cipher.isAvailable() }),
      cipher,
    });
    engine.start();
    const running = engine;
    handleMapGatewayScheme(() => running.mapGateway);
    window = await createMainWindow({
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      preload: preloadPath(import.meta.dirname),
      rendererIndex: rendererIndexPath(import.meta.dirname),
      devServerUrl,
    });
    const unlink = linkWindowToEngine(engine, window, ownUrl);
    const main = window;
    const paneWindows = await PaneWindows.load({
      stateFile: join(app.getPath('userData'), 'pane-windows.json'),
      preload: preloadPath(import.meta.dirname),
      rendererIndex: rendererIndexPath(import.meta.dirname),
      devServerUrl,
      engine,
      isOwnUrl: ownUrl,
    });
    panes = paneWindows;
    // Closing the main window closes its pop-outs: ask first when there are any.
    main.on('close', (event) => {
      if (!paneWindows.confirmCloseWithMain(main)) event.preventDefault();
    });
    paneWindows.restore();
    window.on('closed', () => {
      unlink();
      window = null;
    });
  }).catch((error: unknown) => {
    console.error('Fleet Console failed to start:', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  // Let the engine close its caches (WAL checkpoint, pending profile write) before we exit.
  app.on('will-quit', (event) => {
    if (quitting || !engine) return;
    quitting = true;
    event.preventDefault();
    void engine.stop().finally(() => app.quit());
  });
}

/**
 * The encrypted-file vault's cipher, brokered to the engine process (electron/engine-host/
 * cipher-broker.ts). On Linux without a keyring safeStorage falls back to a key built into
 * Chromium ("basic_text"): that is obfuscation, not protection, so it counts as absent.
 */
function safeStorageCipher(): HostCipher {
  return {
    isAvailable: () => safeStorage.isEncryptionAvailable() && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
