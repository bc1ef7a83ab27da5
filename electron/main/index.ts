import { join } from 'node:path';
import { app, safeStorage, type BrowserWindow } from 'electron';
import { openServices, type Services } from '../core/create-services.ts';
import type { SecretCipher } from '../core/vault/encrypted-file-vault.ts';
import { serveBridgeOverIpc } from './bridge-ipc.ts';
import { createMainWindow, preloadPath, rendererIndexPath } from './main-window.ts';
import { hardenApp, isOwnUrl } from './security.ts';

// The Electron shell: lifecycle, the window, and wiring the engine to IPC. All behaviour lives
// in electron/core, which the web host runs unchanged under plain Node.
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const ownUrl = (url: string) => isOwnUrl(url, devServerUrl);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let services: Services | null = null;
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.whenReady().then(async () => {
    hardenApp(devServerUrl);
    services = await openServices({ profileDir: app.getPath('userData'), cipher: safeStorageCipher });
    window = await createMainWindow({
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      preload: preloadPath(import.meta.dirname),
      rendererIndex: rendererIndexPath(import.meta.dirname),
      devServerUrl,
    });
    const stopBridge = serveBridgeOverIpc(services, window, ownUrl);
    window.on('closed', () => {
      stopBridge();
      window = null;
    });
  }).catch((error: unknown) => {
    console.error('Fleet Console failed to start:', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void services?.close());
}

/**
 * The encrypted-file vault's cipher. On Linux without a keyring safeStorage falls back to a
 * key built into Chromium ("basic_text"): that is obfuscation, not protection, so it counts as absent.
 */
const safeStorageCipher: SecretCipher = {
  isAvailable: () => safeStorage.isEncryptionAvailable() && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};
